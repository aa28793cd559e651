import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { openStore, StoreError } from '../../src/store';
import type { Problem } from '../../src/store';
import { rawAll, tempDir } from '../fixtures/store/setup';

const problems: Problem[] = [
	{ set: 'math500', uid: 'u1', problem: 'P1', answer: '1', subject: 'Algebra', level: 1 },
	{ set: 'math500', uid: 'u2', problem: 'P2', answer: '2', subject: 'Algebra', level: 4 },
	{ set: 'curriculum', uid: 'u1', problem: 'C1', answer: '3', subject: 'Geometry', level: 2 },
];

function sample(set: string, uid: string, steps: string[], answer: string | null = null) {
	return {
		problem: { set, uid },
		generator: 'gen-1',
		text: steps.join('\n'),
		steps,
		answer,
		settings: { temperature: 0.8, topP: 0.95 },
		seed: 7,
		finish: 'stop',
	};
}

test('upsertProblems inserts, then updates in place keeping ids', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	assert.equal(await store.upsertProblems(problems), 3);
	const before = await store.getProblem({ set: 'math500', uid: 'u2' });
	await store.upsertProblems([{ ...problems[1], answer: '2.0', level: 5 }]);
	const after = await store.getProblem({ set: 'math500', uid: 'u2' });
	assert.equal(after?.id, before?.id);
	assert.equal(after?.answer, '2.0');
	assert.equal(after?.level, 5);
	assert.equal(after?.solution, null);
	assert.deepEqual((await store.listProblems('math500')).map((p) => p.uid), ['u1', 'u2']);
	assert.equal((await store.listProblems()).length, 3);
	await store.close();
});

test('upsertProblems rejects a bad level and saves nothing of the batch', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	const bad = [problems[0], { ...problems[1], level: 6 }];
	await assert.rejects(store.upsertProblems(bad), (err: unknown) => {
		return err instanceof StoreError && err.kind === 'invalid' && /level 6/.test(err.message);
	});
	assert.deepEqual(await store.listProblems(), []);
	await store.close();
});

test('addSample stores steps, and listSamples filters by set and uid', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	await store.upsertProblems(problems);
	const a = await store.addSample(sample('math500', 'u1', ['One.', 'So 1.'], '1'));
	const b = await store.addSample(sample('math500', 'u2', ['Two.'], null));
	const c = await store.addSample(sample('curriculum', 'u1', ['Three.'], '3'));
	const got = await store.getSample(a);
	assert.deepEqual(got?.steps, [
		{ idx: 0, text: 'One.', author: 'model' },
		{ idx: 1, text: 'So 1.', author: 'model' },
	]);
	assert.equal(got?.answer, '1');
	assert.equal(got?.finish, 'stop');
	assert.deepEqual(got?.settings, { temperature: 0.8, topP: 0.95 });
	assert.deepEqual((await store.listSamples()).map((s) => s.id), [a, b, c]);
	assert.deepEqual((await store.listSamples({ set: 'math500' })).map((s) => s.id), [a, b]);
	assert.deepEqual((await store.listSamples({ uid: 'u1' })).map((s) => s.id), [a, c]);
	const both = await store.listSamples({ set: 'curriculum', uid: 'u1' });
	assert.deepEqual(both.map((s) => s.id), [c]);
	assert.equal(await store.getSample(c + 1), undefined);
	await store.close();
});

test('addSample for an unknown problem or without steps is refused', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	await store.upsertProblems(problems);
	await assert.rejects(
		store.addSample(sample('math500', 'nope', ['x'])),
		/Problem nope of set "math500"/,
	);
	await assert.rejects(store.addSample(sample('math500', 'u1', [])), /no steps/);
	assert.deepEqual(await store.listSamples(), []);
	await store.close();
});

test('step scores are kept per PRM version', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	await store.upsertProblems(problems);
	const id = await store.addSample(sample('math500', 'u1', ['a', 'b']));
	const v1 = [
		{ p: 0.25, raw: -1.0986, how: 'sigmoid(logit)' },
		{ p: 0.75, raw: 1.0986, how: 'sigmoid(logit)' },
	];
	const v2 = [{ p: 0.5, raw: 0, how: 'softmax(+,-)' }, { p: 1, raw: 30, how: 'softmax(+,-)' }];
	await store.setStepScores(id, 'prm-v1', v1);
	await store.setStepScores(id, 'prm-v2', v2);
	assert.deepEqual(await store.getStepScores(id, 'prm-v1'), v1);
	assert.deepEqual(await store.getStepScores(id, 'prm-v2'), v2);
	await store.setStepScores(id, 'prm-v1', [v2[1], v2[0]]);
	assert.deepEqual(await store.getStepScores(id, 'prm-v1'), [v2[1], v2[0]]);
	assert.deepEqual(await store.getStepScores(id, 'prm-v3'), []);
	await assert.rejects(
		store.setStepScores(id, 'prm-v1', [v1[0]]),
		/cover 1 steps but the sample has 2/,
	);
	const tooHigh = [v1[0], { ...v1[1], p: 1.5 }];
	await assert.rejects(store.setStepScores(id, 'prm-v1', tooHigh), /step 2/);
	assert.deepEqual(await store.getStepScores(id, 'prm-v1'), [v2[1], v2[0]]);
	await store.close();
});

test('a 20-step sample with its scores is written in one transaction', async (t) => {
	const statements: string[] = [];
	const file = path.join(tempDir(t), 's.db');
	const store = await openStore(file, { trace: (sql) => statements.push(sql.trim()) });
	await store.upsertProblems(problems);
	statements.length = 0;
	const steps = Array.from({ length: 20 }, (_, i) => `Step ${i + 1}.`);
	const scores = steps.map((_, i) => ({ p: i / 20, raw: i, how: 'test' }));
	const id = await store.addSample({
		...sample('math500', 'u1', steps),
		scores: { prmId: 'prm-a', scores },
	});
	const begins = statements.filter((s) => /^BEGIN/i.test(s));
	const commits = statements.filter((s) => /^COMMIT/i.test(s));
	assert.deepEqual(begins, ['BEGIN IMMEDIATE']);
	assert.deepEqual(commits, ['COMMIT']);
	assert.equal(statements.indexOf('COMMIT'), statements.length - 1);
	assert.equal((await store.getSample(id))?.steps.length, 20);
	assert.deepEqual(await store.getStepScores(id, 'prm-a'), scores);
	await store.close();
	const count = await rawAll<{ n: number }>(file, 'SELECT count(*) AS n FROM step_scores');
	assert.equal(count[0].n, 20);
});

test('a sample whose scores are refused is not stored either', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	await store.upsertProblems(problems);
	const bad = { ...sample('math500', 'u1', ['a', 'b']), scores: { prmId: 'prm-a', scores: [] } };
	await assert.rejects(store.addSample(bad), /cover 0 steps/);
	assert.deepEqual(await store.listSamples(), []);
	await store.close();
});

test('model versions: lineage, one active per kind, metrics', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	await store.addModelVersion({ id: 'prm-0', kind: 'prm', path: '/m/prm-0' });
	await store.addModelVersion({
		id: 'prm-1',
		kind: 'prm',
		path: '/m/prm-1',
		parentId: 'prm-0',
		provenance: { labels: 120, easyMaxLevel: 3 },
	});
	await store.addModelVersion({ id: 'gen-0', kind: 'generator', path: '/m/gen-0' });
	const twin = { id: 'prm-0', kind: 'prm' as const, path: '/x' };
	await assert.rejects(store.addModelVersion(twin), /already/);
	await assert.rejects(
		store.addModelVersion({ id: 'prm-9', kind: 'prm', path: '/x', parentId: 'ghost' }),
		/parent "ghost"/,
	);

	await store.setActiveModel('prm-0');
	await store.setActiveModel('gen-0');
	await store.setActiveModel('prm-1');
	assert.equal((await store.getActiveModel('prm'))?.id, 'prm-1');
	assert.equal((await store.getActiveModel('generator'))?.id, 'gen-0');
	const prms = await store.listModelVersions('prm');
	assert.deepEqual(prms.map((m) => [m.id, m.active, m.parentId]), [
		['prm-0', false, null],
		['prm-1', true, 'prm-0'],
	]);
	assert.deepEqual(prms[1].provenance, { labels: 120, easyMaxLevel: 3 });
	const measured = await store.setModelMetrics('prm-1', { bestOfN: 0.41 });
	assert.deepEqual(measured.metrics, { bestOfN: 0.41 });
	// Rolling back is activating the parent again.
	await store.setActiveModel('prm-0');
	assert.equal((await store.getActiveModel('prm'))?.id, 'prm-0');
	assert.equal((await store.listModelVersions()).length, 3);
	await store.close();
});

test('evaluation runs record one result per (problem, index) and can resume', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	await store.upsertProblems(problems);
	const sampleId = await store.addSample(sample('math500', 'u1', ['a'], '1'));
	const run = await store.createEvalRun({ name: 'math500 N=2', settings: { n: 2 } });
	assert.equal(run.status, 'running');
	await store.putEvalSample({
		runId: run.id, problem: { set: 'math500', uid: 'u1' }, index: 0,
		sampleId, answer: '1', correct: true, details: { prm: 0.9 },
	});
	await store.putEvalSample({
		runId: run.id, problem: { set: 'math500', uid: 'u2' }, index: 1,
		sampleId: null, answer: null, correct: null,
	});
	await store.putEvalSample({
		runId: run.id, problem: { set: 'math500', uid: 'u1' }, index: 0,
		sampleId, answer: '1', correct: false,
	});
	const rows = await store.listEvalSamples(run.id);
	assert.deepEqual(rows.map((r) => [r.problem.uid, r.index, r.correct, r.sampleId]), [
		['u1', 0, false, sampleId],
		['u2', 1, null, null],
	]);
	assert.deepEqual(rows[0].details, {});
	const done = await store.setEvalRunStatus(run.id, 'done');
	assert.equal(done.status, 'done');
	assert.deepEqual((await store.listEvalRuns()).map((r) => r.name), ['math500 N=2']);
	await assert.rejects(store.setEvalRunStatus(run.id + 1, 'done'), /Evaluation run/);
	await store.close();
});

test('countLabels groups samples by set, level and subject', async (t) => {
	const store = await openStore(path.join(tempDir(t), 's.db'));
	await store.upsertProblems(problems);
	const a = await store.addSample(sample('math500', 'u1', ['a']));
	await store.addSample(sample('math500', 'u1', ['b']));
	const c = await store.addSample(sample('math500', 'u2', ['c']));
	await store.addSample(sample('curriculum', 'u1', ['d']));
	await store.finishSolution({
		sampleId: a, labeler: 'ann', purpose: 'train', reason: 'solution', totalTimeMs: 5,
	});
	await store.finishSolution({
		sampleId: c, labeler: 'bob', purpose: 'eval', reason: 'found_error', totalTimeMs: 5,
	});
	const all = await store.countLabels();
	assert.deepEqual(all.map((r) => [r.set, r.level, r.subject, r.samples, r.labeled]), [
		['curriculum', 2, 'Geometry', 1, 0],
		['math500', 1, 'Algebra', 2, 1],
		['math500', 4, 'Algebra', 1, 1],
	]);
	const ann = await store.countLabels({ labeler: 'ann' });
	assert.deepEqual(ann.map((r) => r.labeled), [0, 1, 0]);
	await store.close();
});
