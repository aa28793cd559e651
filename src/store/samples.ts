/**
 * The samples and steps tables: generated solutions cut into steps.
 */
import { invalid } from './errors';
import { requireProblemId } from './problems';
import type { Connection } from './sqlite';
import type {
	JsonObject,
	NewSample,
	SampleRow,
	SampleWithSteps,
	StepAuthor,
	StepRow,
} from './types';
import { now, parseObject } from './values';

interface SampleColumns {
	id: number;
	problem_id: number;
	problem_set: string;
	uid: string;
	generator: string;
	text: string;
	answer: string | null;
	finish: string | null;
	settings: string;
	seed: number | null;
	created_at: string;
}

const SELECT = `
SELECT s.id, s.problem_id, p.problem_set, p.uid, s.generator, s.text, s.answer, s.finish,
	s.settings, s.seed, s.created_at
FROM samples s JOIN problems p ON p.id = s.problem_id`;

/** A sample row ready to insert, once its problem id is known. */
export interface SampleRecord {
	problemId: number;
	generator: string;
	text: string;
	answer: string | null;
	finish: string | null;
	settings: JsonObject;
	seed: number | null;
	/** Identifies an imported record so importing it again is skipped. */
	importKey: string | null;
	steps: { text: string; author: StepAuthor }[];
}

/**
 * Stores a sample with its steps (not its scores: see scores.ts). Call
 * inside a transaction. Returns the sample id.
 */
export async function addSample(conn: Connection, input: NewSample): Promise<number> {
	checkNewSample(conn.file, input);
	const problemId = await requireProblemId(conn, input.problem);
	return insertSample(conn, {
		problemId,
		generator: input.generator,
		text: input.text,
		answer: input.answer,
		finish: input.finish ?? null,
		settings: input.settings,
		seed: input.seed,
		importKey: null,
		steps: input.steps.map((text) => ({ text, author: 'model' })),
	});
}

/** Inserts a sample row and its steps; returns the new id. */
export async function insertSample(conn: Connection, rec: SampleRecord): Promise<number> {
	const info = await conn.run(
		`INSERT INTO samples
			(problem_id, generator, text, answer, finish, settings, seed, import_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		[
			rec.problemId,
			rec.generator,
			rec.text,
			rec.answer,
			rec.finish,
			JSON.stringify(rec.settings),
			rec.seed,
			rec.importKey,
			now(),
		],
	);
	await conn.runMany(
		'INSERT INTO steps (sample_id, idx, text, author) VALUES (?, ?, ?, ?)',
		rec.steps.map((s, idx) => [info.lastId, idx, s.text, s.author]),
	);
	return info.lastId;
}

/** The sample with its steps, or undefined when there is no such id. */
export async function getSample(
	conn: Connection,
	id: number,
): Promise<SampleWithSteps | undefined> {
	const row = await conn.get<SampleColumns>(`${SELECT} WHERE s.id = ?`, [id]);
	if (!row) {
		return undefined;
	}
	return { ...toSampleRow(row), steps: await getSteps(conn, id) };
}

/** The steps of a sample in order. */
export async function getSteps(conn: Connection, sampleId: number): Promise<StepRow[]> {
	return conn.all<StepRow>(
		'SELECT idx, text, author FROM steps WHERE sample_id = ? ORDER BY idx',
		[sampleId],
	);
}

/** Samples, optionally of one set and one problem, oldest first. */
export async function listSamples(
	conn: Connection,
	filter: { set?: string; uid?: string } = {},
): Promise<SampleRow[]> {
	const where: string[] = [];
	const params: string[] = [];
	if (filter.set !== undefined) {
		where.push('p.problem_set = ?');
		params.push(filter.set);
	}
	if (filter.uid !== undefined) {
		where.push('p.uid = ?');
		params.push(filter.uid);
	}
	const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
	const rows = await conn.all<SampleColumns>(`${SELECT} ${clause} ORDER BY s.id`, params);
	return rows.map(toSampleRow);
}

/** Throws kind `invalid` unless the sample exists; returns its step count. */
export async function requireSample(conn: Connection, sampleId: number): Promise<number> {
	const row = await conn.get<{ n: number | null }>(
		`SELECT (SELECT count(*) FROM steps WHERE sample_id = s.id) AS n
		FROM samples s WHERE s.id = ?`,
		[sampleId],
	);
	if (!row) {
		throw invalid(
			conn.file,
			`Sample ${sampleId} is not in ${conn.file}; it may have been deleted. ` +
				'Reload the view and pick the solution again.',
		);
	}
	return row.n ?? 0;
}

function toSampleRow(r: SampleColumns): SampleRow {
	return {
		id: r.id,
		problemId: r.problem_id,
		problem: { set: r.problem_set, uid: r.uid },
		generator: r.generator,
		text: r.text,
		answer: r.answer,
		finish: r.finish,
		settings: parseObject(r.settings),
		seed: r.seed,
		createdAt: r.created_at,
	};
}

function checkNewSample(file: string, s: NewSample): void {
	const where = `The sample for ${s.problem?.set}/${s.problem?.uid}`;
	if (!Array.isArray(s.steps) || s.steps.length === 0) {
		throw invalid(file, `${where} has no steps; split the solution before saving it.`);
	}
	if (s.steps.some((t) => typeof t !== 'string')) {
		throw invalid(file, `${where} has a step that is not text; nothing was saved.`);
	}
	if (typeof s.generator !== 'string' || s.generator === '') {
		throw invalid(file, `${where} does not name its generator model; nothing was saved.`);
	}
	if (s.seed !== null && !Number.isSafeInteger(s.seed)) {
		throw invalid(file, `${where} has seed ${String(s.seed)}; seeds are whole numbers.`);
	}
}
