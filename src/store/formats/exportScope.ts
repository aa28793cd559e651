/**
 * Which labeling passes a training export contains: finished passes with
 * purpose `train` on easy problems, by default. Labels with purpose `eval`
 * never leave the store through a training export, whatever the options.
 */
import { listOwnLabels } from '../labels';
import { getSteps } from '../samples';
import { SESSION_COLUMNS, SessionColumns, SessionRecord, toSessionRecord } from '../sessions';
import type { Connection } from '../sqlite';
import type { LabelRow, StepRow } from '../types';

/** Which passes to export. */
export interface ExportOptions {
	/** Problems at this level or below are easy. Default 3, as `stepwise.easyMaxLevel`. */
	easyMaxLevel?: number;
	/** Also export passes on hard problems and on problems of unknown level. */
	includeHard?: boolean;
	/** Only this labeler's passes. */
	labeler?: string;
}

/** A finished pass with everything an export writes. */
export interface ExportedPass {
	session: SessionRecord;
	problem: { text: string; answer: string | null; solution: string | null };
	/** The sample's final answer. */
	answer: string | null;
	steps: StepRow[];
	labels: LabelRow[];
}

/** Reads the passes to export, oldest first, from one snapshot. */
export async function readPasses(
	conn: Connection,
	options: ExportOptions,
): Promise<ExportedPass[]> {
	const where = ["t.purpose = 'train'"];
	const params: (string | number)[] = [];
	if (!options.includeHard) {
		where.push('p.level IS NOT NULL AND p.level <= ?');
		params.push(options.easyMaxLevel ?? 3);
	}
	if (options.labeler !== undefined) {
		where.push('t.labeler = ?');
		params.push(options.labeler);
	}
	const columns = SESSION_COLUMNS.split(',').map((c) => `t.${c.trim()}`).join(', ');
	const rows = await conn.all<SessionColumns & {
		problem: string;
		answer: string | null;
		solution: string | null;
		sample_answer: string | null;
	}>(
		`SELECT ${columns}, p.problem, p.answer, p.solution, s.answer AS sample_answer
		FROM labeling_sessions t
		JOIN samples s ON s.id = t.sample_id
		JOIN problems p ON p.id = s.problem_id
		WHERE ${where.join(' AND ')}
		ORDER BY t.id`,
		params,
	);
	const passes: ExportedPass[] = [];
	for (const r of rows) {
		const session = toSessionRecord(r);
		passes.push({
			session,
			problem: { text: r.problem, answer: r.answer, solution: r.solution },
			answer: r.sample_answer,
			steps: await getSteps(conn, session.sampleId),
			labels: await listOwnLabels(conn, session),
		});
	}
	return passes;
}

/** Labels at steps 0, 1, 2... up to the first gap. */
export function contiguousLabels(labels: readonly LabelRow[]): LabelRow[] {
	const out: LabelRow[] = [];
	for (const l of [...labels].sort((a, b) => a.idx - b.idx)) {
		if (l.idx !== out.length) {
			break;
		}
		out.push(l);
	}
	return out;
}
