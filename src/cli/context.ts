/**
 * What every CLI command needs: where the shipped models and data are,
 * which database to use, and an engine client started on demand.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultDatabasePath } from '../core/dbLocation';
import { EngineClient } from '../engine/client';
import type { LoadParams } from '../engine/protocol';
import type { ProviderSetting } from '../engine/runtime';
import { ProblemFiles } from '../eval/problemFiles';
import { openStore } from '../store/store';
import { activePrm } from '../train/versions';
import { UsageError } from './args';

/** The install root: dist/cli.js lives one level below it. */
export const ROOT = resolve(__dirname, '..');

export const COMMON_FLAGS = {
	db: { type: 'string' },
	generator: { type: 'string' },
	prm: { type: 'string' },
	provider: { type: 'string' },
	json: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
} as const;

/** `--db`, else STEPWISE_DB, else the documented default. */
export function databasePath(flag: unknown): string {
	if (typeof flag === 'string' && flag) {
		return resolve(flag);
	}
	return process.env.STEPWISE_DB ? resolve(process.env.STEPWISE_DB) : defaultDatabasePath();
}

export function problemFiles(): ProblemFiles {
	return new ProblemFiles(join(ROOT, 'data'));
}

/** Refuses a --set that names no shipped problem set, listing the ones there are. */
export function requireSet(files: ProblemFiles, set: string): void {
	if (!files.available().includes(set)) {
		throw new UsageError(`Unknown problem set "${set}"; the shipped sets are `
			+ `${files.available().join(', ')}.`);
	}
}

const PROVIDERS: ProviderSetting[] = ['auto', 'cuda', 'dml', 'coreml', 'cpu'];

export function loadParams(v: Record<string, unknown>): LoadParams {
	const provider = (v.provider ?? 'auto') as ProviderSetting;
	if (!PROVIDERS.includes(provider)) {
		throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}.`);
	}
	return {
		generatorPath: resolve(String(v.generator ?? join(ROOT, 'models', 'stepwise-gen-tiny'))),
		prmPath: resolve(String(v.prm ?? join(ROOT, 'models', 'stepwise-prm-tiny'))),
		provider,
	};
}

/**
 * The PRM to use: the active retrained version of the given base, when the
 * database has one, else the base. A missing database means no versions.
 */
export async function withActivePrm(params: LoadParams, db: string): Promise<LoadParams> {
	if (!params.prmPath || !existsSync(db)) {
		return params;
	}
	const store = await openStore(db);
	try {
		return { ...params, prmPath: (await activePrm(store, params.prmPath)).path };
	} finally {
		await store.close();
	}
}

/** Starts the engine worker and loads the models; logs fallbacks to stderr. */
export async function startEngine(params: LoadParams): Promise<EngineClient> {
	const worker = join(__dirname, 'engineWorker.js');
	if (!existsSync(worker)) {
		throw new Error(`${worker} is missing: run \`npm run build\` first.`);
	}
	const client = new EngineClient(worker, {
		log: (level, m) => { if (level !== 'debug') { process.stderr.write(`[${level}] ${m}\n`); } },
	});
	let loaded;
	try {
		loaded = await client.load(params);
	} catch (e) {
		// A live worker thread would keep the process from exiting.
		await client.dispose();
		throw e;
	}
	// A machine without the GPU build runs on CPU as expected, silently; a GPU
	// build that is installed and fails to start is worth a line.
	const why = new Set([loaded.generator, loaded.prm]
		.filter((m) => m?.gpuFailed).map((m) => m?.fallbackReason));
	for (const reason of why) {
		process.stderr.write(`[info] running on CPU: ${reason}\n`);
	}
	return client;
}
