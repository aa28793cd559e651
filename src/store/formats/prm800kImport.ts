/**
 * Importing PRM800K label files. Each record becomes a sample (its labeled
 * path, or the whole pre-generated solution in phase 2), one label per path
 * step, a finished labeling session, and every candidate step with its
 * rating, so an export writes the record back unchanged.
 */
import { createHash } from 'node:crypto';
import type { LabelPurpose } from '../../core/types';
import { insertProblemRow } from '../problems';
import { insertSample } from '../samples';
import { insertSession } from '../sessions';
import type { Connection } from '../sqlite';
import type { JsonObject, StepAuthor } from '../types';
import { fromBool, now } from '../values';
import { parseJsonl } from './jsonl';
import { LabeledPath, labeledPath } from './prm800kPath';
import { checkPrm800kRecord, Prm800kRecord } from './prm800kRecord';

/** How to import. */
export interface Prm800kImportOptions {
	/** Purpose of the imported labels. Default `train`. */
	purpose?: LabelPurpose;
	/** Set for problems not found in the store. Default `prm800k`. */
	set?: string;
	/**
	 * Sets whose problems are matched by exact problem text, so an imported
	 * record joins e.g. its MATH500 problem and gets its level. Default: all.
	 */
	matchSets?: string[];
	/**
	 * Level and subject of a problem not found in the store. Without it (or
	 * when it returns undefined) the level stays unknown, which the store
	 * treats as not easy.
	 */
	levelOf?: (problem: string) => { level: number | null; subject?: string | null } | undefined;
}

/** What an import did. */
export interface Prm800kImportReport {
	/** Records stored. */
	imported: number;
	/** Records already in the store (same labeler and timestamp), left alone. */
	duplicates: number;
	/** Records that joined a problem already in the store. */
	matched: number;
	/** Problems the import added. */
	problemsAdded: number;
	/** Lines that could not be imported, with the reason. */
	skipped: { line: number; reason: string }[];
}

/** Marks the provenance of sessions written by this importer. */
export const PRM800K_FORMAT = 'prm800k';

/** Records per transaction: small enough that a write lock is held for a moment only. */
const BATCH = 50;
/**
 * Pause between batches. SQLite gives a waiting writer no turn of its own,
 * so without a gap a long import would hold other windows' labels off past
 * their busy timeout.
 */
const GAP_MS = 25;

interface ProblemIndex {
	byText: Map<string, number>;
}

/**
 * Imports the records of a PRM800K jsonl text. Runs its own transactions
 * (one per batch of records), so do not call it inside one.
 */
export async function importPrm800k(
	conn: Connection,
	text: string,
	options: Prm800kImportOptions = {},
): Promise<Prm800kImportReport> {
	const report: Prm800kImportReport = {
		imported: 0,
		duplicates: 0,
		matched: 0,
		problemsAdded: 0,
		skipped: [],
	};
	const records: { line: number; record: Prm800kRecord; path: LabeledPath }[] = [];
	for (const entry of parseJsonl(text)) {
		if ('error' in entry) {
			report.skipped.push({ line: entry.line, reason: `not JSON: ${entry.error}` });
			continue;
		}
		const record = checkPrm800kRecord(entry.value);
		const path = typeof record === 'string' ? record : labeledPath(record);
		if (typeof record === 'string' || typeof path === 'string') {
			report.skipped.push({ line: entry.line, reason: String(path) });
			continue;
		}
		records.push({ line: entry.line, record, path });
	}
	const index = await conn.serialized(() => readProblemIndex(conn, options));
	for (let i = 0; i < records.length; i += BATCH) {
		const batch = records.slice(i, i + BATCH);
		await conn.transaction(async () => {
			for (const r of batch) {
				await importRecord(conn, r.record, r.path, index, options, report);
			}
		});
		await new Promise((resolve) => setTimeout(resolve, GAP_MS));
	}
	return report;
}

async function readProblemIndex(
	conn: Connection,
	options: Prm800kImportOptions,
): Promise<ProblemIndex> {
	// Problems of known level first, so a text that is in two sets joins the one with a level.
	const rows = await conn.all<{ id: number; problem_set: string; problem: string }>(
		'SELECT id, problem_set, problem FROM problems ORDER BY level IS NULL, id',
	);
	const sets = options.matchSets;
	const own = options.set ?? PRM800K_FORMAT;
	const byText = new Map<string, number>();
	for (const r of rows) {
		const wanted = sets === undefined || sets.includes(r.problem_set) || r.problem_set === own;
		if (wanted && !byText.has(r.problem)) {
			byText.set(r.problem, r.id);
		}
	}
	return { byText };
}

async function importRecord(
	conn: Connection,
	record: Prm800kRecord,
	path: LabeledPath,
	index: ProblemIndex,
	options: Prm800kImportOptions,
	report: Prm800kImportReport,
): Promise<void> {
	const importKey = `${PRM800K_FORMAT}:${record.labeler}:${record.timestamp}`;
	const seen = await conn.get('SELECT 1 FROM samples WHERE import_key = ?', [importKey]);
	if (seen) {
		report.duplicates++;
		return;
	}
	const problemId = await problemFor(conn, record, index, options, report);
	const sample = sampleSteps(record, path);
	const sampleId = await insertSample(conn, {
		problemId,
		generator: record.generation === null ? 'prm800k-phase1' : 'prm800k-phase2',
		text: sample.steps.map((s) => s.text).join('\n'),
		answer: sample.answer,
		finish: null,
		settings: {},
		seed: null,
		importKey,
		steps: sample.steps,
	});
	const purpose = options.purpose ?? 'train';
	const time = now();
	await conn.runMany(
		`INSERT INTO labels
			(sample_id, labeler, purpose, idx, rating, flagged, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		path.steps.map((s, idx) => [
			sampleId, record.labeler, purpose, idx, s.rating, s.flagged ? 1 : 0, time, time,
		]),
	);
	const sessionId = await insertSession(conn, {
		sampleId,
		labeler: record.labeler,
		purpose,
		reason: record.label.finish_reason,
		humanCompletion: path.humanCompletion,
		totalTimeMs: record.label.total_time,
		provenance: provenanceOf(record),
		createdAt: time,
		updatedAt: time,
	});
	await insertCompletions(conn, sessionId, record, path);
	report.imported++;
}

async function problemFor(
	conn: Connection,
	record: Prm800kRecord,
	index: ProblemIndex,
	options: Prm800kImportOptions,
	report: Prm800kImportReport,
): Promise<number> {
	const q = record.question;
	const known = index.byText.get(q.problem);
	if (known !== undefined) {
		report.matched++;
		return known;
	}
	const looked = options.levelOf?.(q.problem);
	const hash = createHash('sha256').update(q.problem).digest('hex').slice(0, 16);
	const id = await insertProblemRow(conn, {
		set: options.set ?? PRM800K_FORMAT,
		uid: `sha256-${hash}`,
		problem: q.problem,
		solution: typeof q.ground_truth_solution === 'string' ? q.ground_truth_solution : null,
		answer: typeof q.ground_truth_answer === 'string' ? q.ground_truth_answer : null,
		subject: looked?.subject ?? null,
		level: looked?.level ?? null,
	});
	index.byText.set(q.problem, id);
	report.problemsAdded++;
	return id;
}

/**
 * The steps to store as the sample. In phase 2 the labeled path is a prefix
 * of the pre-generated solution; storing the whole solution keeps its final
 * answer, which answer grading and the queue need.
 */
function sampleSteps(
	record: Prm800kRecord,
	path: LabeledPath,
): { steps: { text: string; author: StepAuthor }[]; answer: string | null } {
	const pre = record.question.pre_generated_steps;
	const isPrefix = Array.isArray(pre) && pre.every((t) => typeof t === 'string') &&
		pre.length >= path.steps.length &&
		path.steps.every((s, i) => s.author === 'model' && s.text === pre[i]);
	if (isPrefix) {
		const answer = record.question.pre_generated_answer;
		return {
			steps: pre.map((text) => ({ text, author: 'model' })),
			answer: typeof answer === 'string' ? answer : null,
		};
	}
	const steps = path.steps.map((s) => ({ text: s.text, author: s.author }));
	return { steps, answer: finalAnswer(steps.length > 0 ? steps[steps.length - 1].text : '') };
}

/** PRM800K solutions end with a `# Answer` heading followed by the answer. */
function finalAnswer(lastStep: string): string | null {
	const m = /^# Answer[ \t]*\n+([\s\S]*)$/m.exec(lastStep);
	const answer = m?.[1].trim();
	return answer ? answer : null;
}

/** Everything of the record that the tables do not hold, to write it back. */
function provenanceOf(record: Prm800kRecord): JsonObject {
	const { labeler: _labeler, question, label, ...rest } = record;
	const { problem: _problem, ...questionRest } = question;
	const { steps, total_time: _time, finish_reason: _reason, ...labelRest } = label;
	const nullCompletions = steps.flatMap((s, i) => (s.completions === null ? [i] : []));
	return {
		format: PRM800K_FORMAT,
		record: rest,
		question: questionRest,
		label: labelRest,
		stepCount: steps.length,
		nullCompletions,
	};
}

async function insertCompletions(
	conn: Connection,
	sessionId: number,
	record: Prm800kRecord,
	path: LabeledPath,
): Promise<void> {
	const rows: (string | number | null)[][] = [];
	record.label.steps.forEach((step, idx) => {
		const onPath = path.steps[idx]?.pos;
		(step.completions ?? []).forEach((c, pos) => {
			rows.push([
				sessionId, idx, pos, c.text, c.rating, fromBool(c.flagged), null,
				step.chosen_completion === pos ? 1 : 0, onPath === pos ? 1 : 0,
			]);
		});
		const h = step.human_completion;
		if (h !== null) {
			rows.push([
				sessionId, idx, -1, h.text, h.rating, fromBool(h.flagged), h.source ?? null,
				0, onPath === -1 ? 1 : 0,
			]);
		}
	});
	await conn.runMany(
		`INSERT INTO step_completions
			(session_id, idx, pos, text, rating, flagged, source, chosen, on_path)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rows,
	);
}
