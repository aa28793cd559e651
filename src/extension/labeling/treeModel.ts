/**
 * The problem-set tree's shape: sets, then levels, then subjects, each
 * with its sample and labeled counts. Pure, so it is tested alone.
 */
import type { LabelCountRow } from '../../store/types';
import { isTrainable } from './context';

/** Samples, and samples with a finished labeling pass. */
export interface Counts {
	samples: number;
	labeled: number;
}

/** One subject within a level. */
export interface SubjectCounts extends Counts {
	subject: string | null;
}

/** One level within a set. */
export interface LevelCounts extends Counts {
	level: number | null;
	/** Training labels are allowed here. */
	easy: boolean;
	subjects: SubjectCounts[];
}

/** One problem set. */
export interface SetCounts extends Counts {
	set: string;
	levels: LevelCounts[];
}

/** Sorts with nulls last. */
function nullsLast<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
	if (a === null || b === null) {
		return a === b ? 0 : a === null ? 1 : -1;
	}
	return cmp(a, b);
}

/** Groups count rows into sets, levels and subjects, summing as it goes. */
export function groupCounts(rows: readonly LabelCountRow[], easyMaxLevel: number): SetCounts[] {
	const sets = new Map<string, SetCounts>();
	for (const r of rows) {
		let set = sets.get(r.set);
		if (!set) {
			set = { set: r.set, samples: 0, labeled: 0, levels: [] };
			sets.set(r.set, set);
		}
		let level = set.levels.find((l) => l.level === r.level);
		if (!level) {
			level = {
				level: r.level,
				easy: isTrainable(r.level, easyMaxLevel),
				samples: 0,
				labeled: 0,
				subjects: [],
			};
			set.levels.push(level);
		}
		let subject = level.subjects.find((s) => s.subject === r.subject);
		if (!subject) {
			subject = { subject: r.subject, samples: 0, labeled: 0 };
			level.subjects.push(subject);
		}
		for (const c of [set, level, subject]) {
			c.samples += r.samples;
			c.labeled += r.labeled;
		}
	}
	const out = [...sets.values()].sort((a, b) => a.set.localeCompare(b.set));
	for (const set of out) {
		set.levels.sort((a, b) => nullsLast(a.level, b.level, (x, y) => x - y));
		for (const level of set.levels) {
			level.subjects.sort((a, b) =>
				nullsLast(a.subject, b.subject, (x, y) => x.localeCompare(y)));
		}
	}
	return out;
}
