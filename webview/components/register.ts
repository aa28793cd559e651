/**
 * Defines the custom elements the component functions create. This folder
 * is the only place that knows which web-component library draws them, so
 * moving to another library changes these files and nothing else.
 */
import {
	provideVSCodeDesignSystem,
	vsCodeBadge,
	vsCodeButton,
	vsCodeDivider,
	vsCodeProgressRing,
	vsCodeTextArea,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Registers the elements once; later calls do nothing. */
export function registerComponents(): void {
	if (registered) {
		return;
	}
	registered = true;
	provideVSCodeDesignSystem().register(
		vsCodeBadge(),
		vsCodeButton(),
		vsCodeDivider(),
		vsCodeProgressRing(),
		vsCodeTextArea(),
	);
}
