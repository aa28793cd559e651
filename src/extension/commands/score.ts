/**
 * "Score Steps of This Solution": cut the active document into steps, ask
 * the PRM for every step in one pass, and draw the scores.
 */
import * as vscode from 'vscode';
import { parseSolutionDoc } from '../../core/solutionDoc';
import { reportError } from '../notify';
import { annotateSample } from '../sampleAnnotations';
import { sampleIdOf } from '../sampleFs';
import type { Services } from '../services';
import { readSettings } from '../settings';

/** Problems people typed for documents without a header, by document. */
const askedProblems = new Map<string, string>();

/** Scores the active editor's document; returns the step probabilities. */
export async function scoreCommand(svc: Services): Promise<number[] | undefined> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		void vscode.window.showInformationMessage('Stepwise: open a solution to score first.');
		return undefined;
	}
	const doc = editor.document;
	if (sampleIdOf(doc.uri) !== undefined) {
		await annotateSample(svc, doc);
		return svc.annotations.get(doc)?.scores.map((x) => x.p);
	}
	const s = readSettings(svc.ctx);
	const parsed = parseSolutionDoc(doc.getText(), s.stepMode);
	if (parsed.steps.length === 0) {
		void vscode.window.showInformationMessage(
			'Stepwise: this document has no solution steps to score (one step per line, '
			+ 'or change `stepwise.stepMode`).');
		return undefined;
	}
	const known = svc.problems.lookup(parsed.ref, parsed.problem);
	let problem = parsed.problem ?? known?.problem ?? askedProblems.get(doc.uri.toString());
	if (problem === undefined) {
		problem = await vscode.window.showInputBox({
			title: 'Stepwise: which problem does this solution answer?',
			prompt: 'The PRM reads the problem before the steps. Tip: start the file with a '
				+ '"Problem:" paragraph to skip this question.',
			ignoreFocusOut: true,
		});
		if (problem === undefined) {
			return undefined;
		}
		askedProblems.set(doc.uri.toString(), problem);
	}
	try {
		const a = await svc.live!.enable(doc, problem);
		return a?.scores.map((x) => x.p);
	} catch (e) {
		reportError(svc, 'Scoring failed', e);
		return undefined;
	}
}
