/**
 * Export in PRM800K's label format. A pass that came from a PRM800K file is
 * written back as it was read, with any rating changed since then; a pass
 * labeled in Stepwise becomes a record with one completion per step and
 * the whole sample as phase 2's pre-generated solution.
 */
import type { Rating } from '../../core/types';
import type { Connection } from '../sqlite';
import { isObject, toBool } from '../values';
import { contiguousLabels, ExportedPass, ExportOptions, readPasses } from './exportScope';
import { PRM800K_FORMAT } from './prm800kImport';
import type {
	Prm800kCompletion,
	Prm800kHumanCompletion,
	Prm800kQuestion,
	Prm800kRecord,
	Prm800kStep,
} from './prm800kRecord';

interface CompletionColumns {
	idx: number;
	pos: number;
	text: string;
	rating: Rating | null;
	flagged: number | null;
	source: string | null;
	chosen: number;
	on_path: number;
}

/** Records for the finished training passes in scope (see exportScope.ts). */
export async function exportPrm800k(
	conn: Connection,
	options: ExportOptions = {},
): Promise<Prm800kRecord[]> {
	return conn.snapshot(async () => {
		const records: Prm800kRecord[] = [];
		for (const pass of await readPasses(conn, options)) {
			const provenance = pass.session.provenance;
			if (provenance?.format === PRM800K_FORMAT) {
				const rows = await conn.all<CompletionColumns>(
					`SELECT idx, pos, text, rating, flagged, source, chosen, on_path
					FROM step_completions WHERE session_id = ? ORDER BY idx, pos`,
					[pass.session.id],
				);
				records.push(fromImported(pass, rows));
			} else {
				records.push(fromLabels(pass));
			}
		}
		return records;
	});
}

function fromImported(pass: ExportedPass, rows: CompletionColumns[]): Prm800kRecord {
	const prov = pass.session.provenance ?? {};
	const stepCount = typeof prov.stepCount === 'number' ? prov.stepCount : 0;
	const nullSteps = Array.isArray(prov.nullCompletions) ? prov.nullCompletions : [];
	const labels = new Map(pass.labels.map((l) => [l.idx, l]));
	const steps: Prm800kStep[] = [];
	for (let idx = 0; idx < stepCount; idx++) {
		const here = rows.filter((r) => r.idx === idx).map((r) => withLabel(r, labels.get(idx)));
		const human = here.find((r) => r.pos === -1);
		steps.push({
			completions: nullSteps.includes(idx)
				? null
				: here.filter((r) => r.pos >= 0).map(toCompletion),
			human_completion: human ? toHumanCompletion(human) : null,
			chosen_completion: here.find((r) => r.chosen === 1)?.pos ?? null,
		});
	}
	return {
		labeler: pass.session.labeler,
		...(isObject(prov.record) ? prov.record : {}),
		question: { problem: pass.problem.text, ...(isObject(prov.question) ? prov.question : {}) },
		label: {
			steps,
			total_time: pass.session.totalTimeMs,
			finish_reason: pass.session.reason,
			...(isObject(prov.label) ? prov.label : {}),
		},
	} as Prm800kRecord;
}

/** A path step shows its current label where that differs from the imported one. */
function withLabel(
	row: CompletionColumns,
	label: { rating: Rating | null; flagged: boolean } | undefined,
): CompletionColumns {
	if (row.on_path !== 1 || !label) {
		return row;
	}
	const flagged = label.flagged === (row.flagged === 1) ? row.flagged : label.flagged ? 1 : 0;
	return { ...row, rating: label.rating, flagged };
}

function toCompletion(r: CompletionColumns): Prm800kCompletion {
	return { text: r.text, rating: r.rating, flagged: toBool(r.flagged) };
}

function toHumanCompletion(r: CompletionColumns): Prm800kHumanCompletion {
	return {
		text: r.text,
		rating: r.rating,
		...(r.source === null ? {} : { source: r.source }),
		flagged: toBool(r.flagged),
	};
}

function fromLabels(pass: ExportedPass): Prm800kRecord {
	const labels = contiguousLabels(pass.labels).filter((l) => pass.steps[l.idx] !== undefined);
	const correction = pass.session.humanCompletion;
	const steps = labels.map((l, k): Prm800kStep => ({
		completions: [{ text: pass.steps[l.idx].text, rating: l.rating, flagged: l.flagged }],
		human_completion: k === labels.length - 1 && correction !== null
			? { text: correction, rating: null, source: 'human', flagged: false }
			: null,
		chosen_completion: l.rating === -1 ? null : 0,
	}));
	const question: Prm800kQuestion = {
		problem: pass.problem.text,
		ground_truth_answer: pass.problem.answer,
		...(pass.problem.solution === null ? {} : { ground_truth_solution: pass.problem.solution }),
		pre_generated_steps: pass.steps.map((s) => s.text),
		pre_generated_answer: pass.answer,
	};
	return {
		labeler: pass.session.labeler,
		timestamp: pass.session.updatedAt,
		generation: null,
		is_quality_control_question: false,
		is_initial_screening_question: false,
		question,
		label: {
			steps,
			total_time: pass.session.totalTimeMs,
			finish_reason: pass.session.reason,
		},
	};
}
