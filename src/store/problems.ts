/**
 * The problems table: problem sets with their answers and difficulty.
 */
import type { Problem } from '../core/types';
import { invalid } from './errors';
import type { Connection } from './sqlite';
import type { ProblemKey, ProblemRow } from './types';

interface ProblemColumns {
	id: number;
	problem_set: string;
	uid: string;
	problem: string;
	solution: string | null;
	answer: string | null;
	subject: string | null;
	level: number | null;
}

const COLUMNS = 'id, problem_set, uid, problem, solution, answer, subject, level';

const UPSERT = `
INSERT INTO problems (problem_set, uid, problem, solution, answer, subject, level)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (problem_set, uid) DO UPDATE SET
	problem = excluded.problem,
	solution = excluded.solution,
	answer = excluded.answer,
	subject = excluded.subject,
	level = excluded.level`;

/**
 * Inserts problems, or updates those whose (set, uid) exists, keeping
 * their ids so samples stay attached. Call inside a transaction.
 */
export async function upsertProblems(
	conn: Connection,
	problems: readonly Problem[],
): Promise<void> {
	problems.forEach((p, i) => checkProblem(conn.file, p, i));
	await conn.runMany(
		UPSERT,
		problems.map((p) => [
			p.set, p.uid, p.problem, p.solution ?? null, p.answer, p.subject, p.level,
		]),
	);
}

/** Inserts a problem whose answer, subject or level may be unknown; returns its id. */
export async function insertProblemRow(
	conn: Connection,
	row: Omit<ProblemRow, 'id'>,
): Promise<number> {
	const info = await conn.run(
		`INSERT INTO problems (problem_set, uid, problem, solution, answer, subject, level)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		[row.set, row.uid, row.problem, row.solution, row.answer, row.subject, row.level],
	);
	return info.lastId;
}

/** The problem with this key, if stored. */
export async function getProblem(
	conn: Connection,
	key: ProblemKey,
): Promise<ProblemRow | undefined> {
	const row = await conn.get<ProblemColumns>(
		`SELECT ${COLUMNS} FROM problems WHERE problem_set = ? AND uid = ?`,
		[key.set, key.uid],
	);
	return row && toProblemRow(row);
}

/** Stored problems, of one set or all, in (set, uid) order. */
export async function listProblems(conn: Connection, set?: string): Promise<ProblemRow[]> {
	const rows = set === undefined
		? await conn.all<ProblemColumns>(
			`SELECT ${COLUMNS} FROM problems ORDER BY problem_set, uid`,
		)
		: await conn.all<ProblemColumns>(
			`SELECT ${COLUMNS} FROM problems WHERE problem_set = ? ORDER BY uid`,
			[set],
		);
	return rows.map(toProblemRow);
}

/** The id of the problem with this key; throws kind `invalid` when it is missing. */
export async function requireProblemId(conn: Connection, key: ProblemKey): Promise<number> {
	const row = await conn.get<{ id: number }>(
		'SELECT id FROM problems WHERE problem_set = ? AND uid = ?',
		[key.set, key.uid],
	);
	if (!row) {
		throw invalid(
			conn.file,
			`Problem ${key.uid} of set "${key.set}" is not in ${conn.file}. ` +
				'Load its problem set into the store before adding samples for it.',
		);
	}
	return row.id;
}

function toProblemRow(r: ProblemColumns): ProblemRow {
	return {
		id: r.id,
		set: r.problem_set,
		uid: r.uid,
		problem: r.problem,
		solution: r.solution,
		answer: r.answer,
		subject: r.subject,
		level: r.level,
	};
}

function checkProblem(file: string, p: Problem, i: number): void {
	const where = `Problem ${i + 1} of the batch (${p.set}/${p.uid})`;
	if (typeof p.set !== 'string' || p.set === '' || typeof p.uid !== 'string' || p.uid === '') {
		throw invalid(file, `${where} needs a non-empty set and uid; nothing was saved.`);
	}
	if (typeof p.problem !== 'string' || typeof p.answer !== 'string') {
		throw invalid(file, `${where} needs problem and answer text; nothing was saved.`);
	}
	if (!Number.isInteger(p.level) || p.level < 1 || p.level > 5) {
		throw invalid(
			file,
			`${where} has level ${String(p.level)}; levels are whole numbers 1 to 5. ` +
				'Nothing was saved.',
		);
	}
}
