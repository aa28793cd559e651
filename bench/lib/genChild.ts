/**
 * One engine in its own worker thread, running generation cases on
 * request. Each engine gets its own isolate, as the product's engine does:
 * onnxruntime-node hands back every output in new JS memory, so garbage
 * collection is part of each step's cost, and it would grow with the other
 * engine's heap if both shared one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NEW_TOKENS, temperature, texts, type Case } from './cases';

// Each worker loads only its own engine, so neither heap carries the other.
type Engines = typeof import('./engine');
type Peers = typeof import('./peer');

/** What the host sends. */
export type GenRequest = { case: Case; seed: number };

/** What the worker answers: wall time, and the part of it inside session.run. */
export type GenReply =
	| { ms: number; runMs: number; tokens: number }
	| { error: string };

/** Which engine and where. */
export interface GenWorkerData {
	engine: 'stepwise' | 'transformersjs';
	model: string;
	threads: number;
}

type Runner = (c: Case, seed: number) => Promise<{ runMs: number; tokens: number }>;

async function stepwise(d: GenWorkerData): Promise<Runner> {
	const { generate, openGenerator } = require('./engine') as Engines;
	const { decoder, codec } = await openGenerator(d.model, d.threads);
	return async (c, seed) => {
		// Tokenizing is part of the loop's cost, as it is in the peer's generate.
		const prompts = texts(c).map((p) => codec.encode(p, true));
		const { stats } = await generate(decoder, codec, {
			prompts, maxNewTokens: NEW_TOKENS, temperature: temperature(c), topK: 0, topP: 1,
			seed, stop: [], ignoreEos: true,
		});
		return { runMs: stats.runMs, tokens: stats.newTokens };
	};
}

async function transformersjs(d: GenWorkerData): Promise<Runner> {
	const { openPeer, runPeer } = require('./peer') as Peers;
	const peer = await openPeer(d.model, d.threads);
	return async (c) => {
		const run0 = peer.runMs;
		const rows = await runPeer(peer, {
			prompts: texts(c), newTokens: NEW_TOKENS, temperature: temperature(c),
		});
		return { runMs: peer.runMs - run0, tokens: rows.reduce((n, r) => n + r.length, 0) };
	};
}

async function main(): Promise<void> {
	const port = parentPort!;
	const d = workerData as GenWorkerData;
	const run = d.engine === 'stepwise' ? await stepwise(d) : await transformersjs(d);
	port.on('message', (req: GenRequest) => {
		const t0 = performance.now();
		run(req.case, req.seed).then(
			(r) => port.postMessage({ ms: performance.now() - t0, ...r } satisfies GenReply),
			(e: unknown) => port.postMessage({ error: String(e) } satisfies GenReply),
		);
	});
	port.postMessage('ready');
}

main().catch((e: unknown) => {
	throw e;
});
