import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvalReport, ReportGroup } from '../../src/eval/report';
import { chartGeometry, powersOfTwo, type ChartSize } from '../../webview/dashboard/chartGeometry';
import {
	groupSeries, percent, percentWithSpread, splitGroups, tableRows,
} from '../../webview/dashboard/series';

const ms = (mean: number, std: number) => ({ mean, std });

/** Two N values; the spread at N = 1 pokes past 1 for best-of-N to test clipping. */
const easy: ReportGroup = {
	name: 'easy (1-3)',
	problems: 4,
	greedy: 0.25,
	curve: [
		{ n: 1, majority: ms(0.5, 0.1), weighted: ms(0.5, 0.1), bestOfN: ms(0.95, 0.1) },
		{ n: 2, majority: ms(0.75, 0), weighted: ms(0.5, 0.25), bestOfN: ms(1, 0) },
	],
};
const hardEmpty: ReportGroup = { name: 'hard (4-5)', problems: 0, greedy: 0, curve: [] };
const report: EvalReport = {
	n: 2,
	subsets: 10,
	easyMaxLevel: 3,
	groups: [
		{ name: 'level 1', problems: 4, greedy: 0.25, curve: easy.curve },
		easy,
		hardEmpty,
		{ ...easy, name: 'all' },
	],
};

/**
 * A 200 x 100 plot area at (10, 10). N is inset 16 px from both ends:
 * x = 26 + 168 * log2(n) / log2(maxN); y = 110 - 100 * acc.
 */
const SIZE: ChartSize = { width: 220, height: 120, left: 10, right: 10, top: 10, bottom: 10 };

test('each method becomes a line of (N, mean) with the band mean ± std clipped to [0, 1]', () => {
	const s = groupSeries(easy);
	assert.deepEqual(s.map((x) => x.method), ['majority', 'weighted', 'bestOfN', 'greedy']);
	assert.deepEqual(s[0].points, [
		{ n: 1, mean: 0.5, lo: 0.4, hi: 0.6 },
		{ n: 2, mean: 0.75, lo: 0.75, hi: 0.75 },
	]);
	assert.deepEqual(s[1].points[1], { n: 2, mean: 0.5, lo: 0.25, hi: 0.75 });
	assert.equal(s[2].points[0].hi, 1, '0.95 + 0.1 is clipped to 1');
	assert.ok(Math.abs(s[2].points[0].lo - 0.85) < 1e-12);
	assert.equal(s[2].label, 'Best-of-N');
});

test('greedy is a flat line at its accuracy from the first to the last N', () => {
	const greedy = groupSeries(easy)[3];
	assert.deepEqual(greedy.points, [
		{ n: 1, mean: 0.25, lo: 0.25, hi: 0.25 },
		{ n: 2, mean: 0.25, lo: 0.25, hi: 0.25 },
	]);
});

test('a group without finished problems has no lines', () => {
	assert.deepEqual(groupSeries(hardEmpty), []);
});

test('the easy and hard groups are found by name; levels and all are not', () => {
	const { easy: e, hard: h } = splitGroups(report);
	assert.equal(e?.name, 'easy (1-3)');
	assert.equal(h?.name, 'hard (4-5)');
	assert.deepEqual(splitGroups({ ...report, groups: [report.groups[0]] }),
		{ easy: undefined, hard: undefined });
});

test('the table has one row per group with the largest N, or dashes when empty', () => {
	const rows = tableRows(report);
	assert.deepEqual(rows.map((r) => r.name), ['level 1', 'easy (1-3)', 'hard (4-5)', 'all']);
	assert.deepEqual(rows[1], {
		name: 'easy (1-3)', problems: 4, greedy: 0.25, n: 2,
		majority: ms(0.75, 0), weighted: ms(0.5, 0.25), bestOfN: ms(1, 0),
	});
	assert.deepEqual(rows[2], {
		name: 'hard (4-5)', problems: 0, greedy: 0, n: null,
		majority: null, weighted: null, bestOfN: null,
	});
});

test('percentages have one decimal; a spread that rounds to zero is left out', () => {
	assert.equal(percent(0.625), '62.5');
	assert.equal(percent(1 / 3), '33.3');
	assert.equal(percentWithSpread(ms(0.5, 0.25)), '50.0 ± 25.0');
	assert.equal(percentWithSpread(ms(0.75, 0)), '75.0');
	assert.equal(percentWithSpread(ms(0.75, 1e-17)), '75.0');
});

test('N runs on a log2 axis: 1, 2 and 4 are evenly spaced', () => {
	const four: ReportGroup = {
		...easy,
		curve: [1, 2, 4].map((n) => ({ n, majority: ms(0.5, 0), weighted: ms(0.5, 0),
			bestOfN: ms(0.5, 0) })),
	};
	const g = chartGeometry(groupSeries(four), SIZE);
	assert.deepEqual(g.plot, { left: 10, right: 210, top: 10, bottom: 110 });
	assert.deepEqual(g.xTicks, [{ n: 1, x: 26 }, { n: 2, x: 110 }, { n: 4, x: 194 }]);
	assert.deepEqual(g.yTicks.map((t) => t.y), [110, 85, 60, 35, 10]);
	// Weighted is not shifted: its markers sit on the ticks, at y = 110 - 50.
	const weighted = g.lines.find((l) => l.method === 'weighted')!;
	assert.deepEqual(weighted.markers.map((m) => [m.x, m.y]), [[26, 60], [110, 60], [194, 60]]);
	assert.equal(weighted.d, 'M26,60 L110,60 L194,60');
});

test('markers carry their error bars; methods at the same N are set 4 px apart', () => {
	const g = chartGeometry(groupSeries(easy), SIZE);
	const by = Object.fromEntries(g.lines.map((l) => [l.method, l]));
	// majority: N=1 mean .5 (.4-.6), N=2 mean .75; shifted 4 px left.
	assert.deepEqual(by.majority.markers, [
		{ n: 1, mean: 0.5, x: 22, y: 60, yHi: 50, yLo: 70 },
		{ n: 2, mean: 0.75, x: 190, y: 35, yHi: 35, yLo: 35 },
	]);
	assert.equal(by.majority.d, 'M22,60 L190,35');
	// best-of-N shifted 4 px right; its bar at N=1 stops at 100 % (y = 10).
	assert.deepEqual(by.bestOfN.markers[0], { n: 1, mean: 0.95, x: 30, y: 15, yHi: 10, yLo: 25 });
	assert.equal(by.greedy.reference, true);
	assert.equal(by.greedy.d, 'M26,85 L194,85');
	assert.equal(by.majority.reference, false);
});

test('with a single N the points sit mid-axis and greedy gets a short flat segment', () => {
	const one: ReportGroup = { ...easy, curve: [easy.curve[0]] };
	const g = chartGeometry(groupSeries(one), SIZE);
	assert.deepEqual(g.xTicks, [{ n: 1, x: 110 }]);
	const greedy = g.lines.find((l) => l.method === 'greedy')!;
	assert.equal(greedy.d, 'M94,85 L126,85');
	assert.equal(g.lines.find((l) => l.method === 'weighted')!.d, 'M110,60');
});

test('the x ticks are the powers of two up to N', () => {
	assert.deepEqual(powersOfTwo(1), [1]);
	assert.deepEqual(powersOfTwo(16), [1, 2, 4, 8, 16]);
	assert.deepEqual(powersOfTwo(24), [1, 2, 4, 8, 16]);
});
