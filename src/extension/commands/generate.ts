/**
 * "Generate Solutions for a Problem": pick a problem, sample N solutions
 * with the generator, score every step with the PRM, store it all, and
 * open each solution as a document with its scores drawn on it.
 */
import * as vscode from 'vscode';
import type { Problem } from '../../core/types';
import { solve, unusedSeed } from '../../eval/solve';
import { annotateSample } from '../sampleAnnotations';
import { sampleUri } from '../sampleFs';
import { prmIdOf, type Services } from '../services';
import { readSettings } from '../settings';
import { toCancelSignal } from '../cancel';
import { reportError } from '../notify';

/** Arguments a caller (a test, a walkthrough link) may pass instead of picking. */
export interface GenerateArgs {
	set?: string;
	uid?: string;
	n?: number;
}

interface ProblemItem extends vscode.QuickPickItem {
	problem: Problem;
}

async function pickProblem(svc: Services): Promise<Problem | undefined> {
	const items: ProblemItem[] = [];
	for (const set of svc.problems.available().filter((s) => !s.endsWith('-train'))) {
		for (const p of svc.problems.load(set)) {
			// Level and subject lead the label: typing "L4" then matches them
			// first, not letters scattered through a problem's text.
			items.push({
				label: `L${p.level} ${p.subject}: ${p.problem.replace(/\s+/g, ' ').slice(0, 80)}`,
				detail: `${set} ${p.uid}`,
				problem: p,
			});
		}
	}
	const pick = await vscode.window.showQuickPick(items, {
		title: 'Stepwise: pick a problem',
		placeHolder: 'Type to filter: a level ("L4"), a subject ("Algebra"), words of the problem',
		matchOnDetail: true,
	});
	return pick?.problem;
}

export async function generateCommand(svc: Services, args?: GenerateArgs): Promise<number[]> {
	const s = readSettings(svc.ctx);
	let problem: Problem | undefined;
	if (args?.set && args.uid) {
		problem = svc.problems.find(args.set, args.uid);
		if (!problem) {
			throw new Error(`No problem ${args.uid} in set ${args.set}.`);
		}
	} else {
		problem = await pickProblem(svc);
	}
	if (!problem) {
		return [];
	}
	const chosen = problem;
	const n = args?.n ?? s.samples;
	return vscode.window.withProgress({
		location: vscode.ProgressLocation.Notification,
		title: `Stepwise: ${n} solution${n > 1 ? 's' : ''} for ${chosen.uid}`,
		cancellable: true,
	}, async (progress, token) => {
		try {
			progress.report({ message: 'loading models...' });
			const client = await svc.engine.ready();
			const store = await svc.stores.get();
			const stored = await store.listSamples({ set: chosen.set, uid: chosen.uid });
			const seed = unusedSeed(s.seed, stored.map((x) => x.seed));
			let last = 0;
			const result = await solve(client, chosen, {
				n, temperature: s.temperature, topK: s.topK, topP: s.topP,
				maxNewTokens: s.maxNewTokens, minNewTokens: s.minNewTokens, seed,
			}, {
				signal: toCancelSignal(token),
				progress: (done, total) => {
					const pct = Math.floor((100 * done) / total);
					progress.report({ message: `${done} tokens`, increment: pct - last });
					last = pct;
				},
			});
			svc.log.info(`Generated ${result.samples.length} samples for ${chosen.uid}: `
				+ `${result.stats.newTokens} tokens in ${result.stats.totalMs.toFixed(0)} ms, `
				+ `scored in ${result.stats.scoreMs.toFixed(0)} ms.`);
			await store.upsertProblems([chosen]);
			const prmId = prmIdOf(await svc.engine.prmPath());
			const ids: number[] = [];
			const empty = result.samples.filter((x) => x.steps.length === 0).length;
			if (empty > 0) {
				void vscode.window.showWarningMessage(`Stepwise: ${empty} of ${n} samples were empty `
					+ '(the generator stopped at once); they are not stored.');
			}
			for (const smp of result.samples.filter((x) => x.steps.length > 0)) {
				ids.push(await store.addSample({
					problem: { set: chosen.set, uid: chosen.uid },
					generator: prmIdOf(s.generatorPath),
					text: smp.text,
					steps: smp.steps,
					answer: smp.answer,
					settings: { temperature: s.temperature, topK: s.topK, topP: s.topP,
						maxNewTokens: s.maxNewTokens, n },
					seed,
					finish: smp.finish,
					scores: { prmId, scores: smp.scores },
				}));
			}
			for (const [i, id] of ids.entries()) {
				const doc = await vscode.workspace.openTextDocument(sampleUri(id));
				await vscode.window.showTextDocument(doc, {
					preview: false,
					viewColumn: i === 0 ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside,
					preserveFocus: i > 0,
				});
				await annotateSample(svc, doc);
			}
			return ids;
		} catch (e) {
			reportError(svc, 'Generation failed', e);
			return [];
		}
	});
}
