/**
 * Generation speed: the engine's loop against transformers.js on the same
 * model folder, prompts and settings, in the same run; plus each one's
 * floor, the share of its time spent outside session.run.
 *
 * Both make exactly NEW_TOKENS tokens per sample (EOS never drawn here,
 * min_new_tokens there), so tokens/s compares equal work. Each engine runs
 * in its own worker thread (see lib/genWorker.ts), and their runs
 * alternate, so a background load hits both alike.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { cases, NEW_TOKENS, temperature, type Case } from './lib/cases';
import { defaultThreads } from './lib/engine';
import type { GenReply, GenRequest, GenWorkerData } from './lib/genWorker';
import { GEN } from './lib/paths';
import { emit, note } from './lib/report';
import { median } from './lib/stats';

const RUNS = Number(process.env.STEPWISE_BENCH_RUNS ?? 5);
const WARMUP = 2;

type Engine = GenWorkerData['engine'];

/** One timed run: wall time, and the part of it inside session.run. */
interface Timed {
	ms: number;
	runMs: number;
}

/** A worker running one engine; `run` sends a case and waits for its timing. */
class EngineThread {
	private readonly worker: Worker;
	private readonly ready: Promise<void>;
	private waiting?: (r: GenReply) => void;

	constructor(readonly engine: Engine, threads: number) {
		const data: GenWorkerData = { engine, model: GEN, threads };
		const script = join(__dirname, 'lib', 'genWorker.ts');
		// tsx's require hook, then the worker's TypeScript.
		this.worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`,
			{ eval: true, workerData: data });
		this.ready = new Promise((resolve, reject) => {
			this.worker.once('error', reject);
			this.worker.once('message', () => resolve());
		});
		this.worker.on('message', (m: GenReply | 'ready') => {
			if (m !== 'ready') {
				this.waiting?.(m);
			}
		});
	}

	async run(c: Case, seed: number): Promise<Timed> {
		await this.ready;
		const reply = await new Promise<GenReply>((resolve) => {
			this.waiting = resolve;
			this.worker.postMessage({ case: c, seed } satisfies GenRequest);
		});
		if ('error' in reply) {
			throw new Error(`${this.engine}: ${reply.error}`);
		}
		if (reply.tokens !== c.n * NEW_TOKENS) {
			throw new Error(`${this.engine} made ${reply.tokens} tokens, expected ${c.n * NEW_TOKENS}`);
		}
		return reply;
	}

	async close(): Promise<void> {
		await this.worker.terminate();
	}
}

async function main(): Promise<void> {
	const threads = defaultThreads();
	const ours = new EngineThread('stepwise', threads);
	const theirs = new EngineThread('transformersjs', threads);
	for (const c of cases()) {
		note(`generation n=${c.n} ${c.mode}, ${c.prompts}`);
		const times: Record<Engine, Timed[]> = { stepwise: [], transformersjs: [] };
		for (let r = 0; r < WARMUP + RUNS; r++) {
			// Who goes first alternates too: a run can warm the caches for the next.
			for (const t of r % 2 === 0 ? [ours, theirs] : [theirs, ours]) {
				const timed = await t.run(c, 1000 + r);
				if (r >= WARMUP) {
					times[t.engine].push(timed);
				}
			}
		}
		const settings = {
			n: c.n,
			mode: c.mode,
			prompts: c.prompts,
			newTokens: NEW_TOKENS,
			temperature: temperature(c),
			topK: 0,
			topP: 1,
			threads,
			runs: RUNS,
			stat: 'median',
		};
		const tokens = c.n * NEW_TOKENS;
		const oursMs = median(times.stepwise.map((o) => o.ms));
		const theirMs = median(times.transformersjs.map((o) => o.ms));
		emit('generate.stepwise.tokens_per_s', tokens / (oursMs / 1000), 'tokens/s', settings);
		emit('generate.transformersjs.tokens_per_s', tokens / (theirMs / 1000), 'tokens/s', settings);
		emit('generate.ratio', theirMs / oursMs, 'x', settings);
		for (const engine of ['stepwise', 'transformersjs'] as const) {
			const runs = times[engine];
			emit(`generate.${engine}.session_run_ms`, median(runs.map((o) => o.runMs)), 'ms', settings);
			emit(`generate.${engine}.loop_ms`, median(runs.map((o) => o.ms)), 'ms', settings);
			emit(`generate.${engine}.overhead_pct`,
				median(runs.map((o) => ((o.ms - o.runMs) / o.runMs) * 100)), '%', settings);
		}
		// The ratio a loop with no overhead at all would reach against the
		// peer as measured: what bounds the ratio once the loop is lean.
		emit('generate.ratio_bound', theirMs / median(times.stepwise.map((o) => o.runMs)), 'x',
			settings);
	}
	await ours.close();
	await theirs.close();
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
