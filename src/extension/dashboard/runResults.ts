/**
 * What a run produced besides its samples: the throughput of the session
 * that ran it and the number of random subsets its report averages. Both
 * are stored with the run (eval_runs.results) and go out with every JSON
 * export.
 */
import type { Throughput } from '../../eval/runner';
import type { EvalRunRow } from '../../store/types';

/** One run's recorded results. */
export interface RunResult {
	throughput: Throughput | null;
	subsets: number;
	/** When it was recorded (ISO time). */
	recordedAt: string;
}

/** Random subsets per N when a run names none (the CLI's default too). */
export const DEFAULT_SUBSETS = 20;

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isCount(x: unknown): x is number {
	return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** Checks a stored throughput; state written by another version may differ. */
export function isThroughput(x: unknown): x is Throughput {
	return isRecord(x) && ['problems', 'problemsPerMinute', 'tokens', 'tokensPerSecond', 'wallMs']
		.every((k) => isCount(x[k]));
}

function isRunResult(x: unknown): x is RunResult {
	return isRecord(x) && (x.throughput === null || isThroughput(x.throughput))
		&& typeof x.subsets === 'number' && Number.isInteger(x.subsets) && x.subsets >= 1
		&& typeof x.recordedAt === 'string';
}

/** The results recorded with a run, or undefined when there are none or they are unreadable. */
export function runResultOf(run: Pick<EvalRunRow, 'results'>): RunResult | undefined {
	return isRunResult(run.results) ? run.results : undefined;
}
