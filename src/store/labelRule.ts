/**
 * PRM800K's stopping rule, kept apart from SQL so it can be tested alone:
 * a labeler rates steps in order and stops at the first wrong (-1) step,
 * because everything after a wrong step rests on it.
 */
import type { Rating } from '../core/types';

/** A label already stored for the same sample, labeler and purpose. */
export interface ExistingLabel {
	idx: number;
	rating: Rating | null;
}

/** What storing a label at `idx` means for the labels already there. */
export type RuleDecision =
	/** Store it, and delete the labels of these later steps. */
	| { ok: true; remove: number[] }
	/** Refuse it: step `firstWrong` (before `idx`) is rated -1. */
	| { ok: false; firstWrong: number };

/**
 * Decides whether a label (any rating, or none) may be stored at `idx`.
 *
 * - After a -1 at step k, nothing may be stored for a step after k.
 * - A -1 at `idx` ends the solution there, so labels after it go.
 * - Re-rating the -1 step as 0 or +1 lifts the stop: later steps can be
 *   labeled again.
 */
export function decideLabel(
	existing: readonly ExistingLabel[],
	idx: number,
	rating: Rating | null,
): RuleDecision {
	const wrongBefore = existing
		.filter((l) => l.rating === -1 && l.idx < idx)
		.map((l) => l.idx);
	if (wrongBefore.length > 0) {
		return { ok: false, firstWrong: Math.min(...wrongBefore) };
	}
	const remove = rating === -1
		? existing.filter((l) => l.idx > idx).map((l) => l.idx).sort((a, b) => a - b)
		: [];
	return { ok: true, remove };
}
