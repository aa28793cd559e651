/**
 * Every error a command shows goes through here, so each one names what
 * failed, logs the detail, and offers the log.
 */
import * as vscode from 'vscode';
import { EngineError } from '../engine/errors';
import type { Services } from './services';

export function reportError(svc: Services, what: string, e: unknown): void {
	if (e instanceof EngineError && e.kind === 'cancelled') {
		svc.log.info(`${what}: cancelled.`);
		return;
	}
	const message = e instanceof Error ? e.message : String(e);
	svc.log.error(`${what}: ${message}`);
	if (e instanceof Error && e.stack && !(e instanceof EngineError)) {
		svc.log.debug(e.stack);
	}
	const actions: string[] = ['Show Log'];
	if (/stepwise\.(generatorPath|prmPath|databasePath|executionProvider)/.test(message)) {
		actions.push('Open Settings');
	}
	void vscode.window.showErrorMessage(`Stepwise: ${what}. ${message}`, ...actions).then((a) => {
		if (a === 'Show Log') {
			svc.log.channel.show();
		} else if (a === 'Open Settings') {
			void vscode.commands.executeCommand('workbench.action.openSettings', 'stepwise');
		}
	});
}
