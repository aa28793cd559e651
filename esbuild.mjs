// Bundles the extension host code, the engine worker, the CLI and the
// webview scripts. Native modules stay external: they load from
// node_modules at run time, in VS Code's host and in plain Node alike.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const external = ['vscode', 'onnxruntime-node', 'sqlite3'];

/** Reports build errors in the format the .vscode task's problem matcher reads. */
const problemMatcher = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) {
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
				}
			}
			console.log('[watch] build finished');
		});
	},
};

const node = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	sourcemap: !production,
	minify: production,
	external,
	logLevel: 'warning',
	plugins: watch ? [problemMatcher] : [],
};

const entries = [
	{ ...node, entryPoints: { extension: 'src/extension/extension.ts' } },
	{ ...node, entryPoints: { engineWorker: 'src/engine/worker.ts' } },
	{
		...node,
		entryPoints: { cli: 'src/cli/main.ts' },
		banner: { js: '#!/usr/bin/env node' },
	},
	{
		...node,
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		external: [],
		entryPoints: {
			'webview/labeling': 'webview/labeling/main.ts',
			'webview/dashboard': 'webview/dashboard/main.ts',
		},
	},
].map((e) => ({
	...e,
	// Each entry builds once its file exists, without waiting for the others.
	entryPoints: Object.fromEntries(Object.entries(e.entryPoints).filter(([, p]) => existsSync(p))),
})).filter((e) => Object.keys(e.entryPoints).length > 0);

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...e, outdir: 'dist' })));
if (watch) {
	await Promise.all(contexts.map((c) => c.watch()));
} else {
	await Promise.all(contexts.map((c) => c.rebuild()));
	await Promise.all(contexts.map((c) => c.dispose()));
}
