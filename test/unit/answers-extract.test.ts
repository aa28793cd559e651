import assert from 'node:assert/strict';
import { test } from 'node:test';

import { extractAnswer } from '../../src/core/answers';

test('the last \\boxed{} wins', () => {
	assert.equal(extractAnswer('First $\\boxed{3}$, then $\\boxed{4}$.'), '4');
});

test('nested braces inside \\boxed{} are kept whole', () => {
	assert.equal(extractAnswer('So $\\boxed{\\frac{\\sqrt{3}}{2}}$.'), '\\frac{\\sqrt{3}}{2}');
	assert.equal(
		extractAnswer('$\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}.$'),
		'\\left( 3, \\frac{\\pi}{2} \\right)',
	);
});

test('escaped braces do not end the box', () => {
	assert.equal(extractAnswer('$\\boxed{\\{1\\pm\\sqrt{5},-2\\}}$'), '\\{1\\pm\\sqrt{5},-2\\}');
	assert.equal(extractAnswer('$\\boxed{\\}}$'), '\\}');
});

test('\\fbox{} counts like \\boxed{}, whichever comes last', () => {
	assert.equal(extractAnswer('\\boxed{1} and finally \\fbox{2}'), '2');
	assert.equal(extractAnswer('\\fbox{2} and finally \\boxed{1}'), '1');
});

test('\\boxed 5 takes the text up to the closing $', () => {
	assert.equal(extractAnswer('The answer is $\\boxed 5$.'), '5');
	assert.equal(extractAnswer('so \\boxed 12.\nDone'), '12');
});

test('an unfinished \\boxed{ falls back to the previous complete one', () => {
	assert.equal(extractAnswer('\\boxed{7} ... hence \\boxed{\\frac{1}{2'), '7');
	assert.equal(extractAnswer('hence \\boxed{\\frac{1}{2'), null);
});

test('\\boxedfoo is not a box', () => {
	assert.equal(extractAnswer('\\boxedfoo{3}'), null);
});

test('PRM800K "# Answer" gives the first line after the heading', () => {
	const text = 'That means a pencil costs 29 cents.\n\n# Answer\n\n29';
	assert.equal(extractAnswer(text), '29');
	assert.equal(extractAnswer('Steps.\n# Answer\n\n$\\frac{1}{2}$\n'), '\\frac{1}{2}');
	assert.equal(extractAnswer('# Answer\n\n'), null);
});

test('a \\boxed{} answer is preferred over "# Answer"', () => {
	assert.equal(extractAnswer('We get $\\boxed{6}$.\n\n# Answer\n\n7'), '6');
});

test('"The answer is" takes the rest of the line without $ and the final period', () => {
	assert.equal(extractAnswer('Thus the answer is $\\frac{1}{2}$.'), '\\frac{1}{2}');
	assert.equal(extractAnswer('The answer is: 42.\nBye'), '42');
	assert.equal(extractAnswer('So the final answer is 3.5'), '3.5');
	assert.equal(extractAnswer('The answer is 1. Then the answer is 2.'), '2');
});

test('no recognizable answer gives null', () => {
	assert.equal(extractAnswer('We tried and tried, 17 maybe.'), null);
	assert.equal(extractAnswer(''), null);
});
