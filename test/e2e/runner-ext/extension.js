'use strict';
/**
 * Companion extension for the end-to-end tests. code-server's CLI has no
 * `--extensionTestsPath`, so this extension starts with the workbench and, when
 * E2E_TESTS_DIR is set, runs every *.test.js there with mocha inside the
 * extension host (where `require('vscode')` works), with mocha's bdd and tdd
 * interfaces both available. The outcome goes to
 * $E2E_RESULTS as JSON: { passes, failures, pending, failuresDetail, log, durationMs }.
 * Mocha and its dependencies are copied next to this file at run time.
 */
const fs = require('fs');
const path = require('path');

/** When the extension host loaded this file; the results report the time since. */
const started = Date.now();

/**
 * Writes the results through a temporary file so the driver, which polls for
 * the file, never reads half of it.
 */
function writeResults(file, results) {
	const tmp = `${file}.partial`;
	fs.writeFileSync(tmp, JSON.stringify(results, null, '\t') + '\n');
	fs.renameSync(tmp, file);
}

/** A mocha reporter that keeps a plain-text log and the failure details. */
function makeReporter(Mocha, log, failures) {
	const c = Mocha.Runner.constants;
	return function Reporter(runner) {
		let depth = 0;
		runner.on(c.EVENT_SUITE_BEGIN, (suite) => {
			if (suite.title) {
				log.push(`${'  '.repeat(depth)}${suite.title}`);
				depth++;
			}
		});
		runner.on(c.EVENT_SUITE_END, (suite) => {
			if (suite.title) {
				depth--;
			}
		});
		runner.on(c.EVENT_TEST_PASS, (test) => {
			log.push(`${'  '.repeat(depth)}ok   ${test.title} (${test.duration} ms)`);
		});
		runner.on(c.EVENT_TEST_PENDING, (test) => {
			log.push(`${'  '.repeat(depth)}skip ${test.title}`);
		});
		// Also fires for failing hooks, which count as failures too.
		runner.on(c.EVENT_TEST_FAIL, (test, err) => {
			log.push(`${'  '.repeat(depth)}FAIL ${test.title}`);
			failures.push({
				title: test.fullTitle(),
				file: test.file ? path.basename(test.file) : undefined,
				message: err && err.message ? String(err.message) : String(err),
				stack: err && err.stack ? String(err.stack) : undefined,
			});
		});
	};
}

/** Runs the suite and resolves with the results object. */
function runSuite(dir) {
	const Mocha = require('mocha');
	const files = fs.readdirSync(dir)
		.filter((name) => name.endsWith('.test.js'))
		.sort()
		.map((name) => path.join(dir, name));
	const log = [];
	const failuresDetail = [];
	const mocha = new Mocha({
		ui: 'bdd',
		color: false,
		timeout: Number(process.env.E2E_TEST_TIMEOUT_MS || 60000),
		reporter: makeReporter(Mocha, log, failuresDetail),
	});
	// Both styles work in a test file: describe/it (bdd) and suite/test (tdd).
	Mocha.interfaces.tdd(mocha.suite);
	if (process.env.E2E_TEST_GREP) {
		mocha.grep(process.env.E2E_TEST_GREP);
	}
	for (const file of files) {
		mocha.addFile(file);
	}
	log.push(`running ${files.length} file(s) from ${dir}`);
	return new Promise((resolve) => {
		// run() loads the files with require(), which keeps `require('vscode')` intact.
		const runner = mocha.run(() => {
			resolve({
				passes: runner.stats ? runner.stats.passes : 0,
				failures: failuresDetail.length,
				pending: runner.stats ? runner.stats.pending : 0,
				failuresDetail,
				log,
				durationMs: Date.now() - started,
			});
		});
	});
}

/** Entry point called by VS Code after startup. */
function activate() {
	const dir = process.env.E2E_TESTS_DIR;
	const out = process.env.E2E_RESULTS;
	if (!dir || !out) {
		return;
	}
	// Returning first lets the workbench finish activating extensions before the tests start.
	setTimeout(() => {
		Promise.resolve()
			.then(() => runSuite(dir))
			.catch((err) => ({
				passes: 0,
				failures: 1,
				pending: 0,
				failuresDetail: [{
					title: `loading the tests in ${dir}`,
					message: err && err.message ? String(err.message) : String(err),
					stack: err && err.stack ? String(err.stack) : undefined,
				}],
				log: [],
				durationMs: Date.now() - started,
			}))
			.then((results) => writeResults(out, results));
	}, 0);
}

function deactivate() {}

module.exports = { activate, deactivate };
