/**
 * The model_versions table: generator and PRM versions, which one was
 * trained from which, how each was made and how it scored. At most one
 * version per kind is active (a partial unique index enforces it).
 */
import { invalid } from './errors';
import type { Connection } from './sqlite';
import type { JsonObject, ModelKind, ModelVersionRow, NewModelVersion } from './types';
import { isObject, now, parseObject } from './values';

interface ModelColumns {
	id: string;
	kind: ModelKind;
	path: string;
	parent_id: string | null;
	provenance: string;
	metrics: string;
	active: number;
	created_at: string;
}

const COLUMNS = 'id, kind, path, parent_id, provenance, metrics, active, created_at';

/** Registers a model version (inactive). Call inside a transaction. */
export async function addModelVersion(
	conn: Connection,
	input: NewModelVersion,
): Promise<ModelVersionRow> {
	if (typeof input.id !== 'string' || input.id.trim() === '') {
		throw invalid(conn.file, 'A model version needs a non-empty id; nothing was saved.');
	}
	if (input.kind !== 'generator' && input.kind !== 'prm') {
		throw invalid(
			conn.file,
			`Model kind "${String(input.kind)}" is neither "generator" nor "prm"; ` +
				'nothing was saved.',
		);
	}
	if (await getModelVersion(conn, input.id)) {
		throw invalid(
			conn.file,
			`A model version "${input.id}" is already registered; give the new one another id.`,
		);
	}
	const parentId = input.parentId ?? null;
	if (parentId !== null && !(await getModelVersion(conn, parentId))) {
		throw invalid(
			conn.file,
			`Model version "${input.id}" names parent "${parentId}", which is not registered. ` +
				'Register the parent first or leave the parent out.',
		);
	}
	await conn.run(
		`INSERT INTO model_versions
			(id, kind, path, parent_id, provenance, metrics, active, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
		[
			input.id,
			input.kind,
			input.path,
			parentId,
			JSON.stringify(checkObject(conn.file, input.provenance, 'provenance')),
			JSON.stringify(checkObject(conn.file, input.metrics, 'metrics')),
			now(),
		],
	);
	return requireModel(conn, input.id);
}

/** The model version with this id, if registered. */
export async function getModelVersion(
	conn: Connection,
	id: string,
): Promise<ModelVersionRow | undefined> {
	const row = await conn.get<ModelColumns>(
		`SELECT ${COLUMNS} FROM model_versions WHERE id = ?`,
		[id],
	);
	return row && toModelRow(row);
}

/** Registered versions, of one kind or all, oldest first. */
export async function listModelVersions(
	conn: Connection,
	kind?: ModelKind,
): Promise<ModelVersionRow[]> {
	const rows = kind === undefined
		? await conn.all<ModelColumns>(
			`SELECT ${COLUMNS} FROM model_versions ORDER BY created_at, id`,
		)
		: await conn.all<ModelColumns>(
			`SELECT ${COLUMNS} FROM model_versions WHERE kind = ? ORDER BY created_at, id`,
			[kind],
		);
	return rows.map(toModelRow);
}

/**
 * Makes `id` the active version of its kind and deactivates the one before.
 * Rolling back is activating the older id again. Call inside a transaction.
 */
export async function setActiveModel(conn: Connection, id: string): Promise<ModelVersionRow> {
	const model = await requireModel(conn, id);
	await conn.run(
		'UPDATE model_versions SET active = 0 WHERE kind = ? AND active = 1',
		[model.kind],
	);
	await conn.run('UPDATE model_versions SET active = 1 WHERE id = ?', [id]);
	return { ...model, active: true };
}

/** The active version of a kind, if one is active. */
export async function getActiveModel(
	conn: Connection,
	kind: ModelKind,
): Promise<ModelVersionRow | undefined> {
	const row = await conn.get<ModelColumns>(
		`SELECT ${COLUMNS} FROM model_versions WHERE kind = ? AND active = 1`,
		[kind],
	);
	return row && toModelRow(row);
}

/** Replaces the metrics of a version. Call inside a transaction. */
export async function setModelMetrics(
	conn: Connection,
	id: string,
	metrics: JsonObject,
): Promise<ModelVersionRow> {
	await requireModel(conn, id);
	await conn.run('UPDATE model_versions SET metrics = ? WHERE id = ?', [
		JSON.stringify(checkObject(conn.file, metrics, 'metrics')),
		id,
	]);
	return requireModel(conn, id);
}

async function requireModel(conn: Connection, id: string): Promise<ModelVersionRow> {
	const model = await getModelVersion(conn, id);
	if (!model) {
		throw invalid(
			conn.file,
			`Model version "${id}" is not registered in ${conn.file}; register it first.`,
		);
	}
	return model;
}

function checkObject(file: string, value: JsonObject | undefined, what: string): JsonObject {
	if (value === undefined) {
		return {};
	}
	if (!isObject(value)) {
		throw invalid(file, `Model ${what} must be a JSON object; nothing was saved.`);
	}
	return value;
}

function toModelRow(r: ModelColumns): ModelVersionRow {
	return {
		id: r.id,
		kind: r.kind,
		path: r.path,
		parentId: r.parent_id,
		provenance: parseObject(r.provenance),
		metrics: parseObject(r.metrics),
		active: r.active !== 0,
		createdAt: r.created_at,
	};
}
