// Drives the code-server workbench with Debian's Chromium through
// playwright-core: opens the workspace (which starts the extension host and
// with it the mocha suite), waits for the suite's results file, runs the UI
// steps in test/e2e/ui/*.mjs, takes a screenshot and prints the outcome,
// ending with the line `N passed, N failed`. Exits 1 on any failure.
// Only loopback may be reached: Chromium resolves no other host, and any
// other request is aborted, logged and counted as a failure.
// Usage: node test/e2e/driver.mjs --url URL --workspace DIR --results FILE
//   [--ui-dir DIR] [--out-dir DIR] [--timeout SECONDS] [--net-log FILE] [--db FILE]
//   [--summary-file FILE]  (write the `N passed, N failed` line there instead of printing it)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import * as helpers from './ui-helpers.mjs';

const STEP_TIMEOUT_MS = 60000;

function parseArgs(argv) {
	const opts = {};
	for (let i = 0; i < argv.length; i += 2) {
		if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
			throw new Error(`bad argument ${argv[i]}; see the usage line in test/e2e/driver.mjs`);
		}
		opts[argv[i].slice(2)] = argv[i + 1];
	}
	for (const key of ['url', 'workspace', 'results']) {
		if (!opts[key]) {
			throw new Error(`--${key} is required; see the usage line in test/e2e/driver.mjs`);
		}
	}
	return opts;
}

function isLoopbackUrl(raw) {
	const u = new URL(raw);
	if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) {
		// data:, blob: and the like never leave the browser.
		return true;
	}
	const host = u.hostname.replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function sleep(ms) {
	return new Promise((f) => setTimeout(f, ms));
}

/** Resolves with the parsed results file, or undefined after `timeoutMs`. */
async function waitForResults(file, timeoutMs) {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (existsSync(file)) {
			return JSON.parse(readFileSync(file, 'utf8'));
		}
		await sleep(250);
	}
	return undefined;
}

function withTimeout(promise, ms, what) {
	let timer;
	const limit = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
	});
	return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function print(line) {
	process.stdout.write(`${line}\n`);
}

async function main(opts) {
	const outDir = resolve(opts['out-dir'] ?? 'test-results');
	const timeoutMs = Number(opts.timeout ?? 120) * 1000;
	mkdirSync(outDir, { recursive: true });

	const chromiumPath = process.env.STEPWISE_E2E_CHROMIUM ?? '/usr/bin/chromium';
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: [
			'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
		],
	});
	const blocked = [];
	const failures = [];
	let passes = 0;
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.route('**/*', (route) => {
			const url = route.request().url();
			if (isLoopbackUrl(url)) {
				return route.continue();
			}
			blocked.push(url);
			return route.abort('blockedbyclient');
		});
		const page = await context.newPage();
		const consoleErrors = [];
		page.on('console', (m) => {
			if (m.type() === 'error') {
				consoleErrors.push(m.text());
			}
		});

		const url = new URL(opts.url);
		url.searchParams.set('folder', resolve(opts.workspace));
		await page.goto(url.href);
		await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60000 });

		// The extension host starts with the workbench, and the runner with it.
		const results = await waitForResults(opts.results, timeoutMs);
		if (results === undefined) {
			failures.push({
				title: 'extension-host tests',
				message: `no results in ${opts.results} after ${timeoutMs / 1000} s: the runner `
					+ 'extension did not start or a test hung (logs: test-results/e2e-logs; '
					+ 'raise STEPWISE_E2E_TIMEOUT if the tests are just slow)',
			});
		} else {
			for (const line of results.log ?? []) {
				print(`  ${line}`);
			}
			passes += results.passes;
			failures.push(...results.failuresDetail);
		}

		const ctx = {
			url: url.href,
			workspace: resolve(opts.workspace),
			db: opts.db,
			repo: resolve(new URL('../..', import.meta.url).pathname),
			outDir,
			log: (msg) => print(`    ${msg}`),
			screenshot: (name) => page.screenshot({ path: join(outDir, `e2e-${name}.png`) }),
			searchPalette: (title) => helpers.searchPalette(page, title),
			runCommand: (title) => helpers.runCommand(page, title),
			closePalette: () => helpers.closePalette(page),
			waitForNotification: (pattern, ms) => helpers.waitForNotification(page, pattern, ms),
			activeEditorText: () => helpers.activeEditorText(page),
		};
		const uiDir = opts['ui-dir'];
		const steps = uiDir && existsSync(uiDir)
			? readdirSync(uiDir).filter((n) => n.endsWith('.mjs')).sort()
			: [];
		if (steps.length > 0) {
			print(`  UI steps (${uiDir})`);
		}
		for (const name of steps) {
			const title = `ui/${basename(name, '.mjs')}`;
			try {
				const mod = await import(pathToFileURL(join(resolve(uiDir), name)).href);
				if (typeof mod.default !== 'function') {
					throw new Error(`${name} must export default an async function (page, ctx)`);
				}
				await withTimeout(mod.default(page, ctx), STEP_TIMEOUT_MS, title);
				passes++;
				print(`    ok   ${title}`);
			} catch (err) {
				print(`    FAIL ${title}`);
				failures.push({ title, message: err.message, stack: err.stack });
				const shot = join(outDir, `e2e-fail-${basename(name, '.mjs')}.png`);
				await page.screenshot({ path: shot }).catch(() => undefined);
				await page.keyboard.press('Escape').catch(() => undefined);
			}
		}

		await page.screenshot({ path: join(outDir, 'e2e-workbench.png') });
		if (failures.length > 0 && consoleErrors.length > 0) {
			print(`  browser console errors (${consoleErrors.length}, last 10):`);
			for (const line of consoleErrors.slice(-10)) {
				print(`    ${line.slice(0, 300)}`);
			}
		}
	} finally {
		await browser.close();
	}

	const serverBlocked = opts['net-log'] && existsSync(opts['net-log'])
		? readFileSync(opts['net-log'], 'utf8').split('\n').filter((l) => l.length > 0)
		: [];
	if (blocked.length > 0 || serverBlocked.length > 0) {
		failures.push({
			title: 'loopback only',
			message: 'requests to other hosts were blocked; nothing may leave the machine:\n'
				+ [...blocked.map((u) => `browser ${u}`), ...serverBlocked.map((l) => `node ${l}`)]
					.map((l) => `      ${l}`).join('\n'),
		});
	}

	for (const [i, f] of failures.entries()) {
		print('');
		print(`  ${i + 1}) ${f.title}${f.file ? ` (${f.file})` : ''}`);
		// Playwright colours its messages; a log file wants plain text.
		const message = String(f.message).replace(/\x1b\[[0-9;]*m/g, '');
		print(`     ${message.split('\n').join('\n     ')}`);
		if (f.stack) {
			const frames = String(f.stack).split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6);
			print(frames.map((l) => `     ${l.trim()}`).join('\n'));
		}
	}
	print(`screenshot: ${join(outDir, 'e2e-workbench.png')}`);
	summarize(opts, `${passes} passed, ${failures.length} failed`);
	process.exitCode = failures.length > 0 ? 1 : 0;
}

function summarize(opts, line) {
	if (opts?.['summary-file']) {
		writeFileSync(opts['summary-file'], `${line}\n`);
	} else {
		print(line);
	}
}

let cliOpts;
try {
	cliOpts = parseArgs(process.argv.slice(2));
} catch (err) {
	process.stderr.write(`e2e driver: ${err.message}\n`);
	process.exit(2);
}
main(cliOpts).catch((err) => {
	process.stderr.write(`e2e driver: ${err.stack ?? err}\n`);
	summarize(cliOpts, '0 passed, 1 failed');
	process.exitCode = 1;
});
