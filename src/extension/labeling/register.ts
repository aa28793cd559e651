/**
 * Registers the labeling panel (command and reload serializer), the
 * Problem Sets view, and label import and export. Cheap: nothing opens
 * the database until a view or command needs it.
 */
import * as vscode from 'vscode';
import { exportLabelsCommand, importLabelsCommand } from '../commands/importExport';
import { reportError } from '../notify';
import { sampleIdOf } from '../sampleFs';
import type { Services } from '../services';
import { intentOf, parseOpenArgs } from './openArgs';
import { LabelingPanels, VIEW_TYPE } from './panel';
import { ProblemSetsTree } from './problemSetsTree';

/** What the labeling commands share, returned for tests. */
export interface Labeling {
	panels: LabelingPanels;
	tree: ProblemSetsTree;
}

/** Registers everything labeling contributes; disposed with the extension. */
export function registerLabeling(svc: Services): Labeling {
	const tree = new ProblemSetsTree(svc);
	const panels = new LabelingPanels(svc, () => tree.refresh());
	const reg = (id: string, fn: (arg?: unknown) => unknown): vscode.Disposable =>
		vscode.commands.registerCommand(id, fn);
	svc.ctx.subscriptions.push(
		tree,
		panels,
		vscode.window.registerTreeDataProvider('stepwise.problemSets', tree),
		vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
			deserializeWebviewPanel: async (panel, state) => panels.revive(panel, state),
		}),
		reg('stepwise.openLabeling', async (arg) => {
			// A sample document (its editor title, the explorer) opens that sample.
			const id = arg instanceof vscode.Uri ? sampleIdOf(arg) : undefined;
			const args = parseOpenArgs(id === undefined ? arg : { sampleId: id });
			if (typeof args === 'string') {
				reportError(svc, 'Open Labeling Panel was called with bad arguments',
					new Error(args));
				return;
			}
			try {
				await panels.open(intentOf(args));
			} catch (e) {
				reportError(svc, 'The labeling panel could not open', e);
			}
		}),
		reg('stepwise.importLabels', async (arg) => {
			const report = await importLabelsCommand(svc, arg);
			tree.refresh();
			return report;
		}),
		reg('stepwise.exportLabels', (arg) => exportLabelsCommand(svc, arg)),
		reg('stepwise.refreshProblemSets', () => tree.refresh()),
	);
	return { panels, tree };
}
