'use strict';
// Easy-to-hard evaluation in a real VS Code: run it on the curriculum test
// split with the shipped models (one problem per level, N = 2), find its rows
// in the SQLite file, resume it, and open the dashboard on it.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const { readRows } = require('../db.cjs');

const ARGS = { set: 'curriculum-test', limit: 1, n: 2 };
const GROUPS = [
	'level 1', 'level 2', 'level 3', 'level 4', 'level 5', 'easy (1-3)', 'hard (4-5)', 'all',
];

let ext;
let first;

function dbRows(sql, params = []) {
	const sqlite3 = require(path.join(ext.extensionPath, 'node_modules', 'sqlite3'));
	return readRows(sqlite3, process.env.STEPWISE_E2E_DB, sql, params);
}

function dashboardTabs() {
	return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) =>
		t.input instanceof vscode.TabInputWebview
		&& t.input.viewType.endsWith('stepwise.dashboard'));
}

suite('Easy-to-hard evaluation', function () {
	this.timeout(240000);

	suiteSetup(async () => {
		ext = vscode.extensions.getExtension('stepwise.stepwise');
		assert.ok(ext, 'the Stepwise extension is installed');
		await ext.activate();
	});

	test('runs one problem per level with N = 2, returning report and throughput', async () => {
		first = await vscode.commands.executeCommand('stepwise.runEvaluation', ARGS);
		assert.ok(first, 'the command returned nothing: see the Stepwise log');
		assert.ok(Number.isInteger(first.runId) && first.runId > 0);
		const { report, throughput } = first;
		assert.equal(report.n, 2);
		assert.equal(report.easyMaxLevel, 3);
		assert.deepEqual(report.groups.map((g) => g.name), GROUPS);
		const problems = Object.fromEntries(report.groups.map((g) => [g.name, g.problems]));
		assert.deepEqual(problems, {
			'level 1': 1, 'level 2': 1, 'level 3': 1, 'level 4': 1, 'level 5': 1,
			'easy (1-3)': 3, 'hard (4-5)': 2, all: 5,
		});
		for (const g of report.groups) {
			assert.deepEqual(g.curve.map((p) => p.n), [1, 2], `${g.name}: points at N = 1, 2`);
			assert.ok(g.greedy >= 0 && g.greedy <= 1);
			for (const p of g.curve) {
				for (const m of ['majority', 'weighted', 'bestOfN']) {
					assert.ok(p[m].mean >= 0 && p[m].mean <= 1 && p[m].std >= 0, `${g.name} ${m}`);
				}
			}
		}
		assert.equal(throughput.problems, 5);
		assert.ok(throughput.tokens > 0, 'the generator made tokens');
		assert.ok(throughput.problemsPerMinute > 0 && throughput.tokensPerSecond > 0);
	});

	test('the run and every sample are in the SQLite file', async () => {
		const runs = await dbRows('SELECT name, status, settings FROM eval_runs WHERE id = ?',
			[first.runId]);
		assert.equal(runs.length, 1);
		assert.equal(runs[0].status, 'done');
		const settings = JSON.parse(runs[0].settings);
		assert.equal(settings.set, 'curriculum-test');
		assert.equal(settings.n, 2);
		assert.equal(settings.uids.length, 5);
		assert.equal(settings.generator, 'stepwise-gen-tiny');
		// Two samples and one greedy solution for each of the five problems.
		const per = await dbRows(`SELECT p.level AS level, COUNT(*) AS n,
			SUM(json_extract(e.details, '$.kind') = 'greedy') AS greedy
			FROM eval_samples e JOIN problems p ON p.id = e.problem_id
			WHERE e.run_id = ? GROUP BY p.level ORDER BY p.level`, [first.runId]);
		assert.deepEqual(per.map((r) => [r.level, r.n, r.greedy]),
			[[1, 3, 1], [2, 3, 1], [3, 3, 1], [4, 3, 1], [5, 3, 1]]);
	});

	test('the same choices resume the stored run instead of sampling again', async () => {
		const again = await vscode.commands.executeCommand('stepwise.runEvaluation', ARGS);
		assert.equal(again.runId, first.runId);
		assert.equal(again.throughput.problems, 0);
		assert.deepEqual(again.report, first.report, 'the report is rebuilt from the same rows');
		const count = await dbRows('SELECT COUNT(*) AS n FROM eval_samples WHERE run_id = ?',
			[first.runId]);
		assert.equal(count[0].n, 15);
	});

	test('bad arguments are refused without starting a run', async () => {
		const runsBefore = await dbRows('SELECT COUNT(*) AS n FROM eval_runs');
		const r = await vscode.commands.executeCommand('stepwise.runEvaluation',
			{ set: 'curriculum-test', n: 0 });
		assert.equal(r, undefined);
		const runsAfter = await dbRows('SELECT COUNT(*) AS n FROM eval_runs');
		assert.equal(runsAfter[0].n, runsBefore[0].n);
	});

	test('the dashboard opens on the run and is visible', async () => {
		const opened = await vscode.commands.executeCommand('stepwise.openDashboard',
			{ runId: first.runId });
		assert.deepEqual(opened, { runId: first.runId, visible: true });
		// The title reaches the tab model a moment after the panel sets it.
		const want = `Stepwise Evaluation: run ${first.runId}`;
		for (let i = 0; i < 50 && dashboardTabs()[0]?.label !== want; i++) {
			await new Promise((r) => setTimeout(r, 100));
		}
		const tabs = dashboardTabs();
		assert.equal(tabs.length, 1, 'one dashboard panel');
		assert.equal(tabs[0].label, want);
		assert.equal(tabs[0].isActive, true);
		// Without arguments it shows the newest run, in the same panel.
		const newest = await vscode.commands.executeCommand('stepwise.openDashboard');
		assert.equal(newest.runId, first.runId);
		assert.equal(dashboardTabs().length, 1);
	});
});
