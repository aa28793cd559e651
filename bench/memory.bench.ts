/**
 * Memory: resident set of the engine worker while it generates N = 64
 * samples with the product's default settings, through the real worker
 * (dist/engineWorker.js) and its protocol.
 *
 * The worker is a thread, so its memory is this process's; the host
 * samples rss on a timer while the worker runs (the worker itself answers
 * one request at a time, so it cannot be asked mid-generation).
 */
import { EngineClient } from './lib/engine';
import { GEN, requireFile, WORKER } from './lib/paths';
import { testItems } from './lib/prompts';
import { emit, note } from './lib/report';

const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 2;

async function main(): Promise<void> {
	requireFile(WORKER, 'run `npm run build` first (npm run bench does).');
	const client = new EngineClient(WORKER);
	await client.load({ generatorPath: GEN, provider: 'cpu' });
	const problem = testItems()[0].problem;
	const params = {
		problem, n: 64, maxNewTokens: 400, temperature: 0.8, topK: 0, topP: 1, seed: 1234,
	};
	// One short run first: the first generate allocates ORT's arenas.
	await client.request('generate', { ...params, n: 4, maxNewTokens: 8 });
	const before = (await client.request('memory', {})).rss;

	note('memory: n=64 generation in the worker');
	let peak = before;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, SAMPLE_EVERY_MS);
	const result = await client.request('generate', params);
	clearInterval(timer);
	const after = (await client.request('memory', {})).rss;
	peak = Math.max(peak, after);

	const settings = {
		n: 64,
		maxNewTokens: params.maxNewTokens,
		temperature: params.temperature,
		tokensMade: result.stats.newTokens,
		longestSample: Math.max(...result.samples.map((s) => s.tokens)),
		sampledEveryMs: SAMPLE_EVERY_MS,
	};
	emit('memory.worker_rss_before_mb', before / MB, 'MiB', settings);
	emit('memory.worker_rss_peak_mb', peak / MB, 'MiB', settings);
	emit('memory.worker_rss_growth_mb', (peak - before) / MB, 'MiB', settings);
	await client.dispose();
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
