/**
 * From a results table to what the charts and the table draw: one line
 * per method with its spread, the easy and hard groups, and the rows of
 * the per-level table. Pure data, no DOM, so it is tested on its own.
 */
import type { EvalReport, ReportGroup } from '../../src/eval/report';
import type { MeanStd } from '../../src/core/voting';

/** The voting methods, in the order the legend lists them. */
export type Method = 'majority' | 'weighted' | 'bestOfN' | 'greedy';

/** Legend names, as the easy-to-hard paper calls the methods. */
export const METHOD_LABELS: Record<Method, string> = {
	majority: 'Majority voting',
	weighted: 'PRM-weighted voting',
	bestOfN: 'Best-of-N',
	greedy: 'Greedy',
};

/** One point: accuracy at N, with the band one standard deviation around it. */
export interface SeriesPoint {
	n: number;
	mean: number;
	/** mean - std, clipped to [0, 1]. */
	lo: number;
	/** mean + std, clipped to [0, 1]. */
	hi: number;
}

/** One line of a chart. */
export interface Series {
	method: Method;
	label: string;
	points: SeriesPoint[];
}

function clip01(x: number): number {
	return Math.min(1, Math.max(0, x));
}

function point(n: number, m: MeanStd): SeriesPoint {
	return { n, mean: m.mean, lo: clip01(m.mean - m.std), hi: clip01(m.mean + m.std) };
}

/**
 * The lines of one group's chart: majority, PRM-weighted and best-of-N
 * over the curve's N values, then greedy as a flat reference across the
 * same range (a single greedy answer has no spread). No curve, no lines.
 */
export function groupSeries(g: ReportGroup): Series[] {
	if (g.curve.length === 0) {
		return [];
	}
	const voted = (['majority', 'weighted', 'bestOfN'] as const).map((method) => ({
		method,
		label: METHOD_LABELS[method],
		points: g.curve.map((pt) => point(pt.n, pt[method])),
	}));
	const ends = [g.curve[0].n, g.curve[g.curve.length - 1].n];
	const flat = [...new Set(ends)].map((n) => point(n, { mean: g.greedy, std: 0 }));
	return [...voted, { method: 'greedy', label: METHOD_LABELS.greedy, points: flat }];
}

/**
 * The easy and the hard group of a report. buildReport names them
 * `easy (1-L)` and `hard (L+1-5)`; a report without one gives undefined.
 */
export function splitGroups(r: EvalReport): { easy?: ReportGroup; hard?: ReportGroup } {
	return {
		easy: r.groups.find((g) => g.name.startsWith('easy')),
		hard: r.groups.find((g) => g.name.startsWith('hard')),
	};
}

/** One row of the per-level table: the group's accuracy at the largest N. */
export interface TableRow {
	name: string;
	problems: number;
	greedy: number;
	/** The largest N of the curve, or null when the group has no finished problem. */
	n: number | null;
	majority: MeanStd | null;
	weighted: MeanStd | null;
	bestOfN: MeanStd | null;
}

/** The per-level table, in the report's order (levels, then easy, hard, all). */
export function tableRows(r: EvalReport): TableRow[] {
	return r.groups.map((g) => {
		const last = g.curve[g.curve.length - 1];
		return {
			name: g.name,
			problems: g.problems,
			greedy: g.greedy,
			n: last ? last.n : null,
			majority: last ? last.majority : null,
			weighted: last ? last.weighted : null,
			bestOfN: last ? last.bestOfN : null,
		};
	});
}

/** An accuracy as a percentage with one decimal, e.g. `62.5`. */
export function percent(x: number): string {
	return (100 * x).toFixed(1);
}

/** Mean and spread as percentages, e.g. `62.5 ± 4.1`; a spread that rounds to 0 is left out. */
export function percentWithSpread(m: MeanStd): string {
	const spread = percent(m.std);
	return spread === '0.0' ? percent(m.mean) : `${percent(m.mean)} ± ${spread}`;
}
