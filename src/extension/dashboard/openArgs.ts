/**
 * The arguments of `stepwise.openDashboard`, checked by hand: commands
 * can be run with anything (a link, a keybinding, another extension).
 */
import { isRunId } from '../../../webview/shared/dashboardMessages';

/** Reads `{ runId? }` (nothing means the newest run); a string says what is wrong. */
export function parseOpenDashboardArgs(x: unknown): { runId?: number } | string {
	if (x === undefined || x === null) {
		return {};
	}
	if (typeof x !== 'object' || Array.isArray(x)) {
		return 'pass { runId: 3 }, or nothing for the newest run';
	}
	const a = x as Record<string, unknown>;
	if (Object.keys(a).some((k) => k !== 'runId')) {
		return 'the only argument is runId';
	}
	if (a.runId !== undefined && !isRunId(a.runId)) {
		return 'runId must be the positive whole number of a stored run';
	}
	return a.runId === undefined ? {} : { runId: a.runId };
}
