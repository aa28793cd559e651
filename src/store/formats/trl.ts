/**
 * Export in TRL's stepwise-supervision format, one JSON object per line:
 * `{"prompt": problem, "completions": [step texts], "labels": [bool]}`.
 *
 * A step rated +1 or 0 is true and -1 is false; the row ends at the first
 * false step, as PRM800K labeling does. A step with no rating is true only
 * when a person wrote it (a human completion on the path); otherwise the
 * row ends before it, because nobody judged it.
 */
import type { Connection } from '../sqlite';
import { contiguousLabels, ExportedPass, ExportOptions, readPasses } from './exportScope';

/** One training row. */
export interface TrlRow {
	prompt: string;
	completions: string[];
	labels: boolean[];
}

/**
 * Rows for the finished training passes in scope (see exportScope.ts).
 * Passes that ended as `bad_problem` are left out: their problem is unusable.
 */
export async function exportTrl(conn: Connection, options: ExportOptions = {}): Promise<TrlRow[]> {
	const passes = await conn.snapshot(() => readPasses(conn, options));
	return passes
		.filter((p) => p.session.reason !== 'bad_problem')
		.map(toTrlRow)
		.filter((r) => r.completions.length > 0);
}

/** The training row of one pass. */
export function toTrlRow(pass: ExportedPass): TrlRow {
	const row: TrlRow = { prompt: pass.problem.text, completions: [], labels: [] };
	for (const label of contiguousLabels(pass.labels)) {
		const step = pass.steps[label.idx];
		if (!step) {
			break;
		}
		if (label.rating === null && step.author !== 'human') {
			break;
		}
		const good = label.rating === null || label.rating >= 0;
		row.completions.push(step.text);
		row.labels.push(good);
		if (!good) {
			break;
		}
	}
	return row;
}
