/**
 * The handle VS Code gives a webview script. `acquireVsCodeApi` may be
 * called once per page, so every script takes it from here.
 */
export interface VsCodeApi {
	postMessage(message: unknown): void;
	getState(): unknown;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();
