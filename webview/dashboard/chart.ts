/**
 * Draws one accuracy-versus-N chart as SVG from the geometry in
 * chartGeometry.ts. Colours and dashes come from the stylesheet (classes
 * per method), so the chart follows the VS Code theme.
 */
import { chartGeometry, CHART_SIZE, type Line } from './chartGeometry';
import { percent, type Series } from './series';

const SVG = 'http://www.w3.org/2000/svg';
/** Half the width of an error bar's caps, in pixels. */
const CAP = 3;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>,
	parent?: Element): SVGElementTagNameMap[K] {
	const e = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs)) {
		e.setAttribute(k, String(v));
	}
	parent?.appendChild(e);
	return e;
}

function text(content: string, attrs: Record<string, string | number>, parent: Element):
	SVGTextElement {
	const t = el('text', attrs, parent);
	t.textContent = content;
	return t;
}

function drawLine(line: Line, parent: Element): void {
	const g = el('g', {
		class: `series series-${line.method}`, 'data-method': line.method,
	}, parent);
	el('path', { class: line.reference ? 'line reference' : 'line', d: line.d }, g);
	for (const m of line.markers) {
		if (!line.reference) {
			const [l, r] = [m.x - CAP, m.x + CAP];
			const bar = `M${m.x},${m.yHi} L${m.x},${m.yLo} `
				+ `M${l},${m.yHi} L${r},${m.yHi} M${l},${m.yLo} L${r},${m.yLo}`;
			el('path', { class: 'error-bar', d: bar }, g);
		}
		const r = line.reference ? 0 : 3;
		const dot = el('circle', { class: 'marker', cx: m.x, cy: m.y, r }, g);
		const title = el('title', {}, dot);
		title.textContent = `${line.label}, N = ${m.n}: ${percent(m.mean)}%`;
	}
}

/** An SVG chart of `series`, titled for screen readers with `label`. */
export function drawChart(series: readonly Series[], label: string): SVGSVGElement {
	const geo = chartGeometry(series);
	const { plot } = geo;
	const svg = el('svg', {
		class: 'chart',
		viewBox: `0 0 ${CHART_SIZE.width} ${CHART_SIZE.height}`,
		role: 'img',
		'aria-label': label,
	});
	const axes = el('g', { class: 'axes' }, svg);
	for (const t of geo.yTicks) {
		el('line', { class: 'grid', x1: plot.left, x2: plot.right, y1: t.y, y2: t.y }, axes);
		text(String(Math.round(t.value * 100)),
			{ class: 'tick', x: plot.left - 6, y: t.y + 4, 'text-anchor': 'end' }, axes);
	}
	for (const t of geo.xTicks) {
		el('line', {
			class: 'tick-mark', x1: t.x, x2: t.x, y1: plot.bottom, y2: plot.bottom + 4,
		}, axes);
		text(String(t.n), {
			class: 'tick', x: t.x, y: plot.bottom + 16, 'text-anchor': 'middle',
		}, axes);
	}
	const axis = (x1: number, y1: number, x2: number, y2: number): void => {
		el('line', { class: 'axis', x1, y1, x2, y2 }, axes);
	};
	axis(plot.left, plot.bottom, plot.right, plot.bottom);
	axis(plot.left, plot.top, plot.left, plot.bottom);
	text('N (samples per problem, log scale)', {
		class: 'axis-label', x: (plot.left + plot.right) / 2, y: CHART_SIZE.height - 4,
		'text-anchor': 'middle',
	}, axes);
	text('accuracy %', {
		class: 'axis-label', x: 10, y: (plot.top + plot.bottom) / 2, 'text-anchor': 'middle',
		transform: `rotate(-90 10 ${(plot.top + plot.bottom) / 2})`,
	}, axes);
	// Greedy first, so the methods' lines are drawn over the reference.
	const order = [...geo.lines].sort((a, b) => Number(b.reference) - Number(a.reference));
	for (const line of order) {
		drawLine(line, svg);
	}
	return svg;
}
