/**
 * Registers the evaluation commands and the dashboard's reload
 * serializer. Cheap: nothing opens the database or loads a model until a
 * command runs or a panel is restored.
 */
import * as vscode from 'vscode';
import { evaluateCommand } from '../commands/evaluate';
import { reportError } from '../notify';
import type { Services } from '../services';
import { parseOpenDashboardArgs } from './openArgs';
import { DASHBOARD_VIEW_TYPE, DashboardPanels, type OpenedDashboard } from './panel';

/** Registers `stepwise.runEvaluation`, `stepwise.openDashboard` and the serializer. */
export function registerDashboard(svc: Services): DashboardPanels {
	const panels = new DashboardPanels(svc);
	svc.ctx.subscriptions.push(
		panels,
		vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
			deserializeWebviewPanel: async (panel, state) => panels.revive(panel, state),
		}),
		vscode.commands.registerCommand('stepwise.runEvaluation',
			(args?: unknown) => evaluateCommand(svc, panels, args)),
		vscode.commands.registerCommand('stepwise.openDashboard',
			async (args?: unknown): Promise<OpenedDashboard | undefined> => {
				const parsed = parseOpenDashboardArgs(args);
				if (typeof parsed === 'string') {
					reportError(svc, 'Open Evaluation Dashboard was called with bad arguments',
						new Error(`${parsed}.`));
					return undefined;
				}
				try {
					return await panels.open(parsed.runId);
				} catch (e) {
					reportError(svc, 'The evaluation dashboard could not open', e);
					return undefined;
				}
			}),
	);
	return panels;
}
