/**
 * Opens the label database on first use, at the path the settings name,
 * and reopens it when that setting changes. A database that cannot be
 * opened is reported with the file and what to do; nothing is written to
 * it and the rest of the extension keeps working.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { openStore, type Store } from '../store/store';
import type { Log } from './log';
import { readSettings } from './settings';

export class StoreHost implements vscode.Disposable {
	private opened?: { path: string; store: Promise<Store> };
	private readonly sub: vscode.Disposable;

	constructor(
		private readonly ctx: vscode.ExtensionContext,
		private readonly log: Log,
	) {
		this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('stepwise.databasePath')) {
				void this.close();
			}
		});
	}

	/** The path in use now (after defaults). */
	get path(): string {
		return readSettings(this.ctx).databasePath;
	}

	async get(): Promise<Store> {
		const path = this.path;
		if (this.opened?.path !== path) {
			await this.close();
			const store = openStore(path);
			this.opened = { path, store };
			store.then(
				() => this.log.info(`Label database: ${path}`),
				(e) => {
					this.log.error(`Cannot open the label database: ${(e as Error).message}`);
					if (this.opened?.store === store) {
						this.opened = undefined;
					}
				},
			);
		}
		return this.opened!.store;
	}

	async reveal(): Promise<void> {
		await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(this.path));
		void vscode.window.showInformationMessage(`Stepwise labels are stored in ${this.path}`);
		this.log.info(`Database folder: ${dirname(this.path)}`);
	}

	private async close(): Promise<void> {
		const o = this.opened;
		this.opened = undefined;
		if (o) {
			try {
				await (await o.store).close();
			} catch {
				// It never opened; there is nothing to close.
			}
		}
	}

	dispose(): void {
		this.sub.dispose();
		void this.close();
	}
}
