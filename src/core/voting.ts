/**
 * Choosing one answer from N sampled solutions: majority voting,
 * PRM-weighted voting and best-of-N, plus the accuracy-versus-N curves
 * the easy-to-hard paper plots for them.
 */
import { groupAnswers } from './answers/group';

/** The outcome of a vote over N solutions. */
export interface VoteResult {
	/** The winning answer as its first solution wrote it; null when no solution has one. */
	answer: string | null;
	/** Index of the solution whose answer is returned, or -1 when there is none. */
	index: number;
	/** Votes for the winner (majority), its summed scores (weighted) or its score (best-of-N). */
	weight: number;
}

const NO_ANSWER: VoteResult = { answer: null, index: -1, weight: 0 };

/**
 * Majority voting (self-consistency): the answer given by the most
 * solutions wins. Equivalent answers (`0.5`, `\frac12`) count together;
 * missing answers never win while any solution has one; ties go to the
 * answer seen first.
 *
 * @param answers each solution's final answer, null when none was found
 */
export function majorityVote(answers: readonly (string | null)[]): VoteResult {
	return voteByGroup(answers, answers.map(() => 1));
}

/**
 * PRM-weighted voting: each solution votes for its answer with its score
 * (the paper aggregates step probabilities by their product for this);
 * the answer with the largest sum wins. Ties and missing answers as in
 * {@link majorityVote}.
 *
 * @throws RangeError when `scores` does not hold one finite number per answer.
 */
export function weightedVote(
	answers: readonly (string | null)[],
	scores: readonly number[],
): VoteResult {
	checkScores(answers, scores);
	return voteByGroup(answers, scores);
}

/**
 * Best-of-N: the answer of the highest-scoring solution that has one (the
 * paper scores a solution by its weakest step for this). Ties go to the
 * earlier solution.
 *
 * @throws RangeError when `scores` does not hold one finite number per answer.
 */
export function bestOfN(
	answers: readonly (string | null)[],
	scores: readonly number[],
): VoteResult {
	checkScores(answers, scores);
	const best = bestIndex(answers.map((_, k) => k), (k) => answers[k] !== null, scores);
	return best < 0 ? NO_ANSWER : { answer: answers[best], index: best, weight: scores[best] };
}

function voteByGroup(answers: readonly (string | null)[], weights: readonly number[]): VoteResult {
	const { groupOf } = groupAnswers(answers);
	const order = answers.map((_, k) => k);
	const winner = winningGroupMember(order, groupOf, weights);
	if (winner === null) {
		return NO_ANSWER;
	}
	return { answer: answers[winner.index], index: winner.index, weight: winner.weight };
}

/**
 * The first member (in `order`) of the group with the largest total weight
 * among `order`; ties go to the group whose first member comes first.
 */
function winningGroupMember(
	order: readonly number[],
	groupOf: readonly number[],
	weights: readonly number[],
): { index: number; weight: number } | null {
	const totals = new Map<number, { first: number; weight: number }>();
	for (const k of order) {
		const group = groupOf[k];
		if (group < 0) {
			continue;
		}
		const entry = totals.get(group);
		if (entry === undefined) {
			totals.set(group, { first: k, weight: weights[k] });
		} else {
			entry.weight += weights[k];
		}
	}
	let winner: { first: number; weight: number } | null = null;
	// Map iteration follows insertion, i.e. first appearance, so `>` keeps the earlier one on ties.
	for (const entry of totals.values()) {
		if (winner === null || entry.weight > winner.weight) {
			winner = entry;
		}
	}
	return winner === null ? null : { index: winner.first, weight: winner.weight };
}

/** The index in `order` with the highest score among those passing `eligible`; -1 if none. */
function bestIndex(
	order: readonly number[],
	eligible: (k: number) => boolean,
	scores: readonly number[],
): number {
	let best = -1;
	for (const k of order) {
		if (eligible(k) && (best < 0 || scores[k] > scores[best])) {
			best = k;
		}
	}
	return best;
}

function checkScores(answers: readonly unknown[], scores: readonly number[]): void {
	if (scores.length !== answers.length) {
		throw new RangeError(
			`got ${answers.length} answers but ${scores.length} scores; `
				+ 'pass one score per solution',
		);
	}
	const bad = scores.findIndex((s) => !Number.isFinite(s));
	if (bad >= 0) {
		throw new RangeError(`score ${bad} is ${scores[bad]}; scores must be finite numbers`);
	}
}

/** One sampled solution of a problem, as the accuracy curves need it. */
export interface ScoredSolution {
	/** Its final answer, null when none was found. */
	answer: string | null;
	/** Whether that answer grades equal to the reference answer. */
	correct: boolean;
	/** Solution score for weighted voting (and for best-of-N unless `bestOfNScore` is set). */
	score: number;
	/** Solution score for best-of-N when it differs, e.g. min instead of product. */
	bestOfNScore?: number;
}

/** Mean and spread (population standard deviation) of accuracy over the random subsets. */
export interface MeanStd {
	mean: number;
	std: number;
}

/** Accuracy of each method when every problem gets `n` solutions. */
export interface CurvePoint {
	n: number;
	majority: MeanStd;
	weighted: MeanStd;
	bestOfN: MeanStd;
}

/** Settings for {@link subsetAccuracyCurve}. */
export interface CurveOptions {
	/** Random subsets drawn per N (K); default 100. */
	subsets?: number;
	/** Seed of the subset sampler; default 0. The same seed gives the same curve. */
	seed?: number;
	/** The N values; default 1, 2, 4, ... up to the smallest pool. */
	sizes?: readonly number[];
}

/**
 * Accuracy against the number of solutions N, as the paper plots it: for
 * each N, K times, every problem gets a random subset of N of its
 * solutions (drawn without replacement, kept in pool order so ties break
 * as in the full pool), each method picks an answer, and the fraction of
 * problems answered correctly is that draw's accuracy. Each point holds
 * the mean and standard deviation of the K accuracies.
 *
 * All three methods see the same subsets. A problem whose subset has no
 * answer counts as wrong.
 *
 * @param problems per problem, its pool of sampled solutions
 * @throws RangeError for a size outside 1..(smallest pool) or a bad K.
 */
export function subsetAccuracyCurve(
	problems: readonly (readonly ScoredSolution[])[],
	options: CurveOptions = {},
): CurvePoint[] {
	const subsets = options.subsets ?? 100;
	if (!Number.isInteger(subsets) || subsets < 1) {
		throw new RangeError(`subsets must be a positive integer, got ${subsets}`);
	}
	if (problems.length === 0) {
		return [];
	}
	const pool = Math.min(...problems.map((p) => p.length));
	const sizes = options.sizes ?? powersOfTwoUpTo(pool);
	for (const n of sizes) {
		if (!Number.isInteger(n) || n < 1 || n > pool) {
			throw new RangeError(
				`subset size ${n} is outside 1..${pool}, the smallest pool of solutions`,
			);
		}
	}
	const prepared = problems.map(prepareProblem);
	const random = mulberry32(options.seed ?? 0);
	return sizes.map((n) => {
		const runs: Record<'majority' | 'weighted' | 'bestOfN', number[]> = {
			majority: [],
			weighted: [],
			bestOfN: [],
		};
		for (let k = 0; k < subsets; k++) {
			let majority = 0;
			let weighted = 0;
			let best = 0;
			for (const problem of prepared) {
				const chosen = sampleIndices(problem.solutions.length, n, random);
				const { groupOf } = problem;
				majority += problem.correctAt(winningGroupMember(chosen, groupOf, problem.ones));
				weighted += problem.correctAt(winningGroupMember(chosen, groupOf, problem.scores));
				const top = bestIndex(chosen, (i) => problem.groupOf[i] >= 0, problem.bestScores);
				best += problem.correctAt(top < 0 ? null : { index: top });
			}
			runs.majority.push(majority / prepared.length);
			runs.weighted.push(weighted / prepared.length);
			runs.bestOfN.push(best / prepared.length);
		}
		return {
			n,
			majority: meanStd(runs.majority),
			weighted: meanStd(runs.weighted),
			bestOfN: meanStd(runs.bestOfN),
		};
	});
}

interface PreparedProblem {
	solutions: readonly ScoredSolution[];
	groupOf: number[];
	ones: number[];
	scores: number[];
	bestScores: number[];
	correctAt(pick: { index: number } | null): number;
}

function prepareProblem(solutions: readonly ScoredSolution[]): PreparedProblem {
	const answers = solutions.map((s) => s.answer);
	const scores = solutions.map((s) => s.score);
	const bestScores = solutions.map((s) => s.bestOfNScore ?? s.score);
	checkScores(answers, scores);
	checkScores(answers, bestScores);
	return {
		solutions,
		// Grouping grades answers against each other, so it is done once per pool.
		groupOf: groupAnswers(answers).groupOf,
		ones: solutions.map(() => 1),
		scores,
		bestScores,
		correctAt: (pick) => (pick !== null && solutions[pick.index].correct ? 1 : 0),
	};
}

/** `count` distinct indices below `size`, uniformly at random, in increasing order. */
function sampleIndices(size: number, count: number, random: () => number): number[] {
	const indices = Array.from({ length: size }, (_, k) => k);
	for (let k = 0; k < count; k++) {
		const j = k + Math.floor(random() * (size - k));
		[indices[k], indices[j]] = [indices[j], indices[k]];
	}
	return indices.slice(0, count).sort((a, b) => a - b);
}

function powersOfTwoUpTo(limit: number): number[] {
	const sizes: number[] = [];
	for (let n = 1; n <= limit; n *= 2) {
		sizes.push(n);
	}
	return sizes;
}

function meanStd(values: readonly number[]): MeanStd {
	const mean = values.reduce((acc, v) => acc + v, 0) / values.length;
	const variance = values.reduce((acc, v) => acc + (v - mean) ** 2, 0) / values.length;
	return { mean, std: Math.sqrt(variance) };
}

/**
 * mulberry32: a small, fast 32-bit seeded generator, good enough to draw
 * subsets reproducibly (not for anything secret).
 *
 * @returns a function giving numbers in [0, 1)
 */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
