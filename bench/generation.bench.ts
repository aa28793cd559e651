/**
 * Generation speed: the engine's loop against transformers.js on the same
 * model folder, prompts and settings, in the same run; plus each one's
 * floor, the share of its time spent outside session.run.
 *
 * Both make exactly NEW_TOKENS tokens per sample (EOS never drawn here,
 * min_new_tokens there), so tokens/s compares equal work. Each engine runs
 * in its own process (see lib/genChild.ts), and their runs alternate, so
 * a background load hits both alike. Identical processes differed by up
 * to a third in their best run here, so each engine runs in several
 * processes and all their runs count. Speeds are the best run of each
 * (other work on the machine only ever adds time); shares of time
 * (overhead, GC) are medians over the runs. The CPU-time ratio counts the
 * CPU each engine's process used, all threads: on a shared machine it
 * moves far less than wall time.
 */
import { cases, NEW_TOKENS, temperature, texts, type Case } from './lib/cases';
import { defaultThreads } from './lib/engine';
import { EngineProcess, warmCompileCache, type Timed } from './lib/engineProcess';
import { GEN } from './lib/paths';
import { emit, note } from './lib/report';
import { best, median } from './lib/stats';

/** Processes per engine (STEPWISE_BENCH_PROCESSES). */
const PROCESSES = Number(process.env.STEPWISE_BENCH_PROCESSES ?? 3);

/**
 * Timed runs per case and process after a warm-up one; short cases get
 * more, so that a quiet moment is among them on a shared machine.
 * STEPWISE_BENCH_RUNS sets one count for all.
 */
function runsFor(n: number): number {
	const fixed = Number(process.env.STEPWISE_BENCH_RUNS);
	return fixed > 0 ? fixed : n === 1 ? 5 : 3;
}

/** Optional comma-separated list of N to run, e.g. "16,64". */
const ONLY_N = process.env.STEPWISE_BENCH_N?.split(',').map(Number);

type Engine = 'stepwise' | 'transformersjs';

async function timed(p: EngineProcess, c: Case, seed: number): Promise<Timed> {
	const t = await p.run({
		texts: texts(c), maxNewTokens: NEW_TOKENS, temperature: temperature(c), topK: 0, topP: 1,
		ignoreEos: true, seed,
	});
	if (t.tokens !== c.n * NEW_TOKENS) {
		throw new Error(`${p.label} made ${t.tokens} tokens, expected ${c.n * NEW_TOKENS}`);
	}
	return t;
}

async function main(): Promise<void> {
	const threads = defaultThreads();
	await warmCompileCache({ engine: 'stepwise', model: GEN, threads });
	await warmCompileCache({ engine: 'transformersjs', model: GEN, threads });
	const pairs = Array.from({ length: PROCESSES }, () => [
		new EngineProcess('stepwise', { engine: 'stepwise', model: GEN, threads }),
		new EngineProcess('transformersjs', { engine: 'transformersjs', model: GEN, threads }),
	]);
	for (const c of cases().filter((x) => !ONLY_N || ONLY_N.includes(x.n))) {
		note(`generation n=${c.n} ${c.mode}, ${c.prompts}`);
		const times: Record<Engine, Timed[]> = { stepwise: [], transformersjs: [] };
		const perProcess = runsFor(c.n);
		for (const [ours, theirs] of pairs) {
			for (let r = 0; r < 1 + perProcess; r++) {
				// Who goes first alternates too: a run can warm the caches for the next.
				for (const p of r % 2 === 0 ? [ours, theirs] : [theirs, ours]) {
					const t = await timed(p, c, 1000 + r);
					if (r > 0) {
						times[p.label as Engine].push(t);
					}
				}
			}
		}
		const runs = perProcess * PROCESSES;
		const settings = {
			n: c.n,
			mode: c.mode,
			prompts: c.prompts,
			newTokens: NEW_TOKENS,
			temperature: temperature(c),
			topK: 0,
			topP: 1,
			threads,
			runs,
			processes: PROCESSES,
			stat: 'best run for speed, median run for shares',
		};
		const tokens = c.n * NEW_TOKENS;
		// Best of several: other work on the machine only ever adds time.
		const oursMs = best(times.stepwise.map((o) => o.ms));
		const theirMs = best(times.transformersjs.map((o) => o.ms));
		emit('generate.stepwise.tokens_per_s', tokens / (oursMs / 1000), 'tokens/s', settings);
		emit('generate.transformersjs.tokens_per_s', tokens / (theirMs / 1000), 'tokens/s', settings);
		emit('generate.ratio', theirMs / oursMs, 'x', settings);
		emit('generate.ratio_cpu', median(times.transformersjs.map((o) => o.cpuMs))
			/ median(times.stepwise.map((o) => o.cpuMs)), 'x', { ...settings, stat: 'median' });
		for (const engine of ['stepwise', 'transformersjs'] as const) {
			const all = times[engine];
			const fastest = all.reduce((a, b) => (b.ms < a.ms ? b : a));
			emit(`generate.${engine}.session_run_ms`, fastest.runMs, 'ms', settings);
			emit(`generate.${engine}.loop_ms`, fastest.ms, 'ms', settings);
			emit(`generate.${engine}.overhead_pct`,
				median(all.map((o) => ((o.ms - o.runMs) / o.runMs) * 100)), '%', settings);
			emit(`generate.${engine}.gc_pct`,
				median(all.map((o) => (o.gcMs / o.runMs) * 100)), '%', settings);
		}
		// The ratio a loop with no overhead at all would reach against the
		// peer as measured: what bounds the ratio once the loop is lean.
		emit('generate.ratio_bound', theirMs / best(times.stepwise.map((o) => o.runMs)), 'x',
			settings);
	}
	for (const p of pairs.flat()) {
		p.close();
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
