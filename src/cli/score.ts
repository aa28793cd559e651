/**
 * `stepwise score FILE`: score each step of a written solution.
 */
import { readFileSync } from 'node:fs';
import { aggregateSteps } from '../core/aggregate';
import { parseSolutionDoc } from '../core/solutionDoc';
import type { StepMode } from '../core/steps';
import { helpOr, inputFileSize, parse, UsageError } from './args';
import { COMMON_FLAGS, databasePath, loadParams, problemFiles, startEngine, withActivePrm } from './context';

export const SCORE_HELP = `stepwise score FILE [options]

Scores every step of the solution in FILE (Markdown or text). A first
paragraph "Problem: ..." or a "Problem (SET ID):" header names the problem;
else give it with --problem.

  --problem TEXT   the problem the solution answers
  --mode M         line | paragraph | marker | item (default line)
  --prm DIR        PRM folder (default: the shipped PRM's active version in --db)
  --provider P     auto | cuda | dml | coreml | cpu
  --db PATH        database (else STEPWISE_DB, else the default)
  --json           print JSON`;

const MODES: StepMode[] = ['line', 'paragraph', 'marker', 'item'];
/** Larger files are not solutions; refuse before reading them. */
const MAX_BYTES = 4 * 1024 * 1024;

export async function scoreCmd(argv: string[]): Promise<void> {
	const { values: v, positionals } = parse(argv, {
		...COMMON_FLAGS,
		problem: { type: 'string' },
		mode: { type: 'string' },
	});
	helpOr(v.help, positionals.length === 1, SCORE_HELP);
	const file = positionals[0];
	const mode = (v.mode ?? 'line') as StepMode;
	if (!MODES.includes(mode)) {
		throw new UsageError(`--mode must be one of ${MODES.join(', ')}.`);
	}
	const size = await inputFileSize(file, 'Give the path of a solution file.');
	if (size > MAX_BYTES) {
		throw new UsageError(`${file} is ${(size / 1e6).toFixed(1)} MB; a solution file must be under 4 MB.`);
	}
	const doc = parseSolutionDoc(readFileSync(file, 'utf8'), mode);
	if (doc.steps.length === 0) {
		// With a problem paragraph, the usual cause is steps written right
		// under it with no blank line: they became part of the problem.
		throw new UsageError(`${file} has no solution steps.` + (doc.problem
			? ' The "Problem:" paragraph ends at the first blank line; leave one before the steps.'
			: ''));
	}
	const known = problemFiles().lookup(doc.ref, doc.problem);
	const problem = typeof v.problem === 'string' ? v.problem : doc.problem ?? known?.problem ?? '';
	const params = await withActivePrm({ ...loadParams(v), generatorPath: undefined }, databasePath(v.db));
	const client = await startEngine(params);
	try {
		const { scores } = await client.request('score', {
			problem,
			solutions: [doc.steps.map((s) => s.text)],
		});
		const ps = scores[0].map((s) => s.p);
		if (v.json) {
			process.stdout.write(JSON.stringify({
				file,
				problem: known ? { set: known.set, uid: known.uid, level: known.level } : null,
				steps: doc.steps.map((s, i) => ({ text: s.text, ...scores[0][i] })),
				score: { product: solutionScore(ps, 'product'), min: solutionScore(ps, 'min') },
			}) + '\n');
			return;
		}
		const lines = doc.steps.map((s, i) => `${ps[i].toFixed(3)}  ${s.text.replace(/\n/g, ' ')}`);
		lines.push(`solution score: product ${solutionScore(ps, 'product')!.toFixed(3)}, `
			+ `min ${solutionScore(ps, 'min')!.toFixed(3)}`);
		if (!problem) {
			lines.push('(scored without a problem: give --problem for meaningful scores)');
		}
		process.stdout.write(lines.join('\n') + '\n');
	} finally {
		await client.dispose();
	}
}

function solutionScore(ps: number[], how: 'product' | 'min'): number | null {
	return ps.length === 0 ? null : aggregateSteps(ps, how);
}
