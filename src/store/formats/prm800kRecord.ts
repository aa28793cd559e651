/**
 * The PRM800K label record (openai/prm800k, `phase{1,2}_{train,test}.jsonl`)
 * and a checker that turns one JSON line into a typed record or a reason.
 *
 * One record is one labeler's pass over one solution. Each entry of
 * `label.steps` holds the model's candidate next steps (`completions`, each
 * rated), an optional step written by the labeler (`human_completion`) and
 * which completion the pass continued with (`chosen_completion`).
 */
import type { FinishReason, Rating } from '../../core/types';
import { isObject, isRating } from '../values';

/** A model-written candidate step and its rating. */
export interface Prm800kCompletion {
	text: string;
	rating: Rating | null;
	flagged: boolean | null;
}

/** A step the labeler wrote instead of the model's candidates. */
export interface Prm800kHumanCompletion {
	text: string;
	rating: Rating | null;
	/** `human` in the released data; left out when absent. */
	source?: string;
	flagged: boolean | null;
}

/** One position of the labeled solution. */
export interface Prm800kStep {
	/** Null for the empty last step of some passes that were given up. */
	completions: Prm800kCompletion[] | null;
	human_completion: Prm800kHumanCompletion | null;
	/** Index into `completions` of the step the pass went on with. */
	chosen_completion: number | null;
}

/** The problem as the record carries it. Phase 2 adds the pre-generated solution. */
export interface Prm800kQuestion {
	problem: string;
	ground_truth_answer?: string | null;
	ground_truth_solution?: string | null;
	pre_generated_steps?: string[];
	pre_generated_answer?: string | null;
	pre_generated_verifier_score?: number;
	[key: string]: unknown;
}

/** One labeling pass. Keys beyond the documented ones are kept as they are. */
export interface Prm800kRecord {
	labeler: string;
	timestamp: string;
	/** Null in phase 1, the generation number in phase 2, -1 for screening questions. */
	generation: number | null;
	is_quality_control_question: boolean;
	is_initial_screening_question: boolean;
	question: Prm800kQuestion;
	label: {
		steps: Prm800kStep[];
		/** Milliseconds the labeler spent. */
		total_time: number | null;
		finish_reason: FinishReason;
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

const REASONS: readonly string[] = ['solution', 'found_error', 'bad_problem', 'give_up'];

/** Checks a parsed JSON value; returns the record or why it is not one. */
export function checkPrm800kRecord(value: unknown): Prm800kRecord | string {
	if (!isObject(value)) {
		return 'the line is not a JSON object';
	}
	if (typeof value.labeler !== 'string' || typeof value.timestamp !== 'string') {
		return 'labeler and timestamp must be strings';
	}
	if (value.generation !== null && !Number.isInteger(value.generation)) {
		return 'generation must be a whole number or null';
	}
	if (
		typeof value.is_quality_control_question !== 'boolean' ||
		typeof value.is_initial_screening_question !== 'boolean'
	) {
		return 'is_quality_control_question and is_initial_screening_question must be booleans';
	}
	const q = value.question;
	if (!isObject(q) || typeof q.problem !== 'string') {
		return 'question.problem must be a string';
	}
	const label = value.label;
	if (!isObject(label) || !Array.isArray(label.steps)) {
		return 'label.steps must be a list';
	}
	if (typeof label.finish_reason !== 'string' || !REASONS.includes(label.finish_reason)) {
		return `label.finish_reason must be one of ${REASONS.join(', ')}`;
	}
	if (label.total_time !== null && typeof label.total_time !== 'number') {
		return 'label.total_time must be a number or null';
	}
	for (let i = 0; i < label.steps.length; i++) {
		const why = checkStep(label.steps[i]);
		if (why) {
			return `label.steps[${i}]: ${why}`;
		}
	}
	return value as Prm800kRecord;
}

function checkStep(step: unknown): string | undefined {
	if (!isObject(step)) {
		return 'not an object';
	}
	const comps = step.completions;
	if (comps !== null && !Array.isArray(comps)) {
		return 'completions must be a list or null';
	}
	for (const c of comps ?? []) {
		const why = checkCompletion(c);
		if (why) {
			return `a completion ${why}`;
		}
	}
	const human = step.human_completion;
	if (human !== null) {
		const why = checkCompletion(human);
		if (why) {
			return `human_completion ${why}`;
		}
		if ((human as { source?: unknown }).source !== undefined &&
			typeof (human as { source?: unknown }).source !== 'string') {
			return 'human_completion.source must be a string';
		}
	}
	const chosen = step.chosen_completion;
	if (chosen !== null) {
		if (!Number.isInteger(chosen) || (chosen as number) < 0 ||
			(chosen as number) >= (comps?.length ?? 0)) {
			return 'chosen_completion does not point at a completion';
		}
	}
	return undefined;
}

function checkCompletion(c: unknown): string | undefined {
	if (!isObject(c) || typeof c.text !== 'string') {
		return 'has no text';
	}
	if (c.rating !== null && !isRating(c.rating)) {
		return 'has a rating other than 1, 0, -1 or null';
	}
	if (c.flagged !== null && c.flagged !== undefined && typeof c.flagged !== 'boolean') {
		return 'has a non-boolean flagged';
	}
	return undefined;
}
