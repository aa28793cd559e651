/**
 * Which PRM is in use. The settings name a base PRM folder; retraining
 * makes versions derived from it, one of which may be active. An active
 * version counts only while the settings still name its base, so pointing
 * `stepwise.prmPath` at another model is never silently overridden.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Store } from '../store/store';
import type { ModelVersionRow } from '../store/types';

async function rootOf(store: Store, v: ModelVersionRow): Promise<ModelVersionRow> {
	let cur = v;
	for (let hops = 0; cur.parentId && hops < 1000; hops++) {
		const up = await store.getModelVersion(cur.parentId);
		if (!up) {
			break;
		}
		cur = up;
	}
	return cur;
}

/** The PRM folder to load: the active version of this base, else the base. */
export async function activePrm(store: Store, basePath: string): Promise<{ path: string; version?: ModelVersionRow }> {
	const active = await store.getActiveModel('prm');
	if (active && existsSync(active.path)) {
		const root = await rootOf(store, active);
		if (resolve(root.path) === resolve(basePath)) {
			return { path: active.path, version: active };
		}
	}
	return { path: basePath };
}

/** The registered version for the settings' base folder, added on first use. */
export async function ensureBaseVersion(store: Store, basePath: string): Promise<ModelVersionRow> {
	const all = await store.listModelVersions('prm');
	const found = all.find((v) => resolve(v.path) === resolve(basePath) && v.parentId === null);
	if (found) {
		return found;
	}
	return store.addModelVersion({
		id: `${basename(resolve(basePath))}-base-${Date.now().toString(36)}`,
		kind: 'prm',
		path: resolve(basePath),
		parentId: null,
		provenance: { source: 'the stepwise.prmPath setting (or the shipped default)' },
	});
}

/** Versions derived from this base (the base first), for keep / roll back. */
export async function lineage(store: Store, basePath: string): Promise<ModelVersionRow[]> {
	const all = await store.listModelVersions('prm');
	const out: ModelVersionRow[] = [];
	for (const v of all) {
		if (resolve((await rootOf(store, v)).path) === resolve(basePath)) {
			out.push(v);
		}
	}
	return out.sort((a, b) => (a.parentId === null ? -1 : b.parentId === null ? 1 : a.createdAt.localeCompare(b.createdAt)));
}
