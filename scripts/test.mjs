// Runs the test suites: unit and integration tests with node's own runner,
// then the end-to-end suite in a real VS Code (code-server) unless --unit.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const root = new URL('..', import.meta.url).pathname;

function run(cmd, argv, env = {}) {
	const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
}

function findTests(dir) {
	const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...findTests(p));
    } else if (name.endsWith('.test.ts')) {
      out.push(p);
    }
  }
  return out.sort();
}

if (!args.has('--e2e')) {
	run('node', ['esbuild.mjs']);
	// bench/ holds the checks the speed work must keep true; they are quick.
	const files = [...findTests(join(root, 'test', 'unit')), ...findTests(join(root, 'bench'))];
	// One file at a time: the engine tests hold ONNX sessions and two cores are all we have.
	// A hung test fails after five minutes instead of holding CI until its limit.
	run('node', ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', ...files]);
}
if (!args.has('--unit')) {
	run('bash', ['test/e2e/run-e2e.sh']);
}
