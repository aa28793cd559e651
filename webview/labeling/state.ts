/**
 * The labeling panel's logic as a pure reducer: given the state and an
 * event (an action, a host message, typed text) it returns the new state
 * and the effects to run (messages to post, focus to move). Nothing here
 * touches the DOM, so it is tested without a webview.
 *
 * PRM800K's rules live here as the person sees them: steps are rated in
 * order, a -1 ends the solution (and invites the correct step), rating
 * the last step ends it as `solution`. The host's store enforces the same
 * rules again on every write.
 */
import type { FinishReason, Rating } from '../../src/core/types';
import type { HostMessage, WebviewMessage, WriteMessage } from '../shared/messages';
import { MAX_TIME_MS } from '../shared/messages';
import {
	MAX_CORRECTION,
	MAX_SKIPPED,
	type FinishedView,
	type Progress,
	type SampleView,
	type StepLabel,
} from '../shared/model';
import { MAX_HISTORY, type HistoryEntry, type PersistedState } from '../shared/persisted';
import type { Action } from './actions';

/**
 * A pause between two events counts at most this long, so a panel left
 * open over lunch does not record an hour of labeling.
 */
export const IDLE_CAP_MS = 5 * 60 * 1000;

/** A line shown above the steps. */
export interface Notice {
	level: 'info' | 'error';
	text: string;
}

/** Everything the panel shows and remembers. */
export interface LabelState extends PersistedState {
	sample: SampleView | null;
	/** This pass's labels, one entry per step; ahead of the database while writes are in flight. */
	labels: (StepLabel | null)[];
	finished: FinishedView | null;
	progress: Progress | null;
	/** Set when the source has nothing left: how to get more. */
	emptyHint: string | null;
	/** Waiting for the host to show a sample. */
	loading: boolean;
	/** Number of the last write sent; only the reply to it replaces the labels. */
	seq: number;
	/** The corrected-step box has the focus. */
	editing: boolean;
	notice: Notice | null;
}

/** Something the reducer wants done outside it. */
export type Effect =
	| { type: 'post'; message: WebviewMessage }
	| { type: 'focus'; target: 'correction' | 'steps' };

/** What happened. `at` is the time in ms since the epoch. */
export type PanelEvent =
	| { kind: 'action'; action: Action; at: number }
	| { kind: 'host'; message: HostMessage; at: number }
	| { kind: 'input'; text: string };

/** A new state and what to do about it. */
export interface Step {
	state: LabelState;
	effects: Effect[];
}

type WriteBody =
	| { type: 'label'; idx: number; rating: Rating | null; flagged: boolean }
	| { type: 'clear'; idx: number }
	| { type: 'finish'; reason: FinishReason; humanCompletion: string | null; totalTimeMs: number }
	| { type: 'unfinish' };

/** The state of a panel that has not shown anything yet, or of a restored one. */
export function initialState(saved?: PersistedState): LabelState {
	const base: PersistedState = saved ?? {
		v: 1,
		source: { purpose: 'train' },
		sampleId: null,
		purpose: 'train',
		cursor: 0,
		correction: '',
		history: [],
		skipped: [],
		timeMs: 0,
		lastTick: null,
	};
	return {
		...base,
		sample: null,
		labels: [],
		finished: null,
		progress: null,
		emptyHint: null,
		loading: true,
		seq: 0,
		editing: false,
		notice: null,
	};
}

/** The first state and the `ready` message that asks the host for a sample. */
export function start(saved?: PersistedState): Step {
	const state = initialState(saved);
	const resume = saved
		? {
			source: saved.source,
			sampleId: saved.sampleId,
			purpose: saved.purpose,
			skipped: saved.skipped,
		}
		: null;
	return { state, effects: [{ type: 'post', message: { type: 'ready', resume } }] };
}

/** The part of the state kept across reloads. */
export function persistable(s: LabelState): PersistedState {
	return {
		v: 1,
		source: s.source,
		sampleId: s.sampleId,
		purpose: s.purpose,
		cursor: s.cursor,
		correction: s.correction,
		history: s.history,
		skipped: s.skipped,
		timeMs: s.timeMs,
		lastTick: s.lastTick,
	};
}

function isRated(l: StepLabel | null | undefined): boolean {
	return !!l && l.rating !== null;
}

/** The first step without a rating, or the step count when all are rated. */
export function firstOpen(labels: readonly (StepLabel | null)[], steps: number): number {
	for (let i = 0; i < steps; i++) {
		if (!isRated(labels[i])) {
			return i;
		}
	}
	return steps;
}

/** The first step rated -1, or -1. */
export function firstWrong(labels: readonly (StepLabel | null)[]): number {
	return labels.findIndex((l) => l?.rating === -1);
}

/**
 * The furthest step the cursor may reach: the first unrated step (steps
 * are rated in order), or the -1 step (nothing after it is rated).
 */
export function maxCursor(labels: readonly (StepLabel | null)[], steps: number): number {
	const wrong = firstWrong(labels);
	if (wrong >= 0) {
		return wrong;
	}
	return Math.max(0, Math.min(firstOpen(labels, steps), steps - 1));
}

function clampCursor(cursor: number, labels: readonly (StepLabel | null)[], steps: number): number {
	return Math.max(0, Math.min(cursor, maxCursor(labels, steps)));
}

/** Labels fitted to the step count: missing entries are null. */
function fit(labels: readonly (StepLabel | null)[], steps: number): (StepLabel | null)[] {
	return Array.from({ length: steps }, (_, i) => labels[i] ?? null);
}

function sameLabel(a: StepLabel | null, b: StepLabel | null): boolean {
	return a === b || (!!a && !!b && a.rating === b.rating && a.flagged === b.flagged);
}

function sameFinished(a: FinishedView | null, b: FinishedView | null): boolean {
	return a === b
		|| (!!a && !!b && a.reason === b.reason && a.humanCompletion === b.humanCompletion);
}

/** Counts the time since the last event, at most IDLE_CAP_MS of it. */
function tick(s: LabelState, at: number): LabelState {
	const gap = s.lastTick === null ? 0 : Math.min(Math.max(at - s.lastTick, 0), IDLE_CAP_MS);
	// sampleId, not sample: the seconds a reload takes count for the sample on screen.
	const timeMs = s.sampleId !== null ? Math.min(s.timeMs + gap, MAX_TIME_MS) : s.timeMs;
	return { ...s, timeMs, lastTick: at };
}

/** Applies one event. */
export function reduce(state: LabelState, event: PanelEvent): Step {
	switch (event.kind) {
		case 'input':
			return {
				state: { ...state, correction: event.text.slice(0, MAX_CORRECTION) },
				effects: [],
			};
		case 'host':
			return onHost(tick(state, event.at), event.message, event.at);
		case 'action':
			return onAction(tick(state, event.at), event.action);
	}
}

function onHost(state: LabelState, m: HostMessage, at: number): Step {
	switch (m.type) {
		case 'show':
			return { state: show(state, m.sample, m.progress, m.source, at), effects: [] };
		case 'empty':
			return {
				state: {
					...state,
					source: m.source,
					sample: null,
					sampleId: null,
					labels: [],
					finished: null,
					progress: m.progress,
					emptyHint: m.hint,
					loading: false,
					cursor: 0,
					correction: '',
					history: [],
					timeMs: 0,
					editing: false,
				},
				effects: [],
			};
		case 'saved':
			return { state: saved(state, m), effects: [] };
		case 'notice':
			return { state: { ...state, notice: { level: m.level, text: m.text } }, effects: [] };
	}
}

function show(
	state: LabelState,
	sample: SampleView,
	progress: Progress,
	source: LabelState['source'],
	at: number,
): LabelState {
	const n = sample.steps.length;
	const labels = fit(sample.labels, n);
	const same = sample.sampleId === state.sampleId && sample.purpose === state.purpose;
	const base: LabelState = {
		...state,
		source,
		sample,
		sampleId: sample.sampleId,
		purpose: sample.purpose,
		labels,
		finished: sample.finished,
		progress,
		emptyHint: null,
		loading: false,
		notice: null,
		editing: false,
	};
	if (same) {
		// The same pass again (a reload): keep the place, the undo steps and the time.
		return {
			...base,
			cursor: clampCursor(state.cursor, labels, n),
			correction: state.correction || sample.finished?.humanCompletion || '',
		};
	}
	return {
		...base,
		cursor: maxCursor(labels, n),
		correction: sample.finished?.humanCompletion ?? '',
		history: [],
		timeMs: 0,
		lastTick: at,
	};
}

function saved(state: LabelState, m: Extract<HostMessage, { type: 'saved' }>): LabelState {
	const notice = m.error ? { level: 'error' as const, text: m.error } : state.notice;
	const mine = state.sample !== null && m.sampleId === state.sample.sampleId
		&& m.purpose === state.purpose;
	if (!mine || m.seq !== state.seq) {
		// Later writes are on their way; their reply will carry the final labels.
		return { ...state, progress: m.progress, notice };
	}
	const n = state.sample!.steps.length;
	const labels = fit(m.labels, n);
	return {
		...state,
		labels,
		finished: m.finished,
		progress: m.progress,
		notice,
		cursor: clampCursor(state.cursor, labels, n),
	};
}

/** Collects a state being changed and the effects of the change. */
class Draft {
	readonly effects: Effect[] = [];

	constructor(public s: LabelState) {}

	set(patch: Partial<LabelState>): void {
		this.s = { ...this.s, ...patch };
	}

	post(message: WebviewMessage): void {
		this.effects.push({ type: 'post', message });
	}

	write(body: WriteBody): void {
		const seq = this.s.seq + 1;
		this.set({ seq });
		const owner = { seq, sampleId: this.s.sample!.sampleId, purpose: this.s.purpose };
		this.post({ ...body, ...owner } as WriteMessage);
	}

	finish(reason: FinishReason, humanCompletion: string | null): void {
		this.set({ finished: { reason, humanCompletion } });
		const totalTimeMs = Math.round(this.s.timeMs);
		this.write({ type: 'finish', reason, humanCompletion, totalTimeMs });
	}

	remember(entry: HistoryEntry): void {
		this.set({ history: [...this.s.history, entry].slice(-MAX_HISTORY) });
	}

	notice(text: string, level: Notice['level'] = 'info'): void {
		this.set({ notice: { level, text } });
	}

	focus(target: 'correction' | 'steps'): void {
		this.effects.push({ type: 'focus', target });
	}

	done(): Step {
		return { state: this.s, effects: this.effects };
	}
}

/** Why labels cannot be given now, or null when they can. */
function blocked(s: LabelState): string | null {
	if (!s.sample || s.loading) {
		return s.loading ? '' : 'No solution is shown.';
	}
	if (s.sample.steps.length === 0) {
		return 'This solution has no steps to label; press N for the next one.';
	}
	if (s.purpose === 'train' && !s.sample.trainable) {
		return hardText(s.sample);
	}
	return null;
}

function hardText(sample: SampleView): string {
	const level = sample.problem.level === null
		? 'of unknown level'
		: `level ${sample.problem.level}`;
	return `This problem is ${level}. Training labels are taken only on easy problems `
		+ `(level ${sample.easyMaxLevel} or below, setting stepwise.easyMaxLevel), so the PRM `
		+ 'is only ever taught on easy ones. Press E to give evaluation labels instead; '
		+ 'they are never exported for training.';
}

function onAction(state: LabelState, action: Action): Step {
	const d = new Draft({ ...state, notice: null });
	switch (action.type) {
		case 'rate':
			rate(d, action.rating);
			break;
		case 'flag':
			flag(d);
			break;
		case 'move':
			moveTo(d, d.s.cursor + action.by);
			break;
		case 'goto':
			moveTo(d, action.idx);
			break;
		case 'undo':
			undo(d);
			break;
		case 'finish':
			finishAs(d, action.reason);
			break;
		case 'editCorrection':
			editCorrection(d);
			break;
		case 'submitCorrection':
			submitCorrection(d);
			break;
		case 'skipCorrection':
			d.set({ editing: false });
			d.focus('steps');
			break;
		case 'next':
			next(d);
			break;
		case 'evaluate':
			evaluate(d);
			break;
		case 'openDocument':
			if (d.s.sample) {
				d.post({ type: 'openDocument', sampleId: d.s.sample.sampleId });
			}
			break;
		case 'generate':
			d.post({ type: 'generate' });
			break;
	}
	return d.done();
}

function guard(d: Draft): boolean {
	const why = blocked(d.s);
	if (why !== null) {
		if (why) {
			d.notice(why);
		}
		return false;
	}
	return true;
}

function rate(d: Draft, rating: Rating): void {
	if (!guard(d)) {
		return;
	}
	const n = d.s.sample!.steps.length;
	const idx = clampCursor(d.s.cursor, d.s.labels, n);
	const before = d.s.labels[idx] ?? null;
	const label: StepLabel = { rating, flagged: before?.flagged ?? false };
	const labels = d.s.labels.slice();
	labels[idx] = label;
	const removed: HistoryEntry['removed'] = [];
	if (rating === -1) {
		for (let i = idx + 1; i < n; i++) {
			const l = labels[i];
			if (l) {
				removed.push({ idx: i, label: l });
				labels[i] = null;
			}
		}
	}
	d.remember({ idx, before, removed, finishedBefore: d.s.finished });
	d.set({ labels });
	d.write({ type: 'label', idx, rating, flagged: label.flagged });
	if (rating === -1) {
		if (before?.rating !== -1 || d.s.finished?.reason !== 'found_error') {
			d.set({ correction: '' });
			d.finish('found_error', null);
		}
		d.set({ cursor: idx, editing: true });
		d.focus('correction');
		return;
	}
	settle(d);
	d.set({ cursor: Math.min(idx + 1, n - 1), editing: false });
}

/** Ends or reopens the pass after a rating, as its labels now say. */
function settle(d: Draft): void {
	const n = d.s.sample!.steps.length;
	const reason = d.s.finished?.reason;
	if (firstWrong(d.s.labels) >= 0) {
		return;
	}
	if (firstOpen(d.s.labels, n) === n) {
		if (reason !== 'solution') {
			d.finish('solution', null);
		}
	} else if (reason === 'solution' || reason === 'found_error') {
		// The step that ended the pass was re-rated; labeling goes on.
		d.set({ finished: null });
		d.write({ type: 'unfinish' });
	}
}

function flag(d: Draft): void {
	if (!guard(d)) {
		return;
	}
	const idx = clampCursor(d.s.cursor, d.s.labels, d.s.sample!.steps.length);
	const before = d.s.labels[idx] ?? null;
	const label: StepLabel = {
		rating: before?.rating ?? null,
		flagged: !(before?.flagged ?? false),
	};
	const labels = d.s.labels.slice();
	d.remember({ idx, before, removed: [], finishedBefore: d.s.finished });
	if (label.rating === null && !label.flagged) {
		labels[idx] = null;
		d.set({ labels });
		d.write({ type: 'clear', idx });
	} else {
		labels[idx] = label;
		d.set({ labels });
		d.write({ type: 'label', idx, rating: label.rating, flagged: label.flagged });
	}
}

function moveTo(d: Draft, idx: number): void {
	if (!d.s.sample) {
		return;
	}
	d.set({ cursor: clampCursor(idx, d.s.labels, d.s.sample.steps.length), editing: false });
}

function undo(d: Draft): void {
	if (!guard(d)) {
		return;
	}
	const history = d.s.history.slice();
	let entry = history.pop();
	if (!entry) {
		// After a restart the undo steps of an older pass are gone: clear the last label.
		let last = -1;
		d.s.labels.forEach((l, i) => {
			if (l) {
				last = i;
			}
		});
		if (last < 0 && !d.s.finished) {
			d.notice('Nothing to undo.');
			return;
		}
		entry = { idx: last, before: null, removed: [], finishedBefore: null };
	}
	const labels = d.s.labels.slice();
	d.set({ history });
	if (entry.idx >= 0 && !sameLabel(labels[entry.idx] ?? null, entry.before)) {
		labels[entry.idx] = entry.before;
		d.set({ labels });
		d.write(entry.before
			? { type: 'label', idx: entry.idx, ...entry.before }
			: { type: 'clear', idx: entry.idx });
	}
	for (const r of entry.removed) {
		labels[r.idx] = r.label;
		d.set({ labels: labels.slice() });
		d.write({ type: 'label', idx: r.idx, ...r.label });
	}
	if (!sameFinished(d.s.finished, entry.finishedBefore)) {
		const f = entry.finishedBefore;
		if (f === null) {
			d.set({ finished: null });
			d.write({ type: 'unfinish' });
		} else {
			d.finish(f.reason, f.humanCompletion);
		}
	}
	const n = d.s.sample!.steps.length;
	d.set({
		cursor: clampCursor(entry.idx >= 0 ? entry.idx : d.s.cursor, d.s.labels, n),
		correction: d.s.finished?.humanCompletion ?? d.s.correction,
		editing: false,
	});
}

function finishAs(d: Draft, reason: 'bad_problem' | 'give_up'): void {
	if (!guard(d)) {
		return;
	}
	if (d.s.finished?.reason === reason) {
		return;
	}
	d.remember({ idx: -1, before: null, removed: [], finishedBefore: d.s.finished });
	d.finish(reason, null);
	d.set({ editing: false });
}

function editCorrection(d: Draft): void {
	if (d.s.finished?.reason !== 'found_error') {
		d.notice('Rate the first wrong step -1 first; the correct step replaces it.');
		return;
	}
	d.set({ editing: true });
	d.focus('correction');
}

function submitCorrection(d: Draft): void {
	if (!d.s.sample || d.s.finished?.reason !== 'found_error') {
		return;
	}
	const text = d.s.correction.trim() || null;
	if (text !== d.s.finished.humanCompletion) {
		d.remember({ idx: -1, before: null, removed: [], finishedBefore: d.s.finished });
		d.finish('found_error', text);
	}
	d.set({ editing: false });
	d.focus('steps');
}

function next(d: Draft): void {
	const s = d.s;
	if (s.sample && s.finished?.reason === 'found_error') {
		// A correction typed but not saved goes with the solution, not away.
		const text = s.correction.trim() || null;
		if (text !== null && text !== s.finished.humanCompletion) {
			d.finish('found_error', text);
		}
	}
	let skipped = d.s.skipped;
	if (s.sample && !s.finished) {
		const id = s.sample.sampleId;
		skipped = [...skipped.filter((x) => x !== id), id].slice(-MAX_SKIPPED);
	}
	d.set({ skipped, loading: true, editing: false });
	d.post({ type: 'next', source: d.s.source, skipped });
}

function evaluate(d: Draft): void {
	const s = d.s;
	if (!s.sample || s.loading) {
		return;
	}
	if (s.purpose === 'eval') {
		d.notice('These are already evaluation labels.');
		return;
	}
	if (s.sample.trainable) {
		d.notice(`This is a level ${s.sample.problem.level} problem, so its labels are training `
			+ 'labels. Evaluation labels are for problems above '
			+ `level ${s.sample.easyMaxLevel} (stepwise.easyMaxLevel).`);
		return;
	}
	d.set({ loading: true });
	d.post({ type: 'evaluate', sampleId: s.sample.sampleId });
}

