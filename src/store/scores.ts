/**
 * The step_scores table: one PRM probability per step, kept per PRM model
 * version so scores of an old and a retrained PRM can be compared.
 */
import type { StepScore } from '../core/types';
import { invalid } from './errors';
import { requireSample } from './samples';
import type { Connection } from './sqlite';

/**
 * Replaces the scores `prmId` gave the steps of a sample. Call inside a
 * transaction.
 */
export async function setStepScores(
	conn: Connection,
	sampleId: number,
	prmId: string,
	scores: readonly StepScore[],
): Promise<void> {
	const steps = await requireSample(conn, sampleId);
	await insertStepScores(conn, sampleId, steps, prmId, scores);
}

/** Checks and writes scores for a sample known to have `steps` steps. */
export async function insertStepScores(
	conn: Connection,
	sampleId: number,
	steps: number,
	prmId: string,
	scores: readonly StepScore[],
): Promise<void> {
	checkScores(conn.file, sampleId, steps, prmId, scores);
	await conn.run('DELETE FROM step_scores WHERE sample_id = ? AND prm_id = ?', [sampleId, prmId]);
	await conn.runMany(
		'INSERT INTO step_scores (sample_id, prm_id, idx, p, raw, how) VALUES (?, ?, ?, ?, ?, ?)',
		scores.map((s, idx) => [sampleId, prmId, idx, s.p, s.raw, s.how]),
	);
}

/** The scores `prmId` gave the sample's steps, in step order; empty when none. */
export async function getStepScores(
	conn: Connection,
	sampleId: number,
	prmId: string,
): Promise<StepScore[]> {
	return conn.all<StepScore>(
		'SELECT p, raw, how FROM step_scores WHERE sample_id = ? AND prm_id = ? ORDER BY idx',
		[sampleId, prmId],
	);
}

function checkScores(
	file: string,
	sampleId: number,
	steps: number,
	prmId: string,
	scores: readonly StepScore[],
): void {
	const where = `Scores of PRM "${prmId}" for sample ${sampleId}`;
	if (typeof prmId !== 'string' || prmId === '') {
		throw invalid(
			file,
			`Scores for sample ${sampleId} do not name their PRM; nothing was saved.`,
		);
	}
	if (scores.length !== steps) {
		throw invalid(
			file,
			`${where} cover ${scores.length} steps but the sample has ${steps}; ` +
				'score the whole solution with the same step split. Nothing was saved.',
		);
	}
	scores.forEach((s, idx) => {
		const ok = Number.isFinite(s.p) && s.p >= 0 && s.p <= 1 &&
			typeof s.raw === 'number' && !Number.isNaN(s.raw) && typeof s.how === 'string';
		if (!ok) {
			throw invalid(
				file,
				`${where} at step ${idx + 1} is not a probability in [0, 1] with a raw ` +
					'number and a note; check the PRM adapter settings. Nothing was saved.',
			);
		}
	});
}
