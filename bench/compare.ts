/**
 * Before/after for changes to the generation loop: the current engine
 * against another copy of src/engine (STEPWISE_BENCH_BASELINE), on the
 * same workloads, runs alternating in one process so background load hits
 * both alike. It also checks that both give the same samples.
 *
 *     git archive <commit> src/engine src/core/types.ts | tar -x -C /tmp/base
 *     ln -s "$PWD/node_modules" /tmp/base/node_modules
 *     STEPWISE_BENCH_BASELINE=/tmp/base/src/engine node --import tsx bench/compare.ts
 *
 * The baseline must accept `ignoreEos` (add the one-line check to its EOS
 * test if it predates the option). Not part of `npm run bench`: it needs
 * a second copy of the engine.
 */
import { join, resolve } from 'node:path';
import { defaultThreads } from './lib/engine';
import { GEN, ROOT } from './lib/paths';
import { promptTexts } from './lib/prompts';
import { emit, note } from './lib/report';
import { median } from './lib/stats';

type Generates = typeof import('../src/engine/generate');
type Options = import('../src/engine/generate').GenerateOptions;

type Samplers = typeof import('../src/engine/sampling');

interface Side {
	label: string;
	run(opts: Options): ReturnType<Generates['generate']>;
	encode(text: string): number[];
	sampler: Samplers;
	/** The logits rows of the last position of each prompt, from one pass. */
	lastLogits(prompts: number[][]): Promise<Float32Array[]>;
}

async function open(dir: string, label: string, threads: number): Promise<Side> {
	const load = <T>(name: string): T => require(join(dir, name)) as T;
	const { generate } = load<Generates>('generate');
	const { Decoder } = load<typeof import('../src/engine/decoder')>('decoder');
	const { readModelFolder } = load<typeof import('../src/engine/modelFolder')>('modelFolder');
	const { createSession } = load<typeof import('../src/engine/runtime')>('runtime');
	const { TextCodec } = load<typeof import('../src/engine/tokenizer')>('tokenizer');
	const { leftPad } = load<typeof import('../src/engine/tensors')>('tensors');
	const folder = readModelFolder(GEN);
	const codec = new TextCodec(folder);
	const decoder = new Decoder(folder, await createSession(folder.onnxPath, 'cpu', threads));
	return {
		label,
		run: (opts) => generate(decoder, codec, opts),
		encode: (text) => codec.encode(text, true),
		sampler: load<Samplers>('sampling'),
		lastLogits: async (prompts) => {
			const batch = leftPad(prompts, 0);
			const out = await decoder.forward(batch, ['logits']);
			const data = out.outputs.logits.data as Float32Array;
			const v = folder.config.vocabSize;
			return prompts.map((_, b) => {
				const at = (b * batch.length + batch.length - 1) * v;
				return data.slice(at, at + v);
			});
		},
	};
}

interface Workload {
	name: string;
	prompts: string[];
	opts: Omit<Options, 'prompts' | 'seed' | 'stop'>;
}

function workloads(): Workload[] {
	const one = promptTexts(1)[0];
	const fixed = { maxNewTokens: 64, ignoreEos: true, topK: 0, topP: 1 };
	const product = { maxNewTokens: 400, temperature: 0.8, topK: 0, topP: 1 };
	return [
		{ name: 'fixed 64, n=64 distinct, greedy', prompts: promptTexts(64),
			opts: { ...fixed, temperature: 0 } },
		{ name: 'fixed 64, n=64 distinct, sampled', prompts: promptTexts(64),
			opts: { ...fixed, temperature: 1 } },
		{ name: 'fixed 64, n=64 one problem, sampled', prompts: new Array<string>(64).fill(one),
			opts: { ...fixed, temperature: 1 } },
		{ name: 'to EOS, n=64 one problem, T=0.8', prompts: new Array<string>(64).fill(one),
			opts: product },
		{ name: 'to EOS, n=64 distinct, T=0.8', prompts: promptTexts(64), opts: product },
		{ name: 'to EOS, n=16 one problem, T=0.8', prompts: new Array<string>(16).fill(one),
			opts: product },
	];
}

/** Microseconds per draw of each side's sampler, on the model's own logits rows. */
async function samplerSpeed(before: Side, after: Side): Promise<void> {
	note('sampler');
	const rows = await after.lastLogits(promptTexts(16).map(after.encode));
	const settings = { temperature: 1, topK: 0, topP: 1, rows: rows.length, draws: 0 };
	const us: Record<string, number[]> = { before: [], after: [] };
	const draws = 2000;
	for (let r = 0; r < 6; r++) {
		for (const side of [before, after]) {
			const scratch = side.sampler.makeScratch(rows[0].length);
			const rng = side.sampler.makeRng(r, 0);
			const t0 = performance.now();
			for (let i = 0; i < draws; i++) {
				side.sampler.sampleToken(rows[i % rows.length], settings, rng, scratch as never);
			}
			if (r > 0) {
				us[side.label].push(((performance.now() - t0) * 1000) / draws);
			}
		}
	}
	settings.draws = draws;
	emit('compare.sampler_before_us', median(us.before), 'us/draw', settings);
	emit('compare.sampler_after_us', median(us.after), 'us/draw', settings);
}

async function main(): Promise<void> {
	const base = process.env.STEPWISE_BENCH_BASELINE;
	if (!base) {
		throw new Error('Set STEPWISE_BENCH_BASELINE to the src/engine folder of the baseline '
			+ '(see the comment at the top of bench/compare.ts).');
	}
	const runs = Number(process.env.STEPWISE_BENCH_RUNS ?? 5);
	const threads = defaultThreads();
	const before = await open(resolve(base), 'before', threads);
	const after = await open(join(ROOT, 'src', 'engine'), 'after', threads);
	await samplerSpeed(before, after);
	for (const w of workloads()) {
		note(w.name);
		const ms: Record<string, number[]> = { before: [], after: [] };
		let same = true;
		let tokens = 0;
		for (let r = 0; r < runs + 1; r++) {
			const texts: string[][] = [];
			for (const side of r % 2 === 0 ? [before, after] : [after, before]) {
				const t0 = performance.now();
				const out = await side.run({
					...w.opts, prompts: w.prompts.map(side.encode), seed: 500 + r, stop: [],
				});
				if (r > 0) {
					ms[side.label].push(performance.now() - t0);
				}
				texts.push(out.samples.map((s) => `${s.finish}:${s.text}`));
				tokens = out.stats.newTokens;
			}
			same &&= JSON.stringify(texts[0]) === JSON.stringify(texts[1]);
		}
		const settings = { workload: w.name, runs, threads, stat: 'median', tokensLastRun: tokens };
		const b = median(ms.before);
		const a = median(ms.after);
		emit('compare.before_ms', b, 'ms', settings);
		emit('compare.after_ms', a, 'ms', settings);
		emit('compare.speedup', b / a, 'x', { ...settings, identicalSamples: same });
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
