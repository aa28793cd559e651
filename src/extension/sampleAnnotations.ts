/**
 * Draws a stored sample's scores and labels on its document, from the
 * database alone, so it works the same right after generation and after
 * a window reload.
 */
import type * as vscode from 'vscode';
import { parseSolutionDoc } from '../core/solutionDoc';
import type { Rating } from '../core/types';
import { sampleIdOf } from './sampleFs';
import { prmIdOf, type Services } from './services';
import { readSettings } from './settings';

export async function annotateSample(svc: Services, doc: vscode.TextDocument): Promise<void> {
	const id = sampleIdOf(doc.uri);
	if (id === undefined) {
		return;
	}
	const s = readSettings(svc.ctx);
	const store = await svc.stores.get();
	const sample = await store.getSample(id);
	if (!sample) {
		return;
	}
	const prm = prmIdOf(await svc.engine.prmPath());
	const scores = await store.getStepScores(id, prm);
	const problem = await store.getProblem(sample.problem);
	const labels = new Map<number, Rating>();
	for (const l of await store.getLabels(id, s.labeler)) {
		if (l.purpose === 'train' && l.rating !== null) {
			labels.set(l.idx, l.rating);
		}
	}
	const steps = parseSolutionDoc(doc.getText()).steps;
	svc.annotations.set(doc, {
		steps,
		scores,
		prm,
		sampleId: id,
		labels,
		level: problem?.level ?? undefined,
	});
}
