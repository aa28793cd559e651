import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { openStore, rankForLabeling } from '../../src/store';
import type { QueueCandidate, Store } from '../../src/store';
import { tempDir } from '../fixtures/store/setup';

const exact = { isCorrect: (a: string, b: string) => a === b, highScore: 0.5 };

function candidate(
	sampleId: number,
	answer: string | null,
	stepP: number[] | null,
	extra: Partial<QueueCandidate> = {},
): QueueCandidate {
	return { sampleId, answer, truth: '5', stepP, started: false, ...extra };
}

test('rankForLabeling: started, convincing wrong, uncertain, unscored', () => {
	const ranked = rankForLabeling([
		candidate(1, '5', null),
		candidate(2, '4', [0.9, 0.9]), // wrong, score 0.81
		candidate(3, '5', [0.9, 0.45]), // right, margin 0.05
		candidate(4, '4', [0.7, 0.8]), // wrong, score 0.56
		candidate(5, '4', [0.6, 0.6]), // wrong but score 0.36 is low: margin 0.1
		candidate(6, '5', [1, 1], { started: true }),
		candidate(7, null, [0.8, 0.9]), // no answer counts as wrong: score 0.72
		candidate(8, '4', [0.9, 0.9], { truth: null }), // unknown truth: margin 0.4
		candidate(9, '5', []),
	], exact);
	assert.deepEqual(ranked.map((r) => [r.sampleId, r.reason]), [
		[6, 'started'],
		[2, 'convincing-wrong'],
		[7, 'convincing-wrong'],
		[4, 'convincing-wrong'],
		[3, 'uncertain'],
		[5, 'uncertain'],
		[8, 'uncertain'],
		[1, 'unscored'],
		[9, 'unscored'],
	]);
	const two = ranked.find((r) => r.sampleId === 2);
	assert.ok(Math.abs((two?.solutionScore ?? 0) - 0.81) < 1e-12);
	assert.ok(Math.abs((two?.minMargin ?? 0) - 0.4) < 1e-12);
	assert.equal(ranked.find((r) => r.sampleId === 1)?.solutionScore, null);
});

test('rankForLabeling breaks ties by sample id and uses the given grader', () => {
	const ties = rankForLabeling([
		candidate(30, '5', [0.6]),
		candidate(10, '5', [0.4]),
		candidate(20, '5', [0.6]),
	], exact);
	assert.deepEqual(ties.map((r) => r.sampleId), [10, 20, 30]);
	// A grader that accepts "5.0" for "5" moves sample 2 out of the wrong group.
	const lenient = {
		isCorrect: (a: string, b: string) => Number(a) === Number(b),
		highScore: 0.5,
	};
	const graded = rankForLabeling([candidate(1, '4', [0.8]), candidate(2, '5.0', [0.9])], lenient);
	assert.deepEqual(graded.map((r) => [r.sampleId, r.reason]), [
		[1, 'convincing-wrong'],
		[2, 'uncertain'],
	]);
});

async function fixture(file: string): Promise<{ store: Store; ids: Record<string, number> }> {
	const store = await openStore(file);
	await store.upsertProblems([
		{ set: 's', uid: 'A', problem: 'A?', answer: '5', subject: 'Algebra', level: 1 },
		{ set: 's', uid: 'B', problem: 'B?', answer: '7', subject: 'Algebra', level: 2 },
		{ set: 's', uid: 'C', problem: 'C?', answer: '1', subject: 'Geometry', level: 4 },
	]);
	await store.importPrm800k(JSON.stringify({
		labeler: 'someone', timestamp: 't0', generation: null,
		is_quality_control_question: false, is_initial_screening_question: false,
		question: { problem: 'Unknown level?', ground_truth_answer: '2' },
		label: {
			steps: [{
				completions: [{ text: 'x', rating: 1, flagged: false }],
				human_completion: null,
				chosen_completion: 0,
			}],
			total_time: 1,
			finish_reason: 'solution',
		},
	}));
	const ids: Record<string, number> = {};
	const add = async (name: string, uid: string, answer: string | null, p: number[] | null) => {
		const steps = (p ?? [0]).map((_, i) => `${name} step ${i}`);
		ids[name] = await store.addSample({
			problem: { set: 's', uid },
			generator: 'g',
			text: steps.join('\n'),
			steps,
			answer,
			settings: {},
			seed: null,
			scores: p
				? { prmId: 'prm-1', scores: p.map((x) => ({ p: x, raw: 0, how: 't' })) }
				: undefined,
		});
	};
	await add('s1', 'A', '5', [0.9, 0.6]); // right; margin 0.1
	await add('s2', 'A', '6', [0.95, 0.9]); // wrong; score 0.855
	await add('s3', 'B', '8', [0.7, 0.8]); // wrong; score 0.56
	await add('s4', 'B', '7', [0.52, 0.99]); // right; margin 0.02
	await add('s5', 'B', null, null); // unscored
	await add('s6', 'A', '6', [0.3, 0.5]); // wrong but score 0.15; margin 0
	await add('s7', 'C', '9', [0.99, 0.99]); // hard problem: never queued
	await add('s9', 'A', '5', [0.5, 0.5]); // finished by ann below
	await add('s10', 'B', '7', [0.9, 0.9]); // started by ann below
	await store.setLabel({ sampleId: ids.s9, idx: 0, rating: 1, labeler: 'ann', purpose: 'train' });
	await store.finishSolution({
		sampleId: ids.s9, labeler: 'ann', purpose: 'train', reason: 'solution', totalTimeMs: 9,
	});
	await store.setLabel({
		sampleId: ids.s10, idx: 0, rating: 1, labeler: 'ann', purpose: 'train',
	});
	return { store, ids };
}

test('nextForLabeling orders easy unlabeled samples and counts progress', async (t) => {
	const { store, ids } = await fixture(path.join(tempDir(t), 'q.db'));
	const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
	const queue = await store.nextForLabeling({
		labeler: 'ann', easyMaxLevel: 3, limit: 10, prmId: 'prm-1',
	});
	assert.deepEqual(queue.items.map((i) => names[i.sampleId]), [
		's10', 's2', 's3', 's6', 's4', 's1', 's5',
	]);
	assert.deepEqual(queue.items.map((i) => i.reason), [
		'started', 'convincing-wrong', 'convincing-wrong', 'uncertain', 'uncertain', 'uncertain',
		'unscored',
	]);
	assert.equal(queue.done, 1);
	assert.equal(queue.left, 7);
	assert.deepEqual(queue.items[1].problem, { set: 's', uid: 'A' });
	assert.equal(queue.items[1].truth, '5');
	assert.equal(queue.items[1].level, 1);

	const top2 = await store.nextForLabeling({
		labeler: 'ann', easyMaxLevel: 3, limit: 2, prmId: 'prm-1',
	});
	assert.deepEqual(top2.items.map((i) => names[i.sampleId]), ['s10', 's2']);
	assert.equal(top2.left, 7);

	// For another labeler nothing is started or done, so s9 joins and s10 is ranked by score.
	const bob = await store.nextForLabeling({
		labeler: 'bob', easyMaxLevel: 3, limit: 10, prmId: 'prm-1',
	});
	assert.deepEqual(bob.items.map((i) => names[i.sampleId]), [
		's2', 's3', 's6', 's9', 's4', 's1', 's10', 's5',
	]);
	assert.deepEqual([bob.done, bob.left], [0, 8]);
	await store.close();
});

test('nextForLabeling without a PRM, with a grader, and with a lower easy level', async (t) => {
	const { store, ids } = await fixture(path.join(tempDir(t), 'q.db'));
	const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
	const plain = await store.nextForLabeling({ labeler: 'ann', easyMaxLevel: 3, limit: 10 });
	assert.deepEqual(plain.items.map((i) => names[i.sampleId]), [
		's10', 's1', 's2', 's3', 's4', 's5', 's6',
	]);
	const allRight = await store.nextForLabeling({
		labeler: 'ann', easyMaxLevel: 3, limit: 10, prmId: 'prm-1', isCorrect: () => true,
	});
	// Margins: s6 0, s4 0.02, s1 0.1, s3 0.2, s2 0.4.
	assert.deepEqual(allRight.items.map((i) => names[i.sampleId]), [
		's10', 's6', 's4', 's1', 's3', 's2', 's5',
	]);
	const levelOne = await store.nextForLabeling({
		labeler: 'ann', easyMaxLevel: 1, limit: 10, prmId: 'prm-1',
	});
	assert.deepEqual(levelOne.items.map((i) => names[i.sampleId]), ['s2', 's6', 's1']);
	assert.deepEqual([levelOne.done, levelOne.left], [1, 3]);
	await store.close();
});
