import { evaluateComplex } from './complexValue';
import {
	evaluateExact,
	type ExactValue,
	NotExactError,
	sameValue,
	UndefinedValueError,
} from './exactValue';
import {
	type Expr,
	ExpressionSyntaxError,
	hasDecimal,
	loneDecimal,
	parseExpression,
	symbolsOf,
} from './expression';
import { Rational } from './rational';

/**
 * Values given to free symbols. Each point assigns different fractions to
 * the (at most two) symbols, of both signs: sympy makes no assumptions about
 * its symbols, so `sqrt(x^2)` is not `x` for it, and a negative value is
 * what tells the two apart here too.
 */
const SAMPLE_VALUES: readonly Rational[] = [
	Rational.of(13n, 7n), Rational.of(-9n, 4n), Rational.of(5n, 11n), Rational.of(-17n, 3n),
	Rational.of(2n, 9n), Rational.of(31n, 8n), Rational.of(-7n, 5n), Rational.of(11n, 13n),
];
const SAMPLE_POINTS = 6;
/** Agreeing points needed before a difference with free symbols counts as zero. */
const MIN_AGREEING_POINTS = 3;
/** Relative tolerance when irrational values force floating point. */
const FLOAT_TOLERANCE = 1e-12;

/**
 * The reference grader's guard before its symbolic check: at most two
 * distinct letters (after removing `sqrt` and `frac`), and no braced or
 * parenthesised exponent, exponent tower or exponent of two or more digits,
 * since sympy may hang on those. When it says no, the answers are unequal.
 */
export function allowsSymbolicCheck(expr: string): boolean {
	const stripped = expr.split('sqrt').join('').split('frac').join('');
	const letters = new Set(Array.from(stripped).filter((ch) => /\p{L}/u.test(ch)));
	if (letters.size > 2) {
		return false;
	}
	if (expr.includes('^{') || expr.includes('^(')) {
		return false;
	}
	return !/\^[0-9]+\^/.test(expr) && !/\^[0-9][0-9]+/.test(expr);
}

/**
 * Whether `truth - given` is zero, standing in for the reference grader's
 * `sympy.simplify(truth - given) == 0` on two normalized elements.
 *
 * Rational values are compared exactly, decimals behaving like sympy's
 * binary floats (see {@link evaluateExact}). When `pi`, irrational or
 * imaginary roots are involved, both sides are computed in double-precision
 * complex arithmetic and must agree to a relative 1e-12, except that a lone
 * decimal never equals an irrational value. With free symbols, both sides
 * are evaluated at several fixed points and must agree at every one.
 */
export function symbolicallyEqual(truth: string, given: string): boolean {
	const combined = `(${truth})-(${given})`;
	if (!allowsSymbolicCheck(combined)) {
		return false;
	}
	let expr: Expr;
	try {
		expr = parseExpression(combined);
	} catch (err) {
		if (err instanceof ExpressionSyntaxError) {
			return false;
		}
		throw err;
	}
	const [left, right]: [Expr, Expr] = expr.kind === 'bin' && expr.op === '-'
		? [expr.left, expr.right]
		: [expr, { kind: 'num', text: '0', decimal: false }];
	const symbols = [...symbolsOf(expr)].sort();
	const points = symbols.length === 0 ? 1 : SAMPLE_POINTS;
	let agreeing = 0;
	for (let p = 0; p < points; p++) {
		const env = new Map<string, Rational>();
		symbols.forEach((name, k) => {
			env.set(name, SAMPLE_VALUES[(p + 3 * k) % SAMPLE_VALUES.length]);
		});
		const verdict = comparePoint(left, right, env);
		if (verdict === 'differ') {
			return false;
		}
		if (verdict === 'agree') {
			agreeing++;
		}
	}
	return agreeing >= (symbols.length === 0 ? 1 : MIN_AGREEING_POINTS);
}

type PointVerdict = 'agree' | 'differ' | 'undefined';

function comparePoint(left: Expr, right: Expr, env: Map<string, Rational>): PointVerdict {
	// Decimals act as sympy Floats in plain numbers, as exact coefficients next to symbols.
	const floatDecimals = env.size === 0;
	const a = exactOrFailure(left, env, floatDecimals);
	const b = exactOrFailure(right, env, floatDecimals);
	if (a === 'undefined' && b === 'undefined') {
		return 'undefined';
	}
	if (a === 'undefined' || b === 'undefined') {
		return 'differ';
	}
	if (a !== 'inexact' && b !== 'inexact') {
		return sameValue(a, b) ? 'agree' : 'differ';
	}
	if (loneDecimal(left) !== null || loneDecimal(right) !== null) {
		// sympy leaves a float next to an irrational value unsimplified: 1.4142 is not sqrt(2).
		const other = loneDecimal(left) !== null ? right : left;
		if (!hasDecimal(other)) {
			return 'differ';
		}
	}
	const floats = new Map<string, number>();
	env.forEach((value, name) => floats.set(name, value.toNumber()));
	const x = evaluateComplex(left, floats);
	const y = evaluateComplex(right, floats);
	const xBad = !Number.isFinite(x.re) || !Number.isFinite(x.im);
	const yBad = !Number.isFinite(y.re) || !Number.isFinite(y.im);
	if (xBad || yBad) {
		// Undefined or overflowing on both sides says nothing; on one side only, they differ.
		return xBad && yBad ? 'undefined' : 'differ';
	}
	const scale = Math.max(1, Math.hypot(x.re, x.im), Math.hypot(y.re, y.im));
	const distance = Math.hypot(x.re - y.re, x.im - y.im);
	return distance <= FLOAT_TOLERANCE * scale ? 'agree' : 'differ';
}

type ExactOutcome = ExactValue | 'inexact' | 'undefined';

function exactOrFailure(
	expr: Expr,
	env: Map<string, Rational>,
	floatDecimals: boolean,
): ExactOutcome {
	try {
		return evaluateExact(expr, env, floatDecimals);
	} catch (err) {
		if (err instanceof NotExactError) {
			return 'inexact';
		}
		if (err instanceof UndefinedValueError) {
			return 'undefined';
		}
		throw err;
	}
}
