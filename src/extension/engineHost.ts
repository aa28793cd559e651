/**
 * The extension's handle on the engine worker: starts it on first use,
 * loads the models the settings name, reloads them when settings change,
 * and keeps the status bar honest about what is loaded and where it runs.
 */
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { EngineClient } from '../engine/client';
import type { LoadParams, LoadResult } from '../engine/protocol';
import type { Log } from './log';
import { readSettings } from './settings';

export class EngineHost implements vscode.Disposable {
	private client?: EngineClient;
	private loaded?: { key: string; result: LoadResult };
	private loading?: Promise<LoadResult>;
	private lastPrm?: string;
	private readonly status: vscode.StatusBarItem;
	private readonly subs: vscode.Disposable[] = [];

	constructor(
		private readonly ctx: vscode.ExtensionContext,
		private readonly log: Log,
		/** Maps the settings' PRM folder to the one in use (an active retrained version). */
		private readonly resolvePrm: (settingsPath: string) => Promise<string> = async (p) => p,
	) {
		this.status = vscode.window.createStatusBarItem('stepwise.engine', vscode.StatusBarAlignment.Left, 50);
		this.status.name = 'Stepwise Engine';
		this.status.command = 'stepwise.showLog';
		this.setStatus('$(circle-outline) Stepwise', 'Models load on first use.');
		this.status.show();
		this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('stepwise')) {
				// The next request reloads if the model settings changed.
				this.loading = undefined;
			}
		}));
	}

	private setStatus(text: string, tooltip: string): void {
		this.status.text = text;
		this.status.tooltip = tooltip;
	}

	private getClient(): EngineClient {
		if (!this.client) {
			const workerPath = join(this.ctx.extensionPath, 'dist', 'engineWorker.js');
			this.client = new EngineClient(workerPath, {
				log: (level, message) => this.log.write(level, `[engine] ${message}`),
				crashed: (reason, willRestart) => {
					this.loaded = undefined;
					this.loading = undefined;
					this.log.error(`Engine worker stopped (${reason}).`);
					this.setStatus('$(error) Stepwise', `Engine stopped: ${reason}`);
					void vscode.window.showErrorMessage(
						`Stepwise: the engine stopped (${reason}). `
						+ (willRestart ? 'It restarts on the next request.' : 'Run "Stepwise: Restart Engine".'),
						'Show Log',
					).then((a) => a && this.log.channel.show());
				},
			});
		}
		return this.client;
	}

	/** The client with the models of the current settings loaded. */
	/**
	 * The PRM folder last resolved by prmPath(), or the settings' one when
	 * none was yet: for code that must answer at once.
	 */
	knownPrmPath(): string {
		return this.lastPrm ?? readSettings(this.ctx).prmPath;
	}

	/** The PRM folder in use under the current settings. */
	async prmPath(): Promise<string> {
		const s = readSettings(this.ctx);
		try {
			this.lastPrm = await this.resolvePrm(s.prmPath);
			return this.lastPrm;
		} catch (e) {
			this.log.warn(`Cannot read the active PRM version (${(e as Error).message}); using ${s.prmPath}.`);
			return s.prmPath;
		}
	}

	async ready(): Promise<EngineClient> {
		const s = readSettings(this.ctx);
		const params: LoadParams = {
			generatorPath: s.generatorPath,
			prmPath: await this.prmPath(),
			provider: s.provider,
			threads: s.threads,
		};
		const key = JSON.stringify(params);
		if (this.loaded?.key !== key) {
			this.loading ??= this.loadNow(params, key);
			try {
				await this.loading;
			} finally {
				this.loading = undefined;
			}
		}
		return this.getClient();
	}

	private async loadNow(params: LoadParams, key: string): Promise<LoadResult> {
		this.setStatus('$(loading~spin) Stepwise', 'Loading models...');
		this.log.info(`Loading generator ${params.generatorPath} and PRM ${params.prmPath} `
			+ `(execution provider setting: ${params.provider}).`);
		try {
			const result = await this.getClient().load(params);
			this.loaded = { key, result };
			this.describe(result);
			return result;
		} catch (e) {
			this.setStatus('$(error) Stepwise', (e as Error).message);
			throw e;
		}
	}

	private describe(r: LoadResult): void {
		const reasons = new Set([r.generator, r.prm].map((m) => m?.fallbackReason).filter(Boolean));
		for (const why of reasons) {
			this.log.warn(`No GPU provider could start, running on CPU: ${why}`);
		}
		const gen = r.generator ? basename(r.generator.path) : 'none';
		const prm = r.prm ? basename(r.prm.path) : 'none';
		const ep = r.generator?.provider ?? r.prm?.provider ?? '?';
		this.log.info(`Loaded generator ${gen} (${r.generator?.loadMs ?? 0} ms) and PRM ${prm} `
			+ `(${r.prm?.family ?? '?'}, ${r.prm?.loadMs ?? 0} ms) on ${ep}.`);
		this.setStatus(`$(pulse) ${gen} · ${prm} · ${ep}`,
			`Stepwise\nGenerator: ${r.generator?.path ?? 'none'}\nPRM: ${r.prm?.path ?? 'none'}`
			+ `\nExecution provider: ${ep}\nClick for the log.`);
	}

	/** Drops a document's live-scoring state in the worker, if it runs. */
	async forget(key: string): Promise<void> {
		if (this.client && this.loaded) {
			await this.client.request('forget', { key }).catch(() => undefined);
		}
	}

	/** What is loaded now, if anything. */
	get current(): LoadResult | undefined {
		return this.loaded?.result;
	}

	/** Forgets what is loaded, so the next request loads the current choice. */
	invalidate(): void {
		this.loaded = undefined;
		this.loading = undefined;
	}

	async restart(): Promise<void> {
		this.loaded = undefined;
		this.loading = undefined;
		await this.client?.restart();
		this.setStatus('$(circle-outline) Stepwise', 'Models load on first use.');
	}

	dispose(): void {
		void this.client?.dispose();
		this.status.dispose();
		this.subs.forEach((d) => d.dispose());
	}
}
