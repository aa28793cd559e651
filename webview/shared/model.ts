/**
 * What the labeling panel shows and remembers: plain data shared by the
 * extension host and the webview, with guards for the pieces the webview
 * sends back.
 */
import type { FinishReason, LabelPurpose, Rating } from '../../src/core/types';
import { isInt, isListOf, isPurpose, isRecord, isText, onlyKeys } from './guards';

/** Largest step index a message may name; no generated solution comes close. */
export const MAX_STEPS = 10000;
/** Longest corrected step a person may type, in characters. */
export const MAX_CORRECTION = 20000;
/** How many skipped samples the panel remembers. */
export const MAX_SKIPPED = 500;
/** Longest set or subject name accepted in a group. */
const MAX_NAME = 200;

/** A part of the problem sets: one set, optionally one level and one subject. */
export interface Group {
	set: string;
	/** A MATH level, or null for problems whose level is unknown. */
	level?: number | null;
	subject?: string | null;
}

/** Where the panel takes its next sample from. */
export interface LabelSource {
	/** `train`: the easy-problem queue. `eval`: hard problems, evaluation labels. */
	purpose: LabelPurpose;
	group?: Group;
}

/** One step's label in a labeling pass. */
export interface StepLabel {
	rating: Rating | null;
	flagged: boolean;
}

/** How a labeling pass ended. */
export interface FinishedView {
	reason: FinishReason;
	humanCompletion: string | null;
}

/** One step as shown. */
export interface StepView {
	text: string;
	/** The PRM's probability that the step is correct, or null when unscored. */
	p: number | null;
	author: 'model' | 'human';
}

/** A sample with everything the panel shows about it. */
export interface SampleView {
	sampleId: number;
	purpose: LabelPurpose;
	problem: {
		set: string;
		uid: string;
		text: string;
		level: number | null;
		subject: string | null;
		answer: string | null;
	};
	/** The sample's final answer. */
	answer: string | null;
	/** Whether that answer matches the reference, or null when either is missing. */
	correct: boolean | null;
	/** The PRM the scores come from, or null when none are stored. */
	prmId: string | null;
	steps: StepView[];
	/** One entry per step: its label in this pass, or null. */
	labels: (StepLabel | null)[];
	finished: FinishedView | null;
	/** Training labels are allowed: the problem's level is known and easy. */
	trainable: boolean;
	easyMaxLevel: number;
	labeler: string;
}

/** How far the labeler has come. */
export interface Progress {
	done: number;
	left: number;
	/** What the counts cover, e.g. "easy problems" or "math500, level 2". */
	scope: string;
}

/** Checks a group sent by the webview. */
export function isGroup(x: unknown): x is Group {
	if (!isRecord(x) || !onlyKeys(x, ['set', 'level', 'subject']) || !isText(x.set, MAX_NAME)) {
		return false;
	}
	const levelOk = x.level === undefined || x.level === null || isInt(x.level, 1, 5);
	const subjectOk = x.subject === undefined || x.subject === null || isText(x.subject, MAX_NAME);
	return x.set.length > 0 && levelOk && subjectOk;
}

/** Checks a label source sent by the webview. */
export function isLabelSource(x: unknown): x is LabelSource {
	return isRecord(x) && onlyKeys(x, ['purpose', 'group']) && isPurpose(x.purpose)
		&& (x.group === undefined || isGroup(x.group));
}

/** A sample id: a positive whole number. */
export function isSampleId(x: unknown): x is number {
	return isInt(x, 1, Number.MAX_SAFE_INTEGER);
}

/** A list of skipped sample ids. */
export function isSkipList(x: unknown): x is number[] {
	return isListOf(x, MAX_SKIPPED, isSampleId);
}

/** Says which samples a source covers, for progress lines and the tree. */
export function describeGroup(g: Group | undefined): string {
	if (!g) {
		return 'all sets';
	}
	const parts = [g.set];
	if (g.level !== undefined) {
		parts.push(g.level === null ? 'unknown level' : `level ${g.level}`);
	}
	if (g.subject !== undefined) {
		parts.push(g.subject ?? 'unknown subject');
	}
	return parts.join(', ');
}
