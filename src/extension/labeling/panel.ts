/**
 * The labeling panel in VS Code: one webview panel (viewType
 * `stepwise.labeling`) wired to a LabelingHost. It comes back after a
 * window reload through the serializer registered at activation; the
 * webview's saved state then says which sample and step it was on.
 */
import * as vscode from 'vscode';
import { isPersistedState } from '../../../webview/shared/persisted';
import { sampleUri } from '../sampleFs';
import { prmIdOf, type Services } from '../services';
import { readSettings } from '../settings';
import type { LabelContext } from './context';
import { labelingHtml, makeNonce } from './html';
import { LabelingHost, type Intent } from './labelingHost';

/** The webview type declared in package.json (activation event onWebviewPanel). */
export const VIEW_TYPE = 'stepwise.labeling';

/** The folders the page may load from: the bundle, the media, and KaTeX's CSS and fonts. */
function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
	return [
		vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
		vscode.Uri.joinPath(extensionUri, 'media'),
		vscode.Uri.joinPath(extensionUri, 'node_modules', 'katex', 'dist'),
	];
}

/** Owns the one labeling panel. */
export class LabelingPanels implements vscode.Disposable {
	private current?: { panel: vscode.WebviewPanel; host: LabelingHost };

	constructor(
		private readonly svc: Services,
		private readonly changed: () => void,
	) {}

	/** The host of the open panel, for callers that check (tests). */
	get host(): LabelingHost | undefined {
		return this.current?.host;
	}

	/** Opens (or reveals) the panel and shows what `intent` asks for. */
	async open(intent: Intent): Promise<void> {
		// Scores are stored under the PRM in use, which may be a retrained version.
		await this.svc.engine.prmPath();
		const cur = this.current;
		if (cur) {
			const live = cur.panel.visible && cur.host.isReady;
			cur.panel.reveal();
			if (live) {
				await cur.host.apply(intent);
			} else {
				// The webview is (re)loading; it asks for its sample when ready.
				cur.host.setPending(intent);
			}
			return;
		}
		const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Stepwise Labeling',
			vscode.ViewColumn.Active, { enableScripts: true });
		this.attach(panel, intent);
	}

	/** Takes over a panel VS Code restored after a reload. */
	revive(panel: vscode.WebviewPanel, state: unknown): void {
		if (state !== undefined && state !== null && !isPersistedState(state)) {
			this.svc.log.warn('Labeling panel: the saved place could not be read; starting '
				+ 'from the queue.');
		}
		if (this.current) {
			// Only one panel labels at a time; the restored one replaces it.
			this.current.panel.dispose();
		}
		this.attach(panel, undefined);
	}

	private attach(panel: vscode.WebviewPanel, intent: Intent | undefined): void {
		const ext = this.svc.ctx.extensionUri;
		const webview = panel.webview;
		webview.options = { enableScripts: true, localResourceRoots: resourceRoots(ext) };
		panel.iconPath = vscode.Uri.joinPath(ext, 'media', 'stepwise.svg');
		const asUri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(ext, ...p))
			.toString();
		webview.html = labelingHtml({
			cspSource: webview.cspSource,
			nonce: makeNonce(),
			script: asUri('dist', 'webview', 'labeling.js'),
			styles: [
				asUri('node_modules', 'katex', 'dist', 'katex.min.css'),
				asUri('dist', 'webview', 'labeling.css'),
			],
		});
		const host = new LabelingHost({
			store: () => this.svc.stores.get(),
			context: () => this.context(),
			post: (m) => {
				void webview.postMessage(m);
			},
			log: this.svc.log,
			openDocument: async (id) => {
				await vscode.window.showTextDocument(sampleUri(id), {
					viewColumn: vscode.ViewColumn.Beside,
					preview: true,
				});
			},
			generate: async () => {
				await vscode.commands.executeCommand('stepwise.generate');
			},
			changed: this.changed,
		});
		if (intent) {
			host.setPending(intent);
		}
		const subs = [
			webview.onDidReceiveMessage((m: unknown) => host.receive(m)),
			panel.onDidChangeViewState((e) => {
				if (!e.webviewPanel.visible) {
					// A hidden webview is torn down and reloads from its saved state.
					host.markNotReady();
				}
			}),
		];
		panel.onDidDispose(() => {
			subs.forEach((s) => s.dispose());
			if (this.current?.panel === panel) {
				this.current = undefined;
			}
		});
		this.current = { panel, host };
	}

	private context(): LabelContext {
		const s = readSettings(this.svc.ctx);
		return { labeler: s.labeler, easyMaxLevel: s.easyMaxLevel, prmId: prmIdOf(this.svc.engine.knownPrmPath()) };
	}

	dispose(): void {
		this.current?.panel.dispose();
	}
}
