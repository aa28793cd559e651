/**
 * Retraining in the editor or the CLI, host side: gather the easy-problem
 * training labels from the store, have the engine refit the PRM head,
 * write the result as a new model version folder, record it in SQLite,
 * and make it the active PRM. The version folder is the base folder's
 * files (hard links where the file system allows, else copies) with a
 * stepwise-prm.json that carries the refit head.
 */
import {
	copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CancelSignal, EngineClient } from '../engine/client';
import type { Store } from '../store/store';
import type { ModelVersionRow } from '../store/types';
import type { RefitExample, RefitResult } from '../engine/refit';
import { ensureBaseVersion } from './versions';

export interface RetrainOptions {
	/** The PRM folder the settings name (the lineage's root). */
	rootPath: string;
	/** The PRM folder in use now, whose head is refit (the root or a version of it). */
	currentPath: string;
	easyMaxLevel: number;
	/** Where version folders go. */
	versionsDir: string;
	seed: number;
	valFraction: number;
}

export interface RetrainOutcome {
	version: ModelVersionRow;
	result: RefitResult;
	examples: number;
}

/** Training labels of easy problems, one example per finished labeling pass. */
export async function collectExamples(store: Store, easyMaxLevel: number): Promise<RefitExample[]> {
	const rows = await store.exportTrl({ easyMaxLevel });
	return rows.map((r) => ({
		group: r.prompt,
		problem: r.prompt,
		steps: r.completions,
		labels: r.labels.map((b) => (b ? 1 : 0)),
	}));
}

/** Links (or copies) every file of `from` into `to`, recursively. */
function mirror(from: string, to: string): void {
	mkdirSync(to, { recursive: true });
	for (const name of readdirSync(from)) {
		const src = join(from, name);
		const dst = join(to, name);
		if (statSync(src).isDirectory()) {
			mirror(src, dst);
			continue;
		}
		try {
			linkSync(src, dst);
		} catch {
			copyFileSync(src, dst);
		}
	}
}

/** Writes the version folder; the base's adapter gains the refit head. */
export function writeVersionFolder(base: string, dir: string, head: RefitResult['head']): void {
	if (existsSync(dir)) {
		throw new Error(`${dir} already exists; pick another version id.`);
	}
	mirror(base, dir);
	const file = join(dir, 'stepwise-prm.json');
	const adapter = JSON.parse(readFileSync(file, 'utf8'));
	// A hard link shares bytes with the base: replace the file, never edit it in place.
	const fresh = join(dirname(file), 'stepwise-prm.json.new');
	writeFileSync(fresh, JSON.stringify({ ...adapter, head }, null, '\t') + '\n');
	renameSync(fresh, file);
}

function versionId(base: string): string {
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
	return `${basename(base)}-refit-${stamp}`;
}

/** The whole in-editor retraining job. */
export async function retrainHead(
	client: EngineClient,
	store: Store,
	o: RetrainOptions,
	opts: { signal?: CancelSignal; progress?: (done: number, total: number) => void } = {},
): Promise<RetrainOutcome> {
	const examples = await collectExamples(store, o.easyMaxLevel);
	if (examples.length === 0) {
		throw new Error('There are no finished training labels on easy problems yet. Label some '
			+ 'solutions of problems at or below `stepwise.easyMaxLevel` first.');
	}
	const result = await client.request('refitHead', {
		examples, valFraction: o.valFraction, seed: o.seed,
	}, { signal: opts.signal, progress: opts.progress });
	const root = await ensureBaseVersion(store, o.rootPath);
	const current = (await store.listModelVersions('prm')).find((v) => v.path === o.currentPath) ?? root;
	const id = versionId(o.rootPath);
	const dir = join(o.versionsDir, id);
	writeVersionFolder(o.currentPath, dir, result.head);
	const version = await store.addModelVersion({
		id,
		kind: 'prm',
		path: dir,
		parentId: current.id,
		provenance: {
			trainer: 'head-refit (logistic regression on the frozen trunk)',
			base: o.currentPath,
			labels: { passes: examples.length, steps: result.train.steps + result.val.steps },
			split: { seed: o.seed, valFraction: o.valFraction, by: 'problem' },
			when: new Date().toISOString(),
		},
		metrics: { validation: result.after, before: result.before, train: result.train, val: result.val },
	});
	// Scores shown before keep only their old model id; the new version starts active.
	await store.setActiveModel(version.id);
	return { version: { ...version, active: true }, result, examples: examples.length };
}
