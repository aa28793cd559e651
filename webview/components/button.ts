/**
 * A button. Buttons never take keyboard focus away from the panel's keys
 * for long: a click runs the action and hands focus back to the caller.
 */

/** How a button looks and what it says on hover. */
export interface ButtonOptions {
	primary?: boolean;
	title?: string;
	disabled?: boolean;
	/** A key shown after the label, e.g. "N". */
	key?: string;
	/** A data-action attribute, so tests and styles can find the button. */
	action?: string;
}

/** Creates a button that calls `onClick` when pressed. */
export function button(label: string, onClick: () => void, options: ButtonOptions = {}):
	HTMLElement {
	const el = document.createElement('vscode-button');
	el.setAttribute('appearance', options.primary ? 'primary' : 'secondary');
	el.textContent = options.key ? `${label} (${options.key})` : label;
	if (options.title) {
		el.title = options.title;
	}
	if (options.disabled) {
		el.setAttribute('disabled', '');
	}
	if (options.action) {
		el.dataset.action = options.action;
	}
	el.addEventListener('click', () => {
		if (!el.hasAttribute('disabled')) {
			onClick();
		}
	});
	return el;
}
