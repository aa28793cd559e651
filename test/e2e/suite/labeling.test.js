'use strict';
// The labeling panel, the Problem Sets view and label import/export in a
// real VS Code. The suite opens the panel on a freshly generated easy
// sample and leaves it open; the UI steps test/e2e/ui/labeling*.mjs then
// label it with the keyboard, reload the window, finish it and export it.
// Files in the workspace pass what the UI steps need:
//   labeling-e2e.json       the sample the panel was opened on
//   labeling-e2e-runs.json  how many suite runs started and finished (a
//                           window reload restarts the extension host, and
//                           with it this suite)
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { readRows } = require('../db.cjs');

// Level 1, and not the problem test/e2e/suite/loop.test.js labels.
const EASY = { set: 'math500', uid: 'test/algebra/1004.json' };
const PRM800K_SAMPLE = path.join(process.env.STEPWISE_E2E_REPO, 'test', 'fixtures', 'store', 'prm800k-sample.jsonl');
const ws = process.env.STEPWISE_E2E_WS;
const marker = path.join(ws, 'labeling-e2e.json');
const runsFile = path.join(ws, 'labeling-e2e-runs.json');

function readRuns() {
	try {
		return JSON.parse(fs.readFileSync(runsFile, 'utf8'));
	} catch {
		return { started: 0, finished: 0 };
	}
}

function writeRuns(runs) {
	fs.writeFileSync(runsFile, JSON.stringify(runs));
}

// Loaded once per suite run.
const rerun = fs.existsSync(marker);
writeRuns({ ...readRuns(), started: readRuns().started + 1 });

// A root hook: runs after every file of this run has finished.
after(() => {
	writeRuns({ ...readRuns(), finished: readRuns().finished + 1 });
});

function dbRows(ext, sql, params = []) {
	const sqlite3 = require(path.join(ext.extensionPath, 'node_modules', 'sqlite3'));
	return readRows(sqlite3, process.env.STEPWISE_E2E_DB, sql, params);
}

function labelingTab() {
	return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) =>
		t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('stepwise.labeling'));
}

async function waitFor(what, check, ms = 20000) {
	const end = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value) {
			return value;
		}
		if (Date.now() > end) {
			throw new Error(`${what} did not happen within ${ms} ms`);
		}
		await new Promise((f) => setTimeout(f, 200));
	}
}

describe('labeling', function () {
	this.timeout(180000);
	let ext;

	before(async function () {
		if (rerun) {
			// The window was reloaded by a UI step; the panel it left must stay as it is.
			this.skip();
		}
		ext = vscode.extensions.getExtension('stepwise.stepwise');
		assert.ok(ext, 'the Stepwise extension is installed');
		await ext.activate();
	});

	it('registers the labeling, import, export and refresh commands', async () => {
		const commands = await vscode.commands.getCommands(true);
		for (const c of ['stepwise.openLabeling', 'stepwise.importLabels', 'stepwise.exportLabels',
			'stepwise.refreshProblemSets']) {
			assert.ok(commands.includes(c), `${c} is not registered`);
		}
	});

	it('imports PRM800K records and exports them again, easy ones by default', async function () {
		if (!fs.existsSync(PRM800K_SAMPLE)) {
			this.skip();
		}
		const report = await vscode.commands.executeCommand('stepwise.importLabels',
			vscode.Uri.file(PRM800K_SAMPLE));
		assert.equal(report.imported, 6);
		assert.equal(report.shipped, 4, '4 of the 6 problems are MATH500 problems');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-export-'));
		const all = await vscode.commands.executeCommand('stepwise.exportLabels',
			{ format: 'prm800k', includeHard: true, out: path.join(dir, 'all.jsonl') });
		assert.equal(all.count, 6);
		const easy = await vscode.commands.executeCommand('stepwise.exportLabels',
			{ format: 'trl', includeHard: false, out: path.join(dir, 'easy.jsonl') });
		assert.equal(easy.count, 2, 'only the level 1 and level 2 problems are easy');
		const rows = fs.readFileSync(easy.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
		assert.deepEqual(rows.map((r) => r.labels.every((x) => x === true)), [true, true]);
		const imported = await dbRows(ext,
			'SELECT count(*) AS n FROM labeling_sessions WHERE purpose = \'train\'');
		assert.equal(imported[0].n, 6);
	});

	it('opens the labeling panel on a generated easy sample', async () => {
		const ids = await vscode.commands.executeCommand('stepwise.generate', { ...EASY, n: 2 });
		assert.equal(ids.length, 2);
		const rows = await dbRows(ext,
			`SELECT sample_id, count(*) AS n FROM steps WHERE sample_id IN (${ids.join(',')})
			GROUP BY sample_id ORDER BY n DESC, sample_id`);
		const sampleId = rows[0].sample_id;
		const steps = await dbRows(ext, 'SELECT text FROM steps WHERE sample_id = ? ORDER BY idx',
			[sampleId]);
		await vscode.commands.executeCommand('stepwise.openLabeling', { sampleId });
		const tab = await waitFor('the labeling panel opening', () => labelingTab());
		assert.equal(tab.label, 'Stepwise Labeling');
		fs.writeFileSync(marker, JSON.stringify({ sampleId, steps: steps.map((s) => s.text) }));
	});

	it('refuses bad arguments to openLabeling without opening anything else', async () => {
		const before = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
		await vscode.commands.executeCommand('stepwise.openLabeling', { sampleId: 'seven' });
		const after = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
		assert.equal(after, before);
	});
});
