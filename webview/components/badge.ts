/**
 * A small count or tag next to a heading.
 */

/** Creates a badge showing `text`; `className` picks a colour from the panel's CSS. */
export function badge(text: string, options: { title?: string; className?: string } = {}):
	HTMLElement {
	const el = document.createElement('vscode-badge');
	el.textContent = text;
	if (options.title) {
		el.title = options.title;
	}
	if (options.className) {
		el.className = options.className;
	}
	return el;
}
