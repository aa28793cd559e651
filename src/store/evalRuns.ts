/**
 * The eval_runs and eval_samples tables. A run writes one row per
 * (problem, sample index) as it goes, so a run that stopped can resume by
 * skipping the rows already there.
 */
import { invalid } from './errors';
import { requireProblemId } from './problems';
import type { Connection } from './sqlite';
import type {
	EvalRunRow,
	EvalRunStatus,
	EvalSampleInput,
	EvalSampleRow,
	JsonObject,
} from './types';
import { fromBool, now, parseObject, toBool } from './values';

interface RunColumns {
	id: number;
	name: string;
	settings: string;
	status: EvalRunStatus;
	results: string;
	created_at: string;
	updated_at: string;
}

interface SampleColumns {
	run_id: number;
	problem_set: string;
	uid: string;
	idx: number;
	sample_id: number | null;
	answer: string | null;
	correct: number | null;
	details: string;
	created_at: string;
}

const RUN_COLUMNS = 'id, name, settings, status, results, created_at, updated_at';
const STATUSES: readonly EvalRunStatus[] = ['running', 'done', 'failed', 'cancelled'];

/** Starts a run in status `running`. Call inside a transaction. */
export async function createEvalRun(
	conn: Connection,
	input: { name: string; settings: JsonObject },
): Promise<EvalRunRow> {
	const time = now();
	const info = await conn.run(
		`INSERT INTO eval_runs (name, settings, status, created_at, updated_at)
		VALUES (?, ?, 'running', ?, ?)`,
		[input.name, JSON.stringify(input.settings), time, time],
	);
	return requireRun(conn, info.lastId);
}

/** The run with this id, if any. */
export async function getEvalRun(conn: Connection, id: number): Promise<EvalRunRow | undefined> {
	const row = await conn.get<RunColumns>(
		`SELECT ${RUN_COLUMNS} FROM eval_runs WHERE id = ?`,
		[id],
	);
	return row && toRunRow(row);
}

/** All runs, newest first. */
export async function listEvalRuns(conn: Connection): Promise<EvalRunRow[]> {
	const rows = await conn.all<RunColumns>(
		`SELECT ${RUN_COLUMNS} FROM eval_runs ORDER BY id DESC`,
	);
	return rows.map(toRunRow);
}

/** Moves a run to another status. Call inside a transaction. */
export async function setEvalRunStatus(
	conn: Connection,
	id: number,
	status: EvalRunStatus,
): Promise<EvalRunRow> {
	if (!STATUSES.includes(status)) {
		throw invalid(
			conn.file,
			`Run status "${String(status)}" is not one of ${STATUSES.join(', ')}; ` +
				'nothing was saved.',
		);
	}
	await requireRun(conn, id);
	await conn.run(
		'UPDATE eval_runs SET status = ?, updated_at = ? WHERE id = ?',
		[status, now(), id],
	);
	return requireRun(conn, id);
}

/** Replaces what a run produced besides its rows. Call inside a transaction. */
export async function setEvalRunResults(
	conn: Connection,
	id: number,
	results: JsonObject,
): Promise<EvalRunRow> {
	await requireRun(conn, id);
	await conn.run(
		'UPDATE eval_runs SET results = ?, updated_at = ? WHERE id = ?',
		[JSON.stringify(results), now(), id],
	);
	return requireRun(conn, id);
}

/**
 * Records (or replaces) the result for one (problem, sample index) of a
 * run. Call inside a transaction.
 */
export async function putEvalSample(conn: Connection, input: EvalSampleInput): Promise<void> {
	await requireRun(conn, input.runId);
	if (!Number.isInteger(input.index) || input.index < 0) {
		throw invalid(
			conn.file,
			`Sample index ${input.index} of an evaluation run must be 0 or more.`,
		);
	}
	const problemId = await requireProblemId(conn, input.problem);
	const time = now();
	await conn.run(
		`INSERT INTO eval_samples
			(run_id, problem_id, idx, sample_id, answer, correct, details, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (run_id, problem_id, idx) DO UPDATE SET
			sample_id = excluded.sample_id,
			answer = excluded.answer,
			correct = excluded.correct,
			details = excluded.details`,
		[
			input.runId,
			problemId,
			input.index,
			input.sampleId,
			input.answer,
			fromBool(input.correct),
			JSON.stringify(input.details ?? {}),
			time,
		],
	);
	await conn.run('UPDATE eval_runs SET updated_at = ? WHERE id = ?', [time, input.runId]);
}

/** The results a run has recorded, by problem and sample index. */
export async function listEvalSamples(conn: Connection, runId: number): Promise<EvalSampleRow[]> {
	const rows = await conn.all<SampleColumns>(
		`SELECT e.run_id, p.problem_set, p.uid, e.idx, e.sample_id, e.answer, e.correct,
			e.details, e.created_at
		FROM eval_samples e JOIN problems p ON p.id = e.problem_id
		WHERE e.run_id = ? ORDER BY p.problem_set, p.uid, e.idx`,
		[runId],
	);
	return rows.map((r) => ({
		runId: r.run_id,
		problem: { set: r.problem_set, uid: r.uid },
		index: r.idx,
		sampleId: r.sample_id,
		answer: r.answer,
		correct: toBool(r.correct),
		details: parseObject(r.details),
		createdAt: r.created_at,
	}));
}

async function requireRun(conn: Connection, id: number): Promise<EvalRunRow> {
	const run = await getEvalRun(conn, id);
	if (!run) {
		throw invalid(conn.file, `Evaluation run ${id} is not in ${conn.file}; start a new run.`);
	}
	return run;
}

function toRunRow(r: RunColumns): EvalRunRow {
	return {
		id: r.id,
		name: r.name,
		settings: parseObject(r.settings),
		status: r.status,
		results: parseObject(r.results),
		createdAt: r.created_at,
		updatedAt: r.updated_at,
	};
}
