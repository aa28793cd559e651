/**
 * Problem sets in MATH's jsonl layout (problem, solution, answer, subject,
 * level, unique_id), and the easy/hard split the whole product turns on.
 */
import type { Problem } from './types';

/** Problems of one set, with the line a bad row came from. */
export interface ParsedSet {
	problems: Problem[];
	/** Rows that could not be read, with their 1-based line numbers. */
	errors: { line: number; message: string }[];
}

/**
 * Parses jsonl text. Levels may be integers or MATH's "Level 3" strings.
 * Bad rows are reported, not fatal: one broken line should not hide 499
 * good problems.
 */
export function parseProblemSet(set: string, text: string): ParsedSet {
	const problems: Problem[] = [];
	const errors: ParsedSet['errors'] = [];
	text.split(/\r?\n/).forEach((raw, i) => {
		if (raw.trim() === '') {
			return;
		}
		try {
			problems.push(toProblem(set, JSON.parse(raw), i + 1));
		} catch (e) {
			errors.push({ line: i + 1, message: (e as Error).message });
		}
	});
	return { problems, errors };
}

function toProblem(set: string, o: Record<string, unknown>, line: number): Problem {
	const level = typeof o.level === 'number' ? o.level : Number(String(o.level).replace(/\D+/g, ''));
	const need = (k: string): string => {
		if (typeof o[k] !== 'string') {
			throw new Error(`field "${k}" is missing or not a string`);
		}
		return o[k] as string;
	};
	if (!Number.isInteger(level) || level < 1 || level > 5) {
		throw new Error(`field "level" must be 1-5 (found ${JSON.stringify(o.level)})`);
	}
	return {
		uid: typeof o.unique_id === 'string' ? o.unique_id : `${set}/${line}`,
		set,
		problem: need('problem'),
		solution: typeof o.solution === 'string' ? o.solution : undefined,
		answer: need('answer'),
		subject: typeof o.subject === 'string' ? o.subject : 'Unknown',
		level,
	};
}

/** Easy means at or below the configured level (the paper uses 3). */
export function isEasy(p: Pick<Problem, 'level'>, easyMaxLevel: number): boolean {
	return p.level <= easyMaxLevel;
}
