/**
 * The results table of an evaluation run: per level and for easy / hard /
 * all, greedy accuracy and, at N = 1, 2, 4, ..., majority, PRM-weighted
 * (product) and best-of-N (min) accuracy averaged over random subsets of
 * each problem's pool, with the spread.
 */
import {
	aggregateSteps, DEFAULT_BEST_OF_N_AGGREGATION, DEFAULT_WEIGHTED_VOTE_AGGREGATION, type Aggregation,
} from '../core/aggregate';
import type { Problem } from '../core/types';
import { subsetAccuracyCurve, type CurvePoint, type ScoredSolution } from '../core/voting';
import type { EvalSampleRow } from '../store/types';

/** One row of the table: a level, or the easy / hard / all split. */
export interface ReportGroup {
	name: string;
	problems: number;
	greedy: number;
	curve: CurvePoint[];
}

export interface EvalReport {
	n: number;
	subsets: number;
	easyMaxLevel: number;
	groups: ReportGroup[];
}

interface PerProblem {
	level: number;
	greedy: boolean;
	pool: ScoredSolution[];
}

/** A solution with no steps has no PRM score; it votes with weight 0. */
function score(p: number[], how: Aggregation): number {
	return p.length === 0 ? 0 : aggregateSteps(p, how);
}

function collect(problems: Problem[], rows: EvalSampleRow[], n: number): PerProblem[] {
	const byUid = new Map(problems.map((p) => [p.uid, p]));
	const out = new Map<string, PerProblem>();
	for (const r of rows) {
		const problem = byUid.get(r.problem.uid);
		if (!problem) {
			continue;
		}
		let e = out.get(r.problem.uid);
		if (!e) {
			e = { level: problem.level, greedy: false, pool: [] };
			out.set(r.problem.uid, e);
		}
		const p = Array.isArray(r.details.p) ? (r.details.p as number[]) : [];
		if (r.details.kind === 'greedy') {
			e.greedy = r.correct === true;
		} else {
			e.pool.push({
				answer: r.answer,
				correct: r.correct === true,
				score: score(p, DEFAULT_WEIGHTED_VOTE_AGGREGATION),
				bestOfNScore: score(p, DEFAULT_BEST_OF_N_AGGREGATION),
			});
		}
	}
	// Only problems whose whole pool is stored count; a resumed run finishes the rest.
	return [...out.values()].filter((e) => e.pool.length === n);
}

function group(name: string, items: PerProblem[], subsets: number, seed: number): ReportGroup {
	return {
		name,
		problems: items.length,
		greedy: items.length === 0 ? 0 : items.filter((x) => x.greedy).length / items.length,
		curve: items.length === 0 ? [] : subsetAccuracyCurve(items.map((x) => x.pool), { subsets, seed }),
	};
}

export function buildReport(
	problems: Problem[],
	rows: EvalSampleRow[],
	s: { n: number; easyMaxLevel: number },
	opts: { subsets: number; seed: number },
): EvalReport {
	const items = collect(problems, rows, s.n);
	const groups: ReportGroup[] = [];
	for (let level = 1; level <= 5; level++) {
		const at = items.filter((x) => x.level === level);
		if (at.length > 0) {
			groups.push(group(`level ${level}`, at, opts.subsets, opts.seed));
		}
	}
	groups.push(group(`easy (1-${s.easyMaxLevel})`, items.filter((x) => x.level <= s.easyMaxLevel),
		opts.subsets, opts.seed));
	groups.push(group(`hard (${s.easyMaxLevel + 1}-5)`, items.filter((x) => x.level > s.easyMaxLevel),
		opts.subsets, opts.seed));
	groups.push(group('all', items, opts.subsets, opts.seed));
	return { n: s.n, subsets: opts.subsets, easyMaxLevel: s.easyMaxLevel, groups };
}

function pct(x: number): string {
	return (100 * x).toFixed(1).padStart(5);
}

/** A plain-text table: one line per group, the full-pool N columns. */
export function formatReport(r: EvalReport): string {
	const lines = [
		`N = ${r.n}, averaged over ${r.subsets} random subsets per N (accuracy %)`,
		`${'group'.padEnd(14)} ${'probs'.padStart(5)} greedy  maj@${r.n}  wtd@${r.n}  bon@${r.n}`,
	];
	for (const g of r.groups) {
		const last = g.curve[g.curve.length - 1];
		lines.push(`${g.name.padEnd(14)} ${String(g.problems).padStart(5)} ${pct(g.greedy)}  `
			+ (last ? `${pct(last.majority.mean)}  ${pct(last.weighted.mean)}  ${pct(last.bestOfN.mean)}` : '   -'));
	}
	return lines.join('\n');
}

/** The table as CSV: one row per group, N and method. */
export function reportCsv(r: EvalReport): string {
	const rows = ['group,problems,n,method,mean,std'];
	for (const g of r.groups) {
		rows.push(`${csv(g.name)},${g.problems},1,greedy,${g.greedy},0`);
		for (const pt of g.curve) {
			for (const m of ['majority', 'weighted', 'bestOfN'] as const) {
				rows.push(`${csv(g.name)},${g.problems},${pt.n},${m},${pt[m].mean},${pt[m].std}`);
			}
		}
	}
	return rows.join('\n') + '\n';
}

function csv(s: string): string {
	return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
