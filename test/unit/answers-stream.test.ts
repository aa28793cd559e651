import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';

import { gradeJsonlStream } from '../../src/core/answers/gradeStream';

async function run(input: string): Promise<{ lines: unknown[]; summary: unknown }> {
	const output = new PassThrough();
	const chunks: Buffer[] = [];
	output.on('data', (c: Buffer) => chunks.push(c));
	const summary = await gradeJsonlStream(Readable.from([input]), output);
	output.end();
	const text = Buffer.concat(chunks).toString('utf8');
	const lines = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
	return { lines, summary };
}

test('each line comes back with "equal" added and its other fields kept', async () => {
	const input = [
		JSON.stringify({ id: 'a', given: '\\dfrac{1}{2}', truth: '0.5' }),
		JSON.stringify({ given: '(2,1)', truth: '(1,2)', extra: [1, 2] }),
		JSON.stringify({ given: null, truth: '3' }),
	].join('\n');
	const { lines, summary } = await run(input + '\n');
	assert.deepEqual(lines, [
		{ id: 'a', given: '\\dfrac{1}{2}', truth: '0.5', equal: true },
		{ given: '(2,1)', truth: '(1,2)', extra: [1, 2], equal: false },
		{ given: null, truth: '3', equal: false },
	]);
	assert.deepEqual(summary, { lines: 3, graded: 3, equal: 1, errors: 0 });
});

test('bad lines become error objects with their line number, and grading goes on', async () => {
	const input = [
		'{"given": "5", "truth": "x=5"}',
		'',
		'{not json',
		'[1, 2]',
		'{"given": "5"}',
		'{"given": 5, "truth": "5"}',
		'{"given": "10\\\\%", "truth": "10"}',
	].join('\r\n');
	const { lines, summary } = await run(input);
	assert.equal(lines.length, 6);
	assert.deepEqual(lines[0], { given: '5', truth: 'x=5', equal: true });
	const errors = lines.slice(1, 5) as { error: string; line: number }[];
	assert.deepEqual(errors.map((e) => e.line), [3, 4, 5, 6]);
	assert.match(errors[0].error, /^line 3 is not valid JSON/);
	assert.match(errors[1].error, /^line 4 is not a JSON object/);
	assert.match(errors[2].error, /"truth" must be a string/);
	assert.match(errors[3].error, /"given" must be a string or null/);
	// Every error says what a good line looks like.
	for (const e of errors) {
		assert.match(e.error, /\{"given": .*"truth": .*\}/);
	}
	assert.deepEqual(lines[5], { given: '10\\%', truth: '10', equal: true });
	assert.deepEqual(summary, { lines: 6, graded: 2, equal: 2, errors: 4 });
});

test('an empty input writes nothing', async () => {
	const { lines, summary } = await run('');
	assert.deepEqual(lines, []);
	assert.deepEqual(summary, { lines: 0, graded: 0, equal: 0, errors: 0 });
});

test('output back-pressure is respected', async () => {
	const rows = Array.from({ length: 2000 }, (_, k) => `{"given": "${k}", "truth": "${k}"}`);
	// A tiny buffer forces write() to report back-pressure many times.
	const output = new PassThrough({ highWaterMark: 64 });
	let count = 0;
	let pending = '';
	output.on('data', (c: Buffer) => {
		pending += c.toString('utf8');
		const parts = pending.split('\n');
		pending = parts.pop() ?? '';
		count += parts.length;
	});
	const summary = await gradeJsonlStream(Readable.from([rows.join('\n')]), output);
	output.end();
	await new Promise((r) => output.once('end', r));
	assert.equal(count, 2000);
	assert.deepEqual(summary, { lines: 2000, graded: 2000, equal: 2000, errors: 0 });
});
