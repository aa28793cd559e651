import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderMathText, splitMath } from '../../webview/labeling/math';

test('the four delimiters cut text into plain and math pieces', () => {
	assert.deepEqual(splitMath('Let $x=1$ and \\(y\\). Then $$x+y$$ or \\[z\\] end'), [
		{ kind: 'text', text: 'Let ' },
		{ kind: 'math', tex: 'x=1', display: false, raw: '$x=1$' },
		{ kind: 'text', text: ' and ' },
		{ kind: 'math', tex: 'y', display: false, raw: '\\(y\\)' },
		{ kind: 'text', text: '. Then ' },
		{ kind: 'math', tex: 'x+y', display: true, raw: '$$x+y$$' },
		{ kind: 'text', text: ' or ' },
		{ kind: 'math', tex: 'z', display: true, raw: '\\[z\\]' },
		{ kind: 'text', text: ' end' },
	]);
});

test('escaped and lone dollars are money, not math', () => {
	// From PRM800K: "cost $\$1.24$" is math holding an escaped dollar.
	assert.deepEqual(splitMath('cost $\\$1.24$.'), [
		{ kind: 'text', text: 'cost ' },
		{ kind: 'math', tex: '\\$1.24', display: false, raw: '$\\$1.24$' },
		{ kind: 'text', text: '.' },
	]);
	assert.deepEqual(splitMath('It costs $5 today.'), [{ kind: 'text', text: 'It costs $5 today.' }]);
	assert.deepEqual(splitMath('Pay \\$3.'), [{ kind: 'text', text: 'Pay $3.' }]);
});

test('an unclosed \\( or $$ leaves the rest as marked source', () => {
	assert.deepEqual(splitMath('So \\(x+1 is it'), [
		{ kind: 'text', text: 'So ' },
		{ kind: 'broken', raw: '\\(x+1 is it', why: 'no closing \\)' },
	]);
	assert.deepEqual(splitMath('$$a'), [{ kind: 'broken', raw: '$$a', why: 'no closing $$' }]);
});

test('good math becomes KaTeX HTML, with its sizes moved off style attributes', () => {
	const html = renderMathText('Half is $\\frac{1}{2}$.');
	assert.ok(html.startsWith('Half is <span class="katex">'), html.slice(0, 60));
	assert.ok(html.endsWith('</span>.'));
	assert.ok(html.includes('<annotation encoding="application/x-tex">\\frac{1}{2}</annotation>'));
	assert.ok(html.includes('<mfrac><mn>1</mn><mn>2</mn></mfrac>'));
	assert.equal(/ style="/.test(html), false, 'the CSP refuses style attributes');
	assert.ok(html.includes(' data-style="height:'), 'the sizes are kept for the CSSOM');
	const display = renderMathText('$$x^2$$');
	assert.ok(display.includes('class="katex-display"'));
});

test('malformed LaTeX shows its raw text with a visible marker', () => {
	const html = renderMathText('Then $\\frac{1}{$ so.');
	assert.ok(html.startsWith('Then <span class="math-broken" title="LaTeX not rendered: '), html);
	assert.ok(html.includes('<span class="math-broken-mark" aria-hidden="true">⚠</span>'));
	assert.ok(html.includes('<code>$\\frac{1}{$</code>'));
	assert.ok(html.endsWith(' so.'));
	assert.equal(html.includes('class="katex"'), false);
	const unknown = renderMathText('$\\notacommand{x}$');
	assert.ok(unknown.includes('<code>$\\notacommand{x}$</code>'), unknown);
	assert.ok(unknown.includes('title="LaTeX not rendered: unknown command"'));
	const unclosed = renderMathText('\\[x');
	assert.equal(unclosed, '<span class="math-broken" title="LaTeX not rendered: no closing \\]">'
		+ '<span class="math-broken-mark" aria-hidden="true">⚠</span><code>\\[x</code></span>');
});

test('plain text is escaped and keeps its line breaks', () => {
	assert.equal(renderMathText('a <b> & "c"\nd'), 'a &lt;b&gt; &amp; &quot;c&quot;<br>d');
	assert.equal(escapeHtml('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
	const inMath = renderMathText('$\\text{<script>}$');
	assert.equal(inMath.includes('<script>'), false);
});

test('KaTeX never follows links or loads anything: \\href and \\includegraphics are not trusted', () => {
	const html = renderMathText('$\\href{https://example.com}{x}$ $\\includegraphics{a.png}$');
	assert.equal(html.includes('https://example.com"'), false);
	assert.equal(html.includes('<img'), false);
	assert.equal(html.includes('<a '), false);
});
