/**
 * Retraining on stored labels, end to end on real parts: a SQLite file
 * with labeled curriculum-style solutions, the shipped PRM with its head
 * deliberately zeroed, the engine worker refitting it, a new version
 * folder that loads and is used.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineClient } from '../../src/engine/client';
import { openStore, type Store } from '../../src/store/store';
import { adoptTrainedFolder } from '../../src/train/externalTrainer';
import { retrainHead } from '../../src/train/retrain';
import { activePrm } from '../../src/train/versions';
import { copyModel, PRM, WORKER } from './helpers/models';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-retrain-'));
const hidden = JSON.parse(readFileSync(join(PRM, 'config.json'), 'utf8')).hidden_size as number;
const adapter = JSON.parse(readFileSync(join(PRM, 'stepwise-prm.json'), 'utf8'));
// A head that says 0.5 to everything: AUC 0.5 by construction.
const weak = copyModel(PRM, {
	'stepwise-prm.json': JSON.stringify({ ...adapter, head: { weights: new Array(hidden).fill(0), bias: 0 } }),
});
let store: Store;
const client = new EngineClient(WORKER);

/** A seeded solution with an error in some steps; labels by exact arithmetic. */
function fixture(i: number): { problem: string; steps: string[]; ratings: (1 | -1)[] } {
	let s = i * 7919 + 17;
	const rand = (n: number) => ((s = (s * 48271) % 2147483647) % n);
	let v = 5 + rand(40);
	const ops: string[] = [];
	const steps: string[] = [];
	const ratings: (1 | -1)[] = [];
	for (let k = 0; k < 3; k++) {
		const op = ['+', '-', '*'][rand(3)];
		const b = op === '*' ? 2 + rand(4) : 1 + rand(50);
		ops.push(`${op} ${b}`);
		const right = op === '+' ? v + b : op === '-' ? v - b : v * b;
		const wrong = rand(3) === 0;
		const shown = wrong ? right + 1 + rand(9) : right;
		steps.push(`${v} ${op} ${b} = ${shown}`);
		ratings.push(wrong ? -1 : 1);
		if (wrong) {
			break;
		}
		v = right;
	}
	return { problem: `Start at ${steps[0].split(' ')[0]}; ${ops.join('; ')}. What is the result?`, steps, ratings };
}

before(async () => {
	store = await openStore(join(dir, 'labels.db'));
	for (let i = 0; i < 120; i++) {
		const f = fixture(i);
		const key = { set: 'fixture', uid: `p${i}` };
		await store.upsertProblems([{ ...key, problem: f.problem, answer: '0', subject: 'Arithmetic', level: 1 }]);
		const id = await store.addSample({
			problem: key, generator: 'fixture', text: f.steps.join('\n'), steps: f.steps,
			answer: null, settings: {}, seed: null,
		});
		for (const [k, rating] of f.ratings.entries()) {
			await store.setLabel({ sampleId: id, idx: k, rating, labeler: 'checker', purpose: 'train' });
		}
		await store.finishSolution({
			sampleId: id, labeler: 'checker', purpose: 'train', totalTimeMs: 1,
			reason: f.ratings.includes(-1) ? 'found_error' : 'solution',
		});
	}
	await client.load({ prmPath: weak, provider: 'cpu' });
});

after(async () => {
	await client.dispose();
	await store.close();
});

test('refitting a zeroed head on easy labels beats it on held-out problems, and the new version is used', async () => {
	const out = await retrainHead(client, store, {
		rootPath: weak, currentPath: weak, easyMaxLevel: 3,
		versionsDir: join(dir, 'versions'), seed: 1, valFraction: 0.25,
	});
	const r = out.result;
	assert.equal(r.before.auc, 0.5);
	assert.ok(r.val.problems > 10 && r.train.problems > 60, JSON.stringify([r.train, r.val]));
	assert.ok(r.after.auc! > 0.6, `validation AUC after refit ${r.after.auc}`);
	assert.ok(r.after.logLoss < r.before.logLoss);

	const active = await activePrm(store, weak);
	assert.equal(active.path, out.version.path);
	assert.equal(active.version?.parentId !== null, true);
	await client.load({ prmPath: active.path, provider: 'cpu' });
	const f = fixture(3);
	const { scores } = await client.request('score', { problem: f.problem, solutions: [f.steps] });
	assert.ok(scores[0].every((x) => x.p !== 0.5));
	assert.match(scores[0][0].how, /refit head/);
});

test('a broken trainer output folder is refused and the PRM in use stays', async () => {
	const broken = copyModel(PRM, { 'onnx/model.onnx': 'not an onnx graph' });
	const inUse = (await activePrm(store, weak)).path;
	await client.load({ prmPath: inUse, provider: 'cpu' });
	const f = fixture(5);
	const beforeScores = await client.request('score', { problem: f.problem, solutions: [f.steps] });
	await assert.rejects(adoptTrainedFolder(client, store, {
		job: { argv: ['x'], dataFile: 'none', outDir: broken, versionId: 'broken-1' },
		load: { prmPath: inUse, provider: 'cpu' }, rootPath: weak, currentPath: inUse,
		easyMaxLevel: 3, seed: 1, valFraction: 0.25,
	}), /was refused: .*The PRM in use is unchanged/s);
	const afterScores = await client.request('score', { problem: f.problem, solutions: [f.steps] });
	assert.deepEqual(afterScores.scores, beforeScores.scores);
	assert.equal((await activePrm(store, weak)).path, inUse);
	assert.equal(await store.getModelVersion('broken-1'), undefined);
});
