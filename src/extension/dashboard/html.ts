/** The dashboard's page, on the shared strict-CSP page (../webviewPage.ts). */
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../webviewPage';

/** The addresses (already webview URIs) the page loads. */
export interface DashboardPage {
	/** `webview.cspSource`: the origin of the local resource roots. */
	cspSource: string;
	nonce: string;
	script: string;
	style: string;
}

/** A fresh nonce for one page load: 128 random bits. */
export const dashboardNonce = makeNonce;

/** The Content-Security-Policy the page declares. */
export const dashboardCsp = contentSecurityPolicy;

/** The HTML of the dashboard panel. */
export function dashboardHtml(p: DashboardPage): string {
	return webviewHtml({
		cspSource: p.cspSource,
		nonce: p.nonce,
		script: p.script,
		styles: [p.style],
		title: 'Stepwise Evaluation',
		body: '<main id="app" data-state="loading"><p class="notice">Loading the evaluation run...</p></main>',
	});
}
