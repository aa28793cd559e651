// Live checking in a real VS Code: a written solution gets scores and a
// diagnostic on its first doubtful step; editing one line re-scores only
// that step and the ones after it.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

async function until(what, fn, ms = 30000) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v) {
			return v;
		}
		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

suite('Stepwise live checking', function () {
	this.timeout(120000);
	let api;
	const cfg = () => vscode.workspace.getConfiguration('stepwise.live');

	suiteSetup(async () => {
		api = await vscode.extensions.getExtension('stepwise.stepwise').activate();
		// Every probability is below 1: with threshold 1 the first step is flagged.
		await cfg().update('threshold', 1, vscode.ConfigurationTarget.Global);
		await cfg().update('debounceMs', 50, vscode.ConfigurationTarget.Global);
	});

	suiteTeardown(async () => {
		await cfg().update('threshold', undefined, vscode.ConfigurationTarget.Global);
		await cfg().update('debounceMs', undefined, vscode.ConfigurationTarget.Global);
	});

	test('a 20-step solution is scored on open, with the first doubtful step in Problems', async () => {
		const steps = Array.from({ length: 20 }, (_, i) => `${i + 1} + ${i + 2} = ${2 * i + 3}`);
		const file = path.join(process.env.STEPWISE_E2E_WS, 'twenty.md');
		fs.writeFileSync(file, `Problem: Add the pairs.\n\n${steps.join('\n')}\n`);
		const doc = await vscode.workspace.openTextDocument(file);
		await vscode.window.showTextDocument(doc);
		const a = await until('scores', () => {
			const x = api.services.annotations.get(doc);
			return x && x.scores.length === 20 && x;
		});
		assert.equal(doc.getText().slice(a.steps[0].start, a.steps[0].end), '1 + 2 = 3');
		const diags = await until('a diagnostic', () => {
			const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'Stepwise');
			return d.length > 0 && d;
		});
		assert.equal(diags.length, 1, 'only the first doubtful step is reported');
		assert.equal(diags[0].range.start.line, 2);
		assert.match(diags[0].message, /^Step 1 is doubtful/);
	});

	test('editing line 15 re-scores steps 15-20 only', async () => {
		const editor = vscode.window.activeTextEditor;
		const doc = editor.document;
		const before = api.services.annotations.get(doc).scores.map((s) => s.p);
		const passBefore = api.services.live.lastPass(doc);
		const line = doc.lineAt(2 + 14);
		assert.equal(line.text, '15 + 16 = 31');
		await editor.edit((e) => e.replace(line.range, '15 + 16 = 99'));
		// The edit keeps the line's length, so old offsets would still read the new
		// text: wait for a new pass, not for the text.
		const pass = await until('the live pass after the edit', () => {
			const p = api.services.live.lastPass(doc);
			return p !== passBefore && p;
		});
		assert.equal(pass.firstRescored, 14, JSON.stringify(pass));
		assert.ok(pass.reused > 0 && pass.computed < pass.reused, JSON.stringify(pass));
		const after = api.services.annotations.get(doc).scores.map((s) => s.p);
		assert.deepEqual(after.slice(0, 14), before.slice(0, 14), 'steps before the edit keep their scores');
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});
});
