/**
 * The problem sets that ship in `data/`: MATH500, and the curriculum's
 * test split when its recipe has been run. Read once, kept in memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProblemSet } from '../core/problemSets';
import type { Problem } from '../core/types';

/** Known set names and their files under the data folder. */
export const SHIPPED_SETS: Record<string, string> = {
	math500: 'math500.jsonl',
	'curriculum-test': join('curriculum', 'test.jsonl'),
	'curriculum-train': join('curriculum', 'train.jsonl'),
};

export class ProblemFiles {
	private readonly cache = new Map<string, Problem[]>();

	constructor(private readonly dataDir: string) {}

	/** Names of the sets whose files exist. */
	available(): string[] {
		return Object.keys(SHIPPED_SETS).filter((s) => existsSync(join(this.dataDir, SHIPPED_SETS[s])));
	}

	/** All problems of a set; throws with the file name when it cannot be read. */
	load(set: string): Problem[] {
		const hit = this.cache.get(set);
		if (hit) {
			return hit;
		}
		const rel = SHIPPED_SETS[set];
		if (!rel) {
			throw new Error(`Unknown problem set "${set}". Known sets: ${Object.keys(SHIPPED_SETS).join(', ')}.`);
		}
		const file = join(this.dataDir, rel);
		const { problems, errors } = parseProblemSet(set, readFileSync(file, 'utf8'));
		if (problems.length === 0) {
			const why = errors[0] ? ` (line ${errors[0].line}: ${errors[0].message})` : '';
			throw new Error(`${file} holds no readable problems${why}.`);
		}
		this.cache.set(set, problems);
		return problems;
	}

	/** One problem by set and id. */
	find(set: string, uid: string): Problem | undefined {
		if (!SHIPPED_SETS[set]) {
			return undefined;
		}
		return this.load(set).find((p) => p.uid === uid);
	}

	/**
	 * Looks a problem up by set/id first, then by its exact text in every
	 * shipped set, so an imported label or a pasted problem finds its level.
	 */
	lookup(ref: { set: string; uid: string } | undefined, text?: string): Problem | undefined {
		if (ref) {
			const p = this.find(ref.set, ref.uid);
			if (p) {
				return p;
			}
		}
		if (text) {
			const t = text.trim();
			for (const set of this.available()) {
				const p = this.load(set).find((q) => q.problem.trim() === t);
				if (p) {
					return p;
				}
			}
		}
		return undefined;
	}
}
