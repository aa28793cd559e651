/**
 * Before/after for changes to the generation loop: the current engine
 * against another copy of src/engine (STEPWISE_BENCH_BASELINE), on the
 * same workloads, each in its own process (own heap, own CPU count), runs
 * alternating so background load hits both alike. It also checks that
 * both give the same samples.
 *
 *     git archive <commit> src/engine src/core tsconfig.json package.json | tar -x -C /tmp/base
 *     ln -s "$PWD/node_modules" /tmp/base/node_modules
 *     STEPWISE_BENCH_BASELINE=/tmp/base/src/engine node --import tsx bench/compare.ts
 *
 * The current sources are staged the same way (a temp copy beside a link
 * to node_modules), or taken from STEPWISE_BENCH_AFTER: the same engine
 * run from the repository and from a copy under /tmp measured up to 1.3x
 * apart here, so both sides must come from alike places. The baseline
 * must accept `ignoreEos` (mask the EOS logits before sampling if it
 * predates the option). Not part of `npm run bench`: it needs a second
 * copy of the engine.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultThreads } from './lib/engine';
import { EngineProcess, warmCompileCache, type Timed } from './lib/engineProcess';
import type { GenRequest } from './lib/genChild';
import { GEN, ROOT } from './lib/paths';
import { promptTexts } from './lib/prompts';
import { emit, note } from './lib/report';
import { best, median } from './lib/stats';

type Samplers = typeof import('../src/engine/sampling');

interface Workload {
	name: string;
	req: Omit<GenRequest, 'seed'>;
}

function workloads(): Workload[] {
	const one = new Array<string>(64).fill(promptTexts(1)[0]);
	const fixed = { maxNewTokens: 64, ignoreEos: true, topK: 0, topP: 1 };
	const product = { maxNewTokens: 400, ignoreEos: false, temperature: 0.8, topK: 0, topP: 1 };
	return [
		{ name: 'fixed 64, n=64 distinct, greedy',
			req: { ...fixed, texts: promptTexts(64), temperature: 0 } },
		{ name: 'fixed 64, n=64 distinct, sampled',
			req: { ...fixed, texts: promptTexts(64), temperature: 1 } },
		{ name: 'fixed 64, n=64 one problem, sampled',
			req: { ...fixed, texts: one, temperature: 1 } },
		{ name: 'to EOS, n=64 one problem, T=0.8', req: { ...product, texts: one } },
		{ name: 'to EOS, n=64 distinct, T=0.8', req: { ...product, texts: promptTexts(64) } },
		{ name: 'to EOS, n=16 one problem, T=0.8', req: { ...product, texts: one.slice(0, 16) } },
	];
}

/** Microseconds per draw of each side's sampler, on logits rows of the shipped model. */
async function samplerSpeed(baseDir: string, afterDir: string): Promise<void> {
	note('sampler');
	const load = (dir: string): Samplers => require(join(dir, 'sampling')) as Samplers;
	const sides = { before: load(baseDir), after: load(afterDir) };
	const { openGenerator } = await import('./lib/engine');
	const { leftPad } = await import('../src/engine/tensors');
	const { decoder, codec } = await openGenerator(GEN, defaultThreads());
	const prompts = promptTexts(16).map((p) => codec.encode(p, true));
	const batch = leftPad(prompts, 0);
	const data = (await decoder.forward(batch, ['logits'])).outputs.logits.data as Float32Array;
	await decoder.release();
	const v = data.length / (prompts.length * batch.length);
	const rows = prompts.map((_, b) => {
		const at = (b * batch.length + batch.length - 1) * v;
		return data.slice(at, at + v);
	});
	const settings = { temperature: 1, topK: 0, topP: 1, rows: rows.length, draws: 2000 };
	const us: Record<string, number[]> = { before: [], after: [] };
	for (let r = 0; r < 6; r++) {
		for (const [label, s] of Object.entries(sides)) {
			const scratch = s.makeScratch(v);
			const rng = s.makeRng(r, 0);
			const t0 = performance.now();
			for (let i = 0; i < settings.draws; i++) {
				s.sampleToken(rows[i % rows.length], settings, rng, scratch);
			}
			if (r > 0) {
				us[label].push(((performance.now() - t0) * 1000) / settings.draws);
			}
		}
	}
	emit('compare.sampler_before_us', best(us.before), 'us/draw', { ...settings, stat: 'best' });
	emit('compare.sampler_after_us', best(us.after), 'us/draw', { ...settings, stat: 'best' });
}

/** A copy of the current engine laid out like the baseline; returns its src/engine. */
function stageCurrent(): string {
	const dir = mkdtempSync(join(tmpdir(), 'stepwise-after-'));
	for (const p of ['src/engine', 'src/core', 'tsconfig.json', 'package.json']) {
		cpSync(join(ROOT, p), join(dir, p), { recursive: true });
	}
	symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
	return join(dir, 'src', 'engine');
}

async function main(): Promise<void> {
	const base = process.env.STEPWISE_BENCH_BASELINE;
	if (!base) {
		throw new Error('Set STEPWISE_BENCH_BASELINE to the src/engine folder of the baseline '
			+ '(see the comment at the top of bench/compare.ts).');
	}
	// Identical processes differed by up to a third here, so each side
	// runs in several, and every run of every process counts.
	const processes = Number(process.env.STEPWISE_BENCH_PROCESSES ?? 4);
	const perProcess = Number(process.env.STEPWISE_BENCH_RUNS ?? 4);
	const runs = processes * perProcess;
	const threads = defaultThreads();
	const staged = process.env.STEPWISE_BENCH_AFTER ? undefined : stageCurrent();
	const afterDir = staged ?? resolve(process.env.STEPWISE_BENCH_AFTER!);
	await samplerSpeed(resolve(base), afterDir);
	const data = { engine: 'stepwise' as const, model: GEN, threads };
	await warmCompileCache(data, resolve(base));
	await warmCompileCache(data, afterDir);
	const pairs = Array.from({ length: processes }, (_, i) => {
		const b = (): EngineProcess => new EngineProcess('before', data, resolve(base));
		const a = (): EngineProcess => new EngineProcess('after', data, afterDir);
		// Which side starts first alternates, in case start order matters.
		return i % 2 === 0 ? [b(), a()] : [a(), b()].reverse();
	});
	for (const w of workloads()) {
		note(w.name);
		const times: Record<string, Timed[]> = { before: [], after: [] };
		let same = true;
		for (const [before, after] of pairs) {
			for (let r = 0; r < perProcess + 1; r++) {
				const samples: string[][] = [];
				for (const p of r % 2 === 0 ? [before, after] : [after, before]) {
					const t = await p.run({ ...w.req, seed: 500 + r, wantSamples: true });
					if (r > 0) {
						times[p.label].push(t);
					}
					samples.push(t.samples ?? []);
				}
				same &&= JSON.stringify(samples[0]) === JSON.stringify(samples[1]);
			}
		}
		const settings = {
			workload: w.name, runs, processes, threads, tokens: times.after[0].tokens,
			identicalSamples: same,
		};
		// Best runs for wall time: other work on the machine only ever adds time.
		const b = best(times.before.map((t) => t.ms));
		const a = best(times.after.map((t) => t.ms));
		emit('compare.before_ms', b, 'ms', { ...settings, stat: 'best' });
		emit('compare.after_ms', a, 'ms', { ...settings, stat: 'best' });
		emit('compare.speedup', b / a, 'x', { ...settings, stat: 'best' });
		const cpu = (side: string): number => median(times[side].map((t) => t.cpuMs));
		emit('compare.speedup_cpu', cpu('before') / cpu('after'), 'x', { ...settings, stat: 'median' });
		// Work counts are exact, so they show what a change saves without the noise.
		for (const side of ['before', 'after']) {
			const t = times[side][0];
			if (t.cacheRows !== undefined) {
				emit(`compare.${side}_cache_rows`, t.cacheRows, 'positions', settings);
				emit(`compare.${side}_positions`, t.positions ?? 0, 'positions', settings);
			}
		}
		const gc = (side: string): number => median(times[side].map((t) => t.gcMs));
		emit('compare.before_gc_ms', gc('before'), 'ms', { ...settings, stat: 'median' });
		emit('compare.after_gc_ms', gc('after'), 'ms', { ...settings, stat: 'median' });
	}
	for (const p of pairs.flat()) {
		p.close();
	}
	if (staged) {
		rmSync(resolve(staged, '..', '..'), { recursive: true, force: true });
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
