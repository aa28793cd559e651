/**
 * The page every Stepwise webview loads. Strict Content Security Policy:
 * nothing by default, scripts only with this load's nonce, styles, images
 * and fonts only from the webview's own resource roots, no remote content
 * and no inline styles.
 */
import { randomBytes } from 'node:crypto';

/** What a page is made of; the addresses are already webview URIs. */
export interface WebviewPage {
	/** `webview.cspSource`: the origin of the local resource roots. */
	cspSource: string;
	nonce: string;
	script: string;
	styles: string[];
	title: string;
	/** The body's markup before the script (trusted, written by us). */
	body: string;
}

/** A fresh nonce for one page load: 128 random bits. */
export function makeNonce(): string {
	return randomBytes(16).toString('hex');
}

/** Escapes text for an attribute value in double quotes. */
export function attr(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The Content-Security-Policy a page declares. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
	return [
		'default-src \'none\'',
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource}`,
		`img-src ${cspSource}`,
		`font-src ${cspSource}`,
	].join('; ');
}

/** The HTML of a page. */
export function webviewHtml(p: WebviewPage): string {
	const links = p.styles.map((href) => `\t<link rel="stylesheet" href="${attr(href)}">`).join('\n');
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
	<title>${attr(p.title)}</title>
</head>
<body>
	${p.body}
	<script nonce="${attr(p.nonce)}" src="${attr(p.script)}"></script>
</body>
</html>
`;
}
