/**
 * Text with LaTeX math in it, turned into HTML: `$...$` and `\(...\)`
 * inline, `$$...$$` and `\[...\]` displayed, everything else escaped
 * text. Model output is often broken LaTeX; a piece KaTeX cannot read is
 * shown as its raw source with a visible marker, never an exception.
 */
import katex from 'katex';

/** A piece of a text: plain, math, or math that could not be read. */
export type Segment =
	| { kind: 'text'; text: string }
	| { kind: 'math'; tex: string; display: boolean; raw: string }
	| { kind: 'broken'; raw: string; why: string };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** Index of the next `close` at or after `from` that is not escaped, or -1. */
function findClose(text: string, close: string, from: number): number {
	let i = from;
	while (i < text.length) {
		if (text.startsWith(close, i)) {
			return i;
		}
		// A backslash escapes the next character: \$ is a dollar inside math.
		i += text[i] === '\\' ? 2 : 1;
	}
	return -1;
}

/** The delimiter pairs, longest opener first so `$$` wins over `$`. */
const DELIMITERS: readonly { open: string; close: string; display: boolean }[] = [
	{ open: '\\(', close: '\\)', display: false },
	{ open: '\\[', close: '\\]', display: true },
	{ open: '$$', close: '$$', display: true },
	{ open: '$', close: '$', display: false },
];

/** Cuts a text into plain and math pieces. */
export function splitMath(text: string): Segment[] {
	const out: Segment[] = [];
	let plain = '';
	let i = 0;
	while (i < text.length) {
		if (text.startsWith('\\$', i)) {
			// An escaped dollar outside math is a dollar sign.
			plain += '$';
			i += 2;
			continue;
		}
		const d = DELIMITERS.find((x) => text.startsWith(x.open, i));
		if (!d) {
			plain += text[i];
			i++;
			continue;
		}
		const end = findClose(text, d.close, i + d.open.length);
		if (end < 0 && d.open === '$') {
			// A lone dollar is money, not math ("costs $5").
			plain += '$';
			i++;
			continue;
		}
		if (plain) {
			out.push({ kind: 'text', text: plain });
			plain = '';
		}
		if (end < 0) {
			out.push({ kind: 'broken', raw: text.slice(i), why: `no closing ${d.close}` });
			return out;
		}
		out.push({
			kind: 'math',
			tex: text.slice(i + d.open.length, end),
			display: d.display,
			raw: text.slice(i, end + d.close.length),
		});
		i = end + d.close.length;
	}
	if (plain) {
		out.push({ kind: 'text', text: plain });
	}
	return out;
}

/** HTML for a piece that could not be rendered: its source, marked. */
function brokenHtml(raw: string, why: string): string {
	return `<span class="math-broken" title="${escapeHtml(`LaTeX not rendered: ${why}`)}">`
		+ `<span class="math-broken-mark" aria-hidden="true">⚠</span>`
		+ `<code>${escapeHtml(raw)}</code></span>`;
}

/**
 * KaTeX writes sizes as style attributes, which the panel's Content
 * Security Policy refuses. They move to data-style here and are applied
 * through the CSSOM (see applyMathStyles), which the policy allows.
 */
function moveStyles(html: string): string {
	return html.replace(/ style="/g, ' data-style="');
}

/**
 * KaTeX draws unknown commands in its error colour instead of failing; an
 * unusual colour lets them be told apart from a formula's own colours.
 */
const ERROR_COLOR = '#cd0001';

/** Renders one formula, or its source `raw`, marked, when KaTeX reports an error. */
export function renderFormula(tex: string, display: boolean, raw: string): string {
	const html = katex.renderToString(tex, {
		displayMode: display,
		throwOnError: false,
		errorColor: ERROR_COLOR,
		trust: false,
		strict: 'ignore',
		output: 'htmlAndMathml',
	});
	if (html.includes('katex-error') || html.includes(ERROR_COLOR)) {
		const why = /class="katex-error" title="([^"]*)"/.exec(html)?.[1]
			?? 'unknown command';
		return brokenHtml(raw, decodeEntities(why));
	}
	return moveStyles(html);
}

function decodeEntities(text: string): string {
	return text
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, '\'')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** Renders text with math as HTML; line breaks in the text are kept. */
export function renderMathText(text: string): string {
	return splitMath(text).map((s) => {
		switch (s.kind) {
			case 'text':
				return escapeHtml(s.text).replace(/\n/g, '<br>');
			case 'math':
				return renderFormula(s.tex, s.display, s.raw);
			case 'broken':
				return brokenHtml(s.raw, s.why);
		}
	}).join('');
}
