/**
 * The labeling_sessions table: how a person finished labeling a solution
 * (PRM800K's finish reason, total time and corrected step), one row per
 * (sample, labeler, purpose). A sample counts as labeled once it has one.
 */
import type { FinishReason, LabelPurpose } from '../core/types';
import { invalid } from './errors';
import { checkOwner } from './labels';
import { requireSample } from './samples';
import type { Connection } from './sqlite';
import type { FinishInput, JsonObject, LabelOwner, SessionRow } from './types';
import { now, parseObject } from './values';

interface SessionColumns {
	id: number;
	sample_id: number;
	labeler: string;
	purpose: LabelPurpose;
	finish_reason: FinishReason;
	human_completion: string | null;
	total_time_ms: number | null;
	provenance: string | null;
	created_at: string;
	updated_at: string;
}

const COLUMNS = `id, sample_id, labeler, purpose, finish_reason, human_completion,
	total_time_ms, provenance, created_at, updated_at`;

const REASONS: readonly FinishReason[] = ['solution', 'found_error', 'bad_problem', 'give_up'];

/** A session row as stored, with the import's provenance. */
export interface SessionRecord extends SessionRow {
	provenance: JsonObject | null;
}

/**
 * Records how labeling of a solution ended, replacing an earlier outcome of
 * the same pass. Call inside a transaction.
 */
export async function finishSolution(conn: Connection, input: FinishInput): Promise<SessionRow> {
	checkOwner(conn.file, input);
	if (!REASONS.includes(input.reason)) {
		throw invalid(
			conn.file,
			`Finish reason "${String(input.reason)}" is not one of ${REASONS.join(', ')}; ` +
				'the solution was not marked finished.',
		);
	}
	if (!Number.isFinite(input.totalTimeMs) || input.totalTimeMs < 0) {
		throw invalid(
			conn.file,
			`Labeling time ${String(input.totalTimeMs)} ms is not a duration; ` +
				'the solution was not marked finished.',
		);
	}
	await requireSample(conn, input.sampleId);
	const time = now();
	await conn.run(
		`INSERT INTO labeling_sessions (sample_id, labeler, purpose, finish_reason,
			human_completion, total_time_ms, provenance, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)
		ON CONFLICT (sample_id, labeler, purpose) DO UPDATE SET
			finish_reason = excluded.finish_reason,
			human_completion = excluded.human_completion,
			total_time_ms = excluded.total_time_ms,
			updated_at = excluded.updated_at`,
		[
			input.sampleId,
			input.labeler,
			input.purpose,
			input.reason,
			input.humanCompletion ?? null,
			Math.round(input.totalTimeMs),
			time,
			time,
		],
	);
	const row = await getSession(conn, input);
	if (!row) {
		throw invalid(conn.file, `The outcome for sample ${input.sampleId} was not written.`);
	}
	return row;
}

/** Removes a finished outcome, e.g. to undo finishing; returns what was removed. */
export async function unfinishSolution(
	conn: Connection,
	owner: LabelOwner,
): Promise<SessionRow | undefined> {
	const row = await getSession(conn, owner);
	await conn.run(
		'DELETE FROM labeling_sessions WHERE sample_id = ? AND labeler = ? AND purpose = ?',
		[owner.sampleId, owner.labeler, owner.purpose],
	);
	return row;
}

/** Inserts an imported session as it was recorded; returns its id. */
export async function insertSession(
	conn: Connection,
	rec: Omit<SessionRecord, 'id'>,
): Promise<number> {
	const info = await conn.run(
		`INSERT INTO labeling_sessions (sample_id, labeler, purpose, finish_reason,
			human_completion, total_time_ms, provenance, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		[
			rec.sampleId,
			rec.labeler,
			rec.purpose,
			rec.reason,
			rec.humanCompletion,
			rec.totalTimeMs,
			rec.provenance === null ? null : JSON.stringify(rec.provenance),
			rec.createdAt,
			rec.updatedAt,
		],
	);
	return info.lastId;
}

/** The outcome of one labeling pass, if finished. */
export async function getSession(
	conn: Connection,
	owner: LabelOwner,
): Promise<SessionRow | undefined> {
	const row = await conn.get<SessionColumns>(
		`SELECT ${COLUMNS} FROM labeling_sessions
		WHERE sample_id = ? AND labeler = ? AND purpose = ?`,
		[owner.sampleId, owner.labeler, owner.purpose],
	);
	return row && toSessionRow(row);
}

/** All finished outcomes for a sample. */
export async function getSessions(conn: Connection, sampleId: number): Promise<SessionRow[]> {
	const rows = await conn.all<SessionColumns>(
		`SELECT ${COLUMNS} FROM labeling_sessions WHERE sample_id = ? ORDER BY id`,
		[sampleId],
	);
	return rows.map(toSessionRow);
}

/** Converts a stored row, keeping the provenance an import recorded. */
export function toSessionRecord(r: SessionColumns): SessionRecord {
	const provenance = r.provenance === null ? null : parseObject(r.provenance);
	return { ...toSessionRow(r), provenance };
}

/** The SELECT list matching `toSessionRecord`. */
export const SESSION_COLUMNS = COLUMNS;

/** Columns of labeling_sessions, for modules that read it. */
export type { SessionColumns };

function toSessionRow(r: SessionColumns): SessionRow {
	return {
		id: r.id,
		sampleId: r.sample_id,
		labeler: r.labeler,
		purpose: r.purpose,
		reason: r.finish_reason,
		humanCompletion: r.human_completion,
		totalTimeMs: r.total_time_ms,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
	};
}
