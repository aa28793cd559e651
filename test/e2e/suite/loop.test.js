// The main loop in a real VS Code: pick a MATH500 problem, generate
// solutions with the shipped generator, see every line scored by the
// shipped PRM, label steps, and find the labels in the SQLite file.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { readRows } = require('../db.cjs');

const EASY = { set: 'math500', uid: 'test/algebra/1214.json' }; // level 1
const HARD = { set: 'math500', uid: 'test/prealgebra/951.json' }; // level 5

let api;
let ext;

function dbRows(sql, params = []) {
	const sqlite3 = require(path.join(ext.extensionPath, 'node_modules', 'sqlite3'));
	return readRows(sqlite3, process.env.STEPWISE_E2E_DB, sql, params);
}

function cursorOn(editor, offset) {
	const pos = editor.document.positionAt(offset);
	editor.selection = new vscode.Selection(pos, pos);
}

suite('Stepwise main loop', function () {
	this.timeout(180000);

	suiteSetup(async () => {
		ext = vscode.extensions.getExtension('stepwise.stepwise');
		assert.ok(ext, 'the Stepwise extension is installed');
		api = await ext.activate();
		// The shipped model knows arithmetic, not MATH: asking for some length
		// makes its (seeded) solutions several lines long, enough to label.
		await vscode.workspace.getConfiguration('stepwise.generation')
			.update('minNewTokens', 40, vscode.ConfigurationTarget.Global);
	});

	suiteTeardown(async () => {
		await vscode.workspace.getConfiguration('stepwise.generation')
			.update('minNewTokens', undefined, vscode.ConfigurationTarget.Global);
	});

	test('generate opens scored solutions of a MATH500 problem', async () => {
		const ids = await vscode.commands.executeCommand('stepwise.generate', { ...EASY, n: 2 });
		assert.equal(ids.length, 2);
		const editor = vscode.window.activeTextEditor;
		assert.equal(editor.document.uri.toString(), `stepwise:/sample/${ids[0]}.md`);
		assert.match(editor.document.getText(), /^Problem \(math500 test\/algebra\/1214\.json, level 1, Algebra\):/);
		const a = api.services.annotations.get(editor.document);
		assert.ok(a.steps.length > 0, 'the solution has steps');
		assert.equal(a.scores.length, a.steps.length, 'every step has a score');
		for (const s of a.scores) {
			assert.ok(s.p >= 0 && s.p <= 1);
		}
		const rows = await dbRows('SELECT COUNT(*) AS n FROM step_scores s JOIN samples x ON x.id = s.sample_id WHERE x.id = ?', [ids[0]]);
		assert.equal(rows[0].n, a.steps.length, 'the scores shown are stored');

		const first = editor.document.positionAt(a.steps[0].start);
		const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', editor.document.uri, first);
		const text = hovers.flatMap((h) => h.contents.map((c) => c.value ?? String(c))).join('\n');
		assert.match(text, /P\(correct\) = \*\*0\.\d{4}\*\*/);
		assert.match(text, /sigmoid\(logit/);
	});

	test('labels land in SQLite, and a -1 ends the solution', async () => {
		const editor = vscode.window.activeTextEditor;
		const a = api.services.annotations.get(editor.document);
		assert.ok(a.steps.length >= 2, 'need two steps to test the -1 rule');
		cursorOn(editor, a.steps[0].start);
		const good = await vscode.commands.executeCommand('stepwise.labelGood');
		assert.deepEqual(good, { sampleId: a.sampleId, idx: 0, rating: 1 });
		cursorOn(editor, a.steps[1].start);
		const bad = await vscode.commands.executeCommand('stepwise.labelBad');
		assert.equal(bad.rating, -1);
		if (a.steps.length > 2) {
			cursorOn(editor, a.steps[2].start);
			const refused = await vscode.commands.executeCommand('stepwise.labelGood');
			assert.equal(refused, undefined, 'no rating after the first wrong step');
		}
		const rows = await dbRows('SELECT idx, rating, purpose FROM labels WHERE sample_id = ? ORDER BY idx', [a.sampleId]);
		assert.deepEqual(rows.map((r) => [r.idx, r.rating, r.purpose]), [[0, 1, 'train'], [1, -1, 'train']]);
		const fin = await dbRows('SELECT finish_reason AS reason FROM labeling_sessions WHERE sample_id = ?', [a.sampleId]);
		assert.deepEqual(fin.map((r) => r.reason), ['found_error']);
	});

	test('a hard problem takes no training label', async () => {
		const ids = await vscode.commands.executeCommand('stepwise.generate', { ...HARD, n: 1 });
		const editor = vscode.window.activeTextEditor;
		const a = api.services.annotations.get(editor.document);
		cursorOn(editor, a.steps[0].start);
		const r = await vscode.commands.executeCommand('stepwise.labelGood');
		assert.equal(r, undefined);
		const rows = await dbRows('SELECT COUNT(*) AS n FROM labels WHERE sample_id = ?', [ids[0]]);
		assert.equal(rows[0].n, 0);
	});

	test('a solution the user wrote is scored line by line', async () => {
		const file = path.join(process.env.STEPWISE_E2E_WS, 'mine.md');
		fs.writeFileSync(file, 'Problem: Compute 12 + 7 * 3.\n\n7 * 3 = 21\n12 + 21 = 33\nThe answer is \\boxed{33}.\n');
		const doc = await vscode.workspace.openTextDocument(file);
		await vscode.window.showTextDocument(doc);
		const ps = await vscode.commands.executeCommand('stepwise.scoreDocument');
		assert.equal(ps.length, 3);
		const a = api.services.annotations.get(doc);
		assert.equal(doc.getText().slice(a.steps[1].start, a.steps[1].end), '12 + 21 = 33');
	});
});
