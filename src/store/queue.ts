/**
 * The labeling queue and the labeled/unlabeled counts, read from SQL and
 * ordered by queueOrder.ts.
 */
import { invalid } from './errors';
import { QueueCandidate, QueueReason, rankForLabeling } from './queueOrder';
import type { Connection } from './sqlite';
import type { LabelCountRow, ProblemKey } from './types';

/** What to put in the queue. */
export interface QueueOptions {
	labeler: string;
	/** Problems at this MATH level or below are easy; unknown levels are not. */
	easyMaxLevel: number;
	/** How many samples to return. */
	limit: number;
	/** The PRM whose scores rank the samples; without it nothing counts as scored. */
	prmId?: string;
	/** Final-answer grader; exact string equality when left out. */
	isCorrect?: (given: string, truth: string) => boolean;
	/** Solution scores at or above this are "high". Default 0.5. */
	highScore?: number;
}

/** One sample offered for labeling. */
export interface QueueItem {
	sampleId: number;
	problem: ProblemKey;
	level: number;
	answer: string | null;
	truth: string | null;
	reason: QueueReason;
	solutionScore: number | null;
	minMargin: number | null;
}

/** The next samples to label, and how far the labeler has come. */
export interface LabelingQueue {
	items: QueueItem[];
	/** Easy samples this labeler has finished. */
	done: number;
	/** Easy samples this labeler has not finished. */
	left: number;
}

interface CandidateColumns {
	id: number;
	answer: string | null;
	truth: string | null;
	problem_set: string;
	uid: string;
	level: number;
	started: number;
}

const EASY = 'p.level IS NOT NULL AND p.level <= ?';
const FINISHED = `EXISTS (SELECT 1 FROM labeling_sessions t
	WHERE t.sample_id = s.id AND t.labeler = ?)`;

/** Reads the candidates and ranks them. */
export async function nextForLabeling(
	conn: Connection,
	options: QueueOptions,
): Promise<LabelingQueue> {
	const limitOk = Number.isInteger(options.limit) && options.limit >= 0;
	if (!Number.isFinite(options.easyMaxLevel) || !limitOk) {
		throw invalid(
			conn.file,
			`The labeling queue needs a numeric easy level and a whole-number limit (got ` +
				`${String(options.easyMaxLevel)} and ${String(options.limit)}); check ` +
				'`stepwise.easyMaxLevel`.',
		);
	}
	const rows = await conn.all<CandidateColumns>(
		`SELECT s.id, s.answer, p.answer AS truth, p.problem_set, p.uid, p.level,
			EXISTS (SELECT 1 FROM labels l WHERE l.sample_id = s.id AND l.labeler = ?) AS started
		FROM samples s JOIN problems p ON p.id = s.problem_id
		WHERE ${EASY} AND NOT ${FINISHED}`,
		[options.labeler, options.easyMaxLevel, options.labeler],
	);
	const stepP = options.prmId === undefined
		? new Map<number, number[]>()
		: await readScores(conn, options.prmId, options.easyMaxLevel, options.labeler);
	const candidates: QueueCandidate[] = rows.map((r) => ({
		sampleId: r.id,
		answer: r.answer,
		truth: r.truth,
		stepP: stepP.get(r.id) ?? null,
		started: r.started !== 0,
	}));
	const ranked = rankForLabeling(candidates, {
		isCorrect: options.isCorrect ?? ((given, truth) => given === truth),
		highScore: options.highScore ?? 0.5,
	});
	const byId = new Map(rows.map((r) => [r.id, r]));
	const items = ranked.slice(0, options.limit).map((c) => {
		const r = byId.get(c.sampleId)!;
		return {
			...c,
			problem: { set: r.problem_set, uid: r.uid },
			level: r.level,
			answer: r.answer,
			truth: r.truth,
		};
	});
	const done = await conn.get<{ n: number }>(
		`SELECT count(*) AS n FROM samples s JOIN problems p ON p.id = s.problem_id
		WHERE ${EASY} AND ${FINISHED}`,
		[options.easyMaxLevel, options.labeler],
	);
	return { items, done: done?.n ?? 0, left: rows.length };
}

async function readScores(
	conn: Connection,
	prmId: string,
	easyMaxLevel: number,
	labeler: string,
): Promise<Map<number, number[]>> {
	const rows = await conn.all<{ sample_id: number; p: number }>(
		`SELECT sc.sample_id, sc.p
		FROM step_scores sc
		JOIN samples s ON s.id = sc.sample_id
		JOIN problems p ON p.id = s.problem_id
		WHERE sc.prm_id = ? AND ${EASY} AND NOT ${FINISHED}
		ORDER BY sc.sample_id, sc.idx`,
		[prmId, easyMaxLevel, labeler],
	);
	const map = new Map<number, number[]>();
	for (const r of rows) {
		const list = map.get(r.sample_id) ?? [];
		list.push(r.p);
		map.set(r.sample_id, list);
	}
	return map;
}

/**
 * Samples and finished samples per (set, level, subject). With a labeler,
 * only that labeler's finished passes count.
 */
export async function countLabels(
	conn: Connection,
	filter: { labeler?: string } = {},
): Promise<LabelCountRow[]> {
	const byLabeler = filter.labeler === undefined ? '' : 'AND t.labeler = ?';
	const params = filter.labeler === undefined ? [] : [filter.labeler];
	const rows = await conn.all<{
		problem_set: string;
		level: number | null;
		subject: string | null;
		samples: number;
		labeled: number;
	}>(
		`SELECT p.problem_set, p.level, p.subject, count(*) AS samples,
			sum(EXISTS (SELECT 1 FROM labeling_sessions t
				WHERE t.sample_id = s.id ${byLabeler})) AS labeled
		FROM samples s JOIN problems p ON p.id = s.problem_id
		GROUP BY p.problem_set, p.level, p.subject
		ORDER BY p.problem_set, p.level, p.subject`,
		params,
	);
	return rows.map((r) => ({
		set: r.problem_set,
		level: r.level,
		subject: r.subject,
		samples: r.samples,
		labeled: r.labeled,
	}));
}
