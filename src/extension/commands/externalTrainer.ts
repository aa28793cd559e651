/**
 * The outside trainer as a VS Code task the user can watch: our own
 * pseudoterminal shows its output, its JSON progress lines drive a
 * progress notification, and when it exits its folder is checked and,
 * if good, becomes the PRM in use. Refused in an untrusted workspace.
 */
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { adoptTrainedFolder, defaultTrainer, prepareTrainerJob, runTrainer } from '../../train/externalTrainer';
import { reportError } from '../notify';
import type { Services } from '../services';
import { readSettings } from '../settings';

export async function runExternalTrainer(svc: Services): Promise<unknown> {
	if (!vscode.workspace.isTrusted) {
		void vscode.window.showWarningMessage('Stepwise: the external trainer does not run in an '
			+ 'untrusted workspace. Trust the folder, or refit the head instead.');
		return undefined;
	}
	const s = readSettings(svc.ctx);
	// Machine-scoped: a folder's own settings can never choose the command.
	const configured = vscode.workspace.getConfiguration('stepwise').inspect<string[]>('trainerCommand');
	const argv = configured?.globalValue?.length ? configured.globalValue : defaultTrainer(svc.ctx.extensionPath);
	try {
		const store = await svc.stores.get();
		const currentPath = await svc.engine.prmPath();
		const job = await prepareTrainerJob(store, {
			trainer: argv, basePath: currentPath, easyMaxLevel: s.easyMaxLevel,
			versionsDir: join(dirname(s.databasePath), 'prm-versions'),
		});
		svc.log.info(`Starting the PRM trainer: ${JSON.stringify(job.argv)}`);
		const code = await asTask(svc, job);
		if (code !== 0) {
			throw new Error(`The trainer exited with code ${code}; see the "Stepwise: train PRM" terminal.`);
		}
		const client = await svc.engine.ready();
		const out = await adoptTrainedFolder(client, store, {
			job, load: { generatorPath: s.generatorPath, prmPath: currentPath, provider: s.provider, threads: s.threads },
			rootPath: s.prmPath, currentPath, easyMaxLevel: s.easyMaxLevel, seed: s.seed, valFraction: 0.2,
		});
		svc.engine.invalidate();
		await svc.engine.ready();
		void vscode.window.showInformationMessage(`Stepwise: PRM version ${out.version.id} is in use `
			+ `(validation AUC ${out.before.auc?.toFixed(3) ?? 'n/a'} -> ${out.after.auc?.toFixed(3) ?? 'n/a'}).`);
		return { id: out.version.id, before: out.before, after: out.after };
	} catch (e) {
		reportError(svc, 'External training failed', e);
		return undefined;
	}
}

function asTask(svc: Services, job: Parameters<typeof runTrainer>[0]): Promise<number> {
	return new Promise((resolve, reject) => {
		const write = new vscode.EventEmitter<string>();
		const close = new vscode.EventEmitter<number>();
		let cancel: (() => void) | undefined;
		const pty: vscode.Pseudoterminal = {
			onDidWrite: write.event,
			onDidClose: close.event,
			open: () => {
				write.fire(`$ ${job.argv.map((a) => JSON.stringify(a)).join(' ')}\r\n`);
				void vscode.window.withProgress({
					location: vscode.ProgressLocation.Notification,
					title: 'Stepwise: training the PRM', cancellable: true,
				}, (progress, token) => {
					let last = 0;
					return runTrainer(job, {
						onOutput: (t) => write.fire(t.replace(/\r?\n/g, '\r\n')),
						onProgress: (p) => {
							const pct = p.progress === undefined ? last : Math.round(100 * p.progress);
							progress.report({ message: p.message, increment: pct - last });
							last = pct;
						},
						signal: { onCancel: (l) => { cancel = l; token.onCancellationRequested(l); } },
					}).then((code) => {
						write.fire(`\r\n[trainer exited with code ${code}]\r\n`);
						close.fire(code);
						resolve(code);
					}, (e) => {
						write.fire(`\r\n${(e as Error).message}\r\n`);
						close.fire(1);
						reject(e);
					});
				});
			},
			close: () => cancel?.(),
		};
		const task = new vscode.Task({ type: 'stepwise', job: 'train-prm' },
			vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace,
			'train PRM', 'Stepwise', new vscode.CustomExecution(async () => pty));
		task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated };
		vscode.tasks.executeTask(task).then(undefined, reject);
		svc.log.debug('Trainer task started.');
	});
}
