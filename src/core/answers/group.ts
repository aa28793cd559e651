import { gradeNormalized } from './grade';
import { graderNormalize } from './graderNormalize';
import { mathdNormalize } from './mathdNormalize';

/** Answers partitioned into groups of equivalent answers. */
export interface AnswerGroups {
	/** Group number of each answer, or -1 for a missing (null) answer. */
	groupOf: number[];
	/** Index of each group's first answer; groups are numbered in order of appearance. */
	representatives: number[];
}

interface Normalized {
	mathd: string;
	grader: string;
	key: string;
}

/**
 * Groups final answers for voting. An answer joins the first group whose
 * first answer it grades equal to, in either direction ({@link gradeAnswer}
 * with either one as the truth), so `2\sqrt{2}` and `\sqrt{8}` share a
 * group; answers with the same {@link normalizeAnswer} key share one
 * without further checks. Null answers belong to no group.
 */
export function groupAnswers(answers: readonly (string | null)[]): AnswerGroups {
	const groupOf: number[] = [];
	const representatives: number[] = [];
	const repForms: Normalized[] = [];
	const byKey = new Map<string, number>();
	for (const answer of answers) {
		if (answer === null) {
			groupOf.push(-1);
			continue;
		}
		const form = normalizeBoth(answer);
		let group = byKey.get(form.key);
		if (group === undefined) {
			group = repForms.findIndex((rep) => sameAnswer(form, rep));
			if (group < 0) {
				group = representatives.length;
				representatives.push(groupOf.length);
				repForms.push(form);
			}
			byKey.set(form.key, group);
		}
		groupOf.push(group);
	}
	return { groupOf, representatives };
}

function normalizeBoth(answer: string): Normalized {
	const mathd = mathdNormalize(answer);
	return { mathd, grader: graderNormalize(answer), key: graderNormalize(mathd) };
}

function sameAnswer(a: Normalized, b: Normalized): boolean {
	return a.mathd === b.mathd
		|| gradeNormalized(a.grader, b.grader)
		|| gradeNormalized(b.grader, a.grader);
}
