import { graderNormalize, isIntegerText, stripThousandsCommas } from './graderNormalize';
import { mathdNormalize } from './mathdNormalize';
import { symbolicallyEqual } from './symbolicEqual';

const TUPLE_CHARS = '()[]';

/**
 * Whether `given` is a correct final answer for the reference answer
 * `truth`, with the semantics of the grader MATH500 results are reported
 * with (PRM800K's `grade_answer`):
 *
 * 1. equal after the MATH normalizer ({@link mathdNormalize}), or
 * 2. equal after the grader's own normalizer ({@link graderNormalize}), or
 * 3. element by element: tuples and intervals must have the same brackets
 *    and length and are compared in order; two plain fractions must be
 *    written identically (an unreduced `2/4` is not `1/2`); an integer
 *    truth needs an integer answer (`4` is not `2^2`); anything else is
 *    equal when the difference is symbolically zero ({@link symbolicallyEqual}).
 *
 * The truth's role is not symmetric: swap the arguments and the brackets
 * and integer rules look at the other side.
 *
 * @param given the answer to grade, e.g. from {@link extractAnswer}; null counts as wrong
 * @param truth the reference answer, e.g. MATH500's `answer` field
 */
export function gradeAnswer(given: string | null, truth: string): boolean {
	if (given === null) {
		return false;
	}
	if (mathdNormalize(truth) === mathdNormalize(given)) {
		return true;
	}
	return gradeNormalized(graderNormalize(given), graderNormalize(truth));
}

/**
 * The grader's path after normalization, for callers that normalized both
 * answers already (grouping compares one answer against many).
 */
export function gradeNormalized(given: string, truth: string): boolean {
	if (truth === given) {
		return true;
	}
	if (given.length === 0) {
		return false;
	}
	const truthElems = splitTuple(truth);
	const givenElems = splitTuple(given);
	if (truthElems.length > 1 && (truth[0] !== given[0] || truth.at(-1) !== given.at(-1))) {
		return false;
	}
	if (truthElems.length !== givenElems.length) {
		return false;
	}
	return truthElems.every((t, k) => elementsEqual(givenElems[k], t));
}

function elementsEqual(given: string, truth: string): boolean {
	if (isFraction(truth) && isFraction(given)) {
		return truth === given;
	}
	if (isIntegerText(truth) !== isIntegerText(given)) {
		return false;
	}
	return symbolicallyEqual(truth, given);
}

/**
 * Splits a normalized tuple or interval such as `(1,2]` into its elements;
 * anything else, including `(1,2)U(3,4)`, is a single element.
 */
export function splitTuple(normalized: string): string[] {
	const s = stripThousandsCommas(normalized);
	if (s.length === 0) {
		return [];
	}
	const inner = s.slice(1, -1);
	const isTuple = s.length > 2
		&& TUPLE_CHARS.includes(s[0])
		&& TUPLE_CHARS.includes(s[s.length - 1])
		&& !Array.from(TUPLE_CHARS).some((ch) => inner.includes(ch));
	return isTuple ? inner.split(',').map((e) => e.trim()) : [s];
}

/** `3/4`, `-12/5`: an integer over a non-zero integer, as plain text. */
function isFraction(s: string): boolean {
	return /^-?[0-9]+.?\/0*[1-9][0-9]*.?$/.test(s);
}

/**
 * A grouping key for voting: the answer after both normalizers, e.g.
 * `1/2` for `\dfrac{1}{2}`, `0.5` and `\frac12`, and `5` for `x = 5`.
 * Answers that grade equal may still have different keys (`2\sqrt{2}` and
 * `\sqrt{8}`), so grouping also grades each answer against each group's
 * first answer (see `groupAnswers`).
 */
export function normalizeAnswer(answer: string): string {
	return graderNormalize(mathdNormalize(answer));
}
