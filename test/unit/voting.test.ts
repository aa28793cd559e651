import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bestOfN, majorityVote, weightedVote } from '../../src/core/voting';

test('majority voting counts equivalent answers together', () => {
	// 0.5, \frac12 and \dfrac{1}{2} are one answer with 3 votes against 2.
	assert.deepEqual(majorityVote(['0.5', '3', '\\frac12', '3', '\\dfrac{1}{2}']), {
		answer: '0.5',
		index: 0,
		weight: 3,
	});
});

test('majority ties go to the answer seen first', () => {
	// {5, x=5} and {6, 6} both have 2 votes; 5 came first.
	assert.deepEqual(majorityVote(['6', '5', 'x=5', '6']), { answer: '6', index: 0, weight: 2 });
	assert.deepEqual(majorityVote(['5', '6', 'x=5', '6']), { answer: '5', index: 0, weight: 2 });
});

test('a missing answer never wins while any solution has one', () => {
	assert.deepEqual(majorityVote([null, null, null, '4']), { answer: '4', index: 3, weight: 1 });
	const weighted = weightedVote([null, '3'], [0.99, 0.01]);
	assert.deepEqual(weighted, { answer: '3', index: 1, weight: 0.01 });
	assert.deepEqual(bestOfN([null, '2'], [0.99, 0.1]), { answer: '2', index: 1, weight: 0.1 });
});

test('with no answer at all the result says so', () => {
	const none = { answer: null, index: -1, weight: 0 };
	assert.deepEqual(majorityVote([null, null]), none);
	assert.deepEqual(majorityVote([]), none);
	assert.deepEqual(weightedVote([null], [0.5]), none);
	assert.deepEqual(bestOfN([], []), none);
});

test('weighted voting sums scores per answer', () => {
	// 5 gets 0.9; 6 gets 0.3 + 0.4 = 0.7.
	assert.deepEqual(weightedVote(['5', '6', '6'], [0.9, 0.3, 0.4]), {
		answer: '5',
		index: 0,
		weight: 0.9,
	});
	// 2\sqrt{2} and \sqrt{8} are one answer: 0.25 + 0.5 = 0.75 beats 0.7.
	assert.deepEqual(weightedVote(['3', '2\\sqrt{2}', '\\sqrt{8}'], [0.7, 0.25, 0.5]), {
		answer: '2\\sqrt{2}',
		index: 1,
		weight: 0.75,
	});
	// A tie goes to the first answer.
	assert.equal(weightedVote(['a', 'b'], [0.5, 0.5]).answer, 'a');
});

test('majority and weighted voting can disagree', () => {
	const answers = ['7', '5', '7', '5', '7'];
	const scores = [0.1, 0.9, 0.2, 0.8, 0.1];
	assert.equal(majorityVote(answers).answer, '7');
	// 5 gets 1.7 against 0.4.
	assert.equal(weightedVote(answers, scores).answer, '5');
});

test('best-of-N takes the top score, the earlier one on ties', () => {
	const best = bestOfN(['1', '2', '3'], [0.2, 0.9, 0.9]);
	assert.deepEqual(best, { answer: '2', index: 1, weight: 0.9 });
	// Best-of-N looks at single solutions: the two 7s do not add up.
	assert.equal(bestOfN(['7', '5', '7'], [0.6, 0.7, 0.6]).answer, '5');
});

test('scores must match the answers', () => {
	assert.throws(() => weightedVote(['1', '2'], [0.5]), /got 2 answers but 1 scores/);
	assert.throws(() => bestOfN(['1'], [NaN]), /score 0 is NaN/);
	assert.throws(() => bestOfN(['1'], [Infinity]), RangeError);
});
