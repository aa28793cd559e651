/** Order statistics for repeated timings. */

/** The middle value (mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
	if (xs.length === 0) {
		throw new Error('median of no values');
	}
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The smallest value. */
export function best(xs: readonly number[]): number {
	if (xs.length === 0) {
		throw new Error('best of no values');
	}
	return Math.min(...xs);
}
