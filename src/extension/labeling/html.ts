/**
 * The labeling panel's page. Strict Content Security Policy: nothing by
 * default, scripts only with this load's nonce, styles and fonts only from
 * the webview's own resource roots. No remote content, no inline styles.
 */
import { randomBytes } from 'node:crypto';

/** The addresses (already webview URIs) the page loads. */
export interface PageParts {
	/** `webview.cspSource`: the origin of the local resource roots. */
	cspSource: string;
	nonce: string;
	script: string;
	styles: string[];
}

/** A fresh nonce for one page load. */
export function makeNonce(): string {
	return randomBytes(16).toString('hex');
}

function attr(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The Content-Security-Policy the page declares. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
	return [
		'default-src \'none\'',
		`style-src ${cspSource}`,
		`font-src ${cspSource}`,
		`img-src ${cspSource}`,
		`script-src 'nonce-${nonce}'`,
	].join('; ');
}

/** The HTML of the panel. */
export function labelingHtml(p: PageParts): string {
	const links = p.styles
		.map((href) => `\t<link rel="stylesheet" href="${attr(href)}">`)
		.join('\n');
	const csp = attr(contentSecurityPolicy(p.cspSource, p.nonce));
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
	<title>Stepwise Labeling</title>
</head>
<body>
	<main id="app" tabindex="-1"></main>
	<script nonce="${p.nonce}" src="${attr(p.script)}"></script>
</body>
</html>
`;
}
