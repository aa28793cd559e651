/**
 * The labeling panel's script: wires keys, clicks and host messages to
 * the reducer (state.ts), draws the result (render.ts) and saves the
 * place with setState so a reload comes back to it.
 */
import '../shared/base.css';
import './labeling.css';
import { isTextTarget, registerComponents } from '../components';
import { isHostMessage } from '../shared/messages';
import { isPersistedState } from '../shared/persisted';
import type { Action } from './actions';
import { actionForKey } from './keys';
import { PanelView } from './render';
import { persistable, reduce, start, type PanelEvent, type Step } from './state';
import { vscode } from '../shared/vscodeApi';

registerComponents();

const root = document.getElementById('app') as HTMLElement;
const view = new PanelView(root, (action) => dispatch(actionEvent(action)), (text) =>
	dispatch({ kind: 'input', text }));
const saved = vscode.getState();
let current = apply(start(isPersistedState(saved) ? saved : undefined));

function actionEvent(action: Action): PanelEvent {
	return { kind: 'action', action, at: Date.now() };
}

function dispatch(event: PanelEvent): void {
	current = apply(reduce(current, event));
}

function apply(step: Step): Step['state'] {
	vscode.setState(persistable(step.state));
	view.render(step.state);
	for (const effect of step.effects) {
		if (effect.type === 'post') {
			vscode.postMessage(effect.message);
		} else {
			view.focus(effect.target);
		}
	}
	return step.state;
}

window.addEventListener('message', (e: MessageEvent) => {
	if (isHostMessage(e.data)) {
		dispatch({ kind: 'host', message: e.data, at: Date.now() });
	}
});

document.addEventListener('keydown', (e: KeyboardEvent) => {
	const action = actionForKey({
		key: e.key,
		ctrl: e.ctrlKey,
		meta: e.metaKey,
		alt: e.altKey,
		inText: isTextTarget(e.target),
	});
	if (action) {
		e.preventDefault();
		dispatch(actionEvent(action));
	}
});
