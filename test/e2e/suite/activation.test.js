'use strict';
// Runs inside code-server's extension host (see test/e2e/runner-ext): the
// installed VSIX is found, activates, and registers its commands.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const ID = 'stepwise.stepwise';

describe('activation', () => {
	it('installs the Stepwise extension from the VSIX', () => {
		const ext = vscode.extensions.getExtension(ID);
		assert.ok(ext, `${ID} is not among the installed extensions`);
	});

	it('activates without throwing', async () => {
		const ext = vscode.extensions.getExtension(ID);
		await ext.activate();
		assert.equal(ext.isActive, true);
	});

	it('registers stepwise.generate once active', async () => {
		await vscode.extensions.getExtension(ID).activate();
		const commands = await vscode.commands.getCommands(true);
		assert.ok(commands.includes('stepwise.generate'),
			`stepwise.generate missing; Stepwise commands: ${
				commands.filter((c) => c.startsWith('stepwise.')).join(', ') || 'none'}`);
	});

	it('runs in the workspace and with the database the harness set up', () => {
		const folders = vscode.workspace.workspaceFolders ?? [];
		assert.equal(folders.length, 1);
		assert.equal(folders[0].uri.fsPath, process.env.STEPWISE_E2E_WS);
		const dbPath = vscode.workspace.getConfiguration('stepwise').get('databasePath');
		assert.equal(dbPath, process.env.STEPWISE_E2E_DB);
	});
});
