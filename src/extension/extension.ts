/**
 * Activation. Kept cheap: nothing here loads a model or opens the
 * database; the engine worker and the store start on first use.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Rating } from '../core/types';
import { ProblemFiles } from '../eval/problemFiles';
import { Annotations } from './annotations';
import { generateCommand, type GenerateArgs } from './commands/generate';
import { labelCommand } from './commands/label';
import { retrainCommand, switchVersionCommand } from './commands/retrain';
import { scoreCommand } from './commands/score';
import { registerDashboard } from './dashboard/register';
import { EngineHost } from './engineHost';
import { registerLabeling } from './labeling/register';
import { LiveChecker } from './live';
import { Log } from './log';
import { annotateSample } from './sampleAnnotations';
import { SampleFs, SCHEME, sampleIdOf } from './sampleFs';
import type { Services } from './services';
import { StoreHost } from './storeHost';
import { activePrm } from '../train/versions';

/** What activate() returns: the services, for integration tests. */
export interface StepwiseApi {
	services: Services;
}

export function activate(ctx: vscode.ExtensionContext): StepwiseApi {
	const log = new Log();
	const stores = new StoreHost(ctx, log);
	const svc: Services = {
		ctx,
		log,
		engine: new EngineHost(ctx, log, async (base) => (await activePrm(await stores.get(), base)).path),
		stores,
		annotations: new Annotations(ctx.extensionPath),
		problems: new ProblemFiles(join(ctx.extensionPath, 'data')),
	};
	svc.live = new LiveChecker(svc);
	ctx.subscriptions.push(log, svc.engine, stores, svc.annotations, svc.live);

	ctx.subscriptions.push(
		vscode.workspace.registerFileSystemProvider(SCHEME, new SampleFs(stores), {
			isReadonly: true,
			isCaseSensitive: true,
		}),
		vscode.workspace.onDidOpenTextDocument((doc) => {
			if (sampleIdOf(doc.uri) !== undefined) {
				void annotateSample(svc, doc).catch((e) => log.warn(`Cannot annotate ${doc.uri}: ${e}`));
			}
		}),
	);

	const label = (r: Rating) => (target?: unknown) => labelCommand(svc, r, target);
	const reg = (id: string, fn: (...args: never[]) => unknown): void => {
		ctx.subscriptions.push(vscode.commands.registerCommand(id, fn));
	};
	reg('stepwise.generate', (args?: GenerateArgs) => generateCommand(svc, args));
	reg('stepwise.scoreDocument', () => scoreCommand(svc));
	reg('stepwise.clearScores', () => {
		const doc = vscode.window.activeTextEditor?.document;
		if (doc) {
			svc.live?.disable(doc);
			svc.annotations.clear(doc);
		}
	});
	reg('stepwise.labelGood', label(1));
	reg('stepwise.labelNeutral', label(0));
	reg('stepwise.labelBad', label(-1));
	reg('stepwise.retrainPrm', (args?: { mode?: 'head' | 'external' }) => retrainCommand(svc, args));
	reg('stepwise.switchPrmVersion', (args?: { id?: string }) => switchVersionCommand(svc, args));
	reg('stepwise.showLog', () => log.channel.show());
	reg('stepwise.restartEngine', () => svc.engine.restart());
	reg('stepwise.openDatabaseFolder', () => stores.reveal());
	registerLabeling(svc);
	registerDashboard(svc);

	// Sample documents restored by a window reload get their scores back.
	for (const doc of vscode.workspace.textDocuments) {
		if (sampleIdOf(doc.uri) !== undefined) {
			void annotateSample(svc, doc).catch((e) => log.warn(`Cannot annotate ${doc.uri}: ${e}`));
		}
	}
	log.info(`Stepwise ${ctx.extension.packageJSON.version} activated.`);
	return { services: svc };
}

export function deactivate(): void {
	// Disposables registered on the context release the worker and the database.
}
