/**
 * The engine worker seen from the host: typed requests, progress,
 * cancellation, and recovery after the worker dies.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { EngineClient } from '../../src/engine/client';
import { EngineError } from '../../src/engine/errors';
import { GEN, PRM, WORKER } from './helpers/models';

function signal(): { cancel(): void; s: { isCancellationRequested: boolean; onCancellationRequested(l: () => void): { dispose(): void } } } {
	const listeners: (() => void)[] = [];
	const s = {
		isCancellationRequested: false,
		onCancellationRequested(l: () => void) {
			listeners.push(l);
			return { dispose: () => undefined };
		},
	};
	return { s, cancel: () => { s.isCancellationRequested = true; listeners.forEach((l) => l()); } };
}

const crashes: string[] = [];
const client = new EngineClient(WORKER, { crashed: (r) => crashes.push(r) });
after(() => client.dispose());

const gen = { problem: 'Compute 5 + 6 * 7.', n: 3, maxNewTokens: 300, temperature: 1, topK: 0, topP: 1, seed: 9 };

test('load, generate and score through the worker', async () => {
	const r = await client.load({ generatorPath: GEN, prmPath: PRM, provider: 'cpu' });
	assert.equal(r.generator?.provider, 'cpu');
	assert.equal(r.prm?.family, 'value-head');
	let progressed = 0;
	const g = await client.request('generate', gen, { progress: () => { progressed++; } });
	assert.equal(g.samples.length, 3);
	assert.ok(progressed > 0);
	const s = await client.request('score', { problem: gen.problem, solutions: [['5 + 6 = 11'], ['6 * 7 = 42', 'x']] });
	assert.deepEqual(s.scores.map((x) => x.length), [1, 2]);
});

test('a cancelled generation rejects with kind "cancelled" and the worker goes on', async () => {
	const c = signal();
	const p = client.request('generate', { ...gen, n: 8, maxNewTokens: 2000, temperature: 3 }, {
		signal: c.s, progress: (done) => { if (done > 20) { c.cancel(); } },
	});
	const r = await p.catch((e: EngineError) => e);
	assert.ok(r instanceof EngineError, 'a cancelled run must not resolve');
	assert.equal(r.kind, 'cancelled');
	const after = await client.request('score', { problem: 'x', solutions: [['1 + 1 = 2']] });
	assert.equal(after.scores[0].length, 1);
});

test('a worker that dies mid-request is reported, and the next request restarts it with the models', async () => {
	const pending = client.request('generate', { ...gen, n: 16, maxNewTokens: 3000, temperature: 3 });
	// Kill the thread the way a native crash would: from outside, at once.
	await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
	const err = await pending.catch((e: EngineError) => e);
	assert.ok(err instanceof EngineError);
	assert.equal((err as EngineError).kind, 'crashed');
	assert.equal(crashes.length, 1);
	const s = await client.request('score', { problem: 'x', solutions: [['1 + 1 = 2']] });
	assert.equal(s.scores[0].length, 1);
});
