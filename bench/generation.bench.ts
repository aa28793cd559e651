/**
 * Generation speed: the engine's loop against transformers.js on the same
 * model folder, prompts and settings, in the same process and run; plus
 * the engine's floor, the share of its time spent outside session.run.
 *
 * Both make exactly `newTokens` tokens per sample (EOS ignored here,
 * min_new_tokens there), so tokens/s compares equal work. Runs of the two
 * alternate, so a background load hits both alike.
 */
import {
	defaultThreads, generate, openGenerator, type Decoder, type TextCodec,
} from './lib/engine';
import { closePeer, openPeer, runPeer, type Peer } from './lib/peer';
import { GEN } from './lib/paths';
import { promptTexts } from './lib/prompts';
import { emit, note } from './lib/report';
import { median } from './lib/stats';

const NEW_TOKENS = 64;
const RUNS = Number(process.env.STEPWISE_BENCH_RUNS ?? 5);
const WARMUP = 2;

/** One problem sampled N times (what the product does), or N different problems. */
type PromptSet = 'one problem' | 'distinct problems';

interface Case {
	n: number;
	mode: 'greedy' | 'sampled';
	prompts: PromptSet;
}

function cases(): Case[] {
	const out: Case[] = [];
	for (const n of [1, 16, 64]) {
		for (const mode of ['greedy', 'sampled'] as const) {
			out.push({ n, mode, prompts: 'one problem' });
			if (n > 1) {
				out.push({ n, mode, prompts: 'distinct problems' });
			}
		}
	}
	return out;
}

function texts(c: Case): string[] {
	return c.prompts === 'one problem'
		? new Array<string>(c.n).fill(promptTexts(1)[0])
		: promptTexts(c.n);
}

/** One timed run: wall time, and the part of it inside session.run. */
interface Timed {
	ms: number;
	runMs: number;
}

async function runOurs(decoder: Decoder, codec: TextCodec, c: Case, seed: number): Promise<Timed> {
	const t0 = performance.now();
	// Tokenizing is part of the loop's cost, as it is in the peer's generate.
	const prompts = texts(c).map((p) => codec.encode(p, true));
	const { stats } = await generate(decoder, codec, {
		prompts,
		maxNewTokens: NEW_TOKENS,
		temperature: c.mode === 'greedy' ? 0 : 1,
		topK: 0,
		topP: 1,
		seed,
		stop: [],
		ignoreEos: true,
	});
	const ms = performance.now() - t0;
	if (stats.newTokens !== c.n * NEW_TOKENS) {
		throw new Error(`the engine made ${stats.newTokens} tokens, expected ${c.n * NEW_TOKENS}`);
	}
	return { ms, runMs: stats.runMs };
}

async function runTheirs(peer: Peer, c: Case): Promise<Timed> {
	const t0 = performance.now();
	const run0 = peer.runMs;
	const rows = await runPeer(peer, {
		prompts: texts(c), newTokens: NEW_TOKENS, temperature: c.mode === 'greedy' ? 0 : 1,
	});
	const ms = performance.now() - t0;
	const made = rows.reduce((n, r) => n + r.length, 0);
	if (made !== c.n * NEW_TOKENS) {
		throw new Error(`transformers.js made ${made} tokens, expected ${c.n * NEW_TOKENS}`);
	}
	return { ms, runMs: peer.runMs - run0 };
}

async function main(): Promise<void> {
	const threads = defaultThreads();
	const { decoder, codec } = await openGenerator(GEN, threads);
	const peer = await openPeer(GEN, threads);
	for (const c of cases()) {
		note(`generation n=${c.n} ${c.mode}, ${c.prompts}`);
		const ours: Timed[] = [];
		const theirs: Timed[] = [];
		for (let r = 0; r < WARMUP + RUNS; r++) {
			const o = await runOurs(decoder, codec, c, 1000 + r);
			const t = await runTheirs(peer, c);
			if (r >= WARMUP) {
				ours.push(o);
				theirs.push(t);
			}
		}
		const settings = {
			n: c.n,
			mode: c.mode,
			prompts: c.prompts,
			newTokens: NEW_TOKENS,
			temperature: c.mode === 'greedy' ? 0 : 1,
			topK: 0,
			topP: 1,
			threads,
			runs: RUNS,
			stat: 'median',
		};
		const tokens = c.n * NEW_TOKENS;
		const oursMs = median(ours.map((o) => o.ms));
		const theirMs = median(theirs.map((o) => o.ms));
		emit('generate.stepwise.tokens_per_s', tokens / (oursMs / 1000), 'tokens/s', settings);
		emit('generate.transformersjs.tokens_per_s', tokens / (theirMs / 1000), 'tokens/s', settings);
		emit('generate.ratio', theirMs / oursMs, 'x', settings);

		for (const [engine, runs] of [['stepwise', ours], ['transformersjs', theirs]] as const) {
			emit(`generate.${engine}.session_run_ms`, median(runs.map((o) => o.runMs)), 'ms', settings);
			emit(`generate.${engine}.loop_ms`, median(runs.map((o) => o.ms)), 'ms', settings);
			emit(`generate.${engine}.overhead_pct`,
				median(runs.map((o) => ((o.ms - o.runMs) / o.runMs) * 100)), '%', settings);
		}
		// The ratio a loop with no overhead at all would reach against the
		// peer as measured: what bounds the ratio once the loop is lean.
		emit('generate.ratio_bound', theirMs / median(ours.map((o) => o.runMs)), 'x', settings);
	}
	await closePeer(peer);
	await decoder.release();
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
