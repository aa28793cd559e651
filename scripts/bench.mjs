// Runs the benchmarks: builds the worker, checks that the generation loop
// still gives the samples it should, then runs each bench/*.bench.ts in a
// fresh process. Figures are JSON lines on stdout; everything else goes to
// stderr. `npm run bench -- prm memory` runs only the named benchmarks;
// `--no-check` skips the checks.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const check = !args.includes('--no-check');

function run(argv, stdout) {
	const r = spawnSync(process.execPath, argv, { cwd: root, stdio: ['ignore', stdout, 'inherit'] });
	if (r.status !== 0) {
		const why = r.status ?? r.signal;
		process.stderr.write(`bench: \`node ${argv.join(' ')}\` failed (exit ${why}).\n`);
		process.exit(r.status ?? 1);
	}
}

const bench = join(root, 'bench');
const names = readdirSync(bench).filter((f) => f.endsWith('.bench.ts')).sort()
	.filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
if (names.length === 0) {
	process.stderr.write(`bench: no benchmark in bench/ matches ${only.join(', ')}.\n`);
	process.exit(2);
}

process.stderr.write('bench: building\n');
run(['esbuild.mjs'], 'inherit');
if (check) {
	const tests = readdirSync(bench).filter((f) => f.endsWith('.test.ts')).sort()
		.map((f) => join('bench', f));
	process.stderr.write('bench: checking the generation loop\n');
	// Test output goes to stderr: stdout carries figures only.
	run(['--import', 'tsx', '--test', '--test-concurrency=1', ...tests], 2);
}
for (const name of names) {
	process.stderr.write(`bench: ${name}\n`);
	run(['--import', 'tsx', join('bench', name)], 'inherit');
}
