/**
 * Evaluation runs: for every problem of a set, a greedy solution and N
 * sampled ones, each step scored by the PRM, graded against the set's
 * answer, and written to SQLite as they come. A run with the same
 * settings picks up where a cancelled or crashed one stopped.
 */
import { createHash } from 'node:crypto';
import { gradeAnswer } from '../core/answers';
import type { Problem } from '../core/types';
import type { CancelSignal, EngineClient } from '../engine/client';
import { EngineError } from '../engine/errors';
import type { Store } from '../store/store';
import type { EvalRunRow, EvalSampleRow } from '../store/types';
import { solve, type SolveResult, type SolveSettings } from './solve';

/** Everything that decides a run's results; the same settings resume. */
export interface EvalSettings extends Omit<SolveSettings, 'n'> {
	set: string;
	/** Problem ids in the order they run (after any level filter or limit). */
	uids: string[];
	n: number;
	generator: string;
	prm: string;
	easyMaxLevel: number;
}

/** How far a run is, for progress bars. */
export interface EvalProgress {
	done: number;
	total: number;
	/** Milliseconds left at the pace so far; undefined until one problem is done. */
	etaMs?: number;
	uid?: string;
}

/** Throughput of the problems this session ran (not the resumed ones). */
export interface Throughput {
	problems: number;
	problemsPerMinute: number;
	tokens: number;
	tokensPerSecond: number;
	wallMs: number;
}

/**
 * Records a finished session's throughput and the report's subset count
 * with the run. A session that found nothing left to run keeps the
 * throughput of the one that did the work.
 */
export async function recordRunResults(
	store: Store,
	runId: number,
	r: { throughput: Throughput; subsets: number },
): Promise<EvalRunRow> {
	const old = (await store.getEvalRun(runId))?.results ?? {};
	const throughput = r.throughput.problems === 0 && old.throughput ? old.throughput : r.throughput;
	return store.setEvalRunResults(runId, { ...old, throughput, subsets: r.subsets,
		recordedAt: new Date().toISOString() });
}

/** A stable run name from the settings, so a re-run finds its old rows. */
export function runName(s: EvalSettings): string {
	const hash = createHash('sha256').update(JSON.stringify(s)).digest('hex').slice(0, 12);
	return `${s.set}-n${s.n}-${hash}`;
}

/** Finds the unfinished or finished run with these settings, or starts one. */
export async function openRun(store: Store, s: EvalSettings): Promise<EvalRunRow> {
	const name = runName(s);
	const old = (await store.listEvalRuns()).find((r) => r.name === name);
	if (old) {
		return old.status === 'done' ? old : store.setEvalRunStatus(old.id, 'running');
	}
	return store.createEvalRun({ name, settings: { ...s } });
}

/** Problems whose N samples and greedy answer are all stored. */
function finishedUids(rows: EvalSampleRow[], n: number): Set<string> {
	const count = new Map<string, number>();
	for (const r of rows) {
		count.set(r.problem.uid, (count.get(r.problem.uid) ?? 0) + 1);
	}
	return new Set([...count].filter(([, c]) => c >= n + 1).map(([u]) => u));
}

/**
 * Runs (or resumes) an evaluation. Returns the run and this session's
 * throughput; a cancel leaves the run 'cancelled' with every finished
 * problem kept.
 */
export async function runEvaluation(
	client: EngineClient,
	store: Store,
	problems: Problem[],
	s: EvalSettings,
	opts: { signal?: CancelSignal; progress?: (p: EvalProgress) => void } = {},
): Promise<{ run: EvalRunRow; throughput: Throughput }> {
	const run = await openRun(store, s);
	const byUid = new Map(problems.map((p) => [p.uid, p]));
	await store.upsertProblems(s.uids.map((u) => byUid.get(u)!).filter(Boolean));
	const done = finishedUids(await store.listEvalSamples(run.id), s.n);
	const todo = s.uids.filter((u) => !done.has(u));
	const t0 = performance.now();
	let tokens = 0;
	let ran = 0;
	const report = (uid?: string): void => {
		const elapsed = performance.now() - t0;
		opts.progress?.({
			done: s.uids.length - todo.length + ran,
			total: s.uids.length,
			etaMs: ran > 0 ? (elapsed / ran) * (todo.length - ran) : undefined,
			uid,
		});
	};
	report();
	try {
		for (const uid of todo) {
			if (opts.signal?.isCancellationRequested) {
				throw new EngineError('cancelled', 'Cancelled.');
			}
			const problem = byUid.get(uid);
			if (!problem) {
				continue;
			}
			tokens += await runProblem(client, store, run.id, problem, s, opts.signal);
			ran++;
			report(uid);
		}
	} catch (e) {
		const cancelled = e instanceof EngineError && e.kind === 'cancelled';
		await store.setEvalRunStatus(run.id, cancelled ? 'cancelled' : 'failed');
		throw e;
	}
	const finished = await store.setEvalRunStatus(run.id, 'done');
	const wallMs = performance.now() - t0;
	return {
		run: finished,
		throughput: {
			problems: ran,
			problemsPerMinute: ran / (wallMs / 60000),
			tokens,
			tokensPerSecond: tokens / (wallMs / 1000),
			wallMs,
		},
	};
}

/** One problem: N samples then the greedy one; returns tokens made. */
async function runProblem(
	client: EngineClient,
	store: Store,
	runId: number,
	problem: Problem,
	s: EvalSettings,
	signal?: CancelSignal,
): Promise<number> {
	const key = { set: problem.set, uid: problem.uid };
	let sampled: SolveResult;
	let greedy: SolveResult;
	try {
		sampled = await solve(client, problem, { ...s }, { signal });
		greedy = await solve(client, problem, { ...s, n: 1, temperature: 0 }, { signal });
	} catch (e) {
		if (!(e instanceof EngineError && e.kind === 'input')) {
			throw e;
		}
		// A problem the models cannot read (longer than their context) counts
		// as unanswered, with the reason kept, instead of ending the run.
		for (let index = 0; index <= s.n; index++) {
			await store.putEvalSample({
				runId, problem: key, index, sampleId: null, answer: null, correct: false,
				details: { kind: index === s.n ? 'greedy' : 'sample', p: [], tokens: 0, error: e.message },
			});
		}
		return 0;
	}
	const all = [...sampled.samples.map((x) => ({ x, kind: 'sample' })),
		{ x: greedy.samples[0], kind: 'greedy' }];
	for (const [index, { x, kind }] of all.entries()) {
		// An empty sample still counts in the pool (as no answer) but has no steps to store.
		const sampleId = x.steps.length === 0 ? null : await store.addSample({
			problem: key, generator: s.generator, text: x.text, steps: x.steps, answer: x.answer,
			settings: { temperature: kind === 'greedy' ? 0 : s.temperature, topK: s.topK, topP: s.topP,
				maxNewTokens: s.maxNewTokens, eval: true },
			seed: s.seed, finish: x.finish, scores: { prmId: s.prm, scores: x.scores },
		});
		await store.putEvalSample({
			runId, problem: key, index, sampleId, answer: x.answer,
			correct: gradeAnswer(x.answer, problem.answer),
			details: { kind, p: x.scores.map((sc) => sc.p), tokens: x.tokens },
		});
	}
	return sampled.stats.newTokens + greedy.stats.newTokens;
}
