/**
 * What the labeling webview keeps with `setState`, so that a reload of the
 * window (or of a hidden panel) comes back on the same sample and step.
 * The host's panel serializer receives the same object and checks it here.
 */
import type { LabelPurpose } from '../../src/core/types';
import {
	isFinishReason,
	isInt,
	isListOf,
	isNumberIn,
	isPurpose,
	isRating,
	isRecord,
	isText,
	onlyKeys,
} from './guards';
import { MAX_TIME_MS } from './messages';
import {
	isLabelSource,
	isSampleId,
	isSkipList,
	MAX_CORRECTION,
	MAX_STEPS,
	type FinishedView,
	type LabelSource,
	type StepLabel,
} from './model';

/** Undo steps kept per sample. */
export const MAX_HISTORY = 200;

/** One undoable change: what the step (and the pass's end) looked like before. */
export interface HistoryEntry {
	/** The step changed, or -1 when only the end of the pass changed. */
	idx: number;
	before: StepLabel | null;
	/** Labels of later steps that a -1 deleted, to put back. */
	removed: { idx: number; label: StepLabel }[];
	finishedBefore: FinishedView | null;
}

/** The webview's saved place. */
export interface PersistedState {
	v: 1;
	source: LabelSource;
	sampleId: number | null;
	purpose: LabelPurpose;
	cursor: number;
	/** The corrected step being typed after a -1. */
	correction: string;
	history: HistoryEntry[];
	skipped: number[];
	/** Time spent on this sample so far. */
	timeMs: number;
	/** When time was last counted (ms since the epoch), or null. */
	lastTick: number | null;
}

function isStepLabel(x: unknown): x is StepLabel {
	return isRecord(x) && onlyKeys(x, ['rating', 'flagged'])
		&& (x.rating === null || isRating(x.rating)) && typeof x.flagged === 'boolean';
}

function isFinished(x: unknown): x is FinishedView {
	return isRecord(x) && onlyKeys(x, ['reason', 'humanCompletion']) && isFinishReason(x.reason)
		&& (x.humanCompletion === null || isText(x.humanCompletion, MAX_CORRECTION));
}

function isRemoved(x: unknown): x is { idx: number; label: StepLabel } {
	return isRecord(x) && onlyKeys(x, ['idx', 'label']) && isInt(x.idx, 0, MAX_STEPS - 1)
		&& isStepLabel(x.label);
}

function isHistoryEntry(x: unknown): x is HistoryEntry {
	return isRecord(x) && onlyKeys(x, ['idx', 'before', 'removed', 'finishedBefore'])
		&& isInt(x.idx, -1, MAX_STEPS - 1) && (x.before === null || isStepLabel(x.before))
		&& isListOf(x.removed, MAX_STEPS, isRemoved)
		&& (x.finishedBefore === null || isFinished(x.finishedBefore));
}

/** Checks a saved state; an old or damaged one is dropped and the panel starts afresh. */
export function isPersistedState(x: unknown): x is PersistedState {
	return isRecord(x) && x.v === 1
		&& onlyKeys(x, ['v', 'source', 'sampleId', 'purpose', 'cursor', 'correction', 'history',
			'skipped', 'timeMs', 'lastTick'])
		&& isLabelSource(x.source) && (x.sampleId === null || isSampleId(x.sampleId))
		&& isPurpose(x.purpose) && isInt(x.cursor, 0, MAX_STEPS - 1)
		&& isText(x.correction, MAX_CORRECTION)
		&& isListOf(x.history, MAX_HISTORY, isHistoryEntry)
		&& isSkipList(x.skipped) && isNumberIn(x.timeMs, 0, MAX_TIME_MS)
		&& (x.lastTick === null || isNumberIn(x.lastTick, 0, Number.MAX_SAFE_INTEGER));
}
