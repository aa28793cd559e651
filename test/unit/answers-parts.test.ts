import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	allowsSymbolicCheck,
	graderNormalize,
	latexToText,
	mathdNormalize,
	symbolicallyEqual,
} from '../../src/core/answers';
import { evaluateExact } from '../../src/core/answers/exactValue';
import { ExpressionSyntaxError, parseExpression } from '../../src/core/answers/expression';
import { parsePythonFloat } from '../../src/core/answers/pythonNumbers';
import { Rational } from '../../src/core/answers/rational';

// Expected texts below are what pylatexenc 2.10's LatexNodes2Text gives for the same input.
const LATEX: ReadonlyArray<readonly [string, string]> = [
	['\\frac{1}{2}', '1/2'],
	['3 \\frac{1}{2}', '3 1/2'],
	['\\frac 59', '5/9'],
	// No parentheses: this is why \frac{1}{x+1} does not equal 1/(x+1).
	['\\frac{a+b}{c}', 'a+b/c'],
	['\\frac\\pi2', '\u03c0/2'],
	['\\sqrt3', '\u221a(3)'],
	// The root's degree is dropped.
	['\\sqrt[3]{8}', '\u221a(8)'],
	['\\left( 3, \\frac{\\pi}{2} \\right)', '( 3, \u03c0/2 )'],
	['\\pi r^2', '\u03c0r^2'],
	['a \\cdot b', 'a \u00b7b'],
	['a\\, b', 'a  b'],
	['\\{1\\pm\\sqrt{5},-2\\}', '{1\u00b1\u221a(5),-2}'],
	['\\text{ cm}', ' cm'],
	// \mbox goes together with its argument.
	['\\mbox{hi} there', ' there'],
	// Unknown to pylatexenc: \ne and \cot vanish, \binom leaves its groups behind.
	['e \\ne f', 'e f'],
	['\\cot x', 'x'],
	['\\binom{5}{2}', '52'],
	['\\mathbb{R}', '\u211d'],
	['\\operatorname{lcm}(2,3)', 'lcm(2,3)'],
	['x \\in [-2,7]', 'x \u2208[-2,7]'],
	['a~b', 'a\u00a0b'],
	['a--b', 'a\u2013b'],
	['a}b', 'ab'],
	['\\frac{1}}{2}', '1/2'],
	['\\sqrt}{2}', '\u221a()2'],
	['%comment', ''],
];

for (const [latex, text] of LATEX) {
	test(`latexToText(${JSON.stringify(latex)})`, () => {
		assert.equal(latexToText(latex), text);
	});
}

test('latexToText renders matrices row by row, spaces aside', () => {
	const text = latexToText('\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}');
	// pylatexenc gives "[ -1  0;  0 -1 ]"; the grader removes every space anyway.
	assert.equal(text.replace(/ /g, ''), '[-10;0-1]');
});

test('latexToText refuses \\sqrt without a radicand, as pylatexenc does', () => {
	assert.throws(() => latexToText('\\sqrt'));
	assert.throws(() => latexToText('\\frac\\sqrt{3}{3}'));
});

// Worked out by applying the MATH normalizer's rewrites in order.
const MATHD: ReadonlyArray<readonly [string, string]> = [
	['\\dfrac{1}{2}', '\\frac{1}{2}'],
	['\\frac12', '\\frac{1}{2}'],
	['\\frac1{72}', '\\frac{1}{72}'],
	['0.5', '\\frac{1}{2}'],
	['.5', '\\frac{1}{2}'],
	['3/4', '\\frac{3}{4}'],
	['03/4', '03/4'],
	['x = 5', '5'],
	['xy = 5', 'xy=5'],
	['\\left( 1, 2 \\right)', '(1,2)'],
	['90^{\\circ}', '90'],
	['\\$5', '5'],
	['10\\%', '10'],
	['5 \\text{ cm}', '5'],
	['\\text{(B)}', '(B)'],
	['\\sqrt3', '\\sqrt{3}'],
	// The space after \sqrt is taken as the radicand.
	['\\sqrt 3', '\\sqrt{}3'],
	// Two unit markers make the original fail; it then returns its input.
	['5\\text{ cm}\\text{ m}', '5\\text{ cm}\\text{ m}'],
	['k = \\frac 34', '\\frac{3}{4}'],
];

for (const [answer, normalized] of MATHD) {
	test(`mathdNormalize(${JSON.stringify(answer)})`, () => {
		assert.equal(mathdNormalize(answer), normalized);
	});
}

// Worked out with the grader normalizer's steps; each also checked against the original.
const GRADER: ReadonlyArray<readonly [string, string]> = [
	['\\frac{\\sqrt{3}}{2}', 'sqrt(3)/2'],
	['3\\frac{1}{2}', '3+1/2'],
	['7 3/4', '7+3/4'],
	['\\$1,000.00', '1000'],
	['3 million', '3*10^6'],
	['52_8', '528'],
	['Monday', 'mon'],
	['\\text{Evelyn}', 'evelyn'],
	['(-\\infty, 0]', '(-inf,0]'],
	['(0,9) \\cup (9,36)', '(0,9)u(9,36)'],
	['3.0', '3'],
	// Within 1e-7 of 3: written as 3 at once.
	['2.99999999', '3'],
	// The backslash hides the number from that first check; the last one truncates.
	['\\,2.99999999', '2'],
	['- 5', '-5'],
	['864 \\mbox{ inches}^2', '864^2'],
	['\\frac{270}7\\text{ degrees}', '270/7'],
	['{5}', '5'],
];

for (const [answer, normalized] of GRADER) {
	test(`graderNormalize(${JSON.stringify(answer)})`, () => {
		assert.equal(graderNormalize(answer), normalized);
	});
}

test('parsePythonFloat follows Python float()', () => {
	assert.equal(parsePythonFloat('52_8'), 528);
	assert.equal(parsePythonFloat(' 7 '), 7);
	assert.equal(parsePythonFloat('.5'), 0.5);
	assert.equal(parsePythonFloat('5.'), 5);
	assert.equal(parsePythonFloat('1e3'), 1000);
	assert.equal(parsePythonFloat('-inf'), -Infinity);
	assert.ok(Number.isNaN(parsePythonFloat('nan') ?? 0));
	for (const bad of ['', '1,000', '_5', '5_', '5__0', '0x10', '1/2', '.']) {
		assert.equal(parsePythonFloat(bad), null, bad);
	}
});

function value(text: string): Rational {
	const v = evaluateExact(parseExpression(text), new Map(), false);
	assert.equal(v.prec, null);
	return v.value;
}

test('expressions parse with Python precedence and implicit multiplication', () => {
	// Each right-hand side is worked out by hand.
	assert.deepEqual(value('-2^2'), Rational.of(-4n));
	assert.deepEqual(value('2^3^2'), Rational.of(512n));
	assert.deepEqual(value('2^-1'), Rational.of(1n, 2n));
	assert.deepEqual(value('2^3!'), Rational.of(64n));
	assert.deepEqual(value('1/2(4)'), Rational.of(2n));
	assert.deepEqual(value('2(3)(4)'), Rational.of(24n));
	assert.deepEqual(value('7//2'), Rational.of(3n));
	assert.deepEqual(value('-7//2'), Rational.of(-4n));
	assert.deepEqual(value('sqrt(9/4)'), Rational.of(3n, 2n));
	assert.deepEqual(value('8^(1/3)'), Rational.of(2n));
	// Python reads 012 as 0 followed by 12, which implicit multiplication joins.
	assert.deepEqual(value('012'), Rational.ZERO);
	assert.deepEqual(value('1_000'), Rational.of(1000n));
	assert.deepEqual(value('2.5e-1'), Rational.of(1n, 4n));
});

test('expression syntax errors are typed', () => {
	for (const bad of ['1,2', 'x=1', '(1', '1+', '\u00b13', 'sqrt 2']) {
		assert.throws(() => parseExpression(bad), ExpressionSyntaxError, bad);
	}
});

test('decimals act as sympy Floats when no symbol is around', () => {
	const f = (s: string) => evaluateExact(parseExpression(s), new Map(), true);
	// 0.5 is exact in binary; 53 bits is sympy's floor for a short literal.
	assert.deepEqual(f('0.5'), { value: Rational.of(1n, 2n), prec: 53 });
	// 0.1 becomes the double closest to it: 3602879701896397 / 2^55.
	assert.deepEqual(f('0.1').value, Rational.of(3602879701896397n, 2n ** 55n));
	// A 16-digit literal gets 56 bits: round((16 + 1) * log2(10)).
	assert.equal(f('0.3333333333333333').prec, 56);
});

test('Rational rounding to a number of bits ties to even', () => {
	// 1/3 = 0.0101...b; with 2 significant bits the nearest is 0.011b = 3/8.
	assert.deepEqual(Rational.of(1n, 3n).roundToBits(2), Rational.of(3n, 8n));
	// 5/8 = 0.101b sits halfway between 0.10b and 0.11b: the even mantissa 10b wins.
	assert.deepEqual(Rational.of(5n, 8n).roundToBits(2), Rational.of(1n, 2n));
	// 7/8 = 0.111b is halfway between 0.11b and 1.0b: 1.0b (mantissa 10b) wins.
	assert.deepEqual(Rational.of(7n, 8n).roundToBits(2), Rational.ONE);
	assert.deepEqual(Rational.of(-7n, 8n).roundToBits(2), Rational.of(-1n));
	assert.deepEqual(Rational.of(12n).roundToBits(2), Rational.of(12n));
	assert.deepEqual(Rational.of(13n).roundToBits(2), Rational.of(12n));
});

test('Rational basics', () => {
	assert.deepEqual(Rational.of(6n, -4n), Rational.of(-3n, 2n));
	assert.deepEqual(Rational.parseDecimal('.25'), Rational.of(1n, 4n));
	assert.deepEqual(Rational.parseDecimal('3.'), Rational.of(3n));
	assert.equal(Rational.parseDecimal('.'), null);
	assert.deepEqual(Rational.of(27n, 8n).root(3n), Rational.of(3n, 2n));
	assert.deepEqual(Rational.of(-8n).root(3n), Rational.of(-2n));
	assert.equal(Rational.of(2n).root(2n), null);
	assert.deepEqual(Rational.of(-7n, 2n).floor(), Rational.of(-4n));
	assert.throws(() => Rational.of(1n, 0n), RangeError);
});

test('the symbolic check refuses what the reference refuses', () => {
	// Letters are counted after removing "sqrt" and "frac".
	assert.equal(allowsSymbolicCheck('(sqrt(x))-(y)'), true);
	assert.equal(allowsSymbolicCheck('(abc)-(cab)'), false);
	assert.equal(allowsSymbolicCheck('(-inf)-(-inf)'), false);
	assert.equal(allowsSymbolicCheck('(2^{3})-(8)'), false);
	assert.equal(allowsSymbolicCheck('(2^(3))-(8)'), false);
	assert.equal(allowsSymbolicCheck('(2^3^2)-(512)'), false);
	assert.equal(allowsSymbolicCheck('(2^10)-(1024)'), false);
	assert.equal(allowsSymbolicCheck('(2^9)-(512)'), true);
});

// [truth, given, equal]: each as sympy.simplify(truth - given) == 0 decides.
const SYMBOLIC: ReadonlyArray<readonly [string, string, boolean]> = [
	['sqrt(8)', '2sqrt(2)', true],
	['sqrt(3+2sqrt(2))', '1+sqrt(2)', true],
	['pi/2', '1.5707963267948966', false],
	['1/3', '0.3333333333333333', false],
	['3840/289', '13.28719723183391', true],
	['0.3', '0.1+0.2', false],
	['x^2-1', '(x-1)(x+1)', true],
	['(x^2-1)/(x-1)', 'x+1', true],
	// sympy assumes nothing about x, so sqrt(x^2) is not x; sqrt(x)^2 is.
	['sqrt(x^2)', 'x', false],
	['sqrt(x)sqrt(x)', 'x', true],
	['sqrt(x)sqrt(y)', 'sqrt(xy)', false],
	['0.5x', 'x/2', true],
	// A decimal exponent on a symbol stays a different term.
	['x^2.0', 'x^2', false],
	['4^0.5', '2', true],
	['sqrt(-4)', '2sqrt(-1)', true],
	['2^x', '2^x+0', true],
	['1/0', '1/0', false],
];

for (const [truth, given, equal] of SYMBOLIC) {
	test(`symbolicallyEqual(${truth}, ${given}) is ${equal}`, () => {
		assert.equal(symbolicallyEqual(truth, given), equal);
	});
}
