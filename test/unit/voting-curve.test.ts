import assert from 'node:assert/strict';
import { test } from 'node:test';

import { mulberry32, type ScoredSolution, subsetAccuracyCurve } from '../../src/core/voting';

function pool(answers: (string | null)[], correct: boolean[], scores: number[]): ScoredSolution[] {
	return answers.map((answer, k) => ({ answer, correct: correct[k], score: scores[k] }));
}

test('mulberry32 gives the published sequence for a seed', () => {
	// From a separate implementation of the algorithm with 32-bit arithmetic.
	const r = mulberry32(42);
	assert.equal(r(), 0.6011037519201636);
	assert.equal(r(), 0.44829055899754167);
	assert.equal(r(), 0.8524657934904099);
	assert.equal(mulberry32(0)(), 0.26642920868471265);
});

test('mulberry32 stays in [0, 1) and averages 1/2', () => {
	const r = mulberry32(7);
	let sum = 0;
	const n = 100_000;
	for (let k = 0; k < n; k++) {
		const x = r();
		assert.ok(x >= 0 && x < 1);
		sum += x;
	}
	// The mean of n uniforms has a spread of 0.29 / sqrt(n) = 0.0009.
	assert.ok(Math.abs(sum / n - 0.5) < 0.01);
});

test('N runs over the powers of two up to the smallest pool', () => {
	const always = pool(['1', '1', '1', '1', '1', '1'], [true, true, true, true, true, true],
		[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
	const never = pool(['2', '2', '2', '2', '2'], [false, false, false, false, false],
		[0.5, 0.5, 0.5, 0.5, 0.5]);
	const curve = subsetAccuracyCurve([always, never], { subsets: 10 });
	assert.deepEqual(curve.map((p) => p.n), [1, 2, 4]);
	// One problem is always right, the other always wrong, whatever the subset.
	for (const point of curve) {
		for (const method of [point.majority, point.weighted, point.bestOfN]) {
			assert.deepEqual(method, { mean: 0.5, std: 0 });
		}
	}
});

test('on the whole pool each method gives its own fixed answer', () => {
	// Majority: three 7s beat two 5s. Weighted: 5 has 0.9 + 0.8 = 1.7 against 0.4.
	// Best-of-N: the top score 0.9 is a 5. Only 5 is right.
	const solutions = pool(['5', '5', '7', '7', '7'], [true, true, false, false, false],
		[0.9, 0.8, 0.1, 0.2, 0.1]);
	const [point] = subsetAccuracyCurve([solutions], { sizes: [5], subsets: 20 });
	assert.deepEqual(point, {
		n: 5,
		majority: { mean: 0, std: 0 },
		weighted: { mean: 1, std: 0 },
		bestOfN: { mean: 1, std: 0 },
	});
});

test('bestOfNScore overrides the score for best-of-N only', () => {
	const solutions = pool(['5', '5', '7', '7', '7'], [true, true, false, false, false],
		[0.9, 0.8, 0.1, 0.2, 0.1]).map((s, k) => ({ ...s, bestOfNScore: k === 2 ? 0.95 : 0.1 }));
	const [point] = subsetAccuracyCurve([solutions], { sizes: [5], subsets: 3 });
	assert.equal(point.weighted.mean, 1);
	assert.equal(point.bestOfN.mean, 0);
});

test('subsets keep pool order, so ties break the same way every time', () => {
	// A tie between 7 (first) and 5: every method picks 7, which is wrong.
	const solutions = pool(['7', '5'], [false, true], [0.5, 0.5]);
	const [point] = subsetAccuracyCurve([solutions], { sizes: [2], subsets: 50, seed: 3 });
	assert.deepEqual([point.majority, point.weighted, point.bestOfN], [
		{ mean: 0, std: 0 },
		{ mean: 0, std: 0 },
		{ mean: 0, std: 0 },
	]);
});

test('with N = 1 every method takes the one drawn solution', () => {
	const solutions = pool(['1', '2'], [true, false], [0.1, 0.9]);
	const [point] = subsetAccuracyCurve([solutions], { sizes: [1], subsets: 2000, seed: 11 });
	assert.deepEqual(point.weighted, point.majority);
	assert.deepEqual(point.bestOfN, point.majority);
	const m = point.majority.mean;
	// Each draw scores 0 or 1, so the spread is sqrt(m (1 - m)).
	assert.ok(Math.abs(point.majority.std - Math.sqrt(m * (1 - m))) < 1e-12);
	// A fair draw: 2000 draws put the mean within 0.05 of 1/2 (4.5 standard errors).
	assert.ok(Math.abs(m - 0.5) < 0.05);
});

test('a missing answer loses to any answer and counts as wrong alone', () => {
	const solutions = pool([null, '3'], [false, true], [0.9, 0.1]);
	const [one, two] = subsetAccuracyCurve([solutions], { subsets: 400, seed: 5 });
	assert.equal(two.n, 2);
	assert.deepEqual([two.majority.mean, two.weighted.mean, two.bestOfN.mean], [1, 1, 1]);
	// With one solution drawn, it is right exactly when it is the '3'.
	assert.ok(one.majority.mean > 0.4 && one.majority.mean < 0.6);
	assert.deepEqual(one.bestOfN, one.majority);
});

test('the same seed gives the same curve, another seed another one', () => {
	const problems = Array.from({ length: 20 }, (_, k) => pool(['1', '2', '1', '3'],
		[k % 2 === 0, k % 2 === 1, k % 2 === 0, false], [0.3, 0.6, 0.2, 0.5]));
	const a = subsetAccuracyCurve(problems, { seed: 1, subsets: 30 });
	assert.deepEqual(subsetAccuracyCurve(problems, { seed: 1, subsets: 30 }), a);
	assert.notDeepEqual(subsetAccuracyCurve(problems, { seed: 2, subsets: 30 }), a);
});

test('bad settings are errors that name the limits', () => {
	const solutions = pool(['1', '2'], [true, false], [0.5, 0.5]);
	assert.throws(() => subsetAccuracyCurve([solutions], { sizes: [3] }), /outside 1\.\.2/);
	assert.throws(() => subsetAccuracyCurve([solutions], { sizes: [0] }), RangeError);
	assert.throws(() => subsetAccuracyCurve([solutions], { subsets: 0 }), /positive integer/);
	assert.deepEqual(subsetAccuracyCurve([]), []);
});
