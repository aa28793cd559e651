/**
 * "Retrain PRM" (in the editor: refit the head on the stored easy labels,
 * in the worker) and "Keep or Roll Back PRM Version" (switch the active
 * version; the engine reloads without a restart of VS Code).
 */
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { StepMetrics } from '../../core/stepMetrics';
import { retrainHead } from '../../train/retrain';
import { lineage } from '../../train/versions';
import { toCancelSignal } from '../cancel';
import { reportError } from '../notify';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { runExternalTrainer } from './externalTrainer';

function fmt(m: StepMetrics | undefined): string {
	if (!m) {
		return '-';
	}
	return `AUC ${m.auc === undefined ? 'n/a' : m.auc.toFixed(3)}, acc ${(100 * m.accuracy).toFixed(1)}%, `
		+ `ECE ${m.ece.toFixed(3)} (${m.n} steps)`;
}

export async function retrainCommand(svc: Services, args?: { mode?: 'head' | 'external' }): Promise<unknown> {
	const mode = args?.mode ?? (await vscode.window.showQuickPick([
		{ label: 'Refit the scoring head here', description: 'seconds, trunk frozen', mode: 'head' as const },
		{ label: 'Run the trainer command', description: 'stepwise.trainerCommand, as a task', mode: 'external' as const },
	], { title: 'Stepwise: retrain the PRM from the easy labels' }))?.mode;
	if (mode === 'external') {
		return runExternalTrainer(svc);
	}
	if (mode !== 'head') {
		return undefined;
	}
	const s = readSettings(svc.ctx);
	return vscode.window.withProgress({
		location: vscode.ProgressLocation.Notification,
		title: 'Stepwise: refitting the PRM head on easy labels',
		cancellable: true,
	}, async (progress, token) => {
		try {
			const store = await svc.stores.get();
			const client = await svc.engine.ready();
			let last = 0;
			const out = await retrainHead(client, store, {
				rootPath: s.prmPath,
				currentPath: await svc.engine.prmPath(),
				easyMaxLevel: s.easyMaxLevel,
				versionsDir: join(dirname(s.databasePath), 'prm-versions'),
				seed: s.seed,
				valFraction: 0.2,
			}, {
				signal: toCancelSignal(token),
				progress: (done, total) => {
					const pct = Math.floor((100 * done) / total);
					progress.report({ message: `features ${done}/${total}`, increment: pct - last });
					last = pct;
				},
			});
			svc.engine.invalidate();
			await svc.engine.ready();
			const r = out.result;
			svc.log.info(`Retrained ${out.version.id} on ${r.train.steps} steps of ${r.train.problems} problems; `
				+ `validation (${r.val.problems} problems): before ${fmt(r.before)}; after ${fmt(r.after)}.`);
			void vscode.window.showInformationMessage(
				`Stepwise: new PRM version ${out.version.id} is in use. Validation: before ${fmt(r.before)}; `
				+ `after ${fmt(r.after)}.`, 'Keep', 'Roll Back',
			).then((a) => {
				if (a === 'Roll Back') {
					void switchVersionCommand(svc, { id: out.version.parentId ?? undefined });
				}
			});
			return { id: out.version.id, before: r.before, after: r.after, train: r.train, val: r.val };
		} catch (e) {
			reportError(svc, 'Retraining failed', e);
			return undefined;
		}
	});
}

/** Makes `id` (or a picked version) the PRM in use, and reloads it. */
export async function switchVersionCommand(svc: Services, args?: { id?: string }): Promise<string | undefined> {
	try {
		const s = readSettings(svc.ctx);
		const store = await svc.stores.get();
		const versions = await lineage(store, s.prmPath);
		let id = args?.id;
		if (!id) {
			if (versions.length === 0) {
				void vscode.window.showInformationMessage('Stepwise: no retrained PRM versions yet.');
				return undefined;
			}
			const pick = await vscode.window.showQuickPick(versions.map((v) => ({
				label: `${v.active ? '$(check) ' : ''}${v.id}`,
				description: v.parentId ? `from ${v.parentId}` : 'base (settings)',
				detail: fmt((v.metrics as { validation?: StepMetrics }).validation),
				id: v.id,
			})), { title: 'Stepwise: PRM version to use' });
			id = pick?.id;
		}
		if (!id) {
			return undefined;
		}
		const previous = versions.find((v) => v.active);
		await store.setActiveModel(id);
		svc.engine.invalidate();
		try {
			await svc.engine.ready();
		} catch (e) {
			// The folder failed its check; the PRM that worked stays in use.
			if (previous) {
				await store.setActiveModel(previous.id);
			}
			svc.engine.invalidate();
			throw e;
		}
		svc.log.info(`PRM version ${id} is now in use.`);
		return id;
	} catch (e) {
		reportError(svc, 'Switching the PRM version failed', e);
		return undefined;
	}
}
