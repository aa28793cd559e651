import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLogistic, solveSpd } from '../../src/core/logistic';
import { auc, rankedWorse, stepMetrics } from '../../src/core/stepMetrics';

test('Cholesky solve of a 2x2 system', () => {
	// [[4, 2], [2, 3]] x = [2, 1]  ->  x = [0.5, 0].
	const x = solveSpd(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
	assert.ok(Math.abs(x[0] - 0.5) < 1e-12 && Math.abs(x[1]) < 1e-12);
});

test('AUC: perfect, reversed, chance-by-ties, and the Mann-Whitney count', () => {
	assert.equal(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
	assert.equal(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
	assert.equal(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
	// Pairs (pos, neg): (0.6 > 0.3), (0.6 < 0.7), (0.9 > 0.3), (0.9 > 0.7): 3 of 4.
	assert.equal(auc([0.3, 0.6, 0.7, 0.9], [0, 1, 0, 1]), 0.75);
	assert.equal(auc([0.1, 0.2], [1, 1]), undefined);
});

test('accuracy, calibration error and log loss by hand', () => {
	const m = stepMetrics([0.9, 0.8, 0.3, 0.6], [1, 0, 0, 1]);
	assert.equal(m.accuracy, 0.75);
	// Bins: 0.9 -> |0.9-1|, 0.8 -> |0.8-0|, 0.3 -> |0.3-0|, 0.6 -> |0.6-1|: (0.1+0.8+0.3+0.4)/4.
	assert.ok(Math.abs(m.ece - 0.4) < 1e-12);
	const ll = -(Math.log(0.9) + Math.log(0.2) + Math.log(0.7) + Math.log(0.6)) / 4;
	assert.ok(Math.abs(m.logLoss - ll) < 1e-12);
	assert.equal(m.positiveRate, 0.5);
});

test('logistic regression recovers a known separator and improves on a weakened one', () => {
	// Labels drawn from p = sigmoid(2 x0 - 3 x1 + 0.5), a fixed seed.
	let s = 12345;
	const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	const xs: Float32Array[] = [];
	const ys: number[] = [];
	for (let i = 0; i < 4000; i++) {
		const x = Float32Array.of(rand() * 4 - 2, rand() * 4 - 2);
		const p = 1 / (1 + Math.exp(-(2 * x[0] - 3 * x[1] + 0.5)));
		xs.push(x);
		ys.push(rand() < p ? 1 : 0);
	}
	const fit = fitLogistic(xs, ys, { l2: 1e-6 });
	assert.ok(Math.abs(fit.weights[0] - 2) < 0.3, `w0 ${fit.weights[0]}`);
	assert.ok(Math.abs(fit.weights[1] + 3) < 0.4, `w1 ${fit.weights[1]}`);
	assert.ok(Math.abs(fit.bias - 0.5) < 0.25, `b ${fit.bias}`);
	const score = (w: number[], b: number) => xs.map((x) => 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + b))));
	const weak = stepMetrics(score([0.1, 0.1], 0), ys);
	const refit = stepMetrics(score(fit.weights, fit.bias), ys);
	assert.ok(refit.auc! > weak.auc! + 0.2);
	assert.ok(refit.logLoss < weak.logLoss);
});

test('rankedWorse: a lower or lost AUC is worse; no AUC before decides nothing', () => {
	const m = (auc?: number) => ({ n: 10, positiveRate: 0.5, auc, accuracy: 0.5, ece: 0, logLoss: 0.7 });
	assert.equal(rankedWorse(m(0.8), m(0.79)), true);
	assert.equal(rankedWorse(m(0.8), m(0.8)), false);
	assert.equal(rankedWorse(m(0.8), m(0.9)), false);
	assert.equal(rankedWorse(m(0.8), m(undefined)), true);
	assert.equal(rankedWorse(m(undefined), m(0.3)), false);
});
