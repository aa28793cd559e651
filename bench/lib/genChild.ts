/**
 * One engine in its own process, generating on request. Separate
 * processes give each engine its own heap (onnxruntime-node hands back
 * every output in new JS memory, so garbage collection is part of each
 * step's cost, and it would grow with the other engine's heap if both
 * shared one) and their own CPU-time count, which a busy machine disturbs
 * far less than wall time. The engine sources are those of
 * STEPWISE_BENCH_ENGINE when set (see paths.ts).
 */
import { PerformanceObserver } from 'node:perf_hooks';

// Each process loads only its own engine, so neither heap carries the other.
type Engines = typeof import('./engine');
type Peers = typeof import('./peer');

/** One generate call: prompt texts and settings. */
export interface GenRequest {
	texts: string[];
	maxNewTokens: number;
	/** 0 is greedy. */
	temperature: number;
	topK: number;
	topP: number;
	/** Fixed length: EOS never drawn (min_new_tokens for the peer, which needs it). */
	ignoreEos: boolean;
	seed: number;
	/** Send back each sample as "finish:text", to compare engines. */
	wantSamples?: boolean;
}

/**
 * What the process answers: wall time, the part of it inside session.run,
 * the collector's time, and the CPU time of all its threads (ONNX
 * Runtime's pool included).
 */
export type GenReply =
	| {
		ms: number; runMs: number; gcMs: number; cpuMs: number; tokens: number;
		/** The engine's own work counts (GenerateStats), where it reports them. */
		positions?: number; cacheRows?: number;
		samples?: string[];
	}
	| { error: string };

/** Which engine and where; passed as JSON in the first argument. */
export interface GenChildData {
	engine: 'stepwise' | 'transformersjs';
	model: string;
	threads: number;
}

type Runner = (r: GenRequest) => Promise<{
	runMs: number; tokens: number; samples: string[]; positions?: number; cacheRows?: number;
}>;

async function stepwise(d: GenChildData): Promise<Runner> {
	const { generate, openGenerator } = require('./engine') as Engines;
	const { decoder, codec } = await openGenerator(d.model, d.threads);
	return async (r) => {
		// Tokenizing is part of the loop's cost, as it is in the peer's generate.
		const prompts = r.texts.map((p) => codec.encode(p, true));
		const { samples, stats } = await generate(decoder, codec, {
			prompts, maxNewTokens: r.maxNewTokens, temperature: r.temperature, topK: r.topK,
			topP: r.topP, seed: r.seed, stop: [], ignoreEos: r.ignoreEos,
		});
		return {
			runMs: stats.runMs,
			tokens: stats.newTokens,
			positions: stats.positions,
			cacheRows: stats.cacheRows,
			samples: samples.map((s) => `${s.finish}:${s.text}`),
		};
	};
}

async function transformersjs(d: GenChildData): Promise<Runner> {
	const { openPeer, runPeer } = require('./peer') as Peers;
	const peer = await openPeer(d.model, d.threads);
	return async (r) => {
		if (!r.ignoreEos || r.topK !== 0 || r.topP !== 1) {
			throw new Error('the transformers.js side runs fixed-length, plain-temperature cases only');
		}
		const run0 = peer.runMs;
		const rows = await runPeer(peer, {
			prompts: r.texts, newTokens: r.maxNewTokens, temperature: r.temperature,
		});
		return {
			runMs: peer.runMs - run0,
			tokens: rows.reduce((n, row) => n + row.length, 0),
			samples: rows.map((row) => `length:${peer.tokenizer.decode(row)}`),
		};
	};
}

function send(m: GenReply | 'ready'): void {
	process.send!(m);
}

async function main(): Promise<void> {
	const d = JSON.parse(process.argv[2]) as GenChildData;
	const run = d.engine === 'stepwise' ? await stepwise(d) : await transformersjs(d);
	let gcMs = 0;
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			gcMs += e.duration;
		}
	}).observe({ entryTypes: ['gc'] });
	process.on('message', (req: GenRequest) => {
		const t0 = performance.now();
		const cpu0 = process.cpuUsage();
		const gc0 = gcMs;
		run(req).then(
			async ({ samples, ...r }) => {
				const ms = performance.now() - t0;
				const cpu = process.cpuUsage(cpu0);
				// GC entries are delivered after the fact; let them in.
				await new Promise((res) => setTimeout(res, 5));
				send({
					ms, gcMs: gcMs - gc0, cpuMs: (cpu.user + cpu.system) / 1000, ...r,
					samples: req.wantSamples ? samples : undefined,
				});
			},
			(e: unknown) => send({ error: String(e) }),
		);
	});
	process.on('disconnect', () => process.exit(0));
	send('ready');
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
