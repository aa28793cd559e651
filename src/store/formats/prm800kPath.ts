/**
 * Which text of each PRM800K step the labeled solution went on with: the
 * "path" that becomes a stored sample with one label per step.
 *
 * - A chosen completion is on the path.
 * - Without one, a human completion is on the path when the pass went on
 *   after it (the later steps build on it).
 * - Otherwise, at the last step with content, the first completion rated -1
 *   (or else the first completion) is: that is where the labeler stopped,
 *   and a human completion there is the correction of that step.
 */
import type { Rating } from '../../core/types';
import type { StepAuthor } from '../types';
import type { Prm800kRecord, Prm800kStep } from './prm800kRecord';

/** One step of the path. */
export interface PathStep {
	/** Index of the completion in its step, or -1 for the human completion. */
	pos: number;
	text: string;
	rating: Rating | null;
	flagged: boolean | null;
	author: StepAuthor;
}

/** The path of a record, and the correction written at its last step. */
export interface LabeledPath {
	steps: PathStep[];
	humanCompletion: string | null;
}

/** Works out the path of a record, or says why the record has none. */
export function labeledPath(record: Prm800kRecord): LabeledPath | string {
	const all = record.label.steps;
	let last = all.length - 1;
	while (last >= 0 && !hasContent(all[last])) {
		last--;
	}
	const steps: PathStep[] = [];
	for (let i = 0; i <= last; i++) {
		const step = all[i];
		if (!hasContent(step)) {
			return `step ${i} is empty although later steps are not`;
		}
		steps.push(pathStep(step, i === last));
	}
	const firstWrong = steps.findIndex((s) => s.rating === -1);
	if (firstWrong >= 0 && firstWrong < steps.length - 1) {
		return `the pass goes on after step ${firstWrong}, which is on its path and rated -1`;
	}
	const human = last >= 0 ? all[last].human_completion : null;
	const corrected = human !== null && steps[last].pos !== -1;
	return { steps, humanCompletion: corrected ? human.text : null };
}

function hasContent(step: Prm800kStep): boolean {
	return (step.completions?.length ?? 0) > 0 || step.human_completion !== null;
}

function pathStep(step: Prm800kStep, isLast: boolean): PathStep {
	const comps = step.completions ?? [];
	const human = step.human_completion;
	if (step.chosen_completion !== null) {
		return fromCompletion(step, step.chosen_completion);
	}
	if (human !== null && (!isLast || comps.length === 0)) {
		return {
			pos: -1,
			text: human.text,
			rating: human.rating,
			flagged: human.flagged ?? null,
			author: 'human',
		};
	}
	const wrong = comps.findIndex((c) => c.rating === -1);
	return fromCompletion(step, wrong >= 0 ? wrong : 0);
}

function fromCompletion(step: Prm800kStep, pos: number): PathStep {
	const c = (step.completions ?? [])[pos];
	return { pos, text: c.text, rating: c.rating, flagged: c.flagged ?? null, author: 'model' };
}
