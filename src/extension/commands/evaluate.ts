/**
 * "Run Easy-to-Hard Evaluation": pick a problem set, levels, problems per
 * level and N; sample and score every problem with a cancellable
 * progress notification; record the throughput; open the dashboard on
 * the run. The same choices resume a cancelled run, because the runner
 * names runs after their settings.
 */
import * as vscode from 'vscode';
import type { Problem } from '../../core/types';
import { EngineError } from '../../engine/errors';
import { buildReport, formatReport, type EvalReport } from '../../eval/report';
import { recordRunResults, runEvaluation, type EvalSettings, type Throughput } from '../../eval/runner';
import {
	chooseProblems, DEFAULT_N, levelsOf, N_CHOICES, parseEvaluateArgs, progressMessage,
	throughputLine, type EvaluateArgs, type LevelChoice,
} from '../dashboard/evalPlan';
import type { DashboardPanels } from '../dashboard/panel';
import { DEFAULT_SUBSETS } from '../dashboard/runResults';
import { toCancelSignal } from '../cancel';
import { reportError } from '../notify';
import { prmIdOf, type Services } from '../services';
import { readSettings, type Settings } from '../settings';

/** What the command returns when the run finished. */
export interface EvaluateResult {
	runId: number;
	report: EvalReport;
	throughput: Throughput;
}

const TITLE = 'Stepwise: Run Easy-to-Hard Evaluation';

interface Choice<T> extends vscode.QuickPickItem {
	value: T;
}

async function pickOne<T>(step: string, items: Choice<T>[], active?: Choice<T>):
	Promise<T | undefined> {
	const qp = vscode.window.createQuickPick<Choice<T>>();
	qp.title = `${TITLE} (${step})`;
	qp.items = items;
	if (active) {
		qp.activeItems = [active];
	}
	try {
		return await new Promise<T | undefined>((resolve) => {
			qp.onDidAccept(() => resolve(qp.selectedItems[0]?.value));
			qp.onDidHide(() => resolve(undefined));
			qp.show();
		});
	} finally {
		qp.dispose();
	}
}

function countByLevel(problems: readonly Problem[]): Map<number, number> {
	const m = new Map<number, number>();
	for (const p of problems) {
		m.set(p.level, (m.get(p.level) ?? 0) + 1);
	}
	return m;
}

async function pickLevels(problems: Problem[], easyMax: number): Promise<LevelChoice | undefined> {
	const counts = countByLevel(problems);
	const total = (ls: number[]): number => ls.reduce((a, l) => a + (counts.get(l) ?? 0), 0);
	const split = (c: LevelChoice, label: string): Choice<LevelChoice | 'pick'> => ({
		label, value: c, description: `${total(levelsOf(c, easyMax))} problems`,
	});
	const hard = easyMax >= 5
		? 'Hard (none: stepwise.easyMaxLevel is 5)'
		: `Hard (${easyMax + 1}-5)`;
	const choice = await pickOne<LevelChoice | 'pick'>('2/4: levels', [
		split('all', 'All levels (1-5)'),
		split('easy', `Easy (1-${easyMax})`),
		split('hard', hard),
		{ label: 'Pick levels...', value: 'pick' },
	]);
	if (choice !== 'pick') {
		return choice;
	}
	const picked = await vscode.window.showQuickPick(
		[1, 2, 3, 4, 5].map((l) => ({
			label: `Level ${l}`,
			description: `${counts.get(l) ?? 0} problems, ${l <= easyMax ? 'easy' : 'hard'}`,
			level: l,
		})),
		{ title: `${TITLE} (2/4: pick levels)`, canPickMany: true },
	);
	return picked && picked.length > 0 ? picked.map((p) => p.level) : undefined;
}

async function pickLimit(problems: Problem[], levels: number[]): Promise<number | undefined> {
	const counts = countByLevel(problems);
	const most = Math.max(0, ...levels.map((l) => counts.get(l) ?? 0));
	const text = await vscode.window.showInputBox({
		title: `${TITLE} (3/4: problems per level)`,
		prompt: `Problems per level, the first ones of each level (up to ${most}); empty for all.`,
		placeHolder: 'all',
		validateInput: (v) => (v.trim() === '' || /^\d+$/.test(v.trim())
			? undefined : 'Type a whole number, or leave it empty for all problems.'),
	});
	return text === undefined ? undefined : text.trim() === '' ? 0 : Number(text.trim());
}

/** The quick picks, in order; undefined as soon as one is dismissed. */
async function pickArgs(svc: Services, s: Settings): Promise<EvaluateArgs | undefined> {
	const sets = svc.problems.available().filter((x) => !x.endsWith('-train'));
	if (sets.length === 0) {
		throw new Error('No problem set is installed: the extension\'s data folder has neither '
			+ 'math500.jsonl nor curriculum/test.jsonl. Reinstall Stepwise.');
	}
	const set = await pickOne('1/4: problem set', sets.map((x) => ({
		label: x, value: x, description: `${svc.problems.load(x).length} problems`,
	})));
	if (set === undefined) {
		return undefined;
	}
	const problems = svc.problems.load(set);
	const levels = await pickLevels(problems, s.easyMaxLevel);
	if (levels === undefined) {
		return undefined;
	}
	const limit = await pickLimit(problems, levelsOf(levels, s.easyMaxLevel));
	if (limit === undefined) {
		return undefined;
	}
	const nItems = N_CHOICES.map((n) => ({
		label: `N = ${n}`, value: n, description: n === DEFAULT_N ? 'default' : undefined,
	}));
	const n = await pickOne('4/4: samples per problem', nItems,
		nItems.find((i) => i.value === DEFAULT_N));
	return n === undefined ? undefined : { set, levels, limit, n };
}

/** The run's settings from the choices and the user's settings, in the CLI's key order. */
async function evalSettings(svc: Services, s: Settings, args: EvaluateArgs, uids: string[]):
	Promise<EvalSettings> {
	// Key order matters: the run's name hashes these, so the CLI and the editor share runs.
	return {
		set: args.set,
		uids,
		n: args.n ?? DEFAULT_N,
		seed: s.seed,
		temperature: s.temperature,
		topK: s.topK,
		topP: s.topP,
		maxNewTokens: s.maxNewTokens,
		generator: prmIdOf(s.generatorPath),
		prm: prmIdOf(await svc.engine.prmPath()),
		easyMaxLevel: s.easyMaxLevel,
	};
}

/**
 * Runs the command. `raw` is the arguments object a caller may pass
 * instead of picking ({ set, levels?, limit?, n?, subsets? }). Resolves
 * with the run's id, report and this session's throughput, or undefined
 * when the person cancelled or something failed (already reported).
 */
export async function evaluateCommand(
	svc: Services,
	panels: DashboardPanels,
	raw?: unknown,
): Promise<EvaluateResult | undefined> {
	const s = readSettings(svc.ctx);
	let args: EvaluateArgs | undefined;
	if (raw === undefined) {
		try {
			args = await pickArgs(svc, s);
		} catch (e) {
			reportError(svc, 'The evaluation could not start', e);
			return undefined;
		}
	} else {
		const parsed = parseEvaluateArgs(raw);
		if (typeof parsed === 'string') {
			reportError(svc, 'Run Easy-to-Hard Evaluation was called with bad arguments',
				new Error(`${parsed}.`));
			return undefined;
		}
		args = parsed;
	}
	if (!args) {
		return undefined;
	}
	const chosenArgs = args;
	let problems: Problem[];
	try {
		if (!svc.problems.available().includes(chosenArgs.set)) {
			throw new Error(`Problem set "${chosenArgs.set}" is not available; this installation `
				+ `has ${svc.problems.available().join(', ') || 'none'}.`);
		}
		problems = svc.problems.load(chosenArgs.set);
	} catch (e) {
		reportError(svc, 'The evaluation could not start', e);
		return undefined;
	}
	const levels = levelsOf(chosenArgs.levels ?? 'all', s.easyMaxLevel);
	const chosen = chooseProblems(problems, levels, chosenArgs.limit ?? 0);
	if (chosen.length === 0) {
		reportError(svc, 'The evaluation could not start', new Error(`${chosenArgs.set} has no `
			+ `problems at level ${levels.join(', ') || '(none)'}; pick other levels `
			+ '(stepwise.easyMaxLevel decides which are easy).'));
		return undefined;
	}
	const subsets = chosenArgs.subsets ?? DEFAULT_SUBSETS;
	const n = chosenArgs.n ?? DEFAULT_N;
	return vscode.window.withProgress({
		location: vscode.ProgressLocation.Notification,
		title: `Stepwise: evaluating ${chosen.length} ${chosenArgs.set} problems, N = ${n}`,
		cancellable: true,
	}, async (progress, token) => {
		let done = 0;
		try {
			progress.report({ message: 'loading models...' });
			const settings = await evalSettings(svc, s, chosenArgs, chosen.map((p) => p.uid));
			const client = await svc.engine.ready();
			const store = await svc.stores.get();
			let shown = 0;
			const { run, throughput } = await runEvaluation(client, store, chosen, settings, {
				signal: toCancelSignal(token),
				progress: (p) => {
					done = p.done;
					const pct = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
					progress.report({ message: progressMessage(p), increment: pct - shown });
					shown = pct;
				},
			});
			const rows = await store.listEvalSamples(run.id);
			const report = buildReport(problems, rows, settings, { subsets, seed: settings.seed });
			await recordRunResults(store, run.id, { throughput, subsets });
			svc.log.info(`Evaluation run ${run.id} (${run.name}) in ${store.path}: `
				+ `${throughputLine(throughput)}.`);
			svc.log.info(`Results of run ${run.id}:\n${formatReport(report)}`);
			// The run is stored either way; a panel that cannot open must not hide that.
			await panels.open(run.id).catch((e) => svc.log.warn(
				`The dashboard could not open on run ${run.id}: ${(e as Error).message}`));
			return { runId: run.id, report, throughput };
		} catch (e) {
			if (e instanceof EngineError && e.kind === 'cancelled') {
				svc.log.info(`Evaluation cancelled after ${done} of ${chosen.length} problems.`);
				void vscode.window.showInformationMessage(`Stepwise: evaluation stopped after `
					+ `${done} of ${chosen.length} problems. Run it again with the same choices `
					+ 'to resume.');
			} else {
				reportError(svc, 'The evaluation failed', e);
			}
			return undefined;
		}
	});
}
