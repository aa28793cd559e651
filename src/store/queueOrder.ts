/**
 * The order in which unlabeled samples are offered to a labeler, kept free
 * of SQL so it can be tested on its own.
 *
 * A label teaches the PRM most where the PRM is wrong or unsure. So first
 * come solutions the labeler already started, then solutions whose final
 * answer is wrong although the PRM rates the whole solution highly (a
 * convincing wrong solution hides a wrong step the PRM missed), then
 * solutions by how close their least certain step is to p = 0.5, then
 * solutions the PRM has not scored.
 */

/** A sample that could be labeled, as the queue sees it. */
export interface QueueCandidate {
	sampleId: number;
	/** The sample's final answer, or null when it gave none. */
	answer: string | null;
	/** The problem's reference answer, or null when unknown. */
	truth: string | null;
	/** The PRM's step probabilities in step order, or null when unscored. */
	stepP: readonly number[] | null;
	/** The labeler has labeled some steps but not finished the solution. */
	started: boolean;
}

/** Why a sample sits where it does in the queue, best first. */
export type QueueReason = 'started' | 'convincing-wrong' | 'uncertain' | 'unscored';

/** A candidate with its place in the queue explained. */
export interface RankedCandidate {
	sampleId: number;
	reason: QueueReason;
	/** Product of the step probabilities, or null when unscored. */
	solutionScore: number | null;
	/** Smallest |p - 0.5| over the steps, or null when unscored. */
	minMargin: number | null;
}

/** How to rank. */
export interface RankOptions {
	/** Whether `given` is an acceptable final answer for reference `truth`. */
	isCorrect: (given: string, truth: string) => boolean;
	/** Solution scores at or above this count as high. */
	highScore: number;
}

const GROUPS: readonly QueueReason[] = ['started', 'convincing-wrong', 'uncertain', 'unscored'];

/** Orders candidates for labeling, most useful first; ties go to the older sample. */
export function rankForLabeling(
	candidates: readonly QueueCandidate[],
	options: RankOptions,
): RankedCandidate[] {
	const ranked = candidates.map((c) => rank(c, options));
	return ranked.sort(compareRanked);
}

function rank(c: QueueCandidate, options: RankOptions): RankedCandidate {
	const scored = c.stepP !== null && c.stepP.length > 0;
	const solutionScore = scored ? c.stepP!.reduce((acc, p) => acc * p, 1) : null;
	const minMargin = scored ? Math.min(...c.stepP!.map((p) => Math.abs(p - 0.5))) : null;
	let reason: QueueReason;
	if (c.started) {
		reason = 'started';
	} else if (solutionScore !== null && solutionScore >= options.highScore &&
		isWrong(c, options)) {
		reason = 'convincing-wrong';
	} else if (scored) {
		reason = 'uncertain';
	} else {
		reason = 'unscored';
	}
	return { sampleId: c.sampleId, reason, solutionScore, minMargin };
}

/** A missing answer is wrong; a missing reference leaves the answer unjudged. */
function isWrong(c: QueueCandidate, options: RankOptions): boolean {
	if (c.truth === null) {
		return false;
	}
	return c.answer === null || !options.isCorrect(c.answer, c.truth);
}

function compareRanked(a: RankedCandidate, b: RankedCandidate): number {
	const group = GROUPS.indexOf(a.reason) - GROUPS.indexOf(b.reason);
	if (group !== 0) {
		return group;
	}
	if (a.reason === 'convincing-wrong') {
		const d = b.solutionScore! - a.solutionScore!;
		if (d !== 0) {
			return d;
		}
	}
	if (a.reason === 'uncertain') {
		const d = a.minMargin! - b.minMargin!;
		if (d !== 0) {
			return d;
		}
	}
	return a.sampleId - b.sampleId;
}
