/**
 * Exact fractions over BigInt, so that `1/3` and `0.333` differ and
 * `2^-1` equals `0.5` without any tolerance: the reference grader's sympy
 * check is exact on rationals, and floating point would blur both.
 */
export class Rational {
	/** Numerator and denominator in lowest terms; the denominator is positive. */
	private constructor(readonly num: bigint, readonly den: bigint) {}

	static readonly ZERO = new Rational(0n, 1n);
	static readonly ONE = new Rational(1n, 1n);

	/** num/den in lowest terms. @throws RangeError when den is 0. */
	static of(num: bigint, den = 1n): Rational {
		if (den === 0n) {
			throw new RangeError('division by zero');
		}
		if (den < 0n) {
			num = -num;
			den = -den;
		}
		const g = gcd(num < 0n ? -num : num, den);
		return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
	}

	/**
	 * The exact value of a decimal literal such as `12`, `0.5`, `.25`,
	 * `3.` or `2.5e-3` (underscores between digits allowed, as in Python).
	 *
	 * @returns null when `text` is not such a literal.
	 */
	static parseDecimal(text: string): Rational | null {
		const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.replace(/_/g, ''));
		if (m === null || (m[1] === '' && (m[2] ?? '') === '')) {
			return null;
		}
		const whole = m[1] === '' ? '0' : m[1];
		const frac = m[2] ?? '';
		const exponent = Number(m[3] ?? '0') - frac.length;
		if (Math.abs(exponent) > 4000) {
			return null;
		}
		const digits = BigInt(whole + frac);
		return exponent >= 0
			? Rational.of(digits * 10n ** BigInt(exponent))
			: Rational.of(digits, 10n ** BigInt(-exponent));
	}

	isZero(): boolean {
		return this.num === 0n;
	}

	isInteger(): boolean {
		return this.den === 1n;
	}

	add(o: Rational): Rational {
		return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
	}

	sub(o: Rational): Rational {
		return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
	}

	mul(o: Rational): Rational {
		return Rational.of(this.num * o.num, this.den * o.den);
	}

	/** @throws RangeError when dividing by zero. */
	div(o: Rational): Rational {
		return Rational.of(this.num * o.den, this.den * o.num);
	}

	neg(): Rational {
		return Rational.of(-this.num, this.den);
	}

	/** this^n for an integer n. @throws RangeError for 0 to a negative power. */
	powInt(n: bigint): Rational {
		if (n >= 0n) {
			return Rational.of(this.num ** n, this.den ** n);
		}
		return Rational.of(this.den ** -n, this.num ** -n);
	}

	/** The exact k-th root when there is a rational one, else null. */
	root(k: bigint): Rational | null {
		if (k <= 0n) {
			return null;
		}
		if (this.num < 0n) {
			if (k % 2n === 0n) {
				return null;
			}
			const r = this.neg().root(k);
			return r === null ? null : r.neg();
		}
		const a = integerRoot(this.num, k);
		const b = integerRoot(this.den, k);
		return a === null || b === null ? null : Rational.of(a, b);
	}

	/** Number of bits in numerator and denominator together, to bound work. */
	bitLength(): number {
		const n = this.num < 0n ? -this.num : this.num;
		return n.toString(2).length + this.den.toString(2).length;
	}

	/** The largest integer not above this value. */
	floor(): Rational {
		const q = this.num / this.den;
		// BigInt division truncates toward zero; step down for negative non-integers.
		return Rational.of(this.num < 0n && q * this.den !== this.num ? q - 1n : q);
	}

	/**
	 * This value rounded to `bits` significant bits, ties to even: what
	 * mpmath (under sympy's `Float`) stores for it at that precision.
	 */
	roundToBits(bits: number): Rational {
		if (this.num === 0n) {
			return this;
		}
		const negative = this.num < 0n;
		const n = negative ? -this.num : this.num;
		const d = this.den;
		// e = floor(log2(n / d)), from the bit lengths and one comparison.
		let e = n.toString(2).length - d.toString(2).length;
		const below = e >= 0 ? n < d << BigInt(e) : n << BigInt(-e) < d;
		if (below) {
			e--;
		}
		const shift = bits - 1 - e;
		const scaledNum = shift >= 0 ? n << BigInt(shift) : n;
		const scaledDen = shift >= 0 ? d : d << BigInt(-shift);
		let q = scaledNum / scaledDen;
		const twiceRest = 2n * (scaledNum - q * scaledDen);
		if (twiceRest > scaledDen || (twiceRest === scaledDen && (q & 1n) === 1n)) {
			q += 1n;
		}
		const rounded = shift >= 0
			? Rational.of(q, 1n << BigInt(shift))
			: Rational.of(q << BigInt(-shift));
		return negative ? rounded.neg() : rounded;
	}

	toNumber(): number {
		return Number(this.num) / Number(this.den);
	}
}

function gcd(a: bigint, b: bigint): bigint {
	while (b !== 0n) {
		[a, b] = [b, a % b];
	}
	return a === 0n ? 1n : a;
}

/** The exact k-th root of n >= 0 when n is a perfect k-th power, else null. */
function integerRoot(n: bigint, k: bigint): bigint | null {
	if (n < 2n) {
		return n;
	}
	// Newton's method from an estimate that is never below the root.
	const bits = BigInt(n.toString(2).length);
	let x = 1n << (bits / k + 1n);
	for (;;) {
		const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
		if (y >= x) {
			break;
		}
		x = y;
	}
	return x ** k === n ? x : null;
}
