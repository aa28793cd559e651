/**
 * The model recipes cannot rot unseen: a smoke build (tiny data, a few
 * training steps, export) runs here, and its folders load and run through
 * the product's own engine, exactly like the shipped models.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine';
import { ROOT } from './helpers/models';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const torch = existsSync(python)
	&& spawnSync(python, ['-c', 'import torch, onnx'], { encoding: 'utf8' }).status === 0;

test('a smoke build of the recipes loads and runs through the engine', {
	// .ci/run installs Debian's python3-torch; a machine without it skips, saying so.
	skip: torch ? false : `${python} cannot import torch and onnx (apt-get install python3-torch python3-onnx)`,
	timeout: 600_000,
}, async () => {
	const out = mkdtempSync(join(tmpdir(), 'stepwise-smoke-'));
	const r = spawnSync('bash', [join(ROOT, 'models', 'recipes', 'build.sh'), '--smoke', out], {
		encoding: 'utf8', env: { ...process.env, PYTHON: python },
	});
	assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
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
