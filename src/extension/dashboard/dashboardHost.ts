/**
 * The dashboard's host side without VS Code: checks what the webview
 * sends, loads runs, answers with what to draw, and writes exports. The
 * panel (panel.ts) supplies the VS Code parts; tests supply their own.
 */
import {
	describeMessage,
	isDashboardRequest,
	type DashboardHostMessage,
	type ExportFormat,
} from '../../../webview/shared/dashboardMessages';
import { exportFileName, exportText } from './exportData';
import type { Loaded } from './loadDashboard';

/** What the host needs from its surroundings. */
export interface DashboardDeps {
	/** A run by id, or the newest; a string says why there is none. */
	load(runId?: number): Promise<Loaded | string>;
	post(message: DashboardHostMessage): void;
	log: { info(m: string): void; warn(m: string): void; error(m: string): void };
	/**
	 * Asks where to save and writes `text` there. Resolves with the path, or
	 * undefined when the person cancelled; rejects when the write failed.
	 */
	save(format: ExportFormat, suggestedName: string, text: string): Promise<string | undefined>;
	/** Called when the panel shows another run (for its title). */
	shown?(loaded: Loaded): void;
}

/**
 * One dashboard page's host: which run it shows, what was last read, and
 * the replies to the page's requests.
 */
export class DashboardHost {
	private loaded?: Loaded;
	/** Loads are numbered so that a slow, older one never overwrites a newer one. */
	private seq = 0;

	constructor(
		private readonly deps: DashboardDeps,
		private runId?: number,
	) {}

	/** The run shown (or about to be); undefined means the newest. */
	get currentRunId(): number | undefined {
		return this.runId;
	}

	/** What is shown now, if anything. */
	get current(): Loaded | undefined {
		return this.loaded;
	}

	/** Handles one message from the webview; anything malformed is logged and dropped. */
	async receive(message: unknown): Promise<void> {
		if (!isDashboardRequest(message)) {
			this.deps.log.warn(`Evaluation dashboard: dropped ${describeMessage(message)} `
				+ 'from the webview; it is not a message the dashboard sends.');
			return;
		}
		switch (message.type) {
			case 'ready':
				// A reloaded page gets what was already read; nothing changed in between.
				if (this.loaded && this.loaded.data.run.id === this.runId) {
					this.deps.post({ type: 'show', data: this.loaded.data });
				} else {
					await this.show(this.runId);
				}
				break;
			case 'refresh':
				await this.show(this.runId);
				break;
			case 'openRun':
				await this.show(message.runId);
				break;
			case 'export':
				await this.export(message.format);
				break;
		}
	}

	/** Loads a run (the newest when undefined) and sends it to the webview. */
	async show(runId?: number): Promise<void> {
		const mine = ++this.seq;
		this.runId = runId;
		let result: Loaded | string;
		try {
			result = await this.deps.load(runId);
		} catch (e) {
			result = `The evaluation run could not be read: ${(e as Error).message}`;
			this.deps.log.error(`Evaluation dashboard: ${result}`);
		}
		if (mine !== this.seq) {
			return;
		}
		if (typeof result === 'string') {
			this.loaded = undefined;
			this.deps.post({ type: 'empty', message: result });
			return;
		}
		this.loaded = result;
		this.runId = result.data.run.id;
		this.deps.shown?.(result);
		this.deps.post({ type: 'show', data: result.data });
	}

	private async export(format: ExportFormat): Promise<void> {
		const loaded = this.loaded;
		if (!loaded) {
			this.deps.post({ type: 'exported', format, path: null,
				error: 'There are no results to export; open a run first.' });
			return;
		}
		try {
			const path = await this.deps.save(format, exportFileName(loaded, format),
				exportText(loaded, format));
			if (path !== undefined) {
				this.deps.log.info(`Exported evaluation run ${loaded.data.run.id} to ${path}.`);
			}
			this.deps.post({ type: 'exported', format, path: path ?? null, error: null });
		} catch (e) {
			const what = format.toUpperCase();
			const error = `Could not save the ${what} export: ${(e as Error).message}`;
			this.deps.log.error(`Evaluation dashboard: ${error}`);
			this.deps.post({ type: 'exported', format, path: null, error });
		}
	}
}
