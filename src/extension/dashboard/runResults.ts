/**
 * What a run produced besides its samples: the throughput of the session
 * that ran it and the number of random subsets its report averages.
 * The database keeps no per-run results yet, so these live in the
 * extension's global state, keyed by database file and run id, and go
 * out with every JSON export.
 */
import type { Throughput } from '../../eval/runner';

/** The part of vscode.Memento this needs, so tests can pass a plain map. */
export interface KeyValue {
	get(key: string): unknown;
	update(key: string, value: unknown): PromiseLike<void>;
}

/** One run's recorded results. */
export interface RunResult {
	throughput: Throughput | null;
	subsets: number;
	/** When it was recorded (ISO time). */
	recordedAt: string;
}

/** Random subsets per N when a run names none (the CLI's default too). */
export const DEFAULT_SUBSETS = 20;

const KEY = 'stepwise.evalRunResults';
/** Old entries are dropped past this many, so the state stays small. */
const MAX_ENTRIES = 500;

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

/** Recorded results per (database, run). */
export class RunResults {
	constructor(private readonly kv: KeyValue) {}

	private all(): Record<string, unknown> {
		const v = this.kv.get(KEY);
		return isRecord(v) ? v : {};
	}

	private static key(dbPath: string, runId: number): string {
		return `${dbPath}#${runId}`;
	}

	/** The recorded results of a run, or undefined when none (or unreadable). */
	get(dbPath: string, runId: number): RunResult | undefined {
		const v = this.all()[RunResults.key(dbPath, runId)];
		return isRunResult(v) ? v : undefined;
	}

	/** Records a run's results, replacing older ones for the same run. */
	async put(dbPath: string, runId: number, result: RunResult): Promise<void> {
		const key = RunResults.key(dbPath, runId);
		const rest = Object.entries(this.all()).filter(([k]) => k !== key);
		const kept = rest.slice(Math.max(0, rest.length - (MAX_ENTRIES - 1)));
		await this.kv.update(KEY, Object.fromEntries([...kept, [key, result]]));
	}
}
