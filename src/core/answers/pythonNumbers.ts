/**
 * Number checks with the rules of Python's `float()` and `int()`.
 *
 * The reference grader decides "is this an integer?" through `float()`, which
 * differs from JavaScript's `Number()`: it accepts `_` between digits
 * (`float('52_8')` is 528.0, so the base-8 answer `52_8` counts as the
 * integer 528), surrounding whitespace and `inf`/`nan`, and it rejects the
 * empty string and hex. Verdicts only match the reference if we do the same.
 */

const DIGITS = '[0-9](?:_?[0-9])*';
const DECIMAL = `(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)`;
const FLOAT_RE = new RegExp(`^[+-]?${DECIMAL}(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;

/** Tolerance the reference grader uses when it asks whether a float is an integer. */
export const INTEGER_TOLERANCE = 1e-7;

/**
 * Parses `text` the way Python's `float(text)` does.
 *
 * @returns the value, or null where Python would raise `ValueError`.
 */
export function parsePythonFloat(text: string): number | null {
	const s = text.trim();
	if (FLOAT_RE.test(s)) {
		return Number(s.replace(/_/g, ''));
	}
	const special = SPECIAL_RE.exec(s);
	if (special === null) {
		return null;
	}
	if (special[2].toLowerCase() === 'nan') {
		return NaN;
	}
	return special[1] === '-' ? -Infinity : Infinity;
}

/**
 * True when `x` is within {@link INTEGER_TOLERANCE} of an integer. Infinite
 * and NaN values are not integers (Python's `int(round(x))` raises on them).
 */
export function isNearInteger(x: number): boolean {
	if (!Number.isFinite(x)) {
		return false;
	}
	return Math.abs(x - Math.round(x)) <= INTEGER_TOLERANCE;
}

/** Python's `str(int(round(x)))` for a finite `x`, exact for large values. */
export function roundedIntegerText(x: number): string {
	return BigInt(Math.round(x)).toString();
}

/** Python's `str(int(x))` (truncation toward zero) for a finite `x`. */
export function truncatedIntegerText(x: number): string {
	return BigInt(Math.trunc(x)).toString();
}
