/**
 * "Import PRM800K Labels..." and "Export Labels...": the same label files
 * as `stepwise import` and `stepwise export`, with file pickers. Export
 * asks for the format and whether to include hard problems (default no:
 * a training export holds easy problems only).
 */
import * as vscode from 'vscode';
import { isRecord, onlyKeys } from '../../../webview/shared/guards';
import {
	describeImport,
	EXPORT_FORMATS,
	exportLabelText,
	importLabelText,
	type ExportFormat,
	type ImportSummary,
} from '../../eval/labelFiles';
import { reportError } from '../notify';
import type { Services } from '../services';
import { readSettings } from '../settings';

/** Export settings a caller (a test) may pass instead of answering the pickers. */
export interface ExportArgs {
	format?: ExportFormat;
	includeHard?: boolean;
	/** File path to write. */
	out?: string;
}

/** What an export wrote. */
export interface ExportOutcome {
	file: string;
	format: ExportFormat;
	count: number;
}

function fileArg(arg: unknown): vscode.Uri | undefined {
	if (arg instanceof vscode.Uri) {
		return arg;
	}
	return typeof arg === 'string' && arg ? vscode.Uri.file(arg) : undefined;
}

function defaultFolder(): vscode.Uri | undefined {
	return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Imports a PRM800K label file picked by the person (or given as a Uri or path). */
export async function importLabelsCommand(svc: Services, arg?: unknown):
	Promise<ImportSummary | undefined> {
	let uri = fileArg(arg);
	if (!uri) {
		const picked = await vscode.window.showOpenDialog({
			title: 'Stepwise: import PRM800K labels',
			openLabel: 'Import',
			canSelectMany: false,
			defaultUri: defaultFolder(),
			filters: { 'PRM800K labels (JSON Lines)': ['jsonl', 'json'], 'All files': ['*'] },
		});
		uri = picked?.[0];
	}
	if (!uri) {
		return undefined;
	}
	const file = uri;
	try {
		const report = await vscode.window.withProgress({
			location: vscode.ProgressLocation.Notification,
			title: `Stepwise: importing ${vscode.workspace.asRelativePath(file)}`,
		}, async () => {
			const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
			const store = await svc.stores.get();
			return importLabelText(store, text, svc.problems);
		});
		const what = describeImport(report);
		svc.log.info(`Imported ${file.fsPath}: ${what}.`);
		for (const s of report.skipped) {
			svc.log.warn(`${file.fsPath}:${s.line}: skipped: ${s.reason}`);
		}
		const actions = report.skipped.length > 0 ? ['Show Log'] : [];
		void vscode.window.showInformationMessage(`Stepwise: ${what}.`, ...actions).then((a) => {
			if (a === 'Show Log') {
				svc.log.channel.show();
			}
		});
		return report;
	} catch (e) {
		reportError(svc, `Importing ${file.fsPath} failed`, e);
		return undefined;
	}
}

function parseExportArgs(arg: unknown): ExportArgs | string {
	if (arg === undefined || arg === null) {
		return {};
	}
	if (!isRecord(arg) || !onlyKeys(arg, ['format', 'includeHard', 'out'])) {
		return 'expected { format?: "prm800k" | "trl", includeHard?: boolean, out?: string }';
	}
	if (arg.format !== undefined && !EXPORT_FORMATS.includes(arg.format as ExportFormat)) {
		return `format must be one of ${EXPORT_FORMATS.join(', ')}`;
	}
	if (arg.includeHard !== undefined && typeof arg.includeHard !== 'boolean') {
		return 'includeHard must be true or false';
	}
	if (arg.out !== undefined && (typeof arg.out !== 'string' || arg.out === '')) {
		return 'out must be a file path';
	}
	return arg as ExportArgs;
}

async function pickFormat(): Promise<ExportFormat | undefined> {
	const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
		{
			label: 'prm800k',
			description: 'PRM800K label records',
			detail: 'One labeling pass per line, as in openai/prm800k; re-importable.',
			format: 'prm800k',
		},
		{
			label: 'trl',
			description: 'TRL stepwise supervision',
			detail: '{"prompt", "completions", "labels"} per line, for PRM training.',
			format: 'trl',
		},
	];
	const pick = await vscode.window.showQuickPick(items, {
		title: 'Stepwise: export labels (1/2): format',
		placeHolder: 'Format of the exported file',
	});
	return pick?.format;
}

async function pickIncludeHard(easyMaxLevel: number): Promise<boolean | undefined> {
	const items: (vscode.QuickPickItem & { value: boolean })[] = [
		{
			label: 'No: easy problems only',
			description: `level ${easyMaxLevel} or below: training data`,
			value: false,
		},
		{
			label: 'Yes: also hard problems',
			description: 'and problems of unknown level (not for training on easy problems only)',
			value: true,
		},
	];
	const pick = await vscode.window.showQuickPick(items, {
		title: 'Stepwise: export labels (2/2): include hard problems?',
		placeHolder: 'Evaluation labels are never exported either way',
	});
	return pick?.value;
}

/** Exports finished training labels to a file the person picks. */
export async function exportLabelsCommand(svc: Services, arg?: unknown):
	Promise<ExportOutcome | undefined> {
	const args = parseExportArgs(arg);
	if (typeof args === 'string') {
		reportError(svc, 'Export Labels was called with bad arguments', new Error(args));
		return undefined;
	}
	const s = readSettings(svc.ctx);
	const format = args.format ?? await pickFormat();
	if (!format) {
		return undefined;
	}
	const includeHard = args.includeHard ?? await pickIncludeHard(s.easyMaxLevel);
	if (includeHard === undefined) {
		return undefined;
	}
	let target = args.out ? vscode.Uri.file(args.out) : undefined;
	if (!target) {
		const folder = defaultFolder();
		const name = `stepwise-labels.${format}.jsonl`;
		target = await vscode.window.showSaveDialog({
			title: 'Stepwise: export labels to',
			saveLabel: 'Export',
			defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
			filters: { 'JSON Lines': ['jsonl'] },
		});
	}
	if (!target) {
		return undefined;
	}
	try {
		const store = await svc.stores.get();
		const { text, count } = await exportLabelText(store, {
			format,
			includeHard,
			easyMaxLevel: s.easyMaxLevel,
		});
		await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
		const scope = includeHard
			? 'all levels'
			: `easy problems (level ${s.easyMaxLevel} or below)`;
		const message = `Stepwise: exported ${count} ${format} record${count === 1 ? '' : 's'} `
			+ `(${scope}) to ${target.fsPath}.`;
		svc.log.info(message);
		const file = target;
		void vscode.window.showInformationMessage(message, 'Open File').then((a) => {
			if (a === 'Open File') {
				void vscode.window.showTextDocument(file);
			}
		});
		return { file: target.fsPath, format, count };
	} catch (e) {
		reportError(svc, `Exporting labels to ${target.fsPath} failed`, e);
		return undefined;
	}
}
