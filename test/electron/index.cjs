// Runs the end-to-end mocha files inside desktop VS Code's extension host.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
	const mocha = new Mocha({ ui: 'tdd', timeout: 180000, color: true });
	const dir = join(__dirname, '..', 'e2e', 'suite');
	// The packaging test checks an installed VSIX; here the extension runs from source.
	const files = readdirSync(dir).filter((n) => n.endsWith('.test.js') && n !== 'packaging.test.js');
	for (const f of files.sort()) {
		mocha.addFile(join(dir, f));
	}
	return new Promise((resolve, reject) => {
		mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed`)) : resolve()));
	});
};
