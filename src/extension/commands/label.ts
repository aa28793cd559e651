/**
 * Labeling the step under the cursor +1 / 0 / -1, PRM800K style: a -1
 * ends the solution (later steps are not rated), and only easy problems
 * take training labels. The command answers only after the label is
 * committed to the database.
 */
import * as vscode from 'vscode';
import { extractAnswer } from '../../core/answers/extract';
import { parseSolutionDoc } from '../../core/solutionDoc';
import type { Rating } from '../../core/types';
import { reportError } from '../notify';
import { prmIdOf, type Services } from '../services';
import { readSettings } from '../settings';

/** When labeling of a document began, for the time PRM800K records. */
const started = new Map<string, number>();

/** What the command did, for callers that check (tests, the panel). */
export interface LabelOutcome {
	sampleId: number;
	idx: number;
	rating: Rating;
}

function say(message: string): undefined {
	void vscode.window.showInformationMessage(`Stepwise: ${message}`);
	return undefined;
}

/** A step named by a CodeLens instead of the cursor. */
export interface LabelTarget {
	uri: string;
	idx: number;
}

function isTarget(x: unknown): x is LabelTarget {
	const t = x as LabelTarget;
	return !!t && typeof t.uri === 'string' && Number.isInteger(t.idx) && t.idx >= 0;
}

export async function labelCommand(svc: Services, rating: Rating, target?: unknown):
	Promise<LabelOutcome | undefined> {
	const editor = isTarget(target)
		? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.uri)
		: vscode.window.activeTextEditor;
	const a = editor && svc.annotations.get(editor.document);
	if (!editor || !a) {
		return say('score this solution first ("Stepwise: Score Steps of This Solution"); '
			+ 'labels go on scored steps.');
	}
	const at = isTarget(target)
		? (a.steps[target.idx] ? { index: target.idx, step: a.steps[target.idx] } : undefined)
		: svc.annotations.stepAt(editor.document, editor.selection.active);
	if (!at) {
		return say('put the cursor on a solution step to label it.');
	}
	const s = readSettings(svc.ctx);
	if (a.level === undefined) {
		return say('this solution\'s problem is not one of the known problem sets, so its '
			+ 'level is unknown and it cannot take training labels. Start the document with '
			+ '"Problem (math500 <unique_id>):" to name the problem.');
	}
	if (a.level > s.easyMaxLevel) {
		return say(`this is a level ${a.level} problem. Training labels are taken only on easy `
			+ `problems (level ${s.easyMaxLevel} or below, setting stepwise.easyMaxLevel), `
			+ 'so the PRM is only ever taught on easy ones.');
	}
	const wrongAt = [...a.labels.entries()].find(([i, r]) => r === -1 && i < at.index);
	if (wrongAt) {
		return say(`labeling of this solution ended at step ${wrongAt[0] + 1}, rated -1: `
			+ 'as in PRM800K, steps after the first wrong one are not rated. Re-rate that step '
			+ 'to go on.');
	}
	try {
		const store = await svc.stores.get();
		const sampleId = a.sampleId ?? await storeWrittenSolution(svc, editor.document);
		if (sampleId === undefined) {
			return undefined;
		}
		a.sampleId = sampleId;
		const key = editor.document.uri.toString();
		started.set(key, started.get(key) ?? Date.now());
		const owner = { sampleId, labeler: s.labeler, purpose: 'train' as const };
		const result = await store.setLabel({ ...owner, idx: at.index, rating });
		a.labels.set(at.index, rating);
		for (const r of result.removed) {
			a.labels.delete(r.idx);
		}
		const done = rating === -1 || a.labels.size === a.steps.length;
		if (done) {
			await store.finishSolution({
				...owner,
				reason: rating === -1 ? 'found_error' : 'solution',
				totalTimeMs: Date.now() - (started.get(key) ?? Date.now()),
			});
		}
		svc.annotations.repaint(editor.document);
		svc.live?.refreshLenses();
		const shown = rating > 0 ? '+1' : String(rating);
		vscode.window.setStatusBarMessage(`$(check) Stepwise: step ${at.index + 1} labeled ${shown} (saved)`, 4000);
		svc.log.info(`Label ${shown} on sample ${sampleId} step ${at.index + 1} by ${s.labeler}.`);
		if (rating !== -1 && !isTarget(target)) {
			moveToNextStep(editor, a.steps[at.index + 1]?.start);
		}
		return { sampleId, idx: at.index, rating };
	} catch (e) {
		reportError(svc, 'The label was not saved', e);
		return undefined;
	}
}

function moveToNextStep(editor: vscode.TextEditor, offset: number | undefined): void {
	if (offset === undefined) {
		return;
	}
	const pos = editor.document.positionAt(offset);
	editor.selection = new vscode.Selection(pos, pos);
	editor.revealRange(new vscode.Range(pos, pos));
}

/** A solution a person wrote gets a sample row the first time it is labeled. */
async function storeWrittenSolution(svc: Services, doc: vscode.TextDocument): Promise<number | undefined> {
	const a = svc.annotations.get(doc)!;
	const s = readSettings(svc.ctx);
	const parsed = parseSolutionDoc(doc.getText(), s.stepMode);
	const problem = svc.problems.lookup(parsed.ref, parsed.problem);
	if (!problem) {
		say('label a written solution only when its problem is known: start it with '
			+ '"Problem (math500 <unique_id>):".');
		return undefined;
	}
	const store = await svc.stores.get();
	await store.upsertProblems([problem]);
	const text = doc.getText(new vscode.Range(doc.positionAt(parsed.solutionStart),
		doc.positionAt(doc.getText().length)));
	return store.addSample({
		problem: { set: problem.set, uid: problem.uid },
		generator: 'human',
		text,
		steps: a.steps.map((x) => x.text),
		answer: extractAnswer(text),
		settings: { source: doc.uri.toString() },
		seed: null,
		scores: { prmId: prmIdOf(await svc.engine.prmPath()), scores: a.scores },
	});
}
