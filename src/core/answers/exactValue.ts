import { type Expr, isSymbolicFloatPower } from './expression';
import { Rational } from './rational';

/** The value is irrational, imaginary or too large to keep exactly; use floating point. */
export class NotExactError extends Error {
	override name = 'NotExactError';
}

/** The expression is undefined here (division by zero, `0^-1`, `(-1)!`). */
export class UndefinedValueError extends Error {
	override name = 'UndefinedValueError';
}

/**
 * A number as sympy holds it: an exact rational, or a binary float of
 * `prec` bits (what a decimal literal becomes).
 */
export interface ExactValue {
	value: Rational;
	/** Bits of precision of a float; null for an exact rational. */
	prec: number | null;
}

/** Largest exact intermediate result, in bits, before we fall back to floats. */
const MAX_EXACT_BITS = 100_000;
const MAX_FACTORIAL = 2_000n;
/** Largest root index tried exactly, as in `8^(1/3)`. */
const MAX_ROOT = 1_000n;

/**
 * Evaluates `expr` without rounding error where sympy has none, with the
 * symbols bound to rationals.
 *
 * With `floatDecimals`, decimal literals behave like sympy's `Float`: a
 * binary float of at least 53 bits (more for long literals), and every
 * operation involving one is rounded to that precision. So `0.1+0.2` is
 * not `0.3` and `0.3333333333333333` is not `1/3`, exactly as the
 * reference grader finds. Without it, decimals are the exact fractions
 * they spell, which is how sympy ends up treating float coefficients of
 * symbols (`0.5x - x/2` is 0).
 *
 * @throws NotExactError when a value is irrational (`pi`, `sqrt(2)`), imaginary or huge.
 * @throws UndefinedValueError when the expression has no value there.
 */
export function evaluateExact(
	expr: Expr,
	env: ReadonlyMap<string, Rational>,
	floatDecimals: boolean,
): ExactValue {
	const rec = (e: Expr): ExactValue => evaluateExact(e, env, floatDecimals);
	switch (expr.kind) {
		case 'num':
			return literal(expr, floatDecimals);
		case 'sym': {
			const value = env.get(expr.name);
			if (value === undefined) {
				throw new NotExactError(`no value for ${expr.name}`);
			}
			return exact(value);
		}
		case 'pi':
			throw new NotExactError('pi is irrational');
		case 'neg': {
			const a = rec(expr.arg);
			return { value: a.value.neg(), prec: a.prec };
		}
		case 'call': {
			const arg = rec(expr.arg);
			return expr.fn === 'sqrt' ? power(arg, exact(Rational.of(1n, 2n))) : log(arg);
		}
		case 'fact':
			return factorial(rec(expr.arg));
		case 'bin': {
			if (isSymbolicFloatPower(expr)) {
				throw new NotExactError('decimal power of a symbol');
			}
			const a = rec(expr.left);
			const b = rec(expr.right);
			switch (expr.op) {
				case '+':
					return arithmetic(a, b, (x, y) => x.add(y));
				case '-':
					return arithmetic(a, b, (x, y) => x.sub(y));
				case '*':
					return arithmetic(a, b, (x, y) => x.mul(y));
				case '/':
					return divide(a, b);
				case '//':
					return exact(reciprocalOf(b.value).mul(a.value).floor());
				case '^':
					return power(a, b);
			}
		}
	}
}

/** Whether two evaluated sides are equal, rounding to the coarser float precision if any. */
export function sameValue(a: ExactValue, b: ExactValue): boolean {
	const prec = widerPrec(a, b);
	if (prec === null) {
		return a.value.sub(b.value).isZero();
	}
	return a.value.roundToBits(prec).sub(b.value.roundToBits(prec)).isZero();
}

function literal(expr: Extract<Expr, { kind: 'num' }>, floatDecimals: boolean): ExactValue {
	if (expr.imaginary === true) {
		throw new NotExactError('imaginary number');
	}
	const text = expr.text.replace(/_/g, '');
	if (!expr.decimal) {
		return exact(Rational.of(BigInt(text)));
	}
	const value = Rational.parseDecimal(text);
	if (value === null) {
		throw new NotExactError(`cannot read the number ${expr.text}`);
	}
	if (!floatDecimals) {
		return exact(value);
	}
	const prec = dpsToPrec(Math.max(15, significantDigits(text)));
	return { value: value.roundToBits(prec), prec };
}

function exact(value: Rational): ExactValue {
	return { value, prec: null };
}

/** The precision sympy gives the result of combining a and b: the larger one. */
function widerPrec(a: ExactValue, b: ExactValue): number | null {
	if (a.prec === null) {
		return b.prec;
	}
	return b.prec === null ? a.prec : Math.max(a.prec, b.prec);
}

function arithmetic(
	a: ExactValue,
	b: ExactValue,
	op: (x: Rational, y: Rational) => Rational,
): ExactValue {
	const prec = widerPrec(a, b);
	if (prec === null) {
		return exact(bounded(op(a.value, b.value)));
	}
	const result = bounded(op(a.value.roundToBits(prec), b.value.roundToBits(prec)));
	return { value: result.roundToBits(prec), prec };
}

function reciprocalOf(value: Rational): Rational {
	if (value.isZero()) {
		throw new UndefinedValueError('division by zero');
	}
	return Rational.ONE.div(value);
}

/**
 * Division the way sympy's number classes do it: a float dividend is
 * divided with one rounding, while an exact dividend is multiplied by the
 * float divisor's reciprocal, which is rounded on its own first.
 */
function divide(a: ExactValue, b: ExactValue): ExactValue {
	const inverse = reciprocalOf(b.value);
	if (a.prec !== null || b.prec === null) {
		return arithmetic(a, b, (x, y) => x.mul(reciprocalOf(y)));
	}
	return arithmetic(a, { value: inverse.roundToBits(b.prec), prec: b.prec }, (x, y) => x.mul(y));
}

function rounded(value: Rational, prec: number | null): ExactValue {
	return prec === null ? exact(value) : { value: value.roundToBits(prec), prec };
}

function power(base: ExactValue, exponent: ExactValue): ExactValue {
	const b = base.value;
	const e = exponent.value;
	const prec = widerPrec(base, exponent);
	if (b.isZero()) {
		if (e.num < 0n) {
			throw new UndefinedValueError('zero to a negative power');
		}
		return rounded(e.isZero() ? Rational.ONE : Rational.ZERO, prec);
	}
	const magnitude = e.num < 0n ? -e.num : e.num;
	if (BigInt(b.bitLength()) * magnitude > BigInt(MAX_EXACT_BITS) || e.den > MAX_ROOT) {
		throw new NotExactError('power too large or too irregular to keep exactly');
	}
	if (e.isInteger()) {
		return rounded(b.powInt(e.num), prec);
	}
	// sympy takes the principal (complex) root of a negative base, never a real one.
	const root = b.num < 0n ? null : b.root(e.den);
	if (root === null) {
		throw new NotExactError('irrational or imaginary power');
	}
	return rounded(root.powInt(e.num), prec);
}

function log(arg: ExactValue): ExactValue {
	if (arg.value.num === 1n && arg.value.den === 1n) {
		return rounded(Rational.ZERO, arg.prec);
	}
	throw new NotExactError('irrational logarithm');
}

function factorial(arg: ExactValue): ExactValue {
	const n = arg.value;
	if (arg.prec !== null || !n.isInteger()) {
		throw new NotExactError('factorial of a non-integer');
	}
	if (n.num < 0n) {
		throw new UndefinedValueError('factorial of a negative integer');
	}
	if (n.num > MAX_FACTORIAL) {
		throw new NotExactError('factorial too large to keep exactly');
	}
	let product = 1n;
	for (let k = 2n; k <= n.num; k++) {
		product *= k;
	}
	return exact(Rational.of(product));
}

function bounded(value: Rational): Rational {
	if (value.bitLength() > MAX_EXACT_BITS) {
		throw new NotExactError('value too large to keep exactly');
	}
	return value;
}

/** Digits in a literal's coefficient, as Python's `Decimal(...).as_tuple()` counts them. */
function significantDigits(literal: string): number {
	const mantissa = literal.split(/[eE]/)[0].replace('.', '');
	return Math.max(1, mantissa.replace(/^0+/, '').length);
}

/** mpmath's `dps_to_prec`: bits of precision for a number of decimal digits. */
function dpsToPrec(dps: number): number {
	return Math.max(1, Math.round((dps + 1) * 3.3219280948873626));
}
