import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../src/core/types';
import {
	chooseProblems, levelsOf, parseEvaluateArgs, progressMessage, throughputLine,
} from '../../src/extension/dashboard/evalPlan';
import { parseOpenDashboardArgs } from '../../src/extension/dashboard/openArgs';

function problem(uid: string, level: number): Problem {
	return { uid, set: 'toy', problem: uid, answer: '1', subject: 'Arithmetic', level };
}

/** Set order: levels interleaved, as a real file may be. */
const SET = [
	problem('a1', 1), problem('b4', 4), problem('c1', 1), problem('d2', 2),
	problem('e4', 4), problem('f1', 1), problem('g5', 5), problem('h3', 3),
];

test('the e2e arguments pass as given', () => {
	assert.deepEqual(parseEvaluateArgs({ set: 'curriculum-test', limit: 1, n: 2 }), {
		set: 'curriculum-test', levels: undefined, limit: 1, n: 2, subsets: undefined,
	});
	assert.deepEqual(parseEvaluateArgs({ set: 'math500', levels: [4, 5], subsets: 50 }), {
		set: 'math500', levels: [4, 5], limit: undefined, n: undefined, subsets: 50,
	});
	assert.deepEqual(parseEvaluateArgs({ set: 'math500', levels: 'hard' }), {
		set: 'math500', levels: 'hard', limit: undefined, n: undefined, subsets: undefined,
	});
});

test('bad arguments are named with what they should be', () => {
	assert.match(parseEvaluateArgs(undefined) as string, /pass an object/);
	assert.match(parseEvaluateArgs({ n: 2 }) as string, /"set" must name a problem set/);
	assert.match(parseEvaluateArgs({ set: 'math500', sets: 1 }) as string,
		/"sets" is not an argument/);
	assert.match(parseEvaluateArgs({ set: 'math500', n: 0 }) as string, /"n" must be/);
	assert.match(parseEvaluateArgs({ set: 'math500', n: 2.5 }) as string, /"n" must be/);
	assert.match(parseEvaluateArgs({ set: 'math500', n: 1025 }) as string, /"n" must be/);
	assert.match(parseEvaluateArgs({ set: 'math500', limit: -1 }) as string, /"limit"/);
	assert.match(parseEvaluateArgs({ set: 'math500', levels: [] }) as string, /"levels"/);
	assert.match(parseEvaluateArgs({ set: 'math500', levels: [0, 6] }) as string, /"levels"/);
	assert.match(parseEvaluateArgs({ set: 'math500', levels: 'medium' }) as string, /"levels"/);
	assert.match(parseEvaluateArgs({ set: 'math500', subsets: 0 }) as string, /"subsets"/);
});

test('easy and hard follow stepwise.easyMaxLevel', () => {
	assert.deepEqual(levelsOf('all', 3), [1, 2, 3, 4, 5]);
	assert.deepEqual(levelsOf('easy', 3), [1, 2, 3]);
	assert.deepEqual(levelsOf('hard', 3), [4, 5]);
	assert.deepEqual(levelsOf('easy', 2), [1, 2]);
	assert.deepEqual(levelsOf('hard', 5), []);
	assert.deepEqual(levelsOf([5, 2, 2], 3), [2, 5]);
});

test('the limit keeps the first problems of each level, in the set\'s order', () => {
	assert.deepEqual(chooseProblems(SET, [1, 2, 3, 4, 5], 1).map((p) => p.uid),
		['a1', 'b4', 'd2', 'g5', 'h3']);
	assert.deepEqual(chooseProblems(SET, [1, 4], 2).map((p) => p.uid), ['a1', 'b4', 'c1', 'e4']);
	assert.deepEqual(chooseProblems(SET, [1], 0).map((p) => p.uid), ['a1', 'c1', 'f1']);
	assert.deepEqual(chooseProblems(SET, [], 0), []);
});

test('progress shows k/K and, once a problem is done, the minutes left rounded up', () => {
	assert.equal(progressMessage({ done: 0, total: 10 }), '0/10 problems');
	assert.equal(progressMessage({ done: 3, total: 10, etaMs: 150000 }),
		'3/10 problems, about 3 min left');
	assert.equal(progressMessage({ done: 9, total: 10, etaMs: 20000 }),
		'9/10 problems, about 1 min left');
	assert.equal(progressMessage({ done: 10, total: 10, etaMs: 0 }), '10/10 problems');
});

test('the throughput line gives problems per minute and tokens per second', () => {
	// 5 problems, 1200 tokens in 4 s: 75 problems/min, 300 tokens/s.
	assert.equal(throughputLine({ problems: 5, problemsPerMinute: 75, tokens: 1200,
		tokensPerSecond: 300, wallMs: 4000 }),
	'5 problems in 4.0 s: 75.0 problems/min, 300 tokens/s (1200 tokens)');
	assert.match(throughputLine({ problems: 0, problemsPerMinute: 0, tokens: 0,
		tokensPerSecond: 0, wallMs: 3 }), /no problems were left to run/);
});

test('openDashboard takes nothing, or { runId } with a stored run id', () => {
	assert.deepEqual(parseOpenDashboardArgs(undefined), {});
	assert.deepEqual(parseOpenDashboardArgs(null), {});
	assert.deepEqual(parseOpenDashboardArgs({}), {});
	assert.deepEqual(parseOpenDashboardArgs({ runId: 12 }), { runId: 12 });
	assert.match(parseOpenDashboardArgs({ runId: -1 }) as string, /runId must be/);
	assert.match(parseOpenDashboardArgs({ run: 1 }) as string, /only argument is runId/);
	assert.match(parseOpenDashboardArgs(5) as string, /pass \{ runId: 3 \}/);
});
