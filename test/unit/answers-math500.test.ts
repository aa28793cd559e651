import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

import { extractAnswer, gradeAnswer, groupAnswers } from '../../src/core/answers';

interface Row {
	solution: string;
	answer: string;
	unique_id: string;
}

const ROWS: Row[] = readFileSync(resolve(__dirname, '..', '..', 'data', 'math500.jsonl'), 'utf8')
	.split('\n')
	.filter((line) => line.trim() !== '')
	.map((line) => JSON.parse(line) as Row);

test('the data file holds the 500 MATH500 rows', () => {
	assert.equal(ROWS.length, 500);
});

test('every MATH500 answer grades equal to itself', () => {
	const failures = ROWS.filter((r) => !gradeAnswer(r.answer, r.answer)).map((r) => r.unique_id);
	assert.deepEqual(failures, []);
});

test('the answer extracted from each reference solution grades equal to the answer', () => {
	const failures = ROWS.filter((r) => !gradeAnswer(extractAnswer(r.solution), r.answer))
		.map((r) => `${r.unique_id}: ${JSON.stringify(extractAnswer(r.solution))}`);
	// The bar is 98%; PRM800K's own grader, run on the same extracted strings, accepts all 500.
	assert.ok(ROWS.length - failures.length >= 490, failures.join('\n'));
	assert.deepEqual(failures, []);
});

test('neighbouring answers are told apart except where they really agree', () => {
	const equalPairs: string[] = [];
	for (let k = 0; k + 1 < ROWS.length; k++) {
		if (gradeAnswer(ROWS[k + 1].answer, ROWS[k].answer)) {
			equalPairs.push(`${ROWS[k + 1].answer} ~ ${ROWS[k].answer}`);
		}
	}
	// Rows 22/23 are "5" and "x=5" (the x= prefix is dropped); 186/187 and
	// 403/404 repeat an answer. PRM800K's grader finds the same 3 of 499 pairs.
	assert.deepEqual(equalPairs, ['x=5 ~ 5', '7 ~ 7', '3 ~ 3']);
});

test('grouping the 500 answers merges exactly the spellings that grade equal', () => {
	const answers = ROWS.map((r) => r.answer);
	const { groupOf, representatives } = groupAnswers(answers);
	const members = new Map<number, Set<string>>();
	answers.forEach((a, k) => {
		members.set(groupOf[k], (members.get(groupOf[k]) ?? new Set<string>()).add(a));
	});
	const merged = [...members.values()].filter((m) => m.size > 1).map((m) => [...m].sort());
	// Degree marks, the x= prefix, the dollar sign, \frac14, the thin-space
	// thousands comma and a space are the only differences between distinct
	// MATH500 answers that still grade equal; grading all pairs of the 301
	// distinct strings with PRM800K's grader finds exactly these.
	assert.deepEqual(merged.sort(), [
		['10,\\!080', '10080'],
		['120', '120^\\circ'],
		['2 \\sqrt{5}', '2\\sqrt{5}'],
		['30', '30^\\circ'],
		['36', '36^\\circ', '\\$36'],
		['5', 'x=5'],
		['90', '90^\\circ'],
		['\\frac14', '\\frac{1}{4}'],
	]);
	assert.equal(representatives.length, new Set(answers).size - 9);
});
