/**
 * The messages between the evaluation dashboard's webview and its host,
 * what the dashboard shows, and the state it keeps for a window reload.
 * The host checks every message from the webview with
 * `isDashboardRequest` before acting on it: the webview is a separate,
 * less trusted page, so a message that does not match exactly is dropped.
 */
import type { EvalReport } from '../../src/eval/report';
import type { Throughput } from '../../src/eval/runner';

/** Run ids are SQLite rowids: positive and safe as JS numbers. */
const MAX_RUN_ID = Number.MAX_SAFE_INTEGER;

/** The two export formats. */
export type ExportFormat = 'csv' | 'json';

/** A stored run, as the run picker and the header show it. */
export interface RunSummary {
	id: number;
	name: string;
	status: string;
	createdAt: string;
	updatedAt: string;
}

/** The settings that decided a run's numbers, as the dashboard lists them. */
export interface RunSettingsView {
	set: string;
	n: number;
	generator: string;
	prm: string;
	temperature: number;
	topK: number;
	topP: number;
	maxNewTokens: number;
	seed: number;
	easyMaxLevel: number;
	/** Random subsets averaged per N when the report was built. */
	subsets: number;
}

/** Problems of one split: finished (all samples stored) and planned. */
export interface SplitCount {
	done: number;
	planned: number;
}

/** Everything one drawing of the dashboard needs. */
export interface DashboardData {
	run: RunSummary;
	settings: RunSettingsView;
	report: EvalReport;
	splits: { easy: SplitCount; hard: SplitCount };
	/** The last session's throughput, when it was recorded on this machine. */
	throughput: Throughput | null;
	/** Other runs in the database, newest first, for the picker. */
	runs: RunSummary[];
}

/** Host to webview: draw this run. */
export interface ShowMessage {
	type: 'show';
	data: DashboardData;
}

/** Host to webview: there is nothing to draw, and why. */
export interface EmptyMessage {
	type: 'empty';
	message: string;
}

/** Host to webview: how an export went (path set when a file was written). */
export interface ExportedMessage {
	type: 'exported';
	format: ExportFormat;
	path: string | null;
	error: string | null;
}

/** Any message the host sends the webview. */
export type DashboardHostMessage = ShowMessage | EmptyMessage | ExportedMessage;

/** Webview to host: the page has loaded and wants its data. */
export interface ReadyRequest {
	type: 'ready';
}

/** Webview to host: read the run again from the database. */
export interface RefreshRequest {
	type: 'refresh';
}

/** Webview to host: show another run. */
export interface OpenRunRequest {
	type: 'openRun';
	runId: number;
}

/** Webview to host: save the shown results through a save dialog. */
export interface ExportRequest {
	type: 'export';
	format: ExportFormat;
}

/** Any message the webview sends the host. */
export type DashboardRequest = ReadyRequest | RefreshRequest | OpenRunRequest | ExportRequest;

/** What the webview keeps with setState; the reload serializer gets it back. */
export interface DashboardState {
	v: 1;
	runId: number;
}

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True when `x` has exactly the keys in `keys`, no more and no fewer. */
function hasKeys(x: Record<string, unknown>, keys: readonly string[]): boolean {
	const own = Object.keys(x);
	return own.length === keys.length && keys.every((k) => Object.hasOwn(x, k));
}

/** A stored run's id. */
export function isRunId(x: unknown): x is number {
	return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_RUN_ID;
}

/** `csv` or `json`. */
export function isExportFormat(x: unknown): x is ExportFormat {
	return x === 'csv' || x === 'json';
}

/**
 * The guard the host runs on every message from the webview: a known
 * type with exactly its fields, each of the right type and range.
 */
export function isDashboardRequest(x: unknown): x is DashboardRequest {
	if (!isRecord(x)) {
		return false;
	}
	switch (x.type) {
		case 'ready':
		case 'refresh':
			return hasKeys(x, ['type']);
		case 'openRun':
			return hasKeys(x, ['type', 'runId']) && isRunId(x.runId);
		case 'export':
			return hasKeys(x, ['type', 'format']) && isExportFormat(x.format);
		default:
			return false;
	}
}

/** Checks a saved state; anything else means "no saved run". */
export function isDashboardState(x: unknown): x is DashboardState {
	return isRecord(x) && hasKeys(x, ['v', 'runId']) && x.v === 1 && isRunId(x.runId);
}

/**
 * The webview's check on host messages. The host is trusted, so this only
 * tells the kinds apart and skips anything it does not know.
 */
export function isDashboardHostMessage(x: unknown): x is DashboardHostMessage {
	if (!isRecord(x)) {
		return false;
	}
	switch (x.type) {
		case 'show':
			return isRecord(x.data) && isRecord(x.data.report) && isRecord(x.data.run);
		case 'empty':
			return typeof x.message === 'string';
		case 'exported':
			return isExportFormat(x.format);
		default:
			return false;
	}
}

/** A short description of a message for the log, never the whole payload. */
export function describeMessage(x: unknown): string {
	if (!isRecord(x)) {
		return x === null ? 'null' : Array.isArray(x) ? 'an array' : `a ${typeof x}`;
	}
	const type = typeof x.type === 'string' ? `"${x.type.slice(0, 40)}"` : 'no type';
	const keys = Object.keys(x).slice(0, 8).join(', ');
	return `an object with ${type} (keys: ${keys || 'none'})`;
}
