import assert from 'node:assert/strict';
import { test } from 'node:test';

import { gradeAnswer, normalizeAnswer, splitTuple } from '../../src/core/answers';

/**
 * [given, truth, equal]. Each verdict was worked out by hand from the rules
 * of PRM800K's grader (MATH normalizer first, then the grader's own
 * normalizer, tuple split, fraction and integer rules, sympy check), and
 * every one was also confirmed by running that grader on the pair.
 */
const PAIRS: ReadonlyArray<readonly [string, string, boolean]> = [
	// the MATH normalizer rewrites the literal 0.5 as \frac{1}{2}
	['\\frac{1}{2}', '0.5', true],
	// same rule with the roles swapped
	['0.5', '\\frac{1}{2}', true],
	// a leading "." gets a 0, then 0.5 -> \frac{1}{2}; \frac12 -> \frac{1}{2}
	['.5', '\\frac12', true],
	// dfrac is rewritten to frac
	['\\dfrac{1}{2}', '\\frac{1}{2}', true],
	// tfrac -> frac, then \frac12 -> \frac{1}{2}
	['\\tfrac12', '\\frac{1}{2}', true],
	// an a/b of two integers becomes \frac{a}{b}
	['1/2', '\\frac{1}{2}', true],
	// both are plain fractions, which must match as written (unreduced is wrong)
	['2/4', '\\frac{1}{2}', false],
	// same: 2/4 vs 1/2 after normalizing, no symbolic check for two fractions
	['\\frac{2}{4}', '\\frac12', false],
	// not both fractions, so sympy: 1/4 - 0.25 = 0
	['0.25', '\\frac{1}{4}', true],
	// 1/3 - 0.333 = 1/3000, not zero
	['0.333', '\\frac{1}{3}', false],
	// as a 56-bit sympy Float this still differs from 1/3 (by 3.5e-17)
	['0.3333333333333333', '\\frac{1}{3}', false],
	// this 16-digit decimal rounds to the same 56-bit Float as 3840/289
	['13.28719723183391', '\\frac{3840}{289}', true],
	// 7/2 - 3.5 = 0
	['3.5', '\\frac72', true],
	// the space put before \frac makes 1 4/5 a mixed number, 1+4/5
	['\\frac{9}{5}', '1\\frac{4}{5}', true],
	// 1+4/5 - 1.8 = 0
	['1.8', '1\\frac{4}{5}', true],
	// digits separated by a space are read as a mixed number: 7+3/4
	['7 3/4', '\\frac{31}{4}', true],
	// 137+1/2 - 137.5 = 0
	['137.5', '137 \\frac{1}{2}', true],
	// the grader normalizer writes a near-integer float as an integer
	['3.0', '3', true],
	// same, truth side
	['3', '3.0', true],
	// within 1e-7 of an integer counts as that integer
	['3.00000001', '3', true],
	// an integer truth needs an integer-looking answer, no symbolic check
	['2^2', '4', false],
	// same integer rule: sqrt(16) is not an integer string
	['\\sqrt{16}', '4', false],
	// same integer rule: 8/2 is not an integer string
	['\\frac{8}{2}', '4', false],
	// same integer rule
	['5!', '120', false],
	// a comma before three digits is a thousands separator
	['1,000', '1000', true],
	// same, truth side
	['1000', '1,000', true],
	// the ",\!" thin-space separator is removed
	['10,\\!080', '10080', true],
	// both become the integer 11111111100
	['11,111,111,100', '11,\\! 111,\\! 111,\\! 100', true],
	// "1,2" has no three-digit group, so it is not an integer
	['1,2', '12', false],
	// Python float("1e3") is the integer 1000
	['1e3', '1000', true],
	// "million" becomes *10^6, which is not an integer string
	['3 million', '3000000', false],
	// the MATH normalizer removes \$
	['5', '\\$5', true],
	// both become 32,348 once \! and \$ are gone
	['\\$32,348', '\\$32,\\!348', true],
	// dollar sign removed, same decimal
	['18.90', '\\$18.90', true],
	// the MATH normalizer removes \%
	['10', '10\\%', true],
	// the grader normalizer removes a bare %
	['10%', '10', true],
	// ^\circ is removed
	['90', '90^\\circ', true],
	// ^{\circ} is removed
	['90^{\\circ}', '90', true],
	// the grader strips the unit word "degrees"
	['90 degrees', '90^\\circ', true],
	// a "\text{ " on the right marks a unit and is cut
	['5 \\text{ cm}', '5', true],
	// same unit rule
	['3 \\text{ inches}', '3', true],
	// the truth normalizes to 864^2 (unit and \mbox vanish), not an integer
	['864', '864 \\mbox{ inches}^2', false],
	// both normalize to 864^2
	['864 \\text{ inches}^2', '864 \\mbox{ inches}^2', true],
	// unit word dropped, both read 270/7
	['\\frac{270}{7}', '\\frac{270}7\\text{ degrees}', true],
	// a prefix of at most two characters before "=" is dropped
	['x=3', '3', true],
	// "x " is two characters, so it is dropped too
	['x = 3', '3', true],
	// same prefix rule on the truth
	['5', 'x=5', true],
	// prefix "y " dropped, spaces removed
	['y = 2x + 3', '2x+3', true],
	// "xy " is three characters; the answer stays an equation
	['xy = 3', '3', false],
	// tuples are compared element by element, in order
	['(1,2)', '(2,1)', false],
	// spaces do not matter
	['(1, 2)', '(1,2)', true],
	// brackets must match
	['[1,2)', '(1,2)', false],
	// closing bracket differs
	['(1,2]', '(1,2)', false],
	// elements 1.0 and 1 are both integers and sympy finds 1 - 1.0 = 0
	['(2, 1.0)', '(2,1)', true],
	// different number of elements
	['(6,31)', '(6,31,-1)', false],
	// without brackets a list is one element, and sympy cannot subtract tuples
	['1,-2', '-2,1', false],
	// spaces only
	['3, 5, 7', '3,5,7', true],
	// \left and \right are removed
	['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})', true],
	// both become (3,pi/2)
	['(3, \\pi/2)', '\\left( 3, \\frac{\\pi}{2} \\right)', true],
	// a decimal never equals pi/2
	['(3, 1.5708)', '\\left( 3, \\frac{\\pi}{2} \\right)', false],
	// spaces only
	['(-\\infty, 0]', '(-\\infty,0]', true],
	// "-inf" has three letters, so the symbolic check refuses it
	['(-\\infty, 0.0]', '(-\\infty, 0]', false],
	// spaces only
	['(0,9)\\cup(9,36)', '(0,9) \\cup (9,36)', true],
	// a union is one element that sympy cannot read
	['(9,36) \\cup (0,9)', '(0,9) \\cup (9,36)', false],
	// the truth keeps its "x in" prefix: one element against two
	['[-2,7]', 'x \\in [-2,7]', false],
	// both become sqrt(3)/2
	['\\sqrt3/2', '\\frac{\\sqrt{3}}{2}', true],
	// sympy simplifies sqrt(8) - 2sqrt(2) to 0
	['2\\sqrt{2}', '\\sqrt{8}', true],
	// sqrt(117) = 3sqrt(13)
	['\\sqrt{117}', '3\\sqrt{13}', true],
	// equal after rationalizing
	['\\frac{1}{\\sqrt{3}}', '\\frac{\\sqrt{3}}{3}', true],
	// the nested radical denests to 1+sqrt(2)
	['1+\\sqrt{2}', '\\sqrt{3+2\\sqrt{2}}', true],
	// sympy keeps a float and an irrational apart
	['1.41421356', '\\sqrt{2}', false],
	// LaTeX-to-text writes \frac{1}{x+1} as 1/x+1, without parentheses
	['\\frac{1}{x+1}', '1/(x+1)', false],
	// polynomial identity
	['x^2+2x+1', '(x+1)^2', true],
	// two letters: the symbolic check runs and expands
	['ab+2a+5b+10', '(a+5)(b+2)', true],
	// polynomial identity in r
	['2(3r^2-2r-12)', '6r^2-4r-24', true],
	// an exponent of two digits blocks the symbolic check
	['(x^5)^2', 'x^{10}', false],
	// i is an ordinary symbol for sympy, and the sums match
	['-5i+6', '6 - 5i', true],
	// different sign on the i term
	['6+5i', '6 - 5i', false],
	// \cdot becomes *
	['2\\pi', '\\pi \\cdot 2', true],
	// a decimal never equals 2pi
	['6.283', '2\\pi', false],
	// both become pi/2
	['\\pi/2', '\\frac{\\pi}{2}', true],
	// linear identity
	['2k+2', '2(k+1)', true],
	// two letters: a*b - b*a = 0
	['ab', 'ba', true],
	// three letters: the symbolic check is refused
	['abc', 'cab', false],
	// the LaTeX converter does not know \cot, so the truth becomes "x"
	['x', '\\cot x', true],
	// (b) is a one-element tuple holding b
	['B', '\\text{(B)}', true],
	// the MATH normalizer strips \text{}
	['(B)', '\\text{(B)}', true],
	// different letter
	['C', '\\text{(B)}', false],
	// different choice
	['\\text{(C)}', '\\text{(B)}', false],
	// text answers are compared lower-cased
	['evelyn', '\\text{Evelyn}', true],
	// lower-cased
	['East', '\\text{east}', true],
	// different words, too many letters for sympy
	['odd', '\\text{even}', false],
	// Python reads 52_8 as the float 528 (underscore between digits)
	['528', '52_8', true],
	// the truth normalizes to 528
	['52', '52_8', false],
	// both become -1/2
	['-\\frac{1}{2}', '\\frac{-1}{2}', true],
	// -1/2 - (-0.5) = 0
	['-0.5', '-\\frac12', true],
	// mixed number 4+2/3
	['\\frac{14}{3}', '4\\frac{2}{3}', true],
	// the MATH normalizer adds braces to \sqrt2
	['11\\sqrt2', '11\\sqrt{2}', true],
	// the grader path reads both as sqrt(3)
	['\\sqrt 3', '\\sqrt{3}', true],
	// both matrices render as [1/5;-18/5]
	[
		'\\begin{pmatrix} \\frac{1}{5} \\\\ -\\frac{18}{5} \\end{pmatrix}',
		'\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}',
		true,
	],
	// sign differs
	[
		'\\begin{pmatrix} 1/5 \\\\ 18/5 \\end{pmatrix}',
		'\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}',
		false,
	],
	// a tuple is not a matrix
	['(1/5, -18/5)', '\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', false],
	// a leading "." gets a 0
	['0.15', '.15', true],
	// an empty answer is wrong
	['', '5', false],
];

test('the pair table is big enough to mean something', () => {
	assert.ok(PAIRS.length >= 60);
	assert.ok(PAIRS.some((p) => p[2]) && PAIRS.some((p) => !p[2]));
});

for (const [given, truth, equal] of PAIRS) {
	test(`gradeAnswer(${JSON.stringify(given)}, ${JSON.stringify(truth)}) is ${equal}`, () => {
		assert.equal(gradeAnswer(given, truth), equal);
	});
}

test('a missing answer is wrong, even against an empty truth', () => {
	assert.equal(gradeAnswer(null, '5'), false);
	assert.equal(gradeAnswer(null, ''), false);
});

test('the truth side decides the integer and bracket rules', () => {
	// Truth 4 is an integer and 2^2 is not: refused without a symbolic check.
	assert.equal(gradeAnswer('2^2', '4'), false);
	// Truth 2^2 is not an integer string, but 4 is: the integer rule still differs.
	assert.equal(gradeAnswer('4', '2^2'), false);
	// Truth 2^2 vs 2*2: neither is an integer string, so sympy decides (4 - 4 = 0).
	assert.equal(gradeAnswer('2*2', '2^2'), true);
	// A one-element "(5)" truth has no bracket rule: it equals 5.
	assert.equal(gradeAnswer('5', '(5)'), true);
	// A two-element truth checks brackets on the given side too.
	assert.equal(gradeAnswer('[1,2]', '(1,2)'), false);
});

test('normalizeAnswer gives one key to the spellings of one number', () => {
	// \dfrac -> \frac -> 1/2; 0.5 -> \frac{1}{2} -> 1/2; \frac12 -> \frac{1}{2} -> 1/2.
	for (const s of ['\\dfrac{1}{2}', '0.5', '\\frac12', '1/2', '$\\frac{1}{2}$']) {
		assert.equal(normalizeAnswer(s), '1/2', s);
	}
	// The k = prefix goes, degree marks and dollar signs go, thousands commas go.
	assert.equal(normalizeAnswer('x = 5'), '5');
	assert.equal(normalizeAnswer('90^\\circ'), '90');
	assert.equal(normalizeAnswer('\\$1,000'), '1000');
	assert.equal(normalizeAnswer('\\text{(B)}'), '(b)');
	assert.equal(normalizeAnswer('\\sqrt{8}'), 'sqrt(8)');
	assert.equal(normalizeAnswer('2\\sqrt{2}'), '2sqrt(2)');
});

test('splitTuple splits only a single bracketed list', () => {
	assert.deepEqual(splitTuple('(1,2]'), ['1', '2']);
	assert.deepEqual(splitTuple('(1,000,2)'), ['1000', '2']);
	assert.deepEqual(splitTuple('(0,9)u(9,36)'), ['(0,9)u(9,36)']);
	assert.deepEqual(splitTuple('1,2'), ['1,2']);
	assert.deepEqual(splitTuple('()'), ['()']);
	assert.deepEqual(splitTuple(''), []);
});
