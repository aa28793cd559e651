/**
 * The messages between the labeling panel's webview and its host, and one
 * hand-written guard per webview message. The host runs
 * `checkWebviewMessage` on everything that arrives and acts only on what
 * passes; the webview treats host messages as trusted but still ignores
 * unknown ones.
 */
import type { FinishReason, LabelPurpose, Rating } from '../../src/core/types';
import {
	isFinishReason,
	isInt,
	isNumberIn,
	isPurpose,
	isRating,
	isRecord,
	isText,
	onlyKeys,
} from './guards';
import {
	isLabelSource,
	isSampleId,
	isSkipList,
	MAX_CORRECTION,
	MAX_STEPS,
	type FinishedView,
	type LabelSource,
	type Progress,
	type SampleView,
	type StepLabel,
} from './model';

/** A week: no labeling pass takes longer, so a larger time is a bug. */
export const MAX_TIME_MS = 7 * 24 * 3600 * 1000;
/** Write messages are numbered so the webview knows which reply is the latest. */
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** Where a reloaded panel was: sent with `ready` so the host shows it again. */
export interface Resume {
	source: LabelSource;
	sampleId: number | null;
	purpose: LabelPurpose;
	skipped: number[];
}

/** The webview has loaded; `resume` is its saved place, if any. */
export interface ReadyMessage {
	type: 'ready';
	resume: Resume | null;
}

/** Which pass a write belongs to, and its number. */
interface PassWrite {
	seq: number;
	sampleId: number;
	purpose: LabelPurpose;
}

/** Store a step's rating (or none) and flag. */
export interface LabelMessage extends PassWrite {
	type: 'label';
	idx: number;
	rating: Rating | null;
	flagged: boolean;
}

/** Delete a step's label (undo). */
export interface ClearMessage extends PassWrite {
	type: 'clear';
	idx: number;
}

/** Record how the pass ended. */
export interface FinishMessage extends PassWrite {
	type: 'finish';
	reason: FinishReason;
	humanCompletion: string | null;
	totalTimeMs: number;
}

/** Take back the end of the pass (undo). */
export interface UnfinishMessage extends PassWrite {
	type: 'unfinish';
}

/** Show the next sample of `source`, leaving out `skipped`. */
export interface NextMessage {
	type: 'next';
	source: LabelSource;
	skipped: number[];
}

/** Label the shown hard sample for evaluation. */
export interface EvaluateMessage {
	type: 'evaluate';
	sampleId: number;
}

/** Open the shown sample as a document. */
export interface OpenDocumentMessage {
	type: 'openDocument';
	sampleId: number;
}

/** Run "Generate Solutions" (the queue is empty). */
export interface GenerateMessage {
	type: 'generate';
}

/** Everything the webview may send. */
export type WebviewMessage =
	| ReadyMessage
	| LabelMessage
	| ClearMessage
	| FinishMessage
	| UnfinishMessage
	| NextMessage
	| EvaluateMessage
	| OpenDocumentMessage
	| GenerateMessage;

/** A write message: the ones that change the database. */
export type WriteMessage = LabelMessage | ClearMessage | FinishMessage | UnfinishMessage;

/** Show this sample. */
export interface ShowMessage {
	type: 'show';
	sample: SampleView;
	progress: Progress;
	source: LabelSource;
}

/** Nothing left to label in `source`; `hint` says how to get more. */
export interface EmptyMessage {
	type: 'empty';
	progress: Progress;
	source: LabelSource;
	hint: string;
}

/** The pass as stored after write `seq`, and why the write failed, if it did. */
export interface SavedMessage {
	type: 'saved';
	seq: number;
	sampleId: number;
	purpose: LabelPurpose;
	labels: (StepLabel | null)[];
	finished: FinishedView | null;
	progress: Progress;
	error: string | null;
}

/** A line to show in the panel. */
export interface NoticeMessage {
	type: 'notice';
	level: 'info' | 'error';
	text: string;
}

/** Everything the host may send. */
export type HostMessage = ShowMessage | EmptyMessage | SavedMessage | NoticeMessage;

function isResume(x: unknown): x is Resume {
	return isRecord(x) && onlyKeys(x, ['source', 'sampleId', 'purpose', 'skipped'])
		&& isLabelSource(x.source) && (x.sampleId === null || isSampleId(x.sampleId))
		&& isPurpose(x.purpose) && isSkipList(x.skipped);
}

function isPassWrite(x: Record<string, unknown>): boolean {
	return isInt(x.seq, 0, MAX_SEQ) && isSampleId(x.sampleId) && isPurpose(x.purpose);
}

function isStepIndex(x: unknown): x is number {
	return isInt(x, 0, MAX_STEPS - 1);
}

/** Guard for `ready`. */
export function isReadyMessage(x: unknown): x is ReadyMessage {
	return isRecord(x) && x.type === 'ready' && onlyKeys(x, ['type', 'resume'])
		&& (x.resume === null || isResume(x.resume));
}

/** Guard for `label`. */
export function isLabelMessage(x: unknown): x is LabelMessage {
	return isRecord(x) && x.type === 'label'
		&& onlyKeys(x, ['type', 'seq', 'sampleId', 'purpose', 'idx', 'rating', 'flagged'])
		&& isPassWrite(x) && isStepIndex(x.idx)
		&& (x.rating === null || isRating(x.rating)) && typeof x.flagged === 'boolean';
}

/** Guard for `clear`. */
export function isClearMessage(x: unknown): x is ClearMessage {
	return isRecord(x) && x.type === 'clear'
		&& onlyKeys(x, ['type', 'seq', 'sampleId', 'purpose', 'idx'])
		&& isPassWrite(x) && isStepIndex(x.idx);
}

/** Guard for `finish`. */
export function isFinishMessage(x: unknown): x is FinishMessage {
	return isRecord(x) && x.type === 'finish'
		&& onlyKeys(x, ['type', 'seq', 'sampleId', 'purpose', 'reason', 'humanCompletion',
			'totalTimeMs'])
		&& isPassWrite(x) && isFinishReason(x.reason)
		&& (x.humanCompletion === null || isText(x.humanCompletion, MAX_CORRECTION))
		&& isNumberIn(x.totalTimeMs, 0, MAX_TIME_MS);
}

/** Guard for `unfinish`. */
export function isUnfinishMessage(x: unknown): x is UnfinishMessage {
	return isRecord(x) && x.type === 'unfinish'
		&& onlyKeys(x, ['type', 'seq', 'sampleId', 'purpose']) && isPassWrite(x);
}

/** Guard for `next`. */
export function isNextMessage(x: unknown): x is NextMessage {
	return isRecord(x) && x.type === 'next' && onlyKeys(x, ['type', 'source', 'skipped'])
		&& isLabelSource(x.source) && isSkipList(x.skipped);
}

/** Guard for `evaluate`. */
export function isEvaluateMessage(x: unknown): x is EvaluateMessage {
	return isRecord(x) && x.type === 'evaluate' && onlyKeys(x, ['type', 'sampleId'])
		&& isSampleId(x.sampleId);
}

/** Guard for `openDocument`. */
export function isOpenDocumentMessage(x: unknown): x is OpenDocumentMessage {
	return isRecord(x) && x.type === 'openDocument' && onlyKeys(x, ['type', 'sampleId'])
		&& isSampleId(x.sampleId);
}

/** Guard for `generate`. */
export function isGenerateMessage(x: unknown): x is GenerateMessage {
	return isRecord(x) && x.type === 'generate' && onlyKeys(x, ['type']);
}

type Guards = {
	[K in WebviewMessage['type']]: (x: unknown) => x is Extract<WebviewMessage, { type: K }>;
};

/** The guard of each webview message type. */
export const WEBVIEW_GUARDS: Guards = {
	ready: isReadyMessage,
	label: isLabelMessage,
	clear: isClearMessage,
	finish: isFinishMessage,
	unfinish: isUnfinishMessage,
	next: isNextMessage,
	evaluate: isEvaluateMessage,
	openDocument: isOpenDocumentMessage,
	generate: isGenerateMessage,
};

/** A checked message, or why it was refused (for the log). */
export type Checked = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

/** Runs the guard for the message's type; anything unknown or malformed is refused. */
export function checkWebviewMessage(x: unknown): Checked {
	if (!isRecord(x) || typeof x.type !== 'string') {
		return { ok: false, reason: 'not an object with a string "type"' };
	}
	if (!Object.prototype.hasOwnProperty.call(WEBVIEW_GUARDS, x.type)) {
		return { ok: false, reason: `unknown type "${x.type.slice(0, 40)}"` };
	}
	const guard = WEBVIEW_GUARDS[x.type as WebviewMessage['type']];
	return guard(x)
		? { ok: true, message: x as WebviewMessage }
		: { ok: false, reason: `malformed "${x.type}" message` };
}

/** True for the write messages. */
export function isWrite(m: WebviewMessage): m is WriteMessage {
	return m.type === 'label' || m.type === 'clear' || m.type === 'finish' || m.type === 'unfinish';
}

const HOST_TYPES: readonly string[] = ['show', 'empty', 'saved', 'notice'];

/** A light check on messages from the host: known type, object shape. */
export function isHostMessage(x: unknown): x is HostMessage {
	return isRecord(x) && typeof x.type === 'string' && HOST_TYPES.includes(x.type);
}
