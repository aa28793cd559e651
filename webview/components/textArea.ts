/**
 * A multi-line text box, and how to tell whether a key press happened in
 * one (its real textarea sits inside the element's shadow root).
 */

/** A text box and the operations the panel needs on it. */
export interface TextBox {
	element: HTMLElement;
	value(): string;
	setValue(text: string): void;
	focus(): void;
}

/** What the box shows. */
export interface TextAreaOptions {
	label: string;
	value: string;
	placeholder?: string;
	rows?: number;
	maxLength?: number;
	onInput: (text: string) => void;
}

interface ValueElement extends HTMLElement {
	value: string;
}

/** Creates a text box that reports every edit to `onInput`. */
export function textArea(options: TextAreaOptions): TextBox {
	const el = document.createElement('vscode-text-area') as ValueElement;
	el.textContent = options.label;
	el.setAttribute('rows', String(options.rows ?? 3));
	el.setAttribute('resize', 'vertical');
	if (options.placeholder) {
		el.setAttribute('placeholder', options.placeholder);
	}
	if (options.maxLength) {
		el.setAttribute('maxlength', String(options.maxLength));
	}
	el.value = options.value;
	el.addEventListener('input', () => options.onInput(el.value));
	return {
		element: el,
		value: () => el.value,
		setValue: (text: string) => {
			el.value = text;
		},
		focus: () => el.focus(),
	};
}

const TEXT_TAGS = ['TEXTAREA', 'INPUT', 'VSCODE-TEXT-AREA', 'VSCODE-TEXT-FIELD'];

/** True when a key event's target is a text field, where keys are typing, not commands. */
export function isTextTarget(target: EventTarget | null): boolean {
	const el = target as HTMLElement | null;
	return !!el && typeof el.tagName === 'string'
		&& (TEXT_TAGS.includes(el.tagName.toUpperCase()) || el.isContentEditable === true);
}
