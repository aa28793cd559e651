/**
 * The model recipes cannot rot unseen: a smoke build (tiny data, a few
 * training steps, export) runs here, its folders load and run through the
 * product's engine like the shipped models, and the default external
 * trainer fine-tunes the smoke PRM from stored labels end to end.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { EngineClient } from '../../src/engine/client';
import { Engine } from '../../src/engine/engine';
import { openStore } from '../../src/store/store';
import { adoptTrainedFolder, defaultTrainer, prepareTrainerJob, runTrainer } from '../../src/train/externalTrainer';
import { activePrm } from '../../src/train/versions';
import { ROOT, WORKER } from './helpers/models';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const torch = existsSync(python)
	&& spawnSync(python, ['-c', 'import torch, onnx'], { encoding: 'utf8' }).status === 0;
// .ci/run installs Debian's python3-torch; a machine without it skips, saying so.
const skip = torch ? false : `${python} cannot import torch and onnx (apt-get install python3-torch python3-onnx)`;
const out = mkdtempSync(join(tmpdir(), 'stepwise-smoke-'));

before(() => {
	if (skip) {
		return;
	}
	const r = spawnSync('bash', [join(ROOT, 'models', 'recipes', 'build.sh'), '--smoke', out], {
		encoding: 'utf8', env: { ...process.env, PYTHON: python },
	});
	assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
}, { timeout: 600_000 });

test('a smoke build of the recipes loads and runs through the engine', { skip }, async () => {
	const engine = new Engine();
	const loaded = await engine.load({
		generatorPath: join(out, 'stepwise-gen-tiny'),
		prmPath: join(out, 'stepwise-prm-tiny'),
		provider: 'cpu',
	});
	assert.equal(loaded.prm?.family, 'value-head');
	const g = await engine.generate({
		problem: 'Start at 5; + 3. What is the result?', n: 2, maxNewTokens: 20,
		temperature: 1, topK: 0, topP: 1, seed: 1,
	}, { isCancelled: () => false, progress: () => undefined });
	assert.equal(g.samples.length, 2);
	const s = await engine.score({ problem: 'Start at 5; + 3.', solutions: [['5 + 3 = 8', 'The answer is \\boxed{8}.']] });
	assert.equal(s.scores[0].length, 2);
	assert.ok(s.scores[0].every((x) => x.p > 0 && x.p < 1));
	await engine.dispose();
});

test('the default trainer fine-tunes the PRM from stored easy labels and the result is adopted', { skip, timeout: 600_000 }, async () => {
	const base = join(out, 'stepwise-prm-tiny');
	// The export leaves the PyTorch weights beside the graph for this trainer.
	assert.ok(existsSync(join(base, 'pytorch_model.pt')));
	const store = await openStore(join(out, 'labels.db'));
	const client = new EngineClient(WORKER);
	try {
		for (let i = 0; i < 12; i++) {
			const key = { set: 'fixture', uid: `p${i}` };
			const wrong = i % 3 === 0;
			const steps = [`${i} + 2 = ${i + 2}`, `${i + 2} * 3 = ${(i + 2) * 3 + (wrong ? 1 : 0)}`];
			await store.upsertProblems([{ ...key, problem: `Start at ${i}; + 2; * 3.`, answer: '0', subject: 'A', level: 2 }]);
			const id = await store.addSample({ problem: key, generator: 'f', text: steps.join('\n'), steps, answer: null, settings: {}, seed: null });
			await store.setLabel({ sampleId: id, idx: 0, rating: 1, labeler: 'c', purpose: 'train' });
			await store.setLabel({ sampleId: id, idx: 1, rating: wrong ? -1 : 1, labeler: 'c', purpose: 'train' });
			await store.finishSolution({ sampleId: id, labeler: 'c', purpose: 'train', totalTimeMs: 1, reason: wrong ? 'found_error' : 'solution' });
		}
		const job = await prepareTrainerJob(store, {
			trainer: [...defaultTrainer(ROOT), '--steps', '3', '--batch', '4'],
			basePath: base, versionsDir: join(out, 'versions'), easyMaxLevel: 3,
		});
		const progress: number[] = [];
		let log = '';
		const code = await runTrainer(job, {
			onOutput: (t) => { log += t; },
			onProgress: (p) => { if (p.progress !== undefined) { progress.push(p.progress); } },
		});
		assert.equal(code, 0, log);
		assert.equal(progress[progress.length - 1], 1);
		const load = { prmPath: base, provider: 'cpu' as const };
		await client.load(load);
		const r = await adoptTrainedFolder(client, store, {
			job, load, rootPath: base, currentPath: base, easyMaxLevel: 3, seed: 1, valFraction: 0.5,
		});
		assert.equal((await activePrm(store, base)).path, job.outDir);
		assert.deepEqual((r.version.provenance as { trainer: string[] }).trainer, job.argv);
		const s = await client.request('score', { problem: 'Start at 1; + 2.', solutions: [['1 + 2 = 3']] });
		assert.equal(s.scores[0].length, 1);
	} finally {
		await client.dispose();
		await store.close();
	}
});

test('the checker names the first wrong step of each kind', { skip }, () => {
	// Worked by hand: 37 + 8 = 45, 45 - 3 = 42, 42 + 5 = 47.
	const right = ['37 + 8 = 45', '45 - 3 = 42', '42 + 5 = 47'];
	const cases: [string[], string, number][] = [
		[[...right, 'The answer is \\boxed{47}.'], 'none', 3],
		[['37 + 8 = 46'], 'arithmetic', 0],
		[['37 + 8 = 45', '44 - 3 = 41'], 'copy', 1],
		[['37 + 8 = 45', '45 + 5 = 50'], 'skip', 1],
		[['37 + 8 = 45', '45 - 3 = 42', '42 - 3 = 39'], 'repeat', 2],
		[['37 - 8 = 29'], 'operation', 0],
		[['37 + 8 = 45', 'The answer is \\boxed{45}.'], 'early', 1],
		[[...right, 'The answer is \\boxed{48}.'], 'answer', 3],
		[[...right, '47 + 1 = 48'], 'extra', 3],
		[['37 plus 8'], 'format', 0],
		[['37 + 8 = 45'], 'unfinished', 1],
	];
	const code = [
		'import json, sys, curriculum as c',
		'p = "Start at 37; + 8; - 3; + 5. What is the result?"',
		'out = [[*c.first_error(p, s), c.check_steps(p, s)] for s in json.load(sys.stdin)]',
		'print(json.dumps(out))',
	].join('\n');
	const r = spawnSync(python, ['-c', code], {
		cwd: join(ROOT, 'models', 'recipes'), input: JSON.stringify(cases.map((c) => c[0])), encoding: 'utf8',
	});
	assert.equal(r.status, 0, r.stderr);
	const got = JSON.parse(r.stdout) as [string, number, number[]][];
	cases.forEach(([steps, kind, at], i) => {
		assert.deepEqual(got[i].slice(0, 2), [kind, at], steps.join(' / '));
		// The rating path agrees: a -1 exactly at the first error, if any.
		const ratings = got[i][2];
		const wrong = kind !== 'none' && kind !== 'unfinished';
		assert.equal(ratings.indexOf(-1), wrong ? at : -1, steps.join(' / '));
	});
});

test('the error analysis runs on the smoke models and its rates agree with each other', { skip, timeout: 300_000 }, () => {
	const json = join(out, 'analysis.json');
	const r = spawnSync(python, [join(ROOT, 'models', 'recipes', 'analyze.py'),
		'--gen', join(out, 'gen.pt'), '--prm', join(out, 'prm.pt'),
		'--data', join(out, 'data', 'train.jsonl'), '--levels', '1,4', '--limit', '5', '--n', '3',
		'--out', json], { encoding: 'utf8', env: { ...process.env, STEPWISE_THREADS: '1' } });
	assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
	const a = JSON.parse(readFileSync(json, 'utf8')) as {
		problems: number; percent: Record<string, number>; first_errors: Record<string, number>;
	};
	// --limit is per level: five of level 1 and five of level 4.
	assert.equal(a.problems, 10);
	const samples = Object.values(a.first_errors).reduce((s, v) => s + v, 0);
	assert.equal(samples, 10 * 3);
	const p = a.percent;
	// A fully right sample boxes the right answer, and no vote can pick an
	// answer that no sample gave.
	assert.ok(p.process_pass <= p.pass);
	for (const k of ['majority', 'weighted', 'best_of_n', 'ceiling_local', 'ceiling_all']) {
		assert.ok(p[k] >= 0 && p[k] <= p.pass, `${k} ${p[k]} > pass ${p.pass}`);
	}
	// A file that is not the curriculum is refused in one line, not a traceback.
	const bad = spawnSync(python, [join(ROOT, 'models', 'recipes', 'analyze.py'),
		'--gen', join(out, 'gen.pt'), '--data', join(ROOT, 'README.md')], { encoding: 'utf8' });
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /README\.md: not a curriculum jsonl file/);
	assert.doesNotMatch(bad.stderr, /Traceback/);
});
