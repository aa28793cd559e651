/**
 * The dashboard's page. Strict Content Security Policy: nothing by
 * default, the script only with this load's nonce, styles, images and
 * fonts only from the webview's own resource roots, no remote content.
 */
import { randomBytes } from 'node:crypto';

/** The addresses (already webview URIs) the page loads. */
export interface DashboardPage {
	/** `webview.cspSource`: the origin of the local resource roots. */
	cspSource: string;
	nonce: string;
	script: string;
	style: string;
}

/** A fresh nonce for one page load: 128 random bits. */
export function dashboardNonce(): string {
	return randomBytes(16).toString('hex');
}

function attr(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The Content-Security-Policy the page declares. */
export function dashboardCsp(cspSource: string, nonce: string): string {
	return [
		'default-src \'none\'',
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource}`,
		`img-src ${cspSource}`,
		`font-src ${cspSource}`,
	].join('; ');
}

/** The HTML of the dashboard panel. */
export function dashboardHtml(p: DashboardPage): string {
	const csp = attr(dashboardCsp(p.cspSource, p.nonce));
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link rel="stylesheet" href="${attr(p.style)}">
	<title>Stepwise Evaluation</title>
</head>
<body>
	<main id="app" data-state="loading"><p class="notice">Loading the evaluation run...</p></main>
	<script nonce="${attr(p.nonce)}" src="${attr(p.script)}"></script>
</body>
</html>
`;
}
