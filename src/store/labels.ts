/**
 * The labels table: one current rating per (sample, step, labeler,
 * purpose), written under PRM800K's stopping rule.
 */
import type { LabelPurpose, Rating } from '../core/types';
import { invalid } from './errors';
import { decideLabel } from './labelRule';
import { requireSample } from './samples';
import type { Connection } from './sqlite';
import type { LabelInput, LabelOwner, LabelRow, SetLabelResult } from './types';
import { isRating, now } from './values';

interface LabelColumns {
	sample_id: number;
	labeler: string;
	purpose: LabelPurpose;
	idx: number;
	rating: Rating | null;
	flagged: number;
	created_at: string;
	updated_at: string;
}

const COLUMNS = 'sample_id, labeler, purpose, idx, rating, flagged, created_at, updated_at';

const UPSERT = `
INSERT INTO labels (sample_id, labeler, purpose, idx, rating, flagged, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (sample_id, labeler, purpose, idx) DO UPDATE SET
	rating = excluded.rating,
	flagged = excluded.flagged,
	updated_at = excluded.updated_at`;

/**
 * Stores a step's label, enforcing the stopping rule (see labelRule.ts).
 * Call inside a transaction: the rule is checked against the labels as
 * they are at commit time, whichever window wrote them.
 */
export async function setLabel(conn: Connection, input: LabelInput): Promise<SetLabelResult> {
	checkOwner(conn.file, input);
	if (input.rating !== null && !isRating(input.rating)) {
		throw invalid(
			conn.file,
			`Rating ${String(input.rating)} is not one of +1, 0, -1 (or none); ` +
				'the label was not saved.',
		);
	}
	const steps = await requireSample(conn, input.sampleId);
	if (!Number.isInteger(input.idx) || input.idx < 0 || input.idx >= steps) {
		throw invalid(
			conn.file,
			`Sample ${input.sampleId} has ${steps} steps, so step index ${input.idx} cannot be ` +
				'labeled. Reload the solution; its steps may have changed.',
		);
	}
	const existing = (await listOwnLabels(conn, input)).filter((l) => l.idx !== input.idx);
	const decision = decideLabel(existing, input.idx, input.rating);
	if (!decision.ok) {
		throw invalid(
			conn.file,
			`Step ${input.idx + 1} of sample ${input.sampleId} cannot be labeled: step ` +
				`${decision.firstWrong + 1} is rated -1 and labeling stops at the first wrong ` +
				'step. Re-rate that step first if it is not wrong.',
		);
	}
	const removed = existing.filter((l) => decision.remove.includes(l.idx));
	await conn.runMany(
		'DELETE FROM labels WHERE sample_id = ? AND labeler = ? AND purpose = ? AND idx = ?',
		removed.map((l) => [l.sampleId, l.labeler, l.purpose, l.idx]),
	);
	const time = now();
	await conn.run(UPSERT, [
		input.sampleId,
		input.labeler,
		input.purpose,
		input.idx,
		input.rating,
		input.flagged ? 1 : 0,
		time,
		time,
	]);
	const label = await getLabel(conn, input, input.idx);
	if (!label) {
		throw invalid(conn.file, `The label for sample ${input.sampleId} was not written.`);
	}
	return { label, removed };
}

/** Deletes one label, e.g. to undo it; returns what was deleted. */
export async function clearLabel(
	conn: Connection,
	owner: LabelOwner & { idx: number },
): Promise<LabelRow | undefined> {
	checkOwner(conn.file, owner);
	const label = await getLabel(conn, owner, owner.idx);
	await conn.run(
		'DELETE FROM labels WHERE sample_id = ? AND labeler = ? AND purpose = ? AND idx = ?',
		[owner.sampleId, owner.labeler, owner.purpose, owner.idx],
	);
	return label;
}

/** Labels of a sample, of one labeler or all, by labeler, purpose, step. */
export async function getLabels(
	conn: Connection,
	sampleId: number,
	labeler?: string,
): Promise<LabelRow[]> {
	const rows = labeler === undefined
		? await conn.all<LabelColumns>(
			`SELECT ${COLUMNS} FROM labels WHERE sample_id = ? ORDER BY labeler, purpose, idx`,
			[sampleId],
		)
		: await conn.all<LabelColumns>(
			`SELECT ${COLUMNS} FROM labels WHERE sample_id = ? AND labeler = ?
			ORDER BY purpose, idx`,
			[sampleId, labeler],
		);
	return rows.map(toLabelRow);
}

/** The labels of one labeling pass, in step order. */
export async function listOwnLabels(conn: Connection, owner: LabelOwner): Promise<LabelRow[]> {
	const rows = await conn.all<LabelColumns>(
		`SELECT ${COLUMNS} FROM labels WHERE sample_id = ? AND labeler = ? AND purpose = ?
		ORDER BY idx`,
		[owner.sampleId, owner.labeler, owner.purpose],
	);
	return rows.map(toLabelRow);
}

async function getLabel(
	conn: Connection,
	owner: LabelOwner,
	idx: number,
): Promise<LabelRow | undefined> {
	const row = await conn.get<LabelColumns>(
		`SELECT ${COLUMNS} FROM labels
		WHERE sample_id = ? AND labeler = ? AND purpose = ? AND idx = ?`,
		[owner.sampleId, owner.labeler, owner.purpose, idx],
	);
	return row && toLabelRow(row);
}

/** Throws kind `invalid` unless labeler and purpose are usable. */
export function checkOwner(file: string, owner: LabelOwner): void {
	if (typeof owner.labeler !== 'string' || owner.labeler.trim() === '') {
		throw invalid(file, 'A label needs the name of its labeler; nothing was saved.');
	}
	if (owner.purpose !== 'train' && owner.purpose !== 'eval') {
		throw invalid(
			file,
			`Label purpose "${String(owner.purpose)}" is neither "train" nor "eval"; ` +
				'nothing was saved.',
		);
	}
}

function toLabelRow(r: LabelColumns): LabelRow {
	return {
		sampleId: r.sample_id,
		labeler: r.labeler,
		purpose: r.purpose,
		idx: r.idx,
		rating: r.rating,
		flagged: r.flagged !== 0,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
	};
}
