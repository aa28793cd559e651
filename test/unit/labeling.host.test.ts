import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HostMessage } from '../../webview/shared/messages';
import type { Problem, StepScore } from '../../src/core/types';
import { LabelingHost } from '../../src/extension/labeling/labelingHost';
import { openStore, type Store } from '../../src/store';

const EASY: Problem = {
	set: 'math500', uid: 'test/algebra/9.json', problem: 'What is $2+3$?', answer: '5',
	subject: 'Algebra', level: 2,
};
const HARD: Problem = {
	set: 'math500', uid: 'test/geometry/9.json', problem: 'Find the area of the circle.',
	answer: '\\pi', subject: 'Geometry', level: 5,
};
const PRM = 'prm-test';


function scores(ps: number[]): StepScore[] {
	return ps.map((p) => ({ p, raw: 0, how: 'test' }));
}

interface World {
	store: Store;
	host: LabelingHost;
	posted: HostMessage[];
	warnings: string[];
	opened: number[];
	ids: { wrong: number; right: number; hard: number };
}

/**
 * A real database with three samples: `wrong` answers 6 (the truth is 5)
 * with high step scores, `right` answers 5 with unsure steps, `hard` is on
 * a level 5 problem.
 */
async function world(t: { after: (fn: () => Promise<void>) => void }): Promise<World> {
	const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-panel-'));
	const store = await openStore(path.join(dir, 'stepwise.db'));
	t.after(async () => {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});
	await store.upsertProblems([EASY, HARD]);
	const add = (p: Problem, steps: string[], answer: string, ps: number[]) => store.addSample({
		problem: { set: p.set, uid: p.uid }, generator: 'gen', text: steps.join('\n'), steps,
		answer, settings: {}, seed: 1, scores: { prmId: PRM, scores: scores(ps) },
	});
	const right = await add(EASY, ['$2+3=5$.', 'The answer is $5$.'], '5', [0.6, 0.55]);
	const wrong = await add(EASY, ['$2+3=6$.', 'The answer is $6$.'], '6', [0.9, 0.9]);
	const hard = await add(HARD, ['$A=\\pi r^2$.', 'With $r=1$, $\\pi$.'], '\\pi', [0.7, 0.8]);
	const posted: HostMessage[] = [];
	const warnings: string[] = [];
	const opened: number[] = [];
	const host = new LabelingHost({
		store: async () => store,
		context: () => ({ labeler: 'ana', easyMaxLevel: 3, prmId: PRM }),
		post: (m) => posted.push(m),
		log: { info: () => undefined, warn: (m) => warnings.push(m) },
		openDocument: (id) => {
			opened.push(id);
		},
		generate: () => undefined,
	});
	return { store, host, posted, warnings, opened, ids: { wrong, right, hard } };
}

function lastOf<T extends HostMessage['type']>(w: World, type: T): Extract<HostMessage, { type: T }> {
	const m = [...w.posted].reverse().find((x) => x.type === type);
	assert.ok(m, `no "${type}" message was posted; posted: ${w.posted.map((x) => x.type).join(', ')}`);
	return m as Extract<HostMessage, { type: T }>;
}

test('a fresh panel gets the convincing wrong solution first, with scores and counts', async (t) => {
	const w = await world(t);
	await w.host.receive({ type: 'ready', resume: null });
	const show = lastOf(w, 'show');
	assert.equal(show.sample.sampleId, w.ids.wrong);
	assert.deepEqual(show.sample.steps.map((s) => s.p), [0.9, 0.9]);
	assert.equal(show.sample.correct, false);
	assert.equal(show.sample.trainable, true);
	assert.equal(show.sample.problem.level, 2);
	assert.deepEqual(show.progress, { done: 0, left: 2, scope: 'easy problems' });
	assert.deepEqual(w.host.current, { sampleId: w.ids.wrong, purpose: 'train', trainable: true, steps: 2 });
});

test('ratings, a -1 and the correct step are stored for the labeler', async (t) => {
	const w = await world(t);
	await w.host.receive({ type: 'ready', resume: null });
	const id = w.ids.wrong;
	const base = { sampleId: id, purpose: 'train' };
	await w.host.receive({ type: 'label', seq: 1, ...base, idx: 0, rating: 1, flagged: true });
	await w.host.receive({ type: 'label', seq: 2, ...base, idx: 1, rating: -1, flagged: false });
	await w.host.receive({ type: 'finish', seq: 3, ...base, reason: 'found_error',
		humanCompletion: 'The answer is $5$.', totalTimeMs: 4321 });
	const labels = await w.store.getLabels(id, 'ana');
	assert.deepEqual(labels.map((l) => [l.idx, l.rating, l.flagged, l.purpose]),
		[[0, 1, true, 'train'], [1, -1, false, 'train']]);
	const sessions = await w.store.getSessions(id);
	assert.equal(sessions.length, 1);
	assert.equal(sessions[0].labeler, 'ana');
	assert.equal(sessions[0].reason, 'found_error');
	assert.equal(sessions[0].humanCompletion, 'The answer is $5$.');
	assert.equal(sessions[0].totalTimeMs, 4321);
	const saved = lastOf(w, 'saved');
	assert.equal(saved.seq, 3);
	assert.equal(saved.error, null);
	assert.deepEqual(saved.labels, [{ rating: 1, flagged: true }, { rating: -1, flagged: false }]);
	assert.deepEqual(saved.finished, { reason: 'found_error', humanCompletion: 'The answer is $5$.' });
	assert.deepEqual(saved.progress, { done: 1, left: 1, scope: 'easy problems' });
	const [record] = await w.store.exportPrm800k();
	assert.equal(record.labeler, 'ana');
	assert.deepEqual(record.label.steps.map((s) => s.completions?.[0].rating), [1, -1]);
	assert.equal(record.label.steps[1].human_completion?.text, 'The answer is $5$.');
	assert.equal(record.label.finish_reason, 'found_error');
});

test('malformed and stale messages are logged and dropped, never written', async (t) => {
	const w = await world(t);
	await w.host.receive({ type: 'ready', resume: null });
	const before = w.posted.length;
	await w.host.receive({ type: 'label', seq: 1, sampleId: w.ids.wrong, purpose: 'train', idx: 0,
		rating: 5, flagged: false });
	await w.host.receive({ type: 'drop_table' });
	await w.host.receive('label');
	await w.host.receive({ type: 'label', seq: 2, sampleId: w.ids.right, purpose: 'train', idx: 0,
		rating: 1, flagged: false });
	await w.host.receive({ type: 'label', seq: 3, sampleId: w.ids.wrong, purpose: 'eval', idx: 0,
		rating: 1, flagged: false });
	await w.host.receive({ type: 'openDocument', sampleId: w.ids.right });
	assert.equal(w.posted.length, before, 'nothing answered');
	assert.deepEqual(w.opened, []);
	for (const id of [w.ids.wrong, w.ids.right]) {
		assert.deepEqual(await w.store.getLabels(id), []);
	}
	assert.equal(w.warnings.length, 6);
	assert.match(w.warnings[0], /dropped a message from the webview \(malformed "label" message\)/);
	assert.match(w.warnings[1], /unknown type "drop_table"/);
	assert.match(w.warnings[3], new RegExp(`about sample ${w.ids.right}; the panel shows sample `
		+ `${w.ids.wrong} \\(train\\)`));
	await w.host.receive({ type: 'openDocument', sampleId: w.ids.wrong });
	assert.deepEqual(w.opened, [w.ids.wrong]);
});

test('a hard sample takes no training label, but evaluation labels kept out of exports', async (t) => {
	const w = await world(t);
	const source = { purpose: 'train' as const };
	await w.host.apply({ kind: 'sample', sampleId: w.ids.hard, purpose: 'train', source });
	assert.equal(lastOf(w, 'show').sample.trainable, false);
	await w.host.receive({ type: 'label', seq: 1, sampleId: w.ids.hard, purpose: 'train', idx: 0,
		rating: 1, flagged: false });
	const refused = lastOf(w, 'saved');
	assert.match(refused.error ?? '', /not an easy problem \(stepwise\.easyMaxLevel is 3\)/);
	assert.deepEqual(await w.store.getLabels(w.ids.hard), []);

	await w.host.receive({ type: 'evaluate', sampleId: w.ids.hard });
	assert.equal(lastOf(w, 'show').sample.purpose, 'eval');
	const base = { sampleId: w.ids.hard, purpose: 'eval' };
	await w.host.receive({ type: 'label', seq: 2, ...base, idx: 0, rating: 1, flagged: false });
	await w.host.receive({ type: 'label', seq: 3, ...base, idx: 1, rating: 0, flagged: false });
	await w.host.receive({ type: 'finish', seq: 4, ...base, reason: 'solution',
		humanCompletion: null, totalTimeMs: 900 });
	const labels = await w.store.getLabels(w.ids.hard, 'ana');
	assert.deepEqual(labels.map((l) => [l.idx, l.rating, l.purpose]), [[0, 1, 'eval'], [1, 0, 'eval']]);
	assert.deepEqual((await w.store.getSessions(w.ids.hard)).map((s) => s.purpose), ['eval']);
	assert.deepEqual(await w.store.exportPrm800k({ includeHard: true }), []);
	assert.deepEqual(await w.store.exportTrl({ includeHard: true }), []);
});

test('evaluation labels on an easy problem are refused; it shows for training', async (t) => {
	const w = await world(t);
	await w.host.apply({ kind: 'sample', sampleId: w.ids.right, purpose: 'eval',
		source: { purpose: 'eval' } });
	assert.match(lastOf(w, 'notice').text, /level 2 problem, so it takes training labels/);
	assert.equal(lastOf(w, 'show').sample.purpose, 'train');
	await w.host.receive({ type: 'evaluate', sampleId: w.ids.right });
	assert.match(w.warnings.at(-1) ?? '', /dropped a "evaluate" message/);
});

test('next skips what the panel skipped, and an empty queue says how to fill it', async (t) => {
	const w = await world(t);
	await w.host.receive({ type: 'ready', resume: null });
	await w.host.receive({ type: 'next', source: { purpose: 'train' }, skipped: [w.ids.wrong] });
	assert.equal(lastOf(w, 'show').sample.sampleId, w.ids.right);
	for (const id of [w.ids.wrong, w.ids.right]) {
		await w.store.finishSolution({ sampleId: id, labeler: 'ana', purpose: 'train',
			reason: 'give_up', totalTimeMs: 1 });
	}
	await w.host.receive({ type: 'next', source: { purpose: 'train' }, skipped: [] });
	const empty = lastOf(w, 'empty');
	assert.deepEqual(empty.progress, { done: 2, left: 0, scope: 'easy problems' });
	assert.match(empty.hint, /stepwise\.generate/);
	assert.match(empty.hint, /level 1 to 3/);
	assert.equal(w.host.current, null);
});

test('when every sample left was skipped, next cycles back to the oldest skip', async (t) => {
	const w = await world(t);
	await w.host.receive({ type: 'next', source: { purpose: 'train' },
		skipped: [w.ids.right, w.ids.wrong] });
	assert.equal(lastOf(w, 'show').sample.sampleId, w.ids.right);
});

test('a group narrows the queue; the evaluation source walks hard samples', async (t) => {
	const w = await world(t);
	await w.host.receive({ type: 'next', skipped: [],
		source: { purpose: 'train', group: { set: 'math500', level: 2, subject: 'Algebra' } } });
	assert.deepEqual(lastOf(w, 'show').progress, { done: 0, left: 2, scope: 'math500, level 2, Algebra' });
	await w.host.receive({ type: 'next', skipped: [],
		source: { purpose: 'train', group: { set: 'math500', level: 1 } } });
	assert.deepEqual(lastOf(w, 'empty').progress, { done: 0, left: 0, scope: 'math500, level 1' });
	await w.host.receive({ type: 'next', skipped: [], source: { purpose: 'eval' } });
	const show = lastOf(w, 'show');
	assert.equal(show.sample.sampleId, w.ids.hard);
	assert.equal(show.sample.purpose, 'eval');
	assert.deepEqual(show.progress, { done: 0, left: 1, scope: 'hard problems' });
});

test('a restored panel resumes on its sample; a pending intent wins over it', async (t) => {
	const w = await world(t);
	const resume = { source: { purpose: 'train' }, sampleId: w.ids.right, purpose: 'train', skipped: [] };
	await w.host.receive({ type: 'ready', resume });
	assert.equal(lastOf(w, 'show').sample.sampleId, w.ids.right);
	w.host.setPending({ kind: 'sample', sampleId: w.ids.hard, purpose: 'eval',
		source: { purpose: 'eval' } });
	await w.host.receive({ type: 'ready', resume });
	assert.equal(lastOf(w, 'show').sample.sampleId, w.ids.hard);
	await w.host.receive({ type: 'ready', resume: { ...resume, sampleId: 999 } });
	assert.match(lastOf(w, 'notice').text, /Sample 999 is not in the label database/);
	assert.equal(lastOf(w, 'show').sample.sampleId, w.ids.wrong, 'the queue takes over');
});
