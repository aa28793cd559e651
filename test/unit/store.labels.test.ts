import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decideLabel, openStore, Store, StoreError } from '../../src/store';
import type { LabelInput } from '../../src/store';
import { rawAll, spawnFixture, tempDir, waitForExit, waitForLine } from '../fixtures/store/setup';

const KEY = { set: 'math500', uid: 'test/algebra/2.json' };
const ROOT = path.resolve(__dirname, '..', '..');

async function seeded(
	file: string,
	steps: number,
	samples = 1,
): Promise<{ store: Store; ids: number[] }> {
	const store = await openStore(file);
	await store.upsertProblems([{
		...KEY,
		problem: 'Compute $1+1+\\dots+1$.',
		answer: String(steps),
		subject: 'Algebra',
		level: 2,
	}]);
	const ids: number[] = [];
	for (let n = 0; n < samples; n++) {
		const lines = Array.from({ length: steps }, (_, i) => `Line ${i + 1}.`);
		ids.push(await store.addSample({
			problem: KEY,
			generator: 'gen-1',
			text: lines.join('\n'),
			steps: lines,
			answer: String(steps),
			settings: {},
			seed: n,
		}));
	}
	return { store, ids };
}

function label(sampleId: number, idx: number, rating: -1 | 0 | 1 | null): LabelInput {
	return { sampleId, idx, rating, labeler: 'ann', purpose: 'train' };
}

async function ratings(store: Store, sampleId: number, labeler = 'ann'): Promise<string[]> {
	const rows = await store.getLabels(sampleId, labeler);
	return rows.map((l) => `${l.purpose}:${l.idx}:${l.rating}`);
}

test('decideLabel: nothing may follow a -1, and a new -1 drops later labels', () => {
	const existing = [
		{ idx: 0, rating: 1 as const },
		{ idx: 1, rating: 0 as const },
		{ idx: 3, rating: 1 as const },
	];
	assert.deepEqual(decideLabel(existing, 4, 1), { ok: true, remove: [] });
	assert.deepEqual(decideLabel(existing, 1, -1), { ok: true, remove: [3] });
	assert.deepEqual(decideLabel(existing, 0, -1), { ok: true, remove: [1, 3] });
	const stopped = [{ idx: 0, rating: 1 as const }, { idx: 2, rating: -1 as const }];
	assert.deepEqual(decideLabel(stopped, 3, 1), { ok: false, firstWrong: 2 });
	assert.deepEqual(decideLabel(stopped, 5, null), { ok: false, firstWrong: 2 });
	assert.deepEqual(decideLabel(stopped, 1, 1), { ok: true, remove: [] });
	// Re-rating the -1 step itself is allowed (the caller leaves it out of `existing`).
	assert.deepEqual(decideLabel([{ idx: 0, rating: 1 }], 2, 0), { ok: true, remove: [] });
});

test('setLabel enforces the first-wrong-step rule and re-opens after a re-rating', async (t) => {
	const { store, ids } = await seeded(path.join(tempDir(t), 's.db'), 6);
	const id = ids[0];
	await store.setLabel(label(id, 0, 1));
	await store.setLabel(label(id, 1, 0));
	await store.setLabel(label(id, 2, 1));
	await store.setLabel(label(id, 3, 1));

	const wrong = await store.setLabel(label(id, 1, -1));
	assert.deepEqual(wrong.removed.map((l) => [l.idx, l.rating]), [[2, 1], [3, 1]]);
	assert.deepEqual(await ratings(store, id), ['train:0:1', 'train:1:-1']);

	await assert.rejects(store.setLabel(label(id, 4, 1)), (err: unknown) => {
		return err instanceof StoreError && err.kind === 'invalid' &&
			/step 2 is rated -1/.test(err.message);
	});
	await assert.rejects(store.setLabel({ ...label(id, 2, null), flagged: true }), StoreError);
	assert.deepEqual(await ratings(store, id), ['train:0:1', 'train:1:-1']);

	// Another labeler, or the same labeler with purpose eval, is not affected.
	await store.setLabel({ ...label(id, 4, 1), labeler: 'bob' });
	await store.setLabel({ ...label(id, 4, 1), purpose: 'eval' });

	await store.setLabel(label(id, 1, 1));
	await store.setLabel(label(id, 4, 1));
	assert.deepEqual(await ratings(store, id), ['eval:4:1', 'train:0:1', 'train:1:1', 'train:4:1']);
	assert.deepEqual(await ratings(store, id, 'bob'), ['train:4:1']);
	await store.close();
});

test('setLabel checks the step exists and the rating is one of +1, 0, -1', async (t) => {
	const { store, ids } = await seeded(path.join(tempDir(t), 's.db'), 3);
	await assert.rejects(store.setLabel(label(ids[0], 3, 1)), /has 3 steps/);
	await assert.rejects(store.setLabel(label(ids[0] + 100, 0, 1)), /is not in/);
	await assert.rejects(store.setLabel(label(ids[0], 0, 2 as unknown as 1)), /not one of/);
	await assert.rejects(store.setLabel({ ...label(ids[0], 0, 1), labeler: ' ' }), /labeler/);
	assert.deepEqual(await store.getLabels(ids[0]), []);
	await store.close();
});

test('flags, updates and clearLabel', async (t) => {
	const { store, ids } = await seeded(path.join(tempDir(t), 's.db'), 3);
	const first = await store.setLabel({ ...label(ids[0], 0, 0), flagged: true });
	assert.equal(first.label.flagged, true);
	assert.equal(first.label.rating, 0);
	const second = await store.setLabel(label(ids[0], 0, 1));
	assert.equal(second.label.flagged, false);
	assert.equal(second.label.rating, 1);
	assert.equal(second.label.createdAt, first.label.createdAt);

	const slot = { sampleId: ids[0], idx: 0, labeler: 'ann', purpose: 'train' as const };
	const cleared = await store.clearLabel(slot);
	assert.equal(cleared?.rating, 1);
	assert.deepEqual(await store.getLabels(ids[0]), []);
	const again = await store.clearLabel(slot);
	assert.equal(again, undefined);
	await store.close();
});

test('finishSolution records one outcome per pass and can be undone', async (t) => {
	const { store, ids } = await seeded(path.join(tempDir(t), 's.db'), 3);
	const owner = { sampleId: ids[0], labeler: 'ann', purpose: 'train' as const };
	await store.setLabel(label(ids[0], 0, 1));
	await store.setLabel(label(ids[0], 1, -1));
	await store.finishSolution({ ...owner, reason: 'give_up', totalTimeMs: 1000 });
	const row = await store.finishSolution({
		...owner,
		reason: 'found_error',
		humanCompletion: 'Line 2 should say 2.',
		totalTimeMs: 61234.4,
	});
	assert.equal(row.reason, 'found_error');
	assert.equal(row.humanCompletion, 'Line 2 should say 2.');
	assert.equal(row.totalTimeMs, 61234);
	const all = await store.getSessions(ids[0]);
	assert.equal(all.length, 1);
	await assert.rejects(
		store.finishSolution({ ...owner, reason: 'done' as 'solution', totalTimeMs: 1 }),
		/not one of solution, found_error, bad_problem, give_up/,
	);
	await assert.rejects(store.finishSolution({ ...owner, reason: 'solution', totalTimeMs: -5 }));
	const undone = await store.unfinishSolution(owner);
	assert.equal(undone?.reason, 'found_error');
	assert.deepEqual(await store.getSessions(ids[0]), []);
	await store.close();
});

test('two stores on one file writing at once lose nothing and keep the rule', async (t) => {
	const file = path.join(tempDir(t), 's.db');
	const { store: a, ids } = await seeded(file, 30, 2);
	const b = await openStore(file);
	const writes: Promise<unknown>[] = [];
	for (let idx = 0; idx < 30; idx++) {
		writes.push(a.setLabel({ ...label(ids[0], idx, 1), labeler: 'a' }));
		writes.push(b.setLabel({ ...label(ids[0], idx, 0), labeler: 'b' }));
		writes.push(b.setLabel({ ...label(ids[1], idx, 1), labeler: 'b' }));
	}
	await Promise.all(writes);
	assert.equal((await a.getLabels(ids[0], 'a')).length, 30);
	assert.equal((await a.getLabels(ids[0], 'b')).length, 30);
	assert.equal((await b.getLabels(ids[1], 'b')).length, 30);

	// A -1 at step 5 from one store races labels after it from the other: in
	// either order, no label may remain after step 5.
	const race = await Promise.allSettled([
		a.setLabel({ ...label(ids[1], 5, -1), labeler: 'c' }),
		b.setLabel({ ...label(ids[1], 7, 1), labeler: 'c' }),
		b.setLabel({ ...label(ids[1], 9, 1), labeler: 'c' }),
	]);
	assert.equal(race[0].status, 'fulfilled');
	const left = (await a.getLabels(ids[1], 'c')).map((l) => [l.idx, l.rating]);
	assert.deepEqual(left, [[5, -1]]);
	await a.close();
	await b.close();
});

test('a second process writing labels at the same time loses nothing', async (t) => {
	const file = path.join(tempDir(t), 's.db');
	const { store, ids } = await seeded(file, 60, 2);
	const child = spawnFixture('labelWriter', [file, String(ids[0]), '60', 'child']);
	t.after(() => child.kill('SIGKILL'));
	await waitForLine(child, 'ready');
	const done = waitForLine(child, 'done');
	child.stdin?.end('go\n');
	for (let idx = 0; idx < 60; idx++) {
		if (idx === 59) {
			// The last write waits for the child's first, so the writers overlap.
			for (let i = 0; i < 1000 && (await store.getLabels(ids[0], 'child')).length === 0; i++) {
				await new Promise((r) => setTimeout(r, 10));
			}
		}
		await store.setLabel({ ...label(ids[0], idx, 0), labeler: 'parent' });
		await store.setLabel({ ...label(ids[1], idx, 1), labeler: 'parent' });
	}
	await done;
	assert.equal(await waitForExit(child), 0);
	const fromChild = await store.getLabels(ids[0], 'child');
	assert.deepEqual(fromChild.map((l) => l.idx), Array.from({ length: 60 }, (_, i) => i));
	assert.ok(fromChild.every((l) => l.rating === 1));
	const fromParent = await store.getLabels(ids[0], 'parent');
	assert.equal(fromParent.length, 60);
	assert.equal((await store.getLabels(ids[1], 'parent')).length, 60);
	await store.close();
	// The two processes' writes did overlap in time, or this test proved nothing.
	const span = (rows: { createdAt: string }[]): [string, string] => {
		const times = rows.map((r) => r.createdAt).sort();
		return [times[0], times[times.length - 1]];
	};
	const [childStart, childEnd] = span(fromChild);
	const [parentStart, parentEnd] = span(fromParent);
	assert.ok(childStart < parentEnd && parentStart < childEnd, 'the writers did not overlap');
});

test('a label survives kill -9 right after setLabel resolved', async (t) => {
	const file = path.join(tempDir(t), 's.db');
	const { store, ids } = await seeded(file, 4);
	await store.close();
	const child = spawnFixture('labelThenWait', [file, String(ids[0]), '2']);
	t.after(() => child.kill('SIGKILL'));
	await waitForLine(child, 'ack');
	child.kill('SIGKILL');
	await waitForExit(child);
	assert.equal(child.signalCode, 'SIGKILL');

	const reopened = await openStore(file);
	const labels = await reopened.getLabels(ids[0], 'crash');
	await reopened.close();
	assert.equal(labels.length, 1);
	assert.equal(labels[0].idx, 2);
	assert.equal(labels[0].rating, -1);
	assert.equal(labels[0].flagged, true);
});

test('labels set while another process runs a long import all get in', async (t) => {
	const file = path.join(tempDir(t), 's.db');
	const { store, ids } = await seeded(file, 40);
	const jsonl = path.join(ROOT, 'data', 'curriculum', 'prm-labels-easy.jsonl');
	const records = readFileSync(jsonl, 'utf8').split('\n').filter((l) => l.trim()).length;
	const child = spawnFixture('importer', [file, jsonl]);
	t.after(() => child.kill('SIGKILL'));
	await waitForLine(child, 'ready');
	let importDone = false;
	const done = waitForLine(child, 'done').then(() => { importDone = true; });
	child.stdin?.end('go\n');
	const imported = async () => (await rawAll<{ n: number }>(file,
		"SELECT COUNT(*) AS n FROM labeling_sessions WHERE labeler != 'parent'"))[0].n;
	// Start labeling once the import is under way.
	for (let i = 0; i < 1000 && (await imported()) === 0; i++) {
		await new Promise((r) => setTimeout(r, 10));
	}
	// Spread over the import (its pauses alone take 1.7 s), so some writes
	// wait on its batches.
	const before = await imported();
	for (let idx = 0; idx < 40; idx++) {
		await store.setLabel({ ...label(ids[0], idx, 1), labeler: 'parent' });
		await new Promise((r) => setTimeout(r, 20));
	}
	const after = await imported();
	// The import went on between the first label and the last, and was not
	// over yet, or the test proved nothing about the two writing together.
	assert.ok(after > before, `import did not move (${before} -> ${after})`);
	assert.equal(importDone, false, 'the import ended before the labels were written');
	await done;
	assert.equal(await waitForExit(child), 0);
	const mine = await store.getLabels(ids[0], 'parent');
	assert.deepEqual(mine.map((l) => l.idx), Array.from({ length: 40 }, (_, i) => i));
	assert.equal(await imported(), records);
	await store.close();
});
