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

interface Side {
	label: string;
	run(opts: Options): ReturnType<Generates['generate']>;
	encode(text: string): number[];
}

async function open(dir: string, label: string, threads: number): Promise<Side> {
	const load = <T>(name: string): T => require(join(dir, name)) as T;
	const { generate } = load<Generates>('generate');
	const { Decoder } = load<typeof import('../src/engine/decoder')>('decoder');
	const { readModelFolder } = load<typeof import('../src/engine/modelFolder')>('modelFolder');
	const { createSession } = load<typeof import('../src/engine/runtime')>('runtime');
	const { TextCodec } = load<typeof import('../src/engine/tokenizer')>('tokenizer');
	const folder = readModelFolder(GEN);
	const codec = new TextCodec(folder);
	const decoder = new Decoder(folder, await createSession(folder.onnxPath, 'cpu', threads));
	return {
		label,
		run: (opts) => generate(decoder, codec, opts),
		encode: (text) => codec.encode(text, true),
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
