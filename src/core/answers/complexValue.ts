import { type BinaryOp, type Expr, isSymbolicFloatPower } from './expression';

/** An arbitrary factor, far from any ratio two exact powers would have. */
const FLOAT_POWER_MARK = 1.000_123_456_789;

/** A complex number in double precision. */
export interface Complex {
	re: number;
	im: number;
}

const NAN: Complex = { re: NaN, im: NaN };

/**
 * Evaluates `expr` in double-precision complex arithmetic, with the symbols
 * bound to real numbers. Roots, powers and logarithms take sympy's
 * principal values (`sqrt(-4)` is 2i, `(-8)^(1/3)` is 1 + 1.732i). Undefined
 * results (division by zero, the factorial of a non-integer) are NaN.
 */
export function evaluateComplex(expr: Expr, env: ReadonlyMap<string, number>): Complex {
	switch (expr.kind) {
		case 'num': {
			const value = Number(expr.text.replace(/_/g, '').replace(/[jJ]$/, ''));
			return expr.imaginary === true ? { re: 0, im: value } : { re: value, im: 0 };
		}
		case 'sym':
			return { re: env.get(expr.name) ?? NaN, im: 0 };
		case 'pi':
			return { re: Math.PI, im: 0 };
		case 'neg': {
			const a = evaluateComplex(expr.arg, env);
			return { re: -a.re, im: -a.im };
		}
		case 'call': {
			const a = evaluateComplex(expr.arg, env);
			return expr.fn === 'sqrt' ? complexSqrt(a) : complexLog(a);
		}
		case 'fact': {
			const a = evaluateComplex(expr.arg, env);
			return a.im === 0 ? { re: floatFactorial(a.re), im: 0 } : NAN;
		}
		case 'bin': {
			const a = evaluateComplex(expr.left, env);
			const b = evaluateComplex(expr.right, env);
			if (expr.op !== '^') {
				return complexArithmetic(expr.op, a, b);
			}
			const power = complexPower(a, b);
			// Keeps x^2.0 apart from x^2, as sympy does (see isSymbolicFloatPower).
			const mark = isSymbolicFloatPower(expr) ? FLOAT_POWER_MARK : 1;
			return { re: power.re * mark, im: power.im * mark };
		}
	}
}

function complexArithmetic(op: Exclude<BinaryOp, '^'>, a: Complex, b: Complex): Complex {
	switch (op) {
		case '+':
			return { re: a.re + b.re, im: a.im + b.im };
		case '-':
			return { re: a.re - b.re, im: a.im - b.im };
		case '*':
			if (a.im === 0 && b.im === 0) {
				// Kept real so that an overflow to infinity does not turn into NaN.
				return { re: a.re * b.re, im: 0 };
			}
			return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
		case '/': {
			if (a.im === 0 && b.im === 0) {
				return b.re === 0 ? NAN : { re: a.re / b.re, im: 0 };
			}
			const d = b.re * b.re + b.im * b.im;
			if (d === 0) {
				return NAN;
			}
			return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
		}
		case '//':
			if (a.im !== 0 || b.im !== 0 || b.re === 0) {
				return NAN;
			}
			return { re: Math.floor(a.re / b.re), im: 0 };
	}
}

function complexSqrt(a: Complex): Complex {
	if (a.im === 0 && a.re >= 0) {
		return { re: Math.sqrt(a.re), im: 0 };
	}
	const modulus = Math.hypot(a.re, a.im);
	const re = Math.sqrt((modulus + a.re) / 2);
	const im = Math.sqrt((modulus - a.re) / 2);
	// The principal root has a non-negative real part and the sign of Im(a).
	return { re, im: a.im < 0 ? -im : im };
}

function complexLog(a: Complex): Complex {
	if (a.re === 0 && a.im === 0) {
		return NAN;
	}
	return { re: Math.log(Math.hypot(a.re, a.im)), im: Math.atan2(a.im, a.re) };
}

function complexPower(a: Complex, b: Complex): Complex {
	if (a.im === 0 && b.im === 0 && (a.re >= 0 || Number.isInteger(b.re))) {
		if (a.re === 0 && b.re < 0) {
			return NAN;
		}
		return { re: Math.pow(a.re, b.re), im: 0 };
	}
	if (a.re === 0 && a.im === 0) {
		return b.re > 0 ? { re: 0, im: 0 } : NAN;
	}
	// a^b = exp(b * log a), on the principal branch of the logarithm.
	const log = complexLog(a);
	const re = b.re * log.re - b.im * log.im;
	const im = b.re * log.im + b.im * log.re;
	const scale = Math.exp(re);
	return { re: scale * Math.cos(im), im: scale * Math.sin(im) };
}

function floatFactorial(n: number): number {
	if (!Number.isInteger(n) || n < 0) {
		return NaN;
	}
	let product = 1;
	for (let k = 2; k <= n && Number.isFinite(product); k++) {
		product *= k;
	}
	return product;
}
