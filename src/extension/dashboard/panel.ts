/**
 * The evaluation dashboard in VS Code: one webview panel (viewType
 * `stepwise.dashboard`) wired to a DashboardHost. After a window reload
 * the serializer hands the panel back with the state the webview saved,
 * which names the run it showed.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import {
	isDashboardState,
	type ExportFormat,
} from '../../../webview/shared/dashboardMessages';
import type { Services } from '../services';
import { DashboardHost } from './dashboardHost';
import { dashboardHtml, dashboardNonce } from './html';
import { loadDashboard, type Loaded } from './loadDashboard';

/** The webview type declared in package.json (activation event onWebviewPanel). */
export const DASHBOARD_VIEW_TYPE = 'stepwise.dashboard';

/** What opening the dashboard reports back (tests read it). */
export interface OpenedDashboard {
	runId: number | null;
	visible: boolean;
}

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
	csv: { 'CSV table': ['csv'] },
	json: { 'JSON results': ['json'] },
};

/** Owns the one dashboard panel. */
export class DashboardPanels implements vscode.Disposable {
	private current?: { panel: vscode.WebviewPanel; host: DashboardHost };

	constructor(private readonly svc: Services) {}

	/** Opens (or reveals) the dashboard on run `runId`, or on the newest run. */
	async open(runId?: number): Promise<OpenedDashboard> {
		let cur = this.current;
		if (!cur) {
			const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE,
				'Stepwise Evaluation', vscode.ViewColumn.Active, { enableScripts: true });
			cur = this.attach(panel, runId);
		} else {
			cur.panel.reveal();
		}
		// Read now, so the page gets the data the moment it says it is ready.
		await cur.host.show(runId);
		return { runId: cur.host.current?.data.run.id ?? null, visible: cur.panel.visible };
	}

	/** Takes over a panel VS Code restored after a window reload. */
	revive(panel: vscode.WebviewPanel, state: unknown): void {
		let runId: number | undefined;
		if (isDashboardState(state)) {
			runId = state.runId;
		} else if (state !== undefined && state !== null) {
			this.svc.log.warn('Evaluation dashboard: the saved state could not be read; '
				+ 'showing the newest run.');
		}
		this.current?.panel.dispose();
		this.attach(panel, runId);
	}

	private attach(panel: vscode.WebviewPanel, runId: number | undefined):
		{ panel: vscode.WebviewPanel; host: DashboardHost } {
		const ext = this.svc.ctx.extensionUri;
		const webview = panel.webview;
		webview.options = {
			enableScripts: true,
			localResourceRoots: [
				vscode.Uri.joinPath(ext, 'dist', 'webview'),
				vscode.Uri.joinPath(ext, 'media'),
			],
		};
		panel.iconPath = vscode.Uri.joinPath(ext, 'media', 'stepwise.svg');
		const asUri = (...p: string[]): string =>
			webview.asWebviewUri(vscode.Uri.joinPath(ext, ...p)).toString();
		webview.html = dashboardHtml({
			cspSource: webview.cspSource,
			nonce: dashboardNonce(),
			script: asUri('dist', 'webview', 'dashboard.js'),
			style: asUri('dist', 'webview', 'dashboard.css'),
		});
		const host = new DashboardHost({
			load: (id) => this.load(id),
			post: (m) => {
				void webview.postMessage(m);
			},
			log: this.svc.log,
			save: (format, name, text) => this.save(format, name, text),
			shown: (loaded) => {
				panel.title = `Stepwise Evaluation: run ${loaded.data.run.id}`;
			},
		}, runId);
		const sub = webview.onDidReceiveMessage((m: unknown) => {
			void host.receive(m).catch((e) => this.svc.log.error(
				`Evaluation dashboard: a message failed: ${(e as Error).message}`));
		});
		panel.onDidDispose(() => {
			sub.dispose();
			if (this.current?.panel === panel) {
				this.current = undefined;
			}
		});
		this.current = { panel, host };
		return this.current;
	}

	private async load(runId?: number): Promise<Loaded | string> {
		const store = await this.svc.stores.get();
		return loadDashboard({
			store,
			problems: (set) => this.svc.problems.load(set),
		}, runId);
	}

	private async save(format: ExportFormat, name: string, text: string):
		Promise<string | undefined> {
		const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
		const uri = await vscode.window.showSaveDialog({
			title: `Export evaluation results as ${format.toUpperCase()}`,
			defaultUri: vscode.Uri.joinPath(folder, name),
			filters: FILTERS[format],
			saveLabel: 'Export',
		});
		if (!uri) {
			return undefined;
		}
		await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
		return uri.scheme === 'file' ? uri.fsPath : uri.toString();
	}

	dispose(): void {
		this.current?.panel.dispose();
	}
}
