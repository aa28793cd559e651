/**
 * The `stepwise` command as a user runs it: the built dist/cli.js in a
 * child process, a real database file, the shipped models.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/store';
import { ROOT } from './helpers/models';

const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
	const r = spawnSync(process.execPath, [CLI, ...args], {
		input: opts.input, encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: 120_000,
	});
	return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp(): string {
	return mkdtempSync(join(tmpdir(), 'stepwise-cli-'));
}

test('generate --json prints steps with scores and stores the samples', async () => {
	const db = join(tmp(), 'labels.db');
	const r = run(['generate', 'test/algebra/1214.json', '-n', '2', '--seed', '7',
		'--max-new-tokens', '80', '--json'], { env: { STEPWISE_DB: db } });
	assert.equal(r.code, 0, r.err);
	const out = JSON.parse(r.out);
	assert.deepEqual(out.problem, { set: 'math500', uid: 'test/algebra/1214.json', level: 1 });
	assert.equal(out.samples.length, 2);
	// A sample the model ended at once has no steps and is not stored.
	const kept = out.samples.filter((s: { id: number | null }) => s.id !== null);
	for (const s of out.samples) {
		assert.equal(s.id === null, s.steps.length === 0);
		for (const st of s.steps) {
			assert.ok(st.p >= 0 && st.p <= 1);
		}
	}
	const store = await openStore(db);
	const rows = await store.listSamples({ set: 'math500', uid: 'test/algebra/1214.json' });
	assert.deepEqual(rows.map((x) => x.id).sort(), kept.map((s: { id: number }) => s.id).sort());
	for (const s of kept) {
		const stored = await store.getSample(s.id);
		assert.deepEqual(stored!.steps.map((x) => x.text), s.steps.map((x: { text: string }) => x.text));
		const scores = await store.getStepScores(s.id, 'stepwise-prm-tiny');
		assert.deepEqual(scores.map((x) => x.p), s.steps.map((x: { p: number }) => x.p));
	}
	await store.close();
});

test('the same seed gives the same samples; --db beats STEPWISE_DB', () => {
	const a = run(['generate', 'Compute 3 + 4 * 5.', '-n', '2', '--seed', '3', '--json', '--no-store']);
	const dir = tmp();
	const b = run(['generate', 'Compute 3 + 4 * 5.', '-n', '2', '--seed', '3', '--json',
		'--db', join(dir, 'a.db')], { env: { STEPWISE_DB: join(dir, 'missing', 'x') } });
	assert.equal(a.code, 0, a.err);
	assert.equal(b.code, 0, b.err);
	const texts = (o: string) => JSON.parse(o).samples.map((s: { steps: unknown }) => s.steps);
	assert.deepEqual(texts(a.out), texts(b.out));
});

test('score FILE scores each step of a written solution', () => {
	const file = join(tmp(), 'mine.md');
	writeFileSync(file, 'Problem: Compute 12 + 7 * 3.\n\n7 * 3 = 21\n12 + 21 = 33\nThe answer is \\boxed{33}.\n');
	const r = run(['score', file, '--json']);
	assert.equal(r.code, 0, r.err);
	// No GPU build here is the expected case, not worth a line on stderr.
	assert.equal(r.err, '');
	const out = JSON.parse(r.out);
	assert.deepEqual(out.steps.map((s: { text: string }) => s.text), ['7 * 3 = 21', '12 + 21 = 33', 'The answer is \\boxed{33}.']);
	const prod = out.steps.reduce((acc: number, s: { p: number }) => acc * s.p, 1);
	assert.ok(Math.abs(out.score.product - prod) < 1e-9);
});

test('grade adds "equal" to each jsonl line', () => {
	const input = [
		JSON.stringify({ given: '\\frac{1}{2}', truth: '0.5', id: 1 }),
		JSON.stringify({ given: '(1,2)', truth: '(2,1)' }),
		'not json',
	].join('\n') + '\n';
	const r = run(['grade'], { input });
	assert.equal(r.code, 1, 'a line that cannot be read makes the exit status 1');
	assert.match(r.err, /1 line\(s\) could not be read/);
	const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
	assert.deepEqual(lines[0], { given: '\\frac{1}{2}', truth: '0.5', id: 1, equal: true });
	assert.equal(lines[1].equal, false);
	assert.equal(lines[2].line, 3);
});

test('bad input gives a clear message and a non-zero exit', () => {
	const unknown = run(['frobnicate']);
	assert.equal(unknown.code, 2);
	assert.match(unknown.err, /unknown command "frobnicate"/);
	const badN = run(['generate', 'x', '-n', 'zero']);
	assert.equal(badN.code, 2);
	assert.match(badN.err, /-n must be an integer/);
	const help = run(['score', '--help']);
	assert.equal(help.code, 0);
	assert.match(help.out, /^stepwise score FILE/);
	const noFile = run(['score']);
	assert.equal(noFile.code, 2);
	assert.match(noFile.err, /^stepwise score FILE/);
	const folder = run(['score', tmpdir()]);
	assert.equal(folder.code, 2);
	assert.match(folder.err, /is not a file\. Give the path of a solution file\./);
	const importFolder = run(['import', tmpdir()]);
	assert.equal(importFolder.code, 2);
	assert.match(importFolder.err, /is not a file\. Give the path of a PRM800K \.jsonl file\./);
	const evalSet = run(['eval', '--set', 'nope']);
	assert.equal(evalSet.code, 2);
	assert.match(evalSet.err, /Unknown problem set "nope"; the shipped sets are math500/);
	const glued = join(tmp(), 'glued.md');
	writeFileSync(glued, 'Problem: Compute 1 + 1.\n1 + 1 = 2\n');
	const noSteps = run(['score', glued]);
	assert.equal(noSteps.code, 2);
	assert.match(noSteps.err, /has no solution steps\. The "Problem:" paragraph ends at the first blank line/);
	const empty = run(['generate', ' ', '--no-store']);
	assert.equal(empty.code, 2);
	assert.match(empty.err, /The problem is empty/);
	const set = run(['generate', 'x', '--set', 'nope', '--no-store']);
	assert.equal(set.code, 2);
	assert.match(set.err, /Unknown problem set "nope"; the shipped sets are math500/);
	// An id with a typo is refused, not sent to the model as text.
	const typo = run(['generate', 'algebra/1214', '-n', '1', '--no-store']);
	assert.equal(typo.code, 2);
	assert.match(typo.err, /No problem with id algebra\/1214 .*Did you mean test\/algebra\/1214\.json\?/);
	const missing = run(['generate', 'algebra/99999', '-n', '1', '--no-store']);
	assert.equal(missing.code, 2);
	assert.match(missing.err, /No problem with id algebra\/99999 .*Give a shipped problem id/);
	const dir = tmp();
	const corrupt = join(dir, 'bad.db');
	writeFileSync(corrupt, 'this is not a database '.repeat(100));
	const r = run(['generate', 'test/algebra/1214.json', '-n', '1', '--max-new-tokens', '5', '--db', corrupt]);
	assert.equal(r.code, 1);
	assert.ok(r.err.includes(corrupt), r.err);
	const missingModel = run(['score', join(dir, 'bad.db'), '--prm', join(dir, 'nope')]);
	assert.equal(missingModel.code, 1);
	assert.match(missingModel.err, /model folder not found/);
});

test('without --seed a second run on a stored problem draws new solutions', async () => {
	const db = join(tmp(), 'seeds.db');
	const args = ['generate', 'test/algebra/1214.json', '-n', '2', '--temperature', '1',
		'--max-new-tokens', '60', '--min-new-tokens', '20', '--json', '--db', db];
	const first = run(args);
	const second = run(args);
	assert.equal(first.code, 0, first.err);
	assert.equal(second.code, 0, second.err);
	const store = await openStore(db);
	const rows = await store.listSamples({ set: 'math500', uid: 'test/algebra/1214.json' });
	await store.close();
	// the first run takes the default seed, the second the next one
	assert.deepEqual(rows.map((x) => x.seed), [1234, 1234, 1235, 1235]);
	const texts = (r: { out: string }) => JSON.parse(r.out).samples
		.map((s: { steps: { text: string }[] }) => s.steps.map((x) => x.text).join('\n'));
	assert.notDeepEqual(texts(first), texts(second));
	// an explicit seed is taken as given
	const again = run([...args, '--seed', '1234', '--no-store']);
	assert.deepEqual(texts(again), texts(first));
});

test('retrain keeps the old PRM active when the new one ranks worse', async () => {
	const dir = tmp();
	const db = join(dir, 'r.db');
	const labels = join(dir, 'labels.jsonl');
	const lines = readFileSync(join(ROOT, 'data', 'curriculum', 'prm-labels-easy.jsonl'), 'utf8').split('\n');
	writeFileSync(labels, lines.slice(0, 300).join('\n') + '\n');
	assert.equal(run(['import', labels, '--db', db]).code, 0);
	// a trainer whose model says 0.5 for every step: AUC 0.5 by ties
	const trainer = join(dir, 'flat.cjs');
	writeFileSync(trainer, `
const fs = require('fs'), path = require('path');
const arg = (k) => process.argv[process.argv.indexOf(k) + 1];
const base = arg('--base'), out = arg('--out');
fs.cpSync(base, out, { recursive: true });
const hidden = JSON.parse(fs.readFileSync(path.join(base, 'config.json'), 'utf8')).hidden_size;
const file = path.join(out, 'stepwise-prm.json');
const adapter = JSON.parse(fs.readFileSync(file, 'utf8'));
adapter.head = { weights: new Array(hidden).fill(0), bias: 0 };
fs.writeFileSync(file, JSON.stringify(adapter));
`);
	const args = ['retrain', '--mode', 'external', '--trainer', JSON.stringify([process.execPath, trainer]),
		'--db', db, '--json'];
	const worse = run(args);
	assert.equal(worse.code, 0, worse.err);
	const w = JSON.parse(worse.out);
	assert.ok(w.before.auc > 0.5, `the shipped PRM ranks these labels (AUC ${w.before.auc})`);
	assert.equal(w.after.auc, 0.5);
	assert.equal(w.active, false);
	const listed = JSON.parse(run(['retrain', '--list', '--db', db, '--json']).out);
	const active = listed.filter((x: { active: boolean }) => x.active);
	assert.equal(active.length, 1);
	assert.equal(active[0].parentId, null, 'the base PRM stays in use');
	// --keep-worse takes it anyway
	const kept = JSON.parse(run([...args, '--keep-worse']).out);
	assert.equal(kept.active, true);
	const after = JSON.parse(run(['retrain', '--list', '--db', db, '--json']).out);
	assert.equal(after.find((x: { active: boolean }) => x.active).id, kept.version);
});
