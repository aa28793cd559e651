import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, labelingHtml, makeNonce } from '../../src/extension/labeling/html';

const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

test('the policy allows nothing by default, scripts by nonce, styles and fonts from the roots', () => {
	assert.equal(contentSecurityPolicy(SOURCE, 'abc123'),
		`default-src 'none'; script-src 'nonce-abc123'; style-src ${SOURCE}; img-src ${SOURCE}; `
		+ `font-src ${SOURCE}`);
});

test('the page loads one script with the nonce, the stylesheets, and nothing inline', () => {
	const html = labelingHtml({
		cspSource: SOURCE,
		nonce: 'n0nce',
		script: `${SOURCE}/ext/dist/webview/labeling.js`,
		styles: [`${SOURCE}/ext/node_modules/katex/dist/katex.min.css`,
			`${SOURCE}/ext/dist/webview/labeling.css`],
	});
	const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
	assert.equal(csp?.[1], contentSecurityPolicy(SOURCE, 'n0nce').replace(/'/g, '\''));
	const scripts = html.match(/<script[^>]*>/g) ?? [];
	assert.deepEqual(scripts, [`<script nonce="n0nce" src="${SOURCE}/ext/dist/webview/labeling.js">`]);
	assert.equal((html.match(/<link rel="stylesheet"/g) ?? []).length, 2);
	assert.equal(/<style|style="/.test(html), false);
	assert.equal(/https?:\/\/(?!file\+\.vscode-resource)/.test(html), false, 'no remote address');
	assert.ok(html.includes('<main id="app" tabindex="-1"></main>'));
});

test('each load gets a new 128-bit nonce', () => {
	const a = makeNonce();
	const b = makeNonce();
	assert.match(a, /^[0-9a-f]{32}$/);
	assert.notEqual(a, b);
});
