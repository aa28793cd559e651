/**
 * Small checks the message guards are built from. Messages cross a trust
 * boundary (the webview runs untrusted LaTeX and model text), so every
 * field is checked by type and size, and unknown keys are refused.
 */
import type { FinishReason, LabelPurpose, Rating } from '../../src/core/types';

/** A plain object: not null, not an array. */
export function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True when `x` has no keys outside `allowed` (missing keys are checked elsewhere). */
export function onlyKeys(x: Record<string, unknown>, allowed: readonly string[]): boolean {
	return Object.keys(x).every((k) => allowed.includes(k));
}

/** A whole number in [min, max]. */
export function isInt(x: unknown, min: number, max: number): x is number {
	return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

/** A finite number in [min, max]. */
export function isNumberIn(x: unknown, min: number, max: number): x is number {
	return typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
}

/** A string of at most `max` characters. */
export function isText(x: unknown, max: number): x is string {
	return typeof x === 'string' && x.length <= max;
}

/** +1, 0 or -1. */
export function isRating(x: unknown): x is Rating {
	return x === 1 || x === 0 || x === -1;
}

/** `train` or `eval`. */
export function isPurpose(x: unknown): x is LabelPurpose {
	return x === 'train' || x === 'eval';
}

const REASONS: readonly string[] = ['solution', 'found_error', 'bad_problem', 'give_up'];

/** One of PRM800K's four finish reasons. */
export function isFinishReason(x: unknown): x is FinishReason {
	return typeof x === 'string' && REASONS.includes(x);
}

/** A list whose items all pass `item`, at most `max` long. */
export function isListOf<T>(x: unknown, max: number, item: (v: unknown) => v is T): x is T[] {
	return Array.isArray(x) && x.length <= max && x.every((v) => item(v));
}
