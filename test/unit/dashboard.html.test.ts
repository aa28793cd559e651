import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	dashboardCsp, dashboardHtml, dashboardNonce,
} from '../../src/extension/dashboard/html';

const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function page(nonce: string): string {
	return dashboardHtml({
		cspSource: SOURCE,
		nonce,
		script: `${SOURCE}/ext/dist/webview/dashboard.js`,
		style: `${SOURCE}/ext/dist/webview/dashboard.css`,
	});
}

test('the policy allows nothing by default and scripts only with the nonce', () => {
	const csp = dashboardCsp(SOURCE, 'abc123');
	const parts = csp.split('; ');
	assert.deepEqual(parts, [
		'default-src \'none\'',
		'script-src \'nonce-abc123\'',
		`style-src ${SOURCE}`,
		`img-src ${SOURCE}`,
		`font-src ${SOURCE}`,
	]);
	assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
});

test('the page declares the policy and loads its one script with the nonce', () => {
	const html = page('n0nce');
	const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
	assert.ok(meta, 'no CSP meta tag');
	assert.equal(meta[1], dashboardCsp(SOURCE, 'n0nce'));
	const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
	assert.deepEqual(scripts, [` nonce="n0nce" src="${SOURCE}/ext/dist/webview/dashboard.js"`]);
	assert.doesNotMatch(html, /style="/, 'no inline styles');
	assert.doesNotMatch(html, /<style/, 'no style elements');
});

test('every load gets a fresh nonce of 128 random bits in hex', () => {
	const seen = new Set<string>();
	for (let k = 0; k < 50; k++) {
		const n = dashboardNonce();
		assert.match(n, /^[0-9a-f]{32}$/);
		seen.add(n);
	}
	assert.equal(seen.size, 50);
});

test('quotes in the addresses cannot break out of the attributes', () => {
	const html = dashboardHtml({ cspSource: SOURCE, nonce: 'x', script: 'a"><script>b',
		style: 'c"d' });
	assert.doesNotMatch(html, /a"><script>b/);
	assert.match(html, /src="a&quot;>&lt;script>b"/);
	assert.match(html, /href="c&quot;d"/);
});
