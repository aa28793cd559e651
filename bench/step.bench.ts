/**
 * Anatomy of one decode step (one new token for each of B samples with a
 * past of S positions), the unit the generation loop repeats: how long
 * session.run takes when the KV cache comes back to JS, as the loop needs
 * it, and when only the logits do. The graph does the same work either
 * way (attention reads the appended cache); the difference is what
 * onnxruntime-node spends copying the cache into new JS memory and what
 * the collector spends reclaiming it. Both engines pay all of session.run;
 * only the loop around it is theirs to make lean.
 *
 * (ORT's own profiler is no help here: recording ~1000 nodes per run
 * costs more than the run.)
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { ort } from '../src/engine/runtime';
import { defaultThreads, readModelFolder } from './lib/engine';
import { GEN } from './lib/paths';
import { emit, note } from './lib/report';
import { best } from './lib/stats';

const RUNS = Number(process.env.STEPWISE_BENCH_STEP_RUNS ?? 40);
const WARMUP = 5;

interface Shape {
	batch: number;
	past: number;
}

const SHAPES: Shape[] = [
	{ batch: 1, past: 96 },
	{ batch: 16, past: 96 },
	{ batch: 64, past: 32 },
	{ batch: 64, past: 96 },
];

function feeds(shape: Shape): Record<string, ort.Tensor> {
	const cfg = readModelFolder(GEN).config;
	const { batch, past } = shape;
	const total = past + 1;
	const f: Record<string, ort.Tensor> = {
		input_ids: new ort.Tensor('int64', new BigInt64Array(batch).fill(5n), [batch, 1]),
		attention_mask: new ort.Tensor('int64', new BigInt64Array(batch * total).fill(1n),
			[batch, total]),
		position_ids: new ort.Tensor('int64', new BigInt64Array(batch).fill(BigInt(past)), [batch, 1]),
	};
	const size = batch * cfg.numKvHeads * past * cfg.headDim;
	for (let i = 0; i < cfg.numLayers; i++) {
		for (const kv of ['key', 'value']) {
			// Values do not change the time; a non-zero pattern keeps softmax honest.
			const data = Float32Array.from({ length: size }, (_, j) => Math.sin(j) * 0.1);
			f[`past_key_values.${i}.${kv}`] = new ort.Tensor('float32', data,
				[batch, cfg.numKvHeads, past, cfg.headDim]);
		}
	}
	return f;
}

async function session(threads: number): Promise<ort.InferenceSession> {
	// The engine's own options (runtime.ts).
	return ort.InferenceSession.create(readModelFolder(GEN).onnxPath, {
		executionProviders: ['cpu'],
		graphOptimizationLevel: 'all',
		intraOpNumThreads: threads,
		logSeverityLevel: 3,
	});
}

async function main(): Promise<void> {
	const threads = defaultThreads();
	const s = await session(threads);
	let gcMs = 0;
	const gc = new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			gcMs += e.duration;
		}
	});
	gc.observe({ entryTypes: ['gc'] });

	for (const shape of SHAPES) {
		note(`decode step, batch ${shape.batch}, past ${shape.past}`);
		const f = feeds(shape);
		const all: number[] = [];
		const logitsOnly: number[] = [];
		const gcs: number[] = [];
		let outBytes = 0;
		for (let r = 0; r < WARMUP + RUNS; r++) {
			// The two kinds alternate, so a background load hits both alike.
			const gc0 = gcMs;
			let t0 = performance.now();
			const out = await s.run(f);
			const ms = performance.now() - t0;
			// GC entries are delivered asynchronously; let them arrive.
			await new Promise((res) => setImmediate(res));
			const gcRun = gcMs - gc0;
			t0 = performance.now();
			await s.run(f, ['logits']);
			const msLogits = performance.now() - t0;
			if (r >= WARMUP) {
				all.push(ms);
				logitsOnly.push(msLogits);
				gcs.push(gcRun);
			}
			outBytes = Object.entries(out).filter(([k]) => k.startsWith('present.'))
				.reduce((n, [, t]) => n + (t.data as Float32Array).byteLength, 0);
		}
		// Best runs: other work on the machine only ever adds time.
		const settings = { batch: shape.batch, past: shape.past, threads, runs: RUNS, stat: 'best' };
		emit('step.session_run_ms', best(all), 'ms', { ...settings, fetch: 'logits and KV cache' });
		emit('step.session_run_ms', best(logitsOnly), 'ms', { ...settings, fetch: 'logits only' });
		emit('step.cache_to_js_ms', best(all) - best(logitsOnly), 'ms', settings);
		// Collections come every few steps, so the mean says more than the median.
		emit('step.gc_ms', gcs.reduce((a, b) => a + b, 0) / gcs.length, 'ms',
			{ ...settings, fetch: 'logits and KV cache', stat: 'mean' });
		emit('step.kv_out_mb', outBytes / (1024 * 1024), 'MiB', settings);
	}
	gc.disconnect();
	await s.release();
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
