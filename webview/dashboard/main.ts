/**
 * The dashboard's script: asks the host for its run, draws what comes
 * back, and saves the run id with setState so a window reload brings the
 * same run back (the host's serializer reads it).
 */
import '../shared/base.css';
import './dashboard.css';
import { registerComponents } from '../components';
import {
	isDashboardHostMessage, type DashboardRequest, type DashboardState,
} from '../shared/dashboardMessages';
import { renderDashboard, renderEmpty, renderStatus } from './render';
import { vscode } from '../shared/vscodeApi';

registerComponents();
const root = document.getElementById('app') as HTMLElement;

function send(m: DashboardRequest): void {
	vscode.postMessage(m);
}

window.addEventListener('message', (e: MessageEvent) => {
	const m: unknown = e.data;
	if (!isDashboardHostMessage(m)) {
		return;
	}
	switch (m.type) {
		case 'show': {
			renderDashboard(root, m.data, send);
			const state: DashboardState = { v: 1, runId: m.data.run.id };
			vscode.setState(state);
			break;
		}
		case 'empty':
			renderEmpty(root, m.message, send);
			break;
		case 'exported': {
			const what = m.format.toUpperCase();
			if (m.error !== null) {
				renderStatus(root, m.error, true);
			} else if (m.path !== null) {
				renderStatus(root, `Saved the ${what} export to ${m.path}.`, false);
			}
			break;
		}
	}
});

send({ type: 'ready' });
