/**
 * Reads a sample and one labeling pass over it into the shape the panel
 * shows. No vscode here: the host and the tests share it.
 */
import type { LabelPurpose } from '../../core/types';
import type { Store } from '../../store/store';
import type { FinishedView, SampleView, StepLabel } from '../../../webview/shared/model';
import { isTrainable, safeGrade, type LabelContext } from './context';

/** One pass's labels (one entry per step) and how it ended. */
export interface PassState {
	labels: (StepLabel | null)[];
	finished: FinishedView | null;
}

/** The labels and outcome of `labeler`'s pass with `purpose` over a sample of `steps` steps. */
export async function readPass(
	store: Store,
	sampleId: number,
	purpose: LabelPurpose,
	labeler: string,
	steps: number,
): Promise<PassState> {
	const labels: (StepLabel | null)[] = Array.from({ length: steps }, () => null);
	for (const l of await store.getLabels(sampleId, labeler)) {
		if (l.purpose === purpose && l.idx < steps) {
			labels[l.idx] = { rating: l.rating, flagged: l.flagged };
		}
	}
	const session = (await store.getSessions(sampleId))
		.find((t) => t.labeler === labeler && t.purpose === purpose);
	const finished = session
		? { reason: session.reason, humanCompletion: session.humanCompletion }
		: null;
	return { labels, finished };
}

/** The panel's view of a sample, or undefined when the database has no such sample. */
export async function buildSampleView(
	store: Store,
	sampleId: number,
	purpose: LabelPurpose,
	ctx: LabelContext,
): Promise<SampleView | undefined> {
	const sample = await store.getSample(sampleId);
	if (!sample) {
		return undefined;
	}
	const problem = await store.getProblem(sample.problem);
	const scores = await store.getStepScores(sampleId, ctx.prmId);
	const scored = scores.length === sample.steps.length;
	const pass = await readPass(store, sampleId, purpose, ctx.labeler, sample.steps.length);
	const level = problem?.level ?? null;
	return {
		sampleId,
		purpose,
		problem: {
			set: sample.problem.set,
			uid: sample.problem.uid,
			text: problem?.problem ?? '',
			level,
			subject: problem?.subject ?? null,
			answer: problem?.answer ?? null,
		},
		answer: sample.answer,
		correct: safeGrade(sample.answer, problem?.answer ?? null),
		prmId: scored ? ctx.prmId : null,
		steps: sample.steps.map((s, i) => ({
			text: s.text,
			p: scored ? scores[i].p : null,
			author: s.author,
		})),
		labels: pass.labels,
		finished: pass.finished,
		trainable: isTrainable(level, ctx.easyMaxLevel),
		easyMaxLevel: ctx.easyMaxLevel,
		labeler: ctx.labeler,
	};
}
