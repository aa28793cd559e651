import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	checkWebviewMessage,
	isFinishMessage,
	isLabelMessage,
	isNextMessage,
	isReadyMessage,
	WEBVIEW_GUARDS,
} from '../../webview/shared/messages';
import { isPersistedState } from '../../webview/shared/persisted';

/** One well-formed message of every type the webview sends. */
const GOOD: Record<string, unknown> = {
	ready: { type: 'ready', resume: null },
	label: { type: 'label', seq: 3, sampleId: 7, purpose: 'train', idx: 0, rating: -1, flagged: false },
	clear: { type: 'clear', seq: 4, sampleId: 7, purpose: 'eval', idx: 2 },
	finish: {
		type: 'finish', seq: 5, sampleId: 7, purpose: 'train', reason: 'found_error',
		humanCompletion: 'So $x = 2$.', totalTimeMs: 8150,
	},
	unfinish: { type: 'unfinish', seq: 6, sampleId: 7, purpose: 'train' },
	next: { type: 'next', source: { purpose: 'eval', group: { set: 'math500', level: 5 } }, skipped: [3, 9] },
	evaluate: { type: 'evaluate', sampleId: 12 },
	openDocument: { type: 'openDocument', sampleId: 12 },
	generate: { type: 'generate' },
};

test('every message type has a guard, and a good message of each type passes', () => {
	assert.deepEqual(Object.keys(WEBVIEW_GUARDS).sort(), Object.keys(GOOD).sort());
	for (const [type, message] of Object.entries(GOOD)) {
		const checked = checkWebviewMessage(message);
		assert.equal(checked.ok, true, `${type} should pass`);
		assert.deepEqual(checked.ok && checked.message, message);
	}
});

test('a guard accepts only its own type', () => {
	assert.equal(isLabelMessage(GOOD.clear), false);
	assert.equal(isFinishMessage(GOOD.label), false);
	assert.equal(isReadyMessage(GOOD.generate), false);
});

test('ready carries a resume point that is checked too', () => {
	const resume = {
		source: { purpose: 'train', group: { set: 'math500', level: 2, subject: 'Algebra' } },
		sampleId: 4,
		purpose: 'train',
		skipped: [],
	};
	assert.equal(isReadyMessage({ type: 'ready', resume }), true);
	assert.equal(isReadyMessage({ type: 'ready', resume: { ...resume, sampleId: null } }), true);
	assert.equal(isReadyMessage({ type: 'ready', resume: { ...resume, purpose: 'test' } }), false);
	assert.equal(isReadyMessage({ type: 'ready', resume: { ...resume, skipped: ['4'] } }), false);
	assert.equal(isReadyMessage({ type: 'ready' }), false, 'resume must be given, null or not');
});

/** Copies a good message with some fields replaced (undefined deletes). */
function bad(type: string, patch: Record<string, unknown>): unknown {
	const m: Record<string, unknown> = { ...(GOOD[type] as Record<string, unknown>) };
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) {
			delete m[k];
		} else {
			m[k] = v;
		}
	}
	return m;
}

test('malformed messages are refused with a reason', () => {
	const cases: [string, unknown][] = [
		['rating 2', bad('label', { rating: 2 })],
		['rating as a string', bad('label', { rating: '1' })],
		['negative step', bad('label', { idx: -1 })],
		['fractional step', bad('label', { idx: 1.5 })],
		['step past the limit', bad('label', { idx: 10000 })],
		['sample id 0', bad('label', { sampleId: 0 })],
		['sample id as text', bad('clear', { sampleId: '7' })],
		['unknown purpose', bad('label', { purpose: 'test' })],
		['flag missing', bad('label', { flagged: undefined })],
		['seq missing', bad('unfinish', { seq: undefined })],
		['an extra key', bad('label', { extra: true })],
		['unknown finish reason', bad('finish', { reason: 'done' })],
		['negative time', bad('finish', { totalTimeMs: -1 })],
		['time not finite', bad('finish', { totalTimeMs: Infinity })],
		['time over a week', bad('finish', { totalTimeMs: 8 * 24 * 3600 * 1000 })],
		['correction too long', bad('finish', { humanCompletion: 'x'.repeat(20001) })],
		['correction as a number', bad('finish', { humanCompletion: 5 })],
		['group level 6', bad('next', { source: { purpose: 'train', group: { set: 'm', level: 6 } } })],
		['group without set', bad('next', { source: { purpose: 'train', group: { level: 2 } } })],
		['source with an extra key', bad('next', { source: { purpose: 'train', all: true } })],
		['skipped with text', bad('next', { skipped: ['a'] })],
		['skipped too long', bad('next', { skipped: Array.from({ length: 501 }, (_, i) => i + 1) })],
		['generate with a payload', bad('generate', { command: 'rm -rf /' })],
		['evaluate without id', bad('evaluate', { sampleId: undefined })],
	];
	for (const [why, message] of cases) {
		const checked = checkWebviewMessage(message);
		assert.equal(checked.ok, false, `${why} should be refused`);
		assert.match(!checked.ok ? checked.reason : '', /^malformed "\w+" message$/, why);
	}
});

test('non-messages and unknown types are refused', () => {
	for (const x of [null, undefined, 42, 'label', [], [GOOD.label], { rating: 1 }, { type: 7 }]) {
		const checked = checkWebviewMessage(x);
		assert.equal(checked.ok, false, JSON.stringify(x));
		assert.equal(!checked.ok && checked.reason, 'not an object with a string "type"');
	}
	for (const type of ['delete', 'constructor', '__proto__', 'toString', 'show']) {
		const checked = checkWebviewMessage({ type });
		assert.equal(checked.ok, false, type);
		assert.equal(!checked.ok && checked.reason, `unknown type "${type}"`);
	}
});

test('next accepts a source with a group of unknown level or subject', () => {
	const source = { purpose: 'eval', group: { set: 'prm800k', level: null, subject: null } };
	assert.equal(isNextMessage({ type: 'next', source, skipped: [] }), true);
});

test('a saved webview state is checked before a restored panel uses it', () => {
	const state = {
		v: 1,
		source: { purpose: 'train' },
		sampleId: 3,
		purpose: 'train',
		cursor: 2,
		correction: '',
		history: [{
			idx: 1,
			before: { rating: 1, flagged: false },
			removed: [{ idx: 2, label: { rating: 0, flagged: true } }],
			finishedBefore: null,
		}],
		skipped: [1],
		timeMs: 1200,
		lastTick: 1700000000000,
	};
	assert.equal(isPersistedState(state), true);
	assert.equal(isPersistedState({ ...state, v: 2 }), false, 'another version');
	assert.equal(isPersistedState({ ...state, cursor: -1 }), false);
	assert.equal(isPersistedState({ ...state, timeMs: NaN }), false);
	assert.equal(isPersistedState({ ...state, history: [{ idx: 0 }] }), false);
	assert.equal(isPersistedState(undefined), false);
});
