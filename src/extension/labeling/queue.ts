/**
 * Which sample the panel shows next. Training labels follow the store's
 * queue (easy problems only, convincing wrong solutions first, then the
 * least certain steps), optionally narrowed to one group of the problem
 * sets. Evaluation labels walk the hard problems' samples, oldest first.
 */
import type { Store } from '../../store/store';
import type { ProblemRow } from '../../store/types';
import {
	describeGroup,
	type Group,
	type LabelSource,
	type Progress,
} from '../../../webview/shared/model';
import { isTrainable, safeGrade, type LabelContext } from './context';

/** What to show next, and the counts for the progress line. */
export interface NextPick {
	sampleId: number | null;
	progress: Progress;
}

/** nextForLabeling needs a limit; the panel filters the whole queue itself. */
const WHOLE_QUEUE = 1_000_000;

function inGroup(
	g: Group | undefined,
	p: { set: string; level: number | null; subject: string | null },
): boolean {
	return !g || (p.set === g.set
		&& (g.level === undefined || p.level === g.level)
		&& (g.subject === undefined || p.subject === g.subject));
}

/**
 * The first candidate not skipped. When every candidate was skipped the
 * oldest skip comes back, so "next" cycles rather than stops.
 */
function firstNotSkipped(ids: readonly number[], skipped: readonly number[]): number | null {
	if (ids.length === 0) {
		return null;
	}
	const fresh = ids.find((id) => !skipped.includes(id));
	if (fresh !== undefined) {
		return fresh;
	}
	const bySkip = [...ids].sort((a, b) => skipped.indexOf(a) - skipped.indexOf(b));
	return bySkip[0];
}

/** Picks the next sample of `source` for the labeler in `ctx`. */
export async function pickNext(
	store: Store,
	source: LabelSource,
	skipped: readonly number[],
	ctx: LabelContext,
): Promise<NextPick> {
	return source.purpose === 'eval'
		? pickForEvaluation(store, source.group, skipped, ctx)
		: pickForTraining(store, source.group, skipped, ctx);
}

async function pickForTraining(
	store: Store,
	group: Group | undefined,
	skipped: readonly number[],
	ctx: LabelContext,
): Promise<NextPick> {
	const queue = await store.nextForLabeling({
		labeler: ctx.labeler,
		easyMaxLevel: ctx.easyMaxLevel,
		limit: WHOLE_QUEUE,
		prmId: ctx.prmId,
		isCorrect: (given, truth) => safeGrade(given, truth) === true,
	});
	if (!group) {
		return {
			sampleId: firstNotSkipped(queue.items.map((i) => i.sampleId), skipped),
			progress: { done: queue.done, left: queue.left, scope: 'easy problems' },
		};
	}
	const subjects = new Map<string, string | null>();
	if (group.subject !== undefined) {
		for (const p of await store.listProblems(group.set)) {
			subjects.set(p.uid, p.subject);
		}
	}
	const items = queue.items.filter((i) => inGroup(group, {
		set: i.problem.set,
		level: i.level,
		subject: group.subject === undefined ? null : subjects.get(i.problem.uid) ?? null,
	}));
	const done = (await store.countLabels({ labeler: ctx.labeler }))
		.filter((r) => isTrainable(r.level, ctx.easyMaxLevel) && inGroup(group, r))
		.reduce((n, r) => n + r.labeled, 0);
	return {
		sampleId: firstNotSkipped(items.map((i) => i.sampleId), skipped),
		progress: { done, left: items.length, scope: describeGroup(group) },
	};
}

async function pickForEvaluation(
	store: Store,
	group: Group | undefined,
	skipped: readonly number[],
	ctx: LabelContext,
): Promise<NextPick> {
	const problems = new Map<number, ProblemRow>();
	for (const p of await store.listProblems(group?.set)) {
		problems.set(p.id, p);
	}
	const samples = await store.listSamples(group ? { set: group.set } : {});
	const open: number[] = [];
	let done = 0;
	for (const s of samples) {
		const p = problems.get(s.problemId);
		if (!p || isTrainable(p.level, ctx.easyMaxLevel) || !inGroup(group, p)) {
			continue;
		}
		const sessions = await store.getSessions(s.id);
		if (sessions.some((t) => t.labeler === ctx.labeler && t.purpose === 'eval')) {
			done++;
		} else {
			open.push(s.id);
		}
	}
	const scope = group ? `${describeGroup(group)}, hard` : 'hard problems';
	return {
		sampleId: firstNotSkipped(open, skipped),
		progress: { done, left: open.length, scope },
	};
}

/** What the panel says when a source has nothing left. */
export function emptyHint(source: LabelSource, ctx: LabelContext): string {
	const where = source.group ? ` in ${describeGroup(source.group)}` : '';
	if (source.purpose === 'eval') {
		return `No hard solution${where} is waiting for evaluation labels from ${ctx.labeler}. `
			+ 'Generate solutions for a problem above level '
			+ `${ctx.easyMaxLevel} with "Stepwise: Generate Solutions for a Problem" `
			+ '(command stepwise.generate), then come back.';
	}
	return `No easy solution${where} is waiting for labels from ${ctx.labeler}. Fill the queue `
		+ 'with "Stepwise: Generate Solutions for a Problem" (command stepwise.generate): pick a '
		+ `problem of level 1 to ${ctx.easyMaxLevel} (type "L1", "L2"... to filter). Only easy `
		+ 'problems (setting stepwise.easyMaxLevel) take training labels.';
}
