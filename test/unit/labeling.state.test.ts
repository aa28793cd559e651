import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostMessage, WebviewMessage } from '../../webview/shared/messages';
import type { SampleView, StepLabel } from '../../webview/shared/model';
import type { Action } from '../../webview/labeling/actions';
import { actionForKey, type KeyInput } from '../../webview/labeling/keys';
import {
	IDLE_CAP_MS,
	persistable,
	reduce,
	start,
	type Effect,
	type LabelState,
	type Step,
} from '../../webview/labeling/state';

const T0 = 1_700_000_000_000;

function sample(over: Partial<SampleView> = {}): SampleView {
	return {
		sampleId: 11,
		purpose: 'train',
		problem: {
			set: 'math500',
			uid: 'test/algebra/1.json',
			text: 'What is $2+3$?',
			level: 2,
			subject: 'Algebra',
			answer: '5',
		},
		answer: '5',
		correct: true,
		prmId: 'stepwise-prm-tiny',
		steps: ['We add.', '$2+3=5$.', 'So the sum is 5.', 'The answer is $\\boxed{5}$.']
			.map((text, i) => ({ text, p: [0.9, 0.8, 0.4, 0.95][i], author: 'model' as const })),
		labels: [null, null, null, null],
		finished: null,
		trainable: true,
		easyMaxLevel: 3,
		labeler: 'ana',
		...over,
	};
}

const SOURCE = { purpose: 'train' as const };
const PROGRESS = { done: 2, left: 9, scope: 'easy problems' };

/** Runs events in order from a fresh panel, returning every step. */
function run(events: ((s: LabelState) => Step)[]): Step[] {
	const steps: Step[] = [start()];
	for (const e of events) {
		steps.push(e(steps[steps.length - 1].state));
	}
	return steps;
}

const host = (message: HostMessage, at = T0) => (s: LabelState) =>
	reduce(s, { kind: 'host', message, at });
const act = (action: Action, at = T0) => (s: LabelState) => reduce(s, { kind: 'action', action, at });
const type = (text: string) => (s: LabelState) => reduce(s, { kind: 'input', text });
const showMsg = (v: SampleView): HostMessage =>
	({ type: 'show', sample: v, progress: PROGRESS, source: SOURCE });

function posts(effects: Effect[]): WebviewMessage[] {
	return effects.flatMap((e) => (e.type === 'post' ? [e.message] : []));
}

function last(steps: Step[]): LabelState {
	return steps[steps.length - 1].state;
}

const good: StepLabel = { rating: 1, flagged: false };

test('a new panel asks for a sample; a restored one says where it was', () => {
	const fresh = start();
	assert.deepEqual(posts(fresh.effects), [{ type: 'ready', resume: null }]);
	const saved = { ...persistable(fresh.state), sampleId: 4, cursor: 2, skipped: [9] };
	assert.deepEqual(posts(start(saved).effects), [{
		type: 'ready',
		resume: { source: { purpose: 'train' }, sampleId: 4, purpose: 'train', skipped: [9] },
	}]);
	assert.equal(start(saved).state.cursor, 2);
});

test('showing a sample puts the cursor on its first unrated step', () => {
	const s = last(run([host(showMsg(sample({ labels: [good, good, null, null] })))]));
	assert.equal(s.cursor, 2);
	assert.equal(s.loading, false);
	assert.equal(s.timeMs, 0);
});

test('ratings are posted in order with rising numbers and move the cursor on', () => {
	const steps = run([
		host(showMsg(sample())),
		act({ type: 'rate', rating: 1 }),
		act({ type: 'rate', rating: 0 }),
	]);
	assert.deepEqual(posts(steps[2].effects), [
		{ type: 'label', seq: 1, sampleId: 11, purpose: 'train', idx: 0, rating: 1, flagged: false },
	]);
	assert.deepEqual(posts(steps[3].effects), [
		{ type: 'label', seq: 2, sampleId: 11, purpose: 'train', idx: 1, rating: 0, flagged: false },
	]);
	const s = last(steps);
	assert.equal(s.cursor, 2);
	assert.deepEqual(s.labels, [good, { rating: 0, flagged: false }, null, null]);
	assert.equal(s.finished, null);
});

test('rating the last step ends the solution as "solution", with the time spent', () => {
	// Shown at T0; keys at +2 s, +3 s, +4 s and +10 s: 10 s in all.
	const steps = run([
		host(showMsg(sample()), T0),
		act({ type: 'rate', rating: 1 }, T0 + 2000),
		act({ type: 'rate', rating: 1 }, T0 + 3000),
		act({ type: 'rate', rating: 0 }, T0 + 4000),
		act({ type: 'rate', rating: 1 }, T0 + 10000),
	]);
	assert.deepEqual(posts(steps[5].effects), [
		{ type: 'label', seq: 4, sampleId: 11, purpose: 'train', idx: 3, rating: 1, flagged: false },
		{
			type: 'finish', seq: 5, sampleId: 11, purpose: 'train', reason: 'solution',
			humanCompletion: null, totalTimeMs: 10000,
		},
	]);
	assert.deepEqual(last(steps).finished, { reason: 'solution', humanCompletion: null });
});

test('a -1 ends the solution, asks for the correct step, and saves it', () => {
	const steps = run([
		host(showMsg(sample()), T0),
		act({ type: 'rate', rating: 1 }, T0 + 1000),
		act({ type: 'rate', rating: -1 }, T0 + 5000),
		type('  $2+3=5$, not 6.  '),
		act({ type: 'submitCorrection' }, T0 + 9000),
	]);
	assert.deepEqual(steps[3].effects, [
		{ type: 'post', message: {
			type: 'label', seq: 2, sampleId: 11, purpose: 'train', idx: 1, rating: -1, flagged: false,
		} },
		{ type: 'post', message: {
			type: 'finish', seq: 3, sampleId: 11, purpose: 'train', reason: 'found_error',
			humanCompletion: null, totalTimeMs: 5000,
		} },
		{ type: 'focus', target: 'correction' },
	]);
	assert.equal(steps[3].state.cursor, 1, 'the cursor stays on the wrong step');
	assert.equal(steps[3].state.editing, true);
	assert.deepEqual(posts(steps[5].effects), [{
		type: 'finish', seq: 4, sampleId: 11, purpose: 'train', reason: 'found_error',
		humanCompletion: '$2+3=5$, not 6.', totalTimeMs: 9000,
	}]);
	assert.deepEqual(last(steps).finished, { reason: 'found_error', humanCompletion: '$2+3=5$, not 6.' });
});

test('the cursor cannot pass the first unrated step nor the -1 step', () => {
	let steps = run([
		host(showMsg(sample())),
		act({ type: 'rate', rating: 1 }),
		act({ type: 'move', by: 1 }),
		act({ type: 'move', by: 1 }),
		act({ type: 'goto', idx: 3 }),
	]);
	assert.equal(last(steps).cursor, 1);
	steps = run([
		host(showMsg(sample({ labels: [good, { rating: -1, flagged: false }, null, null],
			finished: { reason: 'found_error', humanCompletion: null } }))),
		act({ type: 'goto', idx: 3 }),
	]);
	assert.equal(last(steps).cursor, 1);
	steps = run([host(showMsg(sample({ labels: [good, good, null, null] }))),
		act({ type: 'move', by: -1 }), act({ type: 'move', by: -1 }), act({ type: 'move', by: -1 })]);
	assert.equal(last(steps).cursor, 0);
});

test('a -1 on an earlier step drops the later labels, and undo puts them back', () => {
	const all: StepLabel[] = [good, good, { rating: 0, flagged: true }, good];
	const steps = run([
		host(showMsg(sample({ labels: all, finished: { reason: 'solution', humanCompletion: null } }))),
		act({ type: 'goto', idx: 1 }),
		act({ type: 'rate', rating: -1 }, T0 + 3000),
		act({ type: 'undo' }, T0 + 4000),
	]);
	const afterBad = steps[3].state;
	assert.deepEqual(afterBad.labels, [good, { rating: -1, flagged: false }, null, null]);
	assert.deepEqual(afterBad.finished, { reason: 'found_error', humanCompletion: null });
	const undo = posts(steps[4].effects);
	assert.deepEqual(undo, [
		{ type: 'label', seq: 3, sampleId: 11, purpose: 'train', idx: 1, rating: 1, flagged: false },
		{ type: 'label', seq: 4, sampleId: 11, purpose: 'train', idx: 2, rating: 0, flagged: true },
		{ type: 'label', seq: 5, sampleId: 11, purpose: 'train', idx: 3, rating: 1, flagged: false },
		{
			type: 'finish', seq: 6, sampleId: 11, purpose: 'train', reason: 'solution',
			humanCompletion: null, totalTimeMs: 4000,
		},
	]);
	assert.deepEqual(last(steps).labels, all);
	assert.equal(last(steps).cursor, 1);
});

test('undo of a first rating clears it and reopens nothing that was not finished', () => {
	const steps = run([host(showMsg(sample())), act({ type: 'rate', rating: 1 }), act({ type: 'undo' })]);
	assert.deepEqual(posts(steps[3].effects), [
		{ type: 'clear', seq: 2, sampleId: 11, purpose: 'train', idx: 0 },
	]);
	assert.deepEqual(last(steps).labels, [null, null, null, null]);
	assert.equal(last(steps).cursor, 0);
	const nothing = reduce(last(steps), { kind: 'action', action: { type: 'undo' }, at: T0 });
	assert.deepEqual(nothing.effects, []);
	assert.equal(nothing.state.notice?.text, 'Nothing to undo.');
});

test('re-rating the -1 step as +1 reopens the solution', () => {
	const steps = run([
		host(showMsg(sample({ labels: [good, { rating: -1, flagged: false }, null, null],
			finished: { reason: 'found_error', humanCompletion: 'fix' } }))),
		act({ type: 'rate', rating: 1 }),
	]);
	assert.deepEqual(posts(last(steps) && steps[2].effects), [
		{ type: 'label', seq: 1, sampleId: 11, purpose: 'train', idx: 1, rating: 1, flagged: false },
		{ type: 'unfinish', seq: 2, sampleId: 11, purpose: 'train' },
	]);
	assert.equal(last(steps).finished, null);
	assert.equal(last(steps).cursor, 2);
});

test('F flags the step (unsure) without rating it; again clears the flag', () => {
	const steps = run([host(showMsg(sample())), act({ type: 'flag' }), act({ type: 'flag' })]);
	assert.deepEqual(posts(steps[2].effects), [
		{ type: 'label', seq: 1, sampleId: 11, purpose: 'train', idx: 0, rating: null, flagged: true },
	]);
	assert.deepEqual(posts(steps[3].effects), [
		{ type: 'clear', seq: 2, sampleId: 11, purpose: 'train', idx: 0 },
	]);
	const rated = run([host(showMsg(sample())), act({ type: 'flag' }), act({ type: 'rate', rating: 0 })]);
	assert.deepEqual(last(rated).labels[0], { rating: 0, flagged: true }, 'the flag stays with the rating');
});

test('bad problem and give up end the pass; undo takes the end back', () => {
	const steps = run([
		host(showMsg(sample()), T0),
		act({ type: 'finish', reason: 'bad_problem' }, T0 + 1500),
		act({ type: 'undo' }, T0 + 2000),
	]);
	assert.deepEqual(posts(steps[2].effects), [{
		type: 'finish', seq: 1, sampleId: 11, purpose: 'train', reason: 'bad_problem',
		humanCompletion: null, totalTimeMs: 1500,
	}]);
	assert.deepEqual(posts(steps[3].effects), [{ type: 'unfinish', seq: 2, sampleId: 11, purpose: 'train' }]);
});

test('a hard problem takes no training label; E asks for evaluation labels', () => {
	const hard = sample({ trainable: false, problem: { ...sample().problem, level: 5 } });
	const steps = run([host(showMsg(hard)), act({ type: 'rate', rating: 1 }), act({ type: 'evaluate' })]);
	assert.deepEqual(steps[2].effects, []);
	assert.match(steps[2].state.notice?.text ?? '', /level 5.*level 3 or below.*stepwise\.easyMaxLevel/);
	assert.deepEqual(posts(steps[3].effects), [{ type: 'evaluate', sampleId: 11 }]);
	const evalView = { ...hard, purpose: 'eval' as const };
	const labeled = run([host(showMsg(hard)), act({ type: 'evaluate' }), host(showMsg(evalView)),
		act({ type: 'rate', rating: 1 })]);
	assert.deepEqual(posts(last(labeled) && labeled[4].effects), [
		{ type: 'label', seq: 1, sampleId: 11, purpose: 'eval', idx: 0, rating: 1, flagged: false },
	]);
	const easy = run([host(showMsg(sample())), act({ type: 'evaluate' })]);
	assert.deepEqual(easy[2].effects, [], 'an easy problem is not sent for evaluation labels');
});

test('N skips an unfinished solution and asks for the next', () => {
	const steps = run([host(showMsg(sample())), act({ type: 'rate', rating: 1 }), act({ type: 'next' })]);
	assert.deepEqual(posts(steps[3].effects), [{ type: 'next', source: SOURCE, skipped: [11] }]);
	assert.equal(last(steps).loading, true);
	const finished = run([host(showMsg(sample({ finished: { reason: 'give_up', humanCompletion: null } }))),
		act({ type: 'next' })]);
	assert.deepEqual(posts(finished[2].effects), [{ type: 'next', source: SOURCE, skipped: [] }]);
});

test('N keeps a correction typed but not yet saved', () => {
	const steps = run([host(showMsg(sample()), T0), act({ type: 'rate', rating: -1 }, T0 + 1000),
		type('The sum is 5.'), act({ type: 'next' }, T0 + 3000)]);
	assert.deepEqual(posts(steps[4].effects), [
		{
			type: 'finish', seq: 3, sampleId: 11, purpose: 'train', reason: 'found_error',
			humanCompletion: 'The sum is 5.', totalTimeMs: 3000,
		},
		{ type: 'next', source: SOURCE, skipped: [] },
	]);
});

test('only the reply to the latest write replaces the labels', () => {
	const steps = run([
		host(showMsg(sample())),
		act({ type: 'rate', rating: 1 }),
		act({ type: 'rate', rating: 1 }),
		host({ type: 'saved', seq: 1, sampleId: 11, purpose: 'train', labels: [good, null, null, null],
			finished: null, progress: PROGRESS, error: null }),
	]);
	assert.deepEqual(last(steps).labels, [good, good, null, null], 'a stale reply is ignored');
	const refused = reduce(last(steps), { kind: 'host', at: T0, message: {
		type: 'saved', seq: 2, sampleId: 11, purpose: 'train', labels: [good, null, null, null],
		finished: null, progress: PROGRESS, error: 'Step 2 cannot be labeled',
	} });
	assert.deepEqual(refused.state.labels, [good, null, null, null], 'the latest reply wins');
	assert.equal(refused.state.cursor, 1, 'the cursor comes back to the first unrated step');
	assert.deepEqual(refused.state.notice, { level: 'error', text: 'Step 2 cannot be labeled' });
});

test('showing the same sample again (a reload) keeps the place, undo steps and time', () => {
	const before = run([host(showMsg(sample()), T0), act({ type: 'rate', rating: 1 }, T0 + 4000)]);
	const saved = persistable(last(before));
	const restored = start(saved);
	const again = reduce(restored.state, { kind: 'host', at: T0 + 6000, message: showMsg(sample({
		labels: [good, null, null, null] })) });
	assert.equal(again.state.cursor, 1);
	assert.equal(again.state.history.length, 1);
	assert.equal(again.state.timeMs, 6000, '4 s before the reload and 2 s across it');
	const other = reduce(again.state, { kind: 'host', at: T0 + 7000,
		message: showMsg(sample({ sampleId: 12 })) });
	assert.equal(other.state.cursor, 0);
	assert.equal(other.state.history.length, 0);
	assert.equal(other.state.timeMs, 0);
});

test('a long pause counts as at most the idle cap', () => {
	const steps = run([host(showMsg(sample()), T0), act({ type: 'finish', reason: 'give_up' }, T0 + 3_600_000)]);
	const finish = posts(steps[2].effects)[0];
	assert.equal(finish.type === 'finish' && finish.totalTimeMs, IDLE_CAP_MS);
	assert.equal(IDLE_CAP_MS, 300000);
});

test('an empty queue shows the hint and N asks again', () => {
	const steps = run([
		host({ type: 'empty', progress: { done: 4, left: 0, scope: 'easy problems' }, source: SOURCE,
			hint: 'Generate solutions.' }),
		act({ type: 'rate', rating: 1 }),
		act({ type: 'next' }),
	]);
	assert.equal(steps[1].state.emptyHint, 'Generate solutions.');
	assert.deepEqual(steps[2].effects, []);
	assert.deepEqual(posts(steps[3].effects), [{ type: 'next', source: SOURCE, skipped: [] }]);
});

function key(k: string, over: Partial<KeyInput> = {}): Action | undefined {
	return actionForKey({ key: k, ctrl: false, meta: false, alt: false, inText: false, ...over });
}

test('one key per rating, and the other keys of the legend', () => {
	assert.deepEqual(key('1'), { type: 'rate', rating: 1 });
	assert.deepEqual(key('2'), { type: 'rate', rating: 0 });
	assert.deepEqual(key('0'), { type: 'rate', rating: 0 });
	assert.deepEqual(key('3'), { type: 'rate', rating: -1 });
	assert.deepEqual(key('-'), { type: 'rate', rating: -1 });
	assert.deepEqual(key('f'), { type: 'flag' });
	assert.deepEqual(key('F'), { type: 'flag' });
	assert.deepEqual(key('j'), { type: 'move', by: 1 });
	assert.deepEqual(key('ArrowDown'), { type: 'move', by: 1 });
	assert.deepEqual(key('k'), { type: 'move', by: -1 });
	assert.deepEqual(key('ArrowUp'), { type: 'move', by: -1 });
	assert.deepEqual(key('u'), { type: 'undo' });
	assert.deepEqual(key('z', { ctrl: true }), { type: 'undo' });
	assert.deepEqual(key('z', { meta: true }), { type: 'undo' });
	assert.deepEqual(key('n'), { type: 'next' });
	assert.deepEqual(key('b'), { type: 'finish', reason: 'bad_problem' });
	assert.deepEqual(key('g'), { type: 'finish', reason: 'give_up' });
	assert.deepEqual(key('e'), { type: 'evaluate' });
	assert.deepEqual(key('o'), { type: 'openDocument' });
	assert.deepEqual(key('c'), { type: 'editCorrection' });
});

test('keys belonging to VS Code or to typing are let through', () => {
	assert.equal(key('p', { ctrl: true }), undefined);
	assert.equal(key('Z', { ctrl: true }), undefined, 'Ctrl+Shift+Z is redo');
	assert.equal(key('1', { alt: true }), undefined);
	assert.equal(key('F1'), undefined);
	assert.equal(key('x'), undefined);
	assert.equal(key('1', { inText: true }), undefined);
	assert.equal(key('n', { inText: true }), undefined);
	assert.equal(key('z', { inText: true, ctrl: true }), undefined, 'undo of the typed text');
	assert.deepEqual(key('Enter', { inText: true, ctrl: true }), { type: 'submitCorrection' });
	assert.deepEqual(key('Escape', { inText: true }), { type: 'skipCorrection' });
	assert.equal(key('Enter', { inText: true }), undefined, 'a plain Enter is a new line');
});
