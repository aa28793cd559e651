/**
 * Plain data shared by every layer. Nothing here imports vscode, the
 * runtime or the database, so the engine worker, the CLI and the webviews
 * can all use it.
 */

/** A problem as MATH500 and the curriculum store it, plus where it came from. */
export interface Problem {
	/** Stable id within its set, e.g. `test/precalculus/807.json`. */
	uid: string;
	/** Name of the problem set, e.g. `math500` or `curriculum-test`. */
	set: string;
	problem: string;
	/** Reference solution, when the set has one. */
	solution?: string;
	/** Final answer in LaTeX, as the set gives it. */
	answer: string;
	subject: string;
	/** Difficulty 1 (easiest) to 5 (hardest). */
	level: number;
}

/** A PRM800K-style step rating: +1 good, 0 neutral, -1 wrong. */
export type Rating = 1 | 0 | -1;

/** Why a person stopped labeling a solution (PRM800K's finish reasons). */
export type FinishReason = 'solution' | 'found_error' | 'bad_problem' | 'give_up';

/**
 * Why a label exists: `train` labels may feed PRM training; `eval` labels
 * (on problems above the easy level) are kept apart and never exported
 * for training.
 */
export type LabelPurpose = 'train' | 'eval';

/** How a step's score was read from the PRM, for hovers and logs. */
export interface StepScore {
	/** Probability that the step is correct, in [0, 1]. */
	p: number;
	/** The raw number the probability came from (a logit, or a logit gap). */
	raw: number;
	/** One line saying how it was read, e.g. `sigmoid(logit) at token 57 "\n"`. */
	how: string;
}
