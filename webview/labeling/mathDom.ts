/**
 * Puts rendered math into the page. KaTeX's inline sizes arrive as
 * data-style (see math.ts) and are set here through the CSSOM, which the
 * panel's Content Security Policy allows while it refuses style attributes.
 */
import { renderMathText } from './math';

const cache = new Map<string, string>();
const CACHE_MAX = 2000;

/** HTML for a text with math, remembered: re-rendering a step on every key is wasteful. */
function cachedHtml(text: string): string {
	let html = cache.get(text);
	if (html === undefined) {
		html = renderMathText(text);
		if (cache.size >= CACHE_MAX) {
			cache.clear();
		}
		cache.set(text, html);
	}
	return html;
}

/** Applies the moved KaTeX styles under `root`. */
export function applyMathStyles(root: Element): void {
	for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-style]'))) {
		for (const decl of (el.dataset.style ?? '').split(';')) {
			const colon = decl.indexOf(':');
			if (colon > 0) {
				el.style.setProperty(decl.slice(0, colon).trim(), decl.slice(colon + 1).trim());
			}
		}
		el.removeAttribute('data-style');
	}
}

/** Creates an element of `tag` showing `text` with its math rendered. */
export function mathElement(tag: string, text: string, className: string): HTMLElement {
	const el = document.createElement(tag);
	el.className = className;
	// Safe: the HTML is KaTeX output (trust off) and escaped plain text.
	el.innerHTML = cachedHtml(text);
	applyMathStyles(el);
	return el;
}
