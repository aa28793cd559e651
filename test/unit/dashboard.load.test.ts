import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '../../src/core/types';
import { DashboardHost } from '../../src/extension/dashboard/dashboardHost';
import { loadDashboard, type LoadDeps } from '../../src/extension/dashboard/loadDashboard';
import { runResultOf } from '../../src/extension/dashboard/runResults';
import { openStore, type Store } from '../../src/store';
import type { DashboardHostMessage } from '../../webview/shared/dashboardMessages';

function problem(uid: string, level: number, answer: string): Problem {
	return { uid, set: 'toy', problem: `Problem ${uid}`, answer, subject: 'Arithmetic', level };
}

const A = problem('a', 1, '5');
const B = problem('b', 2, '8');
const C = problem('c', 4, '4');
const D = problem('d', 5, '9');
const PROBLEMS = [A, B, C, D];

const SETTINGS = {
	set: 'toy', uids: ['a', 'b', 'c', 'd'], n: 2, seed: 7, temperature: 0.8, topK: 0, topP: 1,
	maxNewTokens: 64, generator: 'gen-x', prm: 'prm-y', easyMaxLevel: 3,
};

/** [problem, index, answer, correct, step probabilities, kind] */
type Row = [Problem, number, string, boolean, number[], 'sample' | 'greedy'];

/**
 * N = 2 per problem plus greedy at index 2. Worked out by hand at N = 2,
 * where every subset is the whole pool:
 * - a (level 1): two correct "5"s; every method is right; greedy right.
 * - b (level 2): "7" wrong (p .6) first, "8" right (p .9, .9). Majority
 *   ties 1-1 and the first answer wins: wrong. Weighted .6 < .81 and
 *   best-of-N (min) .6 < .9 pick "8": right. Greedy wrong.
 * - c (level 4): "3" wrong (p .95) first, "4" right (p .2): all methods
 *   wrong. Greedy right.
 * - d (level 5): one sample of two stored, so it does not count yet.
 */
const ROWS: Row[] = [
	[A, 0, '5', true, [0.9, 0.8], 'sample'],
	[A, 1, '5', true, [0.5], 'sample'],
	[A, 2, '5', true, [0.9], 'greedy'],
	[B, 0, '7', false, [0.6], 'sample'],
	[B, 1, '8', true, [0.9, 0.9], 'sample'],
	[B, 2, '6', false, [0.7], 'greedy'],
	[C, 0, '3', false, [0.95], 'sample'],
	[C, 1, '4', true, [0.2], 'sample'],
	[C, 2, '4', true, [0.4], 'greedy'],
	[D, 0, '9', true, [0.5], 'sample'],
];

function tempDb(t: TestContext): string {
	const dir = mkdtempSync(join(tmpdir(), 'stepwise-dashboard-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	return join(dir, 'stepwise.db');
}

async function seed(store: Store, settings: Record<string, unknown> = SETTINGS): Promise<number> {
	await store.upsertProblems(PROBLEMS);
	const run = await store.createEvalRun({ name: 'toy-n2-test', settings });
	for (const [p, index, answer, correct, probs, kind] of ROWS) {
		await store.putEvalSample({
			runId: run.id, problem: { set: p.set, uid: p.uid }, index, sampleId: null,
			answer, correct, details: { kind, p: probs, tokens: 10 },
		});
	}
	return run.id;
}


function deps(store: Store): LoadDeps {
	return {
		store,
		problems: (set) => {
			if (set !== 'toy') {
				throw new Error(`no set ${set}`);
			}
			return PROBLEMS;
		},
	};
}

const THROUGHPUT = { problems: 3, problemsPerMinute: 90, tokens: 600, tokensPerSecond: 300,
	wallMs: 2000 };

test('the report is rebuilt from the stored rows, as worked out by hand', async (t) => {
	const store = await openStore(tempDb(t));
	t.after(() => store.close());
	const runId = await seed(store);
	const loaded = await loadDashboard(deps(store));
	assert.ok(typeof loaded !== 'string', String(loaded));
	const { data } = loaded;
	assert.equal(data.run.id, runId);
	assert.equal(data.run.name, 'toy-n2-test');
	const names = data.report.groups.map((g) => g.name);
	assert.deepEqual(names, ['level 1', 'level 2', 'level 4', 'easy (1-3)', 'hard (4-5)', 'all']);
	const group = (name: string) => data.report.groups.find((g) => g.name === name)!;
	const easy = group('easy (1-3)');
	assert.equal(easy.problems, 2);
	assert.equal(easy.greedy, 0.5);
	assert.deepEqual(easy.curve.map((p) => p.n), [1, 2]);
	assert.deepEqual(easy.curve[1].majority, { mean: 0.5, std: 0 });
	assert.deepEqual(easy.curve[1].weighted, { mean: 1, std: 0 });
	assert.deepEqual(easy.curve[1].bestOfN, { mean: 1, std: 0 });
	const hard = group('hard (4-5)');
	assert.equal(hard.problems, 1);
	assert.equal(hard.greedy, 1);
	assert.deepEqual(hard.curve[1], {
		n: 2, majority: { mean: 0, std: 0 }, weighted: { mean: 0, std: 0 },
		bestOfN: { mean: 0, std: 0 },
	});
	// Problem a is right whichever sample is drawn, so level 1 is 100 % at N = 1 too.
	assert.deepEqual(group('level 1').curve[0].majority, { mean: 1, std: 0 });
	assert.deepEqual(data.splits, { easy: { done: 2, planned: 2 }, hard: { done: 1, planned: 2 } });
	assert.equal(data.settings.subsets, 20, 'the default when the run recorded none');
	assert.equal(data.throughput, null);
	assert.deepEqual(data.runs.map((r) => r.id), [runId]);
});

test('reopening the database later gives the same numbers', async (t) => {
	const file = tempDb(t);
	const first = await openStore(file);
	await seed(first);
	const before = await loadDashboard(deps(first));
	await first.close();
	const second = await openStore(file);
	t.after(() => second.close());
	const after = await loadDashboard(deps(second));
	assert.ok(typeof before !== 'string' && typeof after !== 'string');
	assert.deepEqual(after.data.report, before.data.report);
});

test('subsets and throughput recorded with the run come back with it', async (t) => {
	const store = await openStore(tempDb(t));
	t.after(() => store.close());
	const runId = await seed(store);
	await store.setEvalRunResults(runId, { throughput: THROUGHPUT, subsets: 5, recordedAt: 'x' });
	const loaded = await loadDashboard(deps(store), runId);
	assert.ok(typeof loaded !== 'string');
	assert.equal(loaded.data.settings.subsets, 5);
	assert.equal(loaded.data.report.subsets, 5);
	assert.deepEqual(loaded.data.throughput, THROUGHPUT);
});

test('a damaged record is ignored rather than shown', () => {
	assert.equal(runResultOf({ results: { throughput: { problems: 'many' }, subsets: 5, recordedAt: 'x' } }), undefined);
	assert.equal(runResultOf({ results: {} }), undefined);
});

test('no runs, a missing run and unreadable settings each say what to do', async (t) => {
	const file = tempDb(t);
	const store = await openStore(file);
	t.after(() => store.close());
	const none = await loadDashboard(deps(store));
	assert.equal(typeof none, 'string');
	assert.match(none as string, /No evaluation runs in .*stepwise\.db yet/);
	assert.match(none as string, /Run Easy-to-Hard Evaluation/);
	const missing = await loadDashboard(deps(store), 42);
	assert.match(missing as string, /Evaluation run 42 is not in .*stepwise\.databasePath/);
	const bad = await store.createEvalRun({ name: 'old', settings: { set: 'toy', n: 2 } });
	const unreadable = await loadDashboard(deps(store), bad.id);
	assert.match(unreadable as string, new RegExp(`run ${bad.id} .* cannot be shown: `
		+ 'its settings have no "generator" text'));
	const otherSet = await store.createEvalRun({ name: 'gone', settings: { ...SETTINGS,
		set: 'gone' } });
	assert.match(await loadDashboard(deps(store), otherSet.id) as string,
		/problem set "gone", which cannot be read: no set gone/);
});

function hostFor(store: Store, saved: { format: string; name: string; text: string }[],
	save?: () => Promise<string | undefined>) {
	const posted: DashboardHostMessage[] = [];
	const warnings: string[] = [];
	const host = new DashboardHost({
		load: (id) => loadDashboard(deps(store), id),
		post: (m) => posted.push(m),
		log: {
			info: () => undefined,
			warn: (m) => warnings.push(m),
			error: (m) => warnings.push(m),
		},
		save: save ?? (async (format, name, text) => {
			saved.push({ format, name, text });
			return `/tmp/out.${format}`;
		}),
	});
	return { host, posted, warnings };
}

test('the host answers ready with the newest run and exports it as CSV and JSON', async (t) => {
	const store = await openStore(tempDb(t));
	t.after(() => store.close());
	const runId = await seed(store);
	const saved: { format: string; name: string; text: string }[] = [];
	const { host, posted, warnings } = hostFor(store, saved);
	await host.receive({ type: 'ready' });
	assert.equal(posted.length, 1);
	assert.equal(posted[0].type, 'show');
	assert.equal(posted[0].type === 'show' && posted[0].data.run.id, runId);
	assert.equal(host.currentRunId, runId);

	await host.receive({ type: 'export', format: 'csv' });
	assert.equal(saved[0].name, 'toy-n2-test.csv');
	const lines = saved[0].text.trim().split('\n');
	assert.equal(lines[0], 'group,problems,n,method,mean,std');
	assert.ok(lines.includes('easy (1-3),2,1,greedy,0.5,0'));
	assert.ok(lines.includes('easy (1-3),2,2,majority,0.5,0'));
	assert.ok(lines.includes('easy (1-3),2,2,weighted,1,0'));
	assert.ok(lines.includes('hard (4-5),1,2,bestOfN,0,0'));
	assert.deepEqual(posted[1],
		{ type: 'exported', format: 'csv', path: '/tmp/out.csv', error: null });

	await host.receive({ type: 'export', format: 'json' });
	const json = JSON.parse(saved[1].text);
	assert.equal(json.version, 1);
	assert.equal(json.run.id, runId);
	assert.deepEqual(json.settings, { ...SETTINGS, subsets: 20 });
	assert.equal(json.throughput, null);
	assert.equal(json.report.n, 2);
	assert.equal(json.report.groups.length, 6);
	assert.deepEqual(warnings, []);
});

test('the host drops malformed messages with a log line and answers nothing', async (t) => {
	const store = await openStore(tempDb(t));
	t.after(() => store.close());
	await seed(store);
	const saved: { format: string; name: string; text: string }[] = [];
	const { host, posted, warnings } = hostFor(store, saved);
	await host.receive({ type: 'export', format: 'xml' });
	await host.receive({ type: 'openRun', runId: '1' });
	await host.receive('ready');
	assert.deepEqual(posted, []);
	assert.deepEqual(saved, []);
	assert.equal(warnings.length, 3);
	assert.match(warnings[0], /dropped an object with "export" \(keys: type, format\)/);
	assert.match(warnings[2], /dropped a string/);
});

test('a missing run, an export before any run and a failed write are reported', async (t) => {
	const store = await openStore(tempDb(t));
	t.after(() => store.close());
	await seed(store);
	const { host, posted } = hostFor(store, [], async () => {
		throw new Error('EACCES: permission denied, open \'/root/x.csv\'');
	});
	await host.receive({ type: 'openRun', runId: 99 });
	assert.equal(posted[0].type, 'empty');
	await host.receive({ type: 'export', format: 'csv' });
	assert.deepEqual(posted[1], { type: 'exported', format: 'csv', path: null,
		error: 'There are no results to export; open a run first.' });
	await host.receive({ type: 'refresh' });
	assert.equal(posted[2].type, 'empty', 'refresh stays on the run asked for');
	await host.show();
	await host.receive({ type: 'export', format: 'json' });
	const last = posted[posted.length - 1];
	assert.equal(last.type, 'exported');
	assert.match(last.type === 'exported' ? String(last.error) : '',
		/Could not save the JSON export: EACCES/);
});
