// Unpacks the companion runner extension into a code-server extensions folder:
// its own files plus mocha and everything mocha requires, copied from the
// repo's node_modules with their nesting kept, so the extension host can
// require('mocha') from inside the extension.
// Usage: node test/e2e/stage-runner.mjs <extensions-dir>  (prints the folder it made)
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const modules = join(repo, 'node_modules');
const src = join(here, 'runner-ext');

/** Finds a dependency's folder the way require() would, starting at `fromDir`. */
function resolvePackage(name, fromDir) {
	let dir = fromDir;
	for (;;) {
		const candidate = join(dir, 'node_modules', name);
		if (existsSync(join(candidate, 'package.json'))) {
			return candidate;
		}
		if (dir === repo) {
			return undefined;
		}
		dir = dirname(dir);
	}
}

/** Every package folder mocha needs at run time, mocha included. */
function closure(rootName) {
	const found = new Set();
	const queue = [resolvePackage(rootName, repo)];
	while (queue.length > 0) {
		const dir = queue.pop();
		if (dir === undefined) {
			throw new Error(`${rootName} or one of its dependencies is missing from ${modules}; `
				+ 'run npm ci in the repo');
		}
		if (found.has(dir)) {
			continue;
		}
		found.add(dir);
		const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
		for (const name of Object.keys(deps)) {
			const dep = resolvePackage(name, dir);
			if (dep !== undefined || !(name in (pkg.optionalDependencies ?? {}))) {
				queue.push(dep);
			}
		}
	}
	return [...found];
}

const extensionsDir = process.argv[2];
if (!extensionsDir) {
	process.stderr.write('usage: node test/e2e/stage-runner.mjs <extensions-dir>\n');
	process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
const dest = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
mkdirSync(dest, { recursive: true });
cpSync(src, dest, { recursive: true });
for (const dir of closure('mocha')) {
	// A nested copy (node_modules/a/node_modules/b) is found at the same relative place.
	cpSync(dir, join(dest, 'node_modules', relative(modules, dir)), {
		recursive: true,
		// Nested node_modules are copied as packages of their own, only when needed.
		filter: (p) => relative(dir, p).split('/')[0] !== 'node_modules',
	});
}
process.stdout.write(`${dest}\n`);
