/**
 * One problem through the loop: sample N solutions, cut each into steps,
 * score every step with the PRM in one batched pass, and pull out the
 * final answers. The CLI, the editor and evaluation runs all use this.
 */
import { extractAnswer } from '../core/answers/extract';
import { splitSteps } from '../core/steps';
import type { Problem, StepScore } from '../core/types';
import type { CancelSignal, EngineClient } from '../engine/client';
import type { FinishReason, GenerateStats } from '../engine/generate';

export interface SolveSettings {
	n: number;
	temperature: number;
	topK: number;
	topP: number;
	maxNewTokens: number;
	seed: number;
	/** EOS is not drawn before this many tokens; unset means 0. */
	minNewTokens?: number;
}

export interface SolvedSample {
	text: string;
	steps: string[];
	scores: StepScore[];
	answer: string | null;
	finish: FinishReason;
	tokens: number;
}

export interface SolveResult {
	samples: SolvedSample[];
	stats: GenerateStats & { scoreMs: number };
}

export async function solve(
	client: EngineClient,
	problem: Pick<Problem, 'problem'>,
	s: SolveSettings,
	opts: { signal?: CancelSignal; progress?: (done: number, total: number) => void } = {},
): Promise<SolveResult> {
	const gen = await client.request('generate', { problem: problem.problem, ...s }, opts);
	const steps = gen.samples.map((g) => splitSteps(g.text, 'line').map((x) => x.text));
	// A sample with no text has no steps to score; keep it, unscored.
	const scorable = steps.map((st, i) => ({ st, i })).filter((x) => x.st.length > 0);
	const t0 = performance.now();
	const scored = scorable.length === 0
		? { scores: [] as StepScore[][] }
		: await client.request('score', {
			problem: problem.problem,
			solutions: scorable.map((x) => x.st),
		}, { signal: opts.signal });
	const scoreMs = performance.now() - t0;
	const scores: StepScore[][] = steps.map(() => []);
	scorable.forEach((x, j) => { scores[x.i] = scored.scores[j]; });
	return {
		samples: gen.samples.map((g, i) => ({
			text: g.text,
			steps: steps[i],
			scores: scores[i],
			answer: extractAnswer(g.text),
			finish: g.finish,
			tokens: g.tokens,
		})),
		stats: { ...gen.stats, scoreMs },
	};
}

/**
 * The first seed at or after `base` that no stored sample of the problem
 * was drawn with. A second run on a problem then adds new solutions
 * instead of repeating the stored ones, and the same database still
 * gives the same seed, so a run stays reproducible.
 */
export function unusedSeed(base: number, used: Iterable<number | null>): number {
	const taken = new Set<number>();
	for (const s of used) {
		if (s !== null) {
			taken.add(s);
		}
	}
	let seed = base;
	while (taken.has(seed)) {
		seed += 1;
	}
	return seed;
}
