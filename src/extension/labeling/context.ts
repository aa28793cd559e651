/**
 * What every labeling read and write depends on, read fresh from the
 * settings each time so a changed labeler or easy level applies at once.
 */
import { gradeAnswer } from '../../core/answers/grade';

/** The labeler, the easy/hard line and the PRM whose scores are shown. */
export interface LabelContext {
	labeler: string;
	easyMaxLevel: number;
	/** Scores are stored under the PRM folder's name (see prmIdOf). */
	prmId: string;
}

/** Training labels are allowed on a problem of this level. Unknown levels are not easy. */
export function isTrainable(level: number | null, easyMaxLevel: number): boolean {
	return level !== null && level <= easyMaxLevel;
}

/**
 * Grades a final answer; a reference the grader cannot read counts as
 * not matched rather than breaking the queue.
 */
export function safeGrade(given: string | null, truth: string | null): boolean | null {
	if (truth === null) {
		return null;
	}
	try {
		return gradeAnswer(given, truth);
	} catch {
		return false;
	}
}
