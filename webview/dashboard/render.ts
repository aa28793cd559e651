/**
 * Draws the dashboard: the header with the run picker and the export
 * buttons, the run's settings, the easy and hard charts side by side, and
 * the per-level table. Only textContent is ever set, never HTML, so run
 * names and paths cannot inject markup.
 */
import { button } from '../components';
import type {
	DashboardData, DashboardRequest, RunSummary, SplitCount,
} from '../shared/dashboardMessages';
import { drawChart } from './chart';
import {
	groupSeries, METHOD_LABELS, percent, percentWithSpread, splitGroups, tableRows, type Method,
} from './series';
import type { ReportGroup } from '../../src/eval/report';

type Send = (m: DashboardRequest) => void;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, content?: string):
	HTMLElementTagNameMap[K] {
	const e = document.createElement(tag);
	if (className) {
		e.className = className;
	}
	if (content !== undefined) {
		e.textContent = content;
	}
	return e;
}

function runLabel(r: RunSummary): string {
	const when = r.createdAt.replace('T', ' ').slice(0, 16);
	return `Run ${r.id} · ${r.name} · ${r.status} · ${when}`;
}

function header(data: DashboardData, send: Send): HTMLElement {
	const head = h('header', 'head');
	head.append(h('h1', 'title', 'Easy-to-hard evaluation'));
	const picker = h('select', 'run-picker');
	picker.title = 'Show another evaluation run';
	picker.setAttribute('aria-label', 'Evaluation run');
	const runs = data.runs.some((r) => r.id === data.run.id) ? data.runs : [data.run, ...data.runs];
	for (const r of runs) {
		const o = h('option', undefined, runLabel(r));
		o.value = String(r.id);
		o.selected = r.id === data.run.id;
		picker.append(o);
	}
	picker.addEventListener('change', () => send({ type: 'openRun', runId: Number(picker.value) }));
	const actions = h('div', 'actions');
	actions.append(
		button('Export CSV', () => send({ type: 'export', format: 'csv' }),
			{ action: 'export-csv', title: 'Save the results table as CSV' }),
		button('Export JSON', () => send({ type: 'export', format: 'json' }),
			{ action: 'export-json', title: 'Save the results, settings and throughput as JSON' }),
		button('Refresh', () => send({ type: 'refresh' }),
			{ action: 'refresh', title: 'Read the run again from the database' }),
	);
	head.append(picker, actions);
	return head;
}

function split(c: SplitCount): string {
	return c.done === c.planned ? `${c.done}` : `${c.done} of ${c.planned} finished`;
}

function settingsList(data: DashboardData): HTMLElement {
	const s = data.settings;
	const t = data.throughput;
	const items: [string, string][] = [
		['Problem set', s.set],
		['Samples per problem (N)', String(s.n)],
		['Generator', s.generator],
		['PRM', s.prm],
		['Sampling', `temperature ${s.temperature}, top-k ${s.topK || 'off'}, `
			+ `top-p ${s.topP === 1 ? 'off' : s.topP}, at most ${s.maxNewTokens} new tokens, `
			+ `seed ${s.seed}`],
		['Random subsets per N', String(s.subsets)],
		[`Easy problems (levels 1-${s.easyMaxLevel})`, split(data.splits.easy)],
		[`Hard problems (levels ${s.easyMaxLevel + 1}-5)`, split(data.splits.hard)],
		['Status', data.run.status],
		['Throughput', t === null ? 'not recorded on this machine'
			: t.problems === 0 ? 'nothing left to run in the last session'
				: `${t.problemsPerMinute.toFixed(1)} problems/min, ${t.tokensPerSecond.toFixed(0)} `
					+ `tokens/s (last session: ${t.problems} problems)`],
	];
	const dl = h('dl', 'settings');
	for (const [k, v] of items) {
		dl.append(h('dt', undefined, k), h('dd', undefined, v));
	}
	return dl;
}

function legend(): HTMLElement {
	const ul = h('ul', 'legend');
	for (const m of ['majority', 'weighted', 'bestOfN', 'greedy'] as Method[]) {
		const li = h('li', `legend-${m}`);
		li.append(h('span', 'swatch'), h('span', undefined, METHOD_LABELS[m]));
		ul.append(li);
	}
	const note = h('li', 'legend-note', 'Bars: ± one standard deviation over the random subsets.');
	ul.append(note);
	return ul;
}

function figure(title: string, g: ReportGroup | undefined, which: 'easy' | 'hard'): HTMLElement {
	const fig = h('figure', `chart-box chart-${which}`);
	fig.dataset.split = which;
	const name = g ? g.name : which;
	fig.append(h('figcaption', undefined,
		`${title}: ${name}, ${g?.problems ?? 0} problem${g?.problems === 1 ? '' : 's'}`));
	const series = g ? groupSeries(g) : [];
	if (series.length === 0) {
		fig.append(h('p', 'notice', `No ${which} problem has all its samples in this run yet.`));
	} else {
		fig.append(drawChart(series, `Accuracy against N for ${which} problems`));
	}
	return fig;
}

function table(data: DashboardData): HTMLElement {
	const t = h('table', 'levels');
	const head = h('tr');
	for (const c of ['Group', 'Problems', 'Greedy', 'N', 'Majority', 'PRM-weighted', 'Best-of-N']) {
		head.append(h('th', undefined, c));
	}
	t.append(h('thead'));
	t.tHead!.append(head);
	const body = h('tbody');
	for (const r of tableRows(data.report)) {
		const tr = h('tr');
		const cells = [
			r.name,
			String(r.problems),
			r.problems === 0 ? '-' : percent(r.greedy),
			r.n === null ? '-' : String(r.n),
			r.majority ? percentWithSpread(r.majority) : '-',
			r.weighted ? percentWithSpread(r.weighted) : '-',
			r.bestOfN ? percentWithSpread(r.bestOfN) : '-',
		];
		for (const [k, c] of cells.entries()) {
			tr.append(h(k === 0 ? 'th' : 'td', undefined, c));
		}
		body.append(tr);
	}
	t.append(body);
	const caption = h('caption', undefined, `Accuracy (%) at the largest N, `
		+ `mean ± standard deviation over ${data.settings.subsets} random subsets`);
	t.prepend(caption);
	return t;
}

/** Replaces the page with the run in `data`. */
export function renderDashboard(root: HTMLElement, data: DashboardData, send: Send): void {
	const { easy, hard } = splitGroups(data.report);
	const charts = h('section', 'charts');
	charts.append(figure('Easy', easy, 'easy'), figure('Hard', hard, 'hard'));
	const status = h('p', 'status');
	status.id = 'status';
	status.setAttribute('role', 'status');
	root.replaceChildren(header(data, send), status, settingsList(data), legend(), charts,
		table(data));
	root.dataset.state = 'shown';
	root.dataset.runId = String(data.run.id);
}

/** Shows why there is nothing to draw. */
export function renderEmpty(root: HTMLElement, message: string, send: Send): void {
	const p = h('p', 'notice', message);
	const actions = h('div', 'actions');
	actions.append(button('Refresh', () => send({ type: 'refresh' }), { action: 'refresh' }));
	root.replaceChildren(h('h1', 'title', 'Easy-to-hard evaluation'), p, actions);
	root.dataset.state = 'empty';
	delete root.dataset.runId;
}

/** Says how an export went, under the header. */
export function renderStatus(root: HTMLElement, message: string, error: boolean): void {
	const status = root.querySelector<HTMLElement>('#status');
	if (status) {
		status.textContent = message;
		status.classList.toggle('error', error);
	}
}
