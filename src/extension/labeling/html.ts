/** The labeling panel's page, on the shared strict-CSP page (../webviewPage.ts). */
import { webviewHtml } from '../webviewPage';

export { contentSecurityPolicy, makeNonce } from '../webviewPage';

/** The addresses (already webview URIs) the page loads. */
export interface PageParts {
	/** `webview.cspSource`: the origin of the local resource roots. */
	cspSource: string;
	nonce: string;
	script: string;
	styles: string[];
}

/** The HTML of the panel. */
export function labelingHtml(p: PageParts): string {
	return webviewHtml({ ...p, title: 'Stepwise Labeling', body: '<main id="app" tabindex="-1"></main>' });
}
