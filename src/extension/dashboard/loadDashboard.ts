/**
 * Builds what the dashboard shows from the database alone: the run row,
 * its stored samples, and the problem set its settings name. The report
 * is recomputed with buildReport every time, so a dashboard opened days
 * later shows the numbers the run produced.
 */
import type { Problem } from '../../core/types';
import { buildReport } from '../../eval/report';
import type { EvalSettings } from '../../eval/runner';
import type { Store } from '../../store/store';
import type { EvalRunRow } from '../../store/types';
import type {
	DashboardData, RunSummary, SplitCount,
} from '../../../webview/shared/dashboardMessages';
import { readRunSettings } from './runSettings';
import { DEFAULT_SUBSETS, runResultOf } from './runResults';

/** Runs listed in the picker; older ones stay reachable by id. */
const MAX_LISTED_RUNS = 50;

/** What loading needs: the database and the problem sets. */
export interface LoadDeps {
	store: Pick<Store, 'path' | 'getEvalRun' | 'listEvalRuns' | 'listEvalSamples'>;
	/** All problems of a set; throws with the file when it cannot be read. */
	problems: (set: string) => Problem[];
}

/** A run ready to show, with its full settings (for exports). */
export interface Loaded {
	data: DashboardData;
	settings: EvalSettings;
}

const RUN_COMMAND = '"Stepwise: Run Easy-to-Hard Evaluation..."';

/** A run row as the picker and the header show it. */
export function summary(r: EvalRunRow): RunSummary {
	return {
		id: r.id, name: r.name, status: r.status, createdAt: r.createdAt, updatedAt: r.updatedAt,
	};
}

function splitCounts(
	problems: Problem[],
	s: EvalSettings,
	done: { easy: number; hard: number },
): { easy: SplitCount; hard: SplitCount } {
	const level = new Map(problems.map((p) => [p.uid, p.level]));
	let easy = 0;
	let hard = 0;
	for (const uid of s.uids) {
		const l = level.get(uid);
		if (l === undefined) {
			continue;
		}
		if (l <= s.easyMaxLevel) {
			easy++;
		} else {
			hard++;
		}
	}
	return { easy: { done: done.easy, planned: easy }, hard: { done: done.hard, planned: hard } };
}

/**
 * Loads run `runId`, or the newest run when it is undefined. Returns the
 * data, or a sentence for the panel saying why there is nothing to show
 * and what to do.
 */
export async function loadDashboard(deps: LoadDeps, runId?: number): Promise<Loaded | string> {
	const db = deps.store.path;
	const runs = await deps.store.listEvalRuns();
	const run = runId === undefined ? runs[0] : await deps.store.getEvalRun(runId);
	if (!run) {
		return runId === undefined
			? `No evaluation runs in ${db} yet. Run ${RUN_COMMAND} to start one.`
			: `Evaluation run ${runId} is not in ${db} (stepwise.databasePath). `
				+ `Pick another run, or run ${RUN_COMMAND}.`;
	}
	const settings = readRunSettings(run.settings);
	if (typeof settings === 'string') {
		return `Evaluation run ${run.id} in ${db} cannot be shown: ${settings}. `
			+ `Run ${RUN_COMMAND} again to make a new run.`;
	}
	let problems: Problem[];
	try {
		problems = deps.problems(settings.set);
	} catch (e) {
		return `Evaluation run ${run.id} used the problem set "${settings.set}", which cannot be `
			+ `read: ${(e as Error).message}`;
	}
	const recorded = runResultOf(run);
	const subsets = recorded?.subsets ?? DEFAULT_SUBSETS;
	const rows = await deps.store.listEvalSamples(run.id);
	const report = buildReport(problems, rows, settings, { subsets, seed: settings.seed });
	const count = (prefix: string): number =>
		report.groups.find((g) => g.name.startsWith(prefix))?.problems ?? 0;
	return {
		settings,
		data: {
			run: summary(run),
			settings: {
				set: settings.set,
				n: settings.n,
				generator: settings.generator,
				prm: settings.prm,
				temperature: settings.temperature,
				topK: settings.topK,
				topP: settings.topP,
				maxNewTokens: settings.maxNewTokens,
				seed: settings.seed,
				easyMaxLevel: settings.easyMaxLevel,
				subsets,
			},
			report,
			splits: splitCounts(problems, settings, { easy: count('easy'), hard: count('hard') }),
			throughput: recorded?.throughput ?? null,
			runs: runs.slice(0, MAX_LISTED_RUNS).map(summary),
		},
	};
}
