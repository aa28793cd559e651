/**
 * A spinner for "loading".
 */

/** Creates an indeterminate progress ring labelled for screen readers. */
export function progressRing(label: string): HTMLElement {
	const el = document.createElement('vscode-progress-ring');
	el.setAttribute('aria-label', label);
	return el;
}
