'use strict';
// The installed VSIX carries what the extension loads at run time, for
// linux-x64 only: the bundle, and the native modules esbuild leaves external.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

function installed(rel) {
	const ext = vscode.extensions.getExtension('stepwise.stepwise');
	assert.ok(ext, 'stepwise.stepwise is not installed');
	return fs.existsSync(path.join(ext.extensionPath, rel));
}

describe('packaging', () => {
	it('ships the bundled extension entry point', () => {
		assert.ok(installed('dist/extension.js'));
	});

	it('ships onnxruntime-node for linux-x64 and no other platform', () => {
		const bin = 'node_modules/onnxruntime-node/bin/napi-v6';
		assert.ok(installed(`${bin}/linux/x64/onnxruntime_binding.node`));
		assert.ok(installed(`${bin}/linux/x64/libonnxruntime.so.1`));
		assert.equal(installed(`${bin}/darwin`), false);
		assert.equal(installed(`${bin}/win32`), false);
		assert.equal(installed(`${bin}/linux/arm64`), false);
	});

	it('ships the sqlite3 addon without its sources and build intermediates', () => {
		assert.ok(installed('node_modules/sqlite3/build/Release/node_sqlite3.node'));
		assert.equal(installed('node_modules/sqlite3/deps'), false);
		assert.equal(installed('node_modules/sqlite3/build/Release/obj.target'), false);
	});

	it('loads both native modules in the extension host', async () => {
		const ext = vscode.extensions.getExtension('stepwise.stepwise');
		const base = path.join(ext.extensionPath, 'node_modules');
		const sqlite3 = require(path.join(base, 'sqlite3'));
		const db = new sqlite3.Database(':memory:');
		const row = await new Promise((resolve, reject) => {
			db.get('select 6 * 7 as x', (err, r) => (err ? reject(err) : resolve(r)));
		});
		db.close();
		assert.equal(row.x, 42);
		const ort = require(path.join(base, 'onnxruntime-node'));
		assert.equal(typeof ort.InferenceSession.create, 'function');
	});
});
