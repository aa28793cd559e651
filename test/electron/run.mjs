// The end-to-end suite (test/e2e/suite) in desktop VS Code, through
// @vscode/test-electron. It downloads VS Code, so it runs where that is
// possible (a developer machine, a CI with internet); `npm test` uses
// code-server instead. Usage: npm run test:electron [-- --version 1.95.0]
import { runTests } from '@vscode/test-electron';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const at = process.argv.indexOf('--version');
const version = at > 0 ? process.argv[at + 1] : 'stable';

const state = mkdtempSync(join(tmpdir(), 'stepwise-electron-'));
const ws = join(state, 'ws');
const user = join(state, 'user');
const db = join(state, 'labels.db');
mkdirSync(ws, { recursive: true });
mkdirSync(join(user, 'User'), { recursive: true });
writeFileSync(join(user, 'User', 'settings.json'), JSON.stringify({
	'stepwise.databasePath': db,
	'security.workspace.trust.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
}));

try {
	await runTests({
		version,
		extensionDevelopmentPath: root,
		extensionTestsPath: join(root, 'test', 'electron', 'index.cjs'),
		launchArgs: [ws, '--user-data-dir', user, '--disable-extensions', '--disable-workspace-trust'],
		extensionTestsEnv: { STEPWISE_E2E_DB: db, STEPWISE_E2E_WS: ws, STEPWISE_E2E_REPO: root },
	});
} catch (e) {
	console.error(`desktop VS Code tests failed: ${e.message ?? e}`);
	process.exit(1);
}
