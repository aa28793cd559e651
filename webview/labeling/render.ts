/**
 * Draws the labeling state into the page. Each section is redrawn only
 * when what it shows changed, so the corrected-step box keeps its caret
 * while the person types and KaTeX does not run on every key.
 */
import { badge, button, divider, progressRing, textArea, type TextBox } from '../components';
import type { StepLabel } from '../shared/model';
import { describeGroup, MAX_CORRECTION } from '../shared/model';
import type { Action } from './actions';
import { KEY_HELP } from './keys';
import { mathElement } from './mathDom';
import { firstWrong, maxCursor, type LabelState } from './state';

type Act = (action: Action) => void;

const SECTIONS = ['notice', 'header', 'problem', 'steps', 'outcome', 'actions', 'legend'] as const;
type Section = (typeof SECTIONS)[number];

function el(tag: string, className: string, text?: string): HTMLElement {
	const e = document.createElement(tag);
	e.className = className;
	if (text !== undefined) {
		e.textContent = text;
	}
	return e;
}

function ratingText(r: StepLabel['rating']): string {
	return r === null ? '' : r > 0 ? '+1' : String(r);
}

function ratingClass(r: StepLabel['rating']): string {
	return r === null ? 'unrated' : r > 0 ? 'good' : r === 0 ? 'neutral' : 'bad';
}

const REASONS: Record<string, string> = {
	solution: 'Finished: every step rated, final answer reached',
	found_error: 'Finished: found the first wrong step',
	bad_problem: 'Finished: bad problem',
	give_up: 'Finished: gave up',
};

/** The panel's DOM. */
export class PanelView {
	private readonly parts = new Map<Section, HTMLElement>();
	private readonly drawn = new Map<Section, string>();
	private correctionBox?: TextBox;

	constructor(
		private readonly root: HTMLElement,
		private readonly act: Act,
		private readonly input: (text: string) => void,
	) {
		for (const name of SECTIONS) {
			const part = el(name === 'legend' ? 'footer' : 'section', `part ${name}`);
			this.parts.set(name, part);
			root.append(part);
		}
	}

	/** Brings the page up to date with `s`. */
	render(s: LabelState): void {
		this.root.dataset.sampleId = s.sample ? String(s.sample.sampleId) : '';
		this.root.dataset.purpose = s.purpose;
		this.root.dataset.cursor = String(s.cursor);
		this.root.dataset.finished = s.finished?.reason ?? '';
		this.root.classList.toggle('eval', s.purpose === 'eval');
		this.draw('notice', s.notice, () => this.notice(s));
		this.draw('header', [s.purpose, s.progress, s.loading, s.sample?.sampleId, s.source], () =>
			this.header(s));
		this.draw('problem', [s.sample?.sampleId, s.purpose, s.loading, s.emptyHint], () =>
			this.problem(s));
		this.draw('steps', [s.sample?.sampleId, s.labels, s.cursor, s.loading], () =>
			this.steps(s));
		this.draw('outcome', [s.sample?.sampleId, s.finished, s.loading], () => this.outcome(s));
		this.draw('actions', [s.sample?.sampleId, s.purpose, s.finished, s.loading, s.emptyHint],
			() => this.actions(s));
		this.draw('legend', [s.sample !== null], () => this.legend(s));
		this.scrollToCursor();
	}

	/** Moves the keyboard focus. */
	focus(target: 'correction' | 'steps'): void {
		if (target === 'correction' && this.correctionBox) {
			this.correctionBox.focus();
		} else {
			// The page itself takes the keys; leave any text box.
			(document.activeElement as HTMLElement | null)?.blur();
			this.root.focus();
		}
	}

	private draw(name: Section, key: unknown, fill: () => Node[]): void {
		const k = JSON.stringify(key) ?? '';
		if (this.drawn.get(name) === k) {
			return;
		}
		this.drawn.set(name, k);
		this.parts.get(name)!.replaceChildren(...fill());
	}

	private notice(s: LabelState): Node[] {
		if (!s.notice) {
			return [];
		}
		const n = el('div', `notice ${s.notice.level}`, s.notice.text);
		n.setAttribute('role', s.notice.level === 'error' ? 'alert' : 'status');
		return [n];
	}

	private header(s: LabelState): Node[] {
		const title = el('h1', 'title', 'Stepwise labeling');
		const tags = el('div', 'tags');
		if (s.purpose === 'eval') {
			tags.append(badge('EVALUATION LABELS · never exported for training', {
				className: 'badge-eval',
				title: 'Labels on hard problems, kept apart for measuring, never used to train '
					+ 'the PRM',
			}));
		} else {
			tags.append(badge('training labels', { className: 'badge-train' }));
		}
		if (s.sample) {
			const labeler = `labeler ${s.sample.labeler}`;
			tags.append(badge(labeler, { title: 'setting stepwise.labeler' }));
			tags.append(badge(`#${s.sample.sampleId}`, { title: 'sample id' }));
		}
		if (s.progress) {
			const p = s.progress;
			const counts = `${p.done} done · ${p.left} left`;
			tags.append(badge(counts, { title: `Counts over ${p.scope}` }));
		}
		if (s.source.group) {
			const group = describeGroup(s.source.group);
			tags.append(badge(group, { title: 'The panel labels this group' }));
		}
		const head = el('div', 'head');
		head.append(title, tags);
		return s.loading ? [head, progressRing('Loading the next solution')] : [head];
	}

	private problem(s: LabelState): Node[] {
		if (!s.sample) {
			if (s.emptyHint === null) {
				return [];
			}
			const box = el('div', 'empty');
			box.append(el('h2', '', 'Nothing left to label here'), el('p', '', s.emptyHint));
			return [box];
		}
		const p = s.sample.problem;
		const level = p.level === null ? 'level unknown' : `Level ${p.level}`;
		const meta = el('div', 'meta',
			`${p.set} ${p.uid} · ${level}${p.subject ? ` · ${p.subject}` : ''}`);
		const out: Node[] = [meta, mathElement('div', p.text, 'problem-text')];
		if (!s.sample.trainable && s.purpose === 'train') {
			out.push(el('div', 'hard-note', 'Hard problem: no training labels. '
				+ 'Press E (or "Evaluation label") to label it for evaluation.'));
		}
		return out;
	}

	private steps(s: LabelState): Node[] {
		const sample = s.sample;
		if (!sample) {
			return [];
		}
		const n = sample.steps.length;
		const reach = maxCursor(s.labels, n);
		const wrong = firstWrong(s.labels);
		const list = el('ol', 'step-list');
		sample.steps.forEach((step, i) => {
			const label = s.labels[i] ?? null;
			const li = el('li', 'step');
			li.dataset.idx = String(i);
			li.dataset.rating = ratingText(label?.rating ?? null);
			li.classList.add(ratingClass(label?.rating ?? null));
			li.classList.toggle('current', i === s.cursor);
			li.classList.toggle('flagged', !!label?.flagged);
			li.classList.toggle('out-of-reach', i > reach);
			li.classList.toggle('after-wrong', wrong >= 0 && i > wrong);
			li.addEventListener('click', () => this.act({ type: 'goto', idx: i }));
			const no = el('span', 'step-no', String(i + 1));
			const score = el('span', 'score');
			if (step.p === null) {
				score.textContent = '—';
				score.title = 'not scored by the PRM';
			} else {
				score.textContent = step.p.toFixed(2);
				score.title = `PRM ${sample.prmId ?? ''}: P(step correct) = ${step.p.toFixed(4)}`;
				score.classList.add(step.p >= 0.7 ? 'high' : step.p >= 0.4 ? 'mid' : 'low');
			}
			const text = mathElement('div', step.text, 'step-text');
			if (step.author === 'human') {
				text.classList.add('human');
			}
			const mark = el('span', `rating ${ratingClass(label?.rating ?? null)}`,
				ratingText(label?.rating ?? null));
			const flag = el('span', 'flag', label?.flagged ? '⚑' : '');
			flag.title = label?.flagged ? 'flagged: unsure' : '';
			li.append(no, score, text, mark, flag);
			list.append(li);
		});
		const head = el('div', 'steps-head',
			n === 0 ? 'No steps.' : `Step ${Math.min(s.cursor + 1, n)} of ${n}`);
		const final = el('div', 'final');
		const c = sample.correct;
		const verdict = c === null ? '' : c ? ' · matches' : ' · does not match';
		final.textContent = `Final answer: ${sample.answer ?? '(none)'} · reference: `
			+ `${sample.problem.answer ?? '(unknown)'}${verdict}`;
		final.classList.add(c === null ? 'unknown' : c ? 'right' : 'wrong');
		return [head, list, final];
	}

	private outcome(s: LabelState): Node[] {
		this.correctionBox = undefined;
		if (!s.sample || !s.finished) {
			return [];
		}
		const out: Node[] = [divider(), el('div', `finished ${s.finished.reason}`,
			REASONS[s.finished.reason] ?? s.finished.reason)];
		if (s.finished.reason === 'found_error') {
			const box = textArea({
				label: 'The correct step (replaces the step rated -1; Ctrl+Enter saves, '
					+ 'Esc leaves)',
				value: s.correction,
				placeholder: 'Write the step as it should have been, LaTeX allowed.',
				rows: 3,
				maxLength: MAX_CORRECTION,
				onInput: (text) => this.input(text),
			});
			box.element.classList.add('correction');
			this.correctionBox = box;
			out.push(box.element);
			const save = button('Save correct step', () => this.act({ type: 'submitCorrection' }),
				{ key: 'Ctrl+Enter', action: 'submitCorrection' });
			out.push(save);
			if (s.finished.humanCompletion) {
				out.push(el('div', 'saved-correction', 'Saved correct step:'),
					mathElement('div', s.finished.humanCompletion, 'step-text human'));
			}
		}
		out.push(el('p', 'hint', 'Press N for the next solution, U to undo.'));
		return out;
	}

	private actions(s: LabelState): Node[] {
		const bar = el('div', 'buttons');
		const act = (a: Action) => () => this.act(a);
		if (!s.sample) {
			if (s.emptyHint !== null) {
				bar.append(
					button('Generate Solutions…', act({ type: 'generate' }), { primary: true,
						action: 'generate' }),
					button('Check again', act({ type: 'next' }), { key: 'N', action: 'next' }),
				);
			}
			return [bar];
		}
		const canRate = s.purpose === 'eval' || s.sample.trainable;
		const off = !canRate || s.loading;
		bar.append(
			button('+1', act({ type: 'rate', rating: 1 }), {
				key: '1',
				disabled: off,
				action: 'good',
				primary: true,
			}),
			button('0', act({ type: 'rate', rating: 0 }), { key: '2', disabled: off,
				action: 'neutral' }),
			button('−1', act({ type: 'rate', rating: -1 }), { key: '3', disabled: off,
				action: 'bad' }),
			button('Flag', act({ type: 'flag' }), { key: 'F', disabled: off, action: 'flag',
				title: 'Unsure about this step' }),
			button('Undo', act({ type: 'undo' }), { key: 'U', disabled: off, action: 'undo' }),
			button('Bad problem', act({ type: 'finish', reason: 'bad_problem' }),
				{ key: 'B', disabled: off, action: 'bad_problem' }),
			button('Give up', act({ type: 'finish', reason: 'give_up' }),
				{ key: 'G', disabled: off, action: 'give_up' }),
			button('Next solution', act({ type: 'next' }), { key: 'N', action: 'next' }),
			button('Open as document', act({ type: 'openDocument' }), { key: 'O',
				action: 'openDocument' }),
		);
		if (!s.sample.trainable && s.purpose === 'train') {
			bar.append(button('Evaluation label', act({ type: 'evaluate' }), {
				key: 'E',
				primary: true,
				action: 'evaluate',
				title: 'Label this hard problem for evaluation; never exported for training',
			}));
		}
		return [bar];
	}

	private legend(s: LabelState): Node[] {
		if (!s.sample) {
			return [];
		}
		const list = el('dl', 'keys');
		for (const k of KEY_HELP) {
			const dt = el('dt', '');
			k.keys.forEach((key, i) => {
				if (i > 0) {
					dt.append(' ');
				}
				dt.append(el('kbd', '', key));
			});
			list.append(dt, el('dd', '', k.what));
		}
		return [list];
	}

	private scrollToCursor(): void {
		const current = this.root.querySelector('.step.current');
		if (current && typeof (current as HTMLElement).scrollIntoView === 'function') {
			(current as HTMLElement).scrollIntoView({ block: 'nearest' });
		}
	}
}
