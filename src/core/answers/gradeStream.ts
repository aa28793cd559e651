import { once } from 'node:events';
import { createInterface } from 'node:readline';

import { gradeAnswer } from './grade';

/** Counts from one {@link gradeJsonlStream} run. */
export interface GradeStreamSummary {
	/** Non-empty input lines read. */
	lines: number;
	/** Lines graded; `equal` was true for `equal` of them. */
	graded: number;
	equal: number;
	/** Lines answered with an error object instead. */
	errors: number;
}

const EXPECTED_SHAPE =
	'each line must be a JSON object like {"given": "\\\\frac{1}{2}", "truth": "0.5"}';

/**
 * Grades a JSON Lines stream: every line `{"given": ..., "truth": ...}` is
 * written back with `"equal": true|false` added and its other fields kept.
 * `given` may be null (no answer found), which grades as false.
 *
 * A line that is not valid JSON, or lacks a string `truth`, yields
 * `{"error": "...", "line": n}` (n counts from 1) and processing goes on.
 * Blank lines are skipped. Respects back-pressure on `output`.
 */
export async function gradeJsonlStream(
	input: NodeJS.ReadableStream,
	output: NodeJS.WritableStream,
): Promise<GradeStreamSummary> {
	const summary: GradeStreamSummary = { lines: 0, graded: 0, equal: 0, errors: 0 };
	const lines = createInterface({ input, crlfDelay: Infinity });
	let lineNo = 0;
	for await (const raw of lines) {
		lineNo++;
		if (raw.trim() === '') {
			continue;
		}
		summary.lines++;
		const result = gradeLine(raw, lineNo);
		if ('error' in result) {
			summary.errors++;
		} else {
			summary.graded++;
			summary.equal += result.equal === true ? 1 : 0;
		}
		if (!output.write(JSON.stringify(result) + '\n')) {
			await once(output, 'drain');
		}
	}
	return summary;
}

function gradeLine(raw: string, line: number): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch (err) {
		const why = err instanceof Error ? err.message : String(err);
		return { error: `line ${line} is not valid JSON (${why}); ${EXPECTED_SHAPE}`, line };
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return { error: `line ${line} is not a JSON object; ${EXPECTED_SHAPE}`, line };
	}
	const record = parsed as Record<string, unknown>;
	if (typeof record.truth !== 'string') {
		return { error: `line ${line}: "truth" must be a string; ${EXPECTED_SHAPE}`, line };
	}
	if (typeof record.given !== 'string' && record.given !== null) {
		return {
			error: `line ${line}: "given" must be a string or null; ${EXPECTED_SHAPE}`,
			line,
		};
	}
	return { ...record, equal: gradeAnswer(record.given, record.truth) };
}
