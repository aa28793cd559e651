import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	aggregateSteps,
	AGGREGATIONS,
	clampProbability,
	DEFAULT_BEST_OF_N_AGGREGATION,
	DEFAULT_WEIGHTED_VOTE_AGGREGATION,
	parseAggregation,
} from '../../src/core/aggregate';

const STEPS = [0.9, 0.5, 0.8];

function close(actual: number, expected: number, tolerance = 1e-12): void {
	assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);
}

test('min, product, last and mean of 0.9, 0.5, 0.8', () => {
	assert.equal(aggregateSteps(STEPS, 'min'), 0.5);
	close(aggregateSteps(STEPS, 'product'), 0.36);
	assert.equal(aggregateSteps(STEPS, 'last'), 0.8);
	close(aggregateSteps(STEPS, 'mean'), 2.2 / 3);
});

test('meanLogit maps the mean logit back through the sigmoid', () => {
	// logits: ln 9, ln 1, ln 4; mean = ln(36) / 3 = ln k with k = 36^(1/3);
	// sigmoid(ln k) = k / (1 + k).
	const k = Math.cbrt(36);
	close(aggregateSteps(STEPS, 'meanLogit'), k / (1 + k));
	// A single step gives itself back.
	close(aggregateSteps([0.3], 'meanLogit'), 0.3);
});

test('probabilities are clamped to [1e-6, 1 - 1e-6] first', () => {
	assert.equal(clampProbability(0), 1e-6);
	assert.equal(clampProbability(1), 1 - 1e-6);
	assert.equal(clampProbability(0.25), 0.25);
	assert.equal(aggregateSteps([0, 1], 'min'), 1e-6);
	assert.equal(aggregateSteps([0, 1], 'last'), 1 - 1e-6);
	close(aggregateSteps([0, 1], 'product'), 1e-6 * (1 - 1e-6), 1e-20);
	// logit(1e-6) = -logit(1 - 1e-6): they cancel, and sigmoid(0) = 0.5.
	close(aggregateSteps([0, 1], 'meanLogit'), 0.5, 1e-9);
});

test('no steps, or a step that is not a probability, is an error that says what to do', () => {
	assert.throws(() => aggregateSteps([], 'min'), /no step probabilities; score its steps/);
	assert.throws(() => aggregateSteps([0.5, NaN], 'mean'), /step 2 has probability NaN/);
	assert.throws(() => aggregateSteps([1.5], 'mean'), RangeError);
	assert.throws(() => aggregateSteps([-0.1], 'mean'), RangeError);
});

test('the paper defaults: product for weighted voting, min for best-of-N', () => {
	assert.equal(DEFAULT_WEIGHTED_VOTE_AGGREGATION, 'product');
	assert.equal(DEFAULT_BEST_OF_N_AGGREGATION, 'min');
});

test('parseAggregation reads settings, with prod for product', () => {
	assert.equal(parseAggregation('prod'), 'product');
	assert.equal(parseAggregation(' meanLogit '), 'meanLogit');
	for (const a of AGGREGATIONS) {
		assert.equal(parseAggregation(a), a);
	}
	assert.throws(
		() => parseAggregation('median'),
		/unknown step aggregation "median"; use one of min,/,
	);
});
