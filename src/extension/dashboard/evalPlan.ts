/**
 * The choices behind "Run Easy-to-Hard Evaluation", free of VS Code so
 * they can be tested: checking the arguments a caller passes instead of
 * picking, turning a level choice into levels, choosing the problems, and
 * the progress and throughput lines.
 */
import type { Problem } from '../../core/types';
import type { EvalProgress, Throughput } from '../../eval/runner';

/** The N values offered; the report's curve has a point at each power of two up to N. */
export const N_CHOICES: readonly number[] = [1, 2, 4, 8, 16, 32, 64];
/** N when none is picked or passed. */
export const DEFAULT_N = 16;
/** The largest N a caller may pass (the CLI's limit too). */
export const MAX_N = 1024;
/** The most random subsets per N a caller may ask for (the CLI's limit too). */
export const MAX_SUBSETS = 1000;

/** Which levels to run: a named split, or the levels themselves. */
export type LevelChoice = 'all' | 'easy' | 'hard' | number[];

/** What a caller (a test, a script) passes instead of picking. */
export interface EvaluateArgs {
	/** Problem set, e.g. `curriculum-test` or `math500`. */
	set: string;
	/** Default `all`. */
	levels?: LevelChoice;
	/** Problems per level, first ones first; 0 or absent for all. */
	limit?: number;
	/** Samples per problem; default 16. */
	n?: number;
	/** Random subsets averaged per N in the report; default 20. */
	subsets?: number;
}

const ARG_KEYS = ['set', 'levels', 'limit', 'n', 'subsets'];

function isIntIn(x: unknown, min: number, max: number): x is number {
	return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

function isLevelChoice(x: unknown): x is LevelChoice {
	if (x === 'all' || x === 'easy' || x === 'hard') {
		return true;
	}
	return Array.isArray(x) && x.length > 0 && x.length <= 5 && x.every((l) => isIntIn(l, 1, 5));
}

/**
 * Checks the arguments of `stepwise.runEvaluation`. Returns them, or a
 * sentence naming the first bad field and what it should be.
 */
export function parseEvaluateArgs(x: unknown): EvaluateArgs | string {
	if (typeof x !== 'object' || x === null || Array.isArray(x)) {
		return 'pass an object like { set: \'curriculum-test\', limit: 1, n: 2 }';
	}
	const a = x as Record<string, unknown>;
	const unknown = Object.keys(a).find((k) => !ARG_KEYS.includes(k));
	if (unknown !== undefined) {
		return `"${unknown}" is not an argument; use ${ARG_KEYS.join(', ')}`;
	}
	if (typeof a.set !== 'string' || a.set.length === 0) {
		return '"set" must name a problem set, e.g. "curriculum-test" or "math500"';
	}
	if (a.levels !== undefined && !isLevelChoice(a.levels)) {
		return '"levels" must be "all", "easy", "hard" or a list of levels from 1 to 5';
	}
	if (a.limit !== undefined && !isIntIn(a.limit, 0, Number.MAX_SAFE_INTEGER)) {
		return '"limit" must be a whole number of problems per level (0 for all)';
	}
	if (a.n !== undefined && !isIntIn(a.n, 1, MAX_N)) {
		return `"n" must be a whole number of samples from 1 to ${MAX_N}`;
	}
	if (a.subsets !== undefined && !isIntIn(a.subsets, 1, MAX_SUBSETS)) {
		return `"subsets" must be a whole number from 1 to ${MAX_SUBSETS}`;
	}
	return {
		set: a.set,
		levels: a.levels as LevelChoice | undefined,
		limit: a.limit as number | undefined,
		n: a.n as number | undefined,
		subsets: a.subsets as number | undefined,
	};
}

/** The levels a choice stands for; easy means 1 to `easyMaxLevel`. */
export function levelsOf(choice: LevelChoice, easyMaxLevel: number): number[] {
	const all = [1, 2, 3, 4, 5];
	switch (choice) {
		case 'all':
			return all;
		case 'easy':
			return all.filter((l) => l <= easyMaxLevel);
		case 'hard':
			return all.filter((l) => l > easyMaxLevel);
		default:
			return all.filter((l) => choice.includes(l));
	}
}

/**
 * The problems to run: those at `levels`, at most `limit` per level (the
 * first ones in the set's order), 0 meaning no limit. The order is the
 * set's, so the same choice always gives the same run.
 */
export function chooseProblems(problems: readonly Problem[], levels: readonly number[],
	limit: number): Problem[] {
	const perLevel = new Map<number, number>();
	return problems.filter((p) => {
		if (!levels.includes(p.level)) {
			return false;
		}
		const c = (perLevel.get(p.level) ?? 0) + 1;
		perLevel.set(p.level, c);
		return limit === 0 || c <= limit;
	});
}

/** The progress notification's text, e.g. `3/10 problems, about 2 min left`. */
export function progressMessage(p: EvalProgress): string {
	const count = `${p.done}/${p.total} problems`;
	if (p.etaMs === undefined || p.done >= p.total) {
		return count;
	}
	return `${count}, about ${Math.max(1, Math.ceil(p.etaMs / 60000))} min left`;
}

/** The throughput line for the log. */
export function throughputLine(t: Throughput): string {
	if (t.problems === 0) {
		return 'no problems were left to run; every result was already stored';
	}
	const problems = `${t.problems} problem${t.problems === 1 ? '' : 's'}`;
	return `${problems} in ${(t.wallMs / 1000).toFixed(1)} s: `
		+ `${t.problemsPerMinute.toFixed(1)} problems/min, `
		+ `${t.tokensPerSecond.toFixed(0)} tokens/s (${t.tokens} tokens)`;
}
