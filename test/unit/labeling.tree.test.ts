import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelCountRow } from '../../src/store/types';
import { intentOf, parseOpenArgs } from '../../src/extension/labeling/openArgs';
import { groupCounts } from '../../src/extension/labeling/treeModel';

const row = (set: string, level: number | null, subject: string | null, samples: number,
	labeled: number): LabelCountRow => ({ set, level, subject, samples, labeled });

test('count rows group into sets, levels and subjects with summed counts', () => {
	const rows = [
		row('math500', 5, 'Geometry', 2, 0),
		row('math500', 2, 'Prealgebra', 3, 1),
		row('math500', 2, 'Algebra', 4, 4),
		row('math500', 4, 'Algebra', 1, 0),
		row('prm800k', null, null, 2, 2),
	];
	assert.deepEqual(groupCounts(rows, 3), [
		{
			set: 'math500', samples: 10, labeled: 5, levels: [
				{ level: 2, easy: true, samples: 7, labeled: 5, subjects: [
					{ subject: 'Algebra', samples: 4, labeled: 4 },
					{ subject: 'Prealgebra', samples: 3, labeled: 1 },
				] },
				{ level: 4, easy: false, samples: 1, labeled: 0, subjects: [
					{ subject: 'Algebra', samples: 1, labeled: 0 },
				] },
				{ level: 5, easy: false, samples: 2, labeled: 0, subjects: [
					{ subject: 'Geometry', samples: 2, labeled: 0 },
				] },
			],
		},
		{
			set: 'prm800k', samples: 2, labeled: 2, levels: [
				{ level: null, easy: false, samples: 2, labeled: 2, subjects: [
					{ subject: null, samples: 2, labeled: 2 },
				] },
			],
		},
	]);
});

test('the easy line follows the setting', () => {
	const rows = [row('s', 4, 'A', 1, 0), row('s', 3, 'A', 1, 0)];
	assert.deepEqual(groupCounts(rows, 4)[0].levels.map((l) => l.easy), [true, true]);
	assert.deepEqual(groupCounts(rows, 2)[0].levels.map((l) => l.easy), [false, false]);
	assert.deepEqual(groupCounts([], 3), []);
});

test('openLabeling arguments: a sample, a group, or nothing', () => {
	assert.deepEqual(parseOpenArgs(undefined), {});
	assert.deepEqual(intentOf({}), { kind: 'next', source: { purpose: 'train' } });
	const evalArgs = parseOpenArgs({ sampleId: 12, purpose: 'eval' });
	assert.deepEqual(evalArgs, { sampleId: 12, purpose: 'eval' });
	assert.deepEqual(intentOf(evalArgs as object), {
		kind: 'sample', sampleId: 12, purpose: 'eval', source: { purpose: 'eval' },
	});
	const group = { set: 'math500', level: 2, subject: 'Algebra' };
	assert.deepEqual(intentOf({ group }), { kind: 'next', source: { purpose: 'train', group } });
});

test('bad openLabeling arguments say what is expected', () => {
	assert.match(String(parseOpenArgs({ sampleId: '12' })), /sampleId must be a positive whole number/);
	assert.match(String(parseOpenArgs({ sampleId: 3, purpose: 'test' })), /purpose must be "train" or "eval"/);
	assert.match(String(parseOpenArgs({ group: { set: 'math500', level: 9 } })), /group must be/);
	assert.match(String(parseOpenArgs({ id: 3 })), /expected \{ sampleId/);
	assert.match(String(parseOpenArgs('3')), /expected \{ sampleId/);
});
