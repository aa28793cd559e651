import { LatexConversionError, latexToText } from './latexToText';
import {
	isNearInteger,
	parsePythonFloat,
	roundedIntegerText,
	truncatedIntegerText,
} from './pythonNumbers';

/** Units the reference grader strips, with optional plural and power, e.g. `inches^2`. */
const UNITS = [
	'degree', 'cm', 'centimeter', 'meter', 'mile', 'second', 'minute', 'hour', 'day',
	'week', 'month', 'year', 'foot', 'feet', 'inch', 'yard',
];
const UNIT_RES = UNITS.map((unit) => new RegExp(`${unit}(es)?(s)? *(\\^[0-9]+)?`, 'g'));

/**
 * The grader's second normalization, which prepares an answer for its
 * tuple split and symbolic check: drops units, `$`, `%` and thousands
 * separators, turns LaTeX into plain text (`\frac{1}{2}` -> `1/2`,
 * `\sqrt{8}` -> `sqrt(8)`, `\pi` -> `pi`), removes spaces and braces,
 * lower-cases, and writes near-integers as integers.
 *
 * Unit words are removed wherever they occur, even inside other words,
 * exactly as the reference does (`Monday` loses its `day`).
 */
export function graderNormalize(answer: string): string {
	let s = answer;
	const text = /^\\text\{(.+?)\}$/.exec(s);
	if (text !== null) {
		s = text[1];
	}
	s = replaceAll(s, '\\%', '%');
	s = replaceAll(s, '\\$', '$');
	s = replaceAll(s, '$', '');
	s = replaceAll(s, '%', '');
	s = replaceAll(s, ' or ', ' , ');
	s = replaceAll(s, ' and ', ' , ');
	s = replaceAll(s, 'million', '*10^6');
	s = replaceAll(s, 'billion', '*10^9');
	s = replaceAll(s, 'trillion', '*10^12');
	for (const unit of UNIT_RES) {
		s = s.replace(unit, '');
	}
	s = s.replace(/\^ *\\circ/g, '');
	if (s.length > 0 && s[0] === '{' && s[s.length - 1] === '}') {
		s = s.slice(1, -1);
	}
	s = s.replace(/,\\! */g, '');
	const asFloat = parsePythonFloat(s);
	if (asFloat !== null && isNearInteger(asFloat)) {
		s = roundedIntegerText(asFloat);
	}
	if (s.includes('\\')) {
		s = latexToPlain(s);
	}
	s = s.replace(/- */g, '-');
	// A space between digits marks a mixed number: `7 3/4` -> `7+3/4`.
	s = s.replace(/([0-9]) +([0-9])/g, '$1+$2');
	s = replaceAll(s, ' ', '');
	s = replaceAll(s, '{', '');
	s = replaceAll(s, '}', '');
	s = s.toLowerCase();
	if (isIntegerText(s)) {
		s = truncatedIntegerText(parsePythonFloat(s.split(',').join('')) ?? 0);
	}
	return s;
}

/** LaTeX -> the plain text the symbolic check parses; unchanged if it cannot be read. */
function latexToPlain(s: string): string {
	let t = s.split('\\tfrac').join('\\frac');
	t = t.split('\\dfrac').join('\\frac');
	// The leading space keeps a mixed number apart: `3\frac{1}{2}` -> `3 1/2`.
	t = t.split('\\frac').join(' \\frac');
	try {
		t = latexToText(t);
	} catch (err) {
		if (err instanceof LatexConversionError) {
			return s;
		}
		throw err;
	}
	t = replaceAll(t, '\u221a', 'sqrt');
	t = replaceAll(t, '\u03c0', 'pi');
	t = replaceAll(t, '\u221e', 'inf');
	t = replaceAll(t, '\u222a', 'U');
	t = replaceAll(t, '\u00b7', '*');
	t = replaceAll(t, '\u00d7', '*');
	return t.trim();
}

/**
 * Drops commas that separate thousands (`1,000,000` -> `1000000`) while
 * keeping the ones that separate tuple elements (`1,2`).
 */
export function stripThousandsCommas(s: string): string {
	let current = s;
	for (;;) {
		const next = current.replace(/(\d)(,)(\d\d\d)($|\D)/g, '$1$3$4');
		if (next === current) {
			return current;
		}
		current = next;
	}
}

/** True when `s`, without thousands commas, is a number within 1e-7 of an integer. */
export function isIntegerText(s: string): boolean {
	const value = parsePythonFloat(stripThousandsCommas(s));
	return value !== null && isNearInteger(value);
}

function replaceAll(s: string, from: string, to: string): string {
	return s.split(from).join(to);
}
