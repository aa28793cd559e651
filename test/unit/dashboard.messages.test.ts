import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	describeMessage,
	isDashboardHostMessage,
	isDashboardRequest,
	isDashboardState,
} from '../../webview/shared/dashboardMessages';

test('the four webview requests pass the guard exactly as sent', () => {
	assert.equal(isDashboardRequest({ type: 'ready' }), true);
	assert.equal(isDashboardRequest({ type: 'refresh' }), true);
	assert.equal(isDashboardRequest({ type: 'openRun', runId: 3 }), true);
	assert.equal(isDashboardRequest({ type: 'export', format: 'csv' }), true);
	assert.equal(isDashboardRequest({ type: 'export', format: 'json' }), true);
});

test('anything that is not an object is refused', () => {
	for (const x of [undefined, null, 'ready', 7, true, ['ready'], [{ type: 'ready' }]]) {
		assert.equal(isDashboardRequest(x), false, `accepted ${JSON.stringify(x)}`);
	}
});

test('unknown types and wrong-case types are refused', () => {
	assert.equal(isDashboardRequest({}), false);
	assert.equal(isDashboardRequest({ type: 'delete' }), false);
	assert.equal(isDashboardRequest({ type: 'Ready' }), false);
	assert.equal(isDashboardRequest({ type: 'show', data: {} }), false, 'a host message');
});

test('extra or missing fields are refused', () => {
	assert.equal(isDashboardRequest({ type: 'ready', runId: 1 }), false);
	assert.equal(isDashboardRequest({ type: 'refresh', x: undefined }), false);
	assert.equal(isDashboardRequest({ type: 'openRun' }), false);
	assert.equal(isDashboardRequest({ type: 'openRun', runId: 2, format: 'csv' }), false);
	assert.equal(isDashboardRequest({ type: 'export' }), false);
	assert.equal(isDashboardRequest({ type: 'export', format: 'csv', path: '/etc/passwd' }), false);
});

test('a run id must be a positive safe integer', () => {
	for (const runId of [0, -1, 1.5, '3', NaN, Infinity, 2 ** 53, null]) {
		assert.equal(isDashboardRequest({ type: 'openRun', runId }), false, `accepted ${runId}`);
	}
	assert.equal(isDashboardRequest({ type: 'openRun', runId: 2 ** 53 - 1 }), true);
});

test('only csv and json exports exist', () => {
	for (const format of ['xml', 'CSV', '', 1, null]) {
		assert.equal(isDashboardRequest({ type: 'export', format }), false, `accepted ${format}`);
	}
});

test('an inherited type does not count as a field', () => {
	const proto = { type: 'ready' };
	const x = Object.create(proto) as Record<string, unknown>;
	assert.equal(isDashboardRequest(x), false);
});

test('the saved state is { v: 1, runId } and nothing else', () => {
	assert.equal(isDashboardState({ v: 1, runId: 4 }), true);
	assert.equal(isDashboardState({ v: 2, runId: 4 }), false);
	assert.equal(isDashboardState({ v: 1 }), false);
	assert.equal(isDashboardState({ v: 1, runId: 0 }), false);
	assert.equal(isDashboardState({ v: 1, runId: 4, extra: true }), false);
	assert.equal(isDashboardState(undefined), false);
});

test('the webview tells the host messages apart and skips others', () => {
	assert.equal(isDashboardHostMessage({ type: 'empty', message: 'No runs.' }), true);
	assert.equal(isDashboardHostMessage({ type: 'exported', format: 'json', path: '/a.json',
		error: null }), true);
	assert.equal(isDashboardHostMessage({ type: 'show', data: { run: {}, report: {} } }), true);
	assert.equal(isDashboardHostMessage({ type: 'show' }), false);
	assert.equal(isDashboardHostMessage({ type: 'empty' }), false);
	assert.equal(isDashboardHostMessage({ type: 'ready' }), false);
});

test('the log line describes a dropped message without its payload', () => {
	assert.equal(describeMessage(null), 'null');
	assert.equal(describeMessage([1]), 'an array');
	assert.equal(describeMessage('x'), 'a string');
	assert.equal(describeMessage({ type: 'export', format: 'xml' }),
		'an object with "export" (keys: type, format)');
	assert.equal(describeMessage({ format: 'secret' }), 'an object with no type (keys: format)');
});
