/**
 * A horizontal rule between sections.
 */

/** Creates a divider. */
export function divider(): HTMLElement {
	return document.createElement('vscode-divider');
}
