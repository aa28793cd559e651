/**
 * Where things go on an accuracy-versus-N chart: N on a log2 axis,
 * accuracy from 0 to 1, one polyline per method with an error bar (one
 * standard deviation) at each point. Pure numbers, so the drawing code
 * only turns them into SVG elements.
 */
import type { Method, Series } from './series';

/** The chart's outer size and the margins left for the axes, in pixels. */
export interface ChartSize {
	width: number;
	height: number;
	left: number;
	right: number;
	top: number;
	bottom: number;
}

/** The default size; the SVG scales to its container through its viewBox. */
export const CHART_SIZE: ChartSize = {
	width: 420, height: 280, left: 44, right: 12, top: 12, bottom: 36,
};

/** One drawn point of a method, with its error bar. */
export interface Marker {
	n: number;
	mean: number;
	x: number;
	y: number;
	/** Top (mean + std) and bottom (mean - std) of the error bar. */
	yHi: number;
	yLo: number;
}

/** One method's line. */
export interface Line {
	method: Method;
	label: string;
	/** SVG path data through the markers. */
	d: string;
	markers: Marker[];
	/** Greedy has no spread and is drawn as a dashed reference. */
	reference: boolean;
}

/** Everything one chart draws, in pixels of its viewBox. */
export interface ChartGeometry {
	plot: { left: number; right: number; top: number; bottom: number };
	xTicks: { n: number; x: number }[];
	yTicks: { value: number; y: number }[];
	lines: Line[];
}

/**
 * Pixels between the methods' markers at the same N, so error bars that
 * would sit on top of each other stay readable.
 */
const DODGE: Record<Method, number> = { majority: -4, weighted: 0, bestOfN: 4, greedy: 0 };

/** Half the width of a greedy line when the chart has a single N. */
const LONE_HALF_WIDTH = 16;

/** Room between the axes and the first and last N, so markers do not sit on the axis. */
const X_PAD = 16;

function round(x: number): number {
	return Math.round(x * 100) / 100;
}

/** The powers of two from 1 to `maxN` (the N values a report holds). */
export function powersOfTwo(maxN: number): number[] {
	const out: number[] = [];
	for (let n = 1; n <= maxN; n *= 2) {
		out.push(n);
	}
	return out;
}

/**
 * The geometry of one chart. The x axis spans log2 of the smallest to the
 * largest N of the series, inset a little from both ends; with a single N
 * the point sits in the middle.
 */
export function chartGeometry(series: readonly Series[], size: ChartSize = CHART_SIZE):
	ChartGeometry {
	const plot = {
		left: size.left,
		right: size.width - size.right,
		top: size.top,
		bottom: size.height - size.bottom,
	};
	const ns = series.flatMap((s) => s.points.map((p) => p.n));
	const minN = ns.length > 0 ? Math.min(...ns) : 1;
	const maxN = ns.length > 0 ? Math.max(...ns) : 1;
	const lo = Math.log2(minN);
	const hi = Math.log2(maxN);
	const x0 = plot.left + X_PAD;
	const x1 = plot.right - X_PAD;
	const sx = (n: number): number => (hi === lo
		? (x0 + x1) / 2
		: x0 + ((Math.log2(n) - lo) / (hi - lo)) * (x1 - x0));
	const sy = (acc: number): number => plot.bottom - acc * (plot.bottom - plot.top);
	const lines = series.map((s) => {
		const dx = DODGE[s.method];
		const markers = s.points.map((p) => ({
			n: p.n,
			mean: p.mean,
			x: round(sx(p.n) + dx),
			y: round(sy(p.mean)),
			yHi: round(sy(p.hi)),
			yLo: round(sy(p.lo)),
		}));
		const reference = s.method === 'greedy';
		let xs = markers.map((m) => m.x);
		if (reference && markers.length === 1) {
			xs = [markers[0].x - LONE_HALF_WIDTH, markers[0].x + LONE_HALF_WIDTH];
		}
		const ys = reference && markers.length === 1 ? [markers[0].y, markers[0].y]
			: markers.map((m) => m.y);
		const d = xs.map((x, k) => `${k === 0 ? 'M' : 'L'}${round(x)},${ys[k]}`).join(' ');
		return { method: s.method, label: s.label, d, markers, reference };
	});
	return {
		plot,
		xTicks: powersOfTwo(maxN).filter((n) => n >= minN).map((n) => ({ n, x: round(sx(n)) })),
		yTicks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: round(sy(value)) })),
		lines,
	};
}
