/**
 * `stepwise eval`: an easy-to-hard evaluation run from the terminal,
 * resumable, with the results table as text or JSON.
 */
import { basename } from 'node:path';
import { buildReport, formatReport } from '../eval/report';
import { recordRunResults, runEvaluation, type EvalSettings } from '../eval/runner';
import { openStore } from '../store/store';
import { helpOr, intFlag, numFlag, parse } from './args';
import { COMMON_FLAGS, databasePath, loadParams, problemFiles, requireSet, startEngine, withActivePrm } from './context';

export const EVAL_HELP = `stepwise eval [options]

Samples N solutions per problem (plus a greedy one), scores every step,
grades the answers, and reports greedy, majority, PRM-weighted and best-of-N
accuracy per level and for easy / hard / all, at N = 1, 2, 4, ... Samples
are stored as they come: the same command resumes a stopped run.

  --set NAME           math500 | curriculum-test (default curriculum-test)
  --levels 1,2,3       only these levels
  --limit K            first K problems per level
  -n N                 samples per problem (default 16)
  --subsets K          random subsets averaged per N (default 20)
  --seed S             default 1234
  --temperature T      default 0.8
  --top-k K / --top-p P
  --max-new-tokens M   default 400
  --easy-max-level L   default 3
  --db PATH, --generator DIR, --prm DIR, --provider P
  --json               print the results table as JSON`;

export async function evalCmd(argv: string[]): Promise<void> {
	const { values: v, positionals } = parse(argv, {
		...COMMON_FLAGS,
		set: { type: 'string' },
		levels: { type: 'string' },
		limit: { type: 'string' },
		n: { type: 'string', short: 'n' },
		subsets: { type: 'string' },
		seed: { type: 'string' },
		temperature: { type: 'string' },
		'top-k': { type: 'string' },
		'top-p': { type: 'string' },
		'max-new-tokens': { type: 'string' },
		'easy-max-level': { type: 'string' },
	});
	helpOr(v.help, positionals.length === 0, EVAL_HELP);
	const set = String(v.set ?? 'curriculum-test');
	const files = problemFiles();
	requireSet(files, set);
	const levels = typeof v.levels === 'string'
		? v.levels.split(',').map((x) => intFlag(x, 'levels', 0, 1, 5))
		: [1, 2, 3, 4, 5];
	const limit = intFlag(v.limit, 'limit', 0, 0);
	const problems = files.load(set).filter((p) => levels.includes(p.level));
	const perLevel = new Map<number, number>();
	const chosen = problems.filter((p) => {
		const c = (perLevel.get(p.level) ?? 0) + 1;
		perLevel.set(p.level, c);
		return limit === 0 || c <= limit;
	});
	const params = await withActivePrm(loadParams(v), databasePath(v.db));
	const settings: EvalSettings = {
		set,
		uids: chosen.map((p) => p.uid),
		n: intFlag(v.n, 'n', 16, 1, 1024),
		seed: intFlag(v.seed, 'seed', 1234, 0, 2 ** 31 - 1),
		temperature: numFlag(v.temperature, 'temperature', 0.8, 0, 10),
		topK: intFlag(v['top-k'], 'top-k', 0, 0),
		topP: numFlag(v['top-p'], 'top-p', 1, 0.001, 1),
		maxNewTokens: intFlag(v['max-new-tokens'], 'max-new-tokens', 400, 1, 100000),
		generator: basename(params.generatorPath!),
		prm: basename(params.prmPath!),
		easyMaxLevel: intFlag(v['easy-max-level'], 'easy-max-level', 3, 1, 5),
	};
	const subsets = intFlag(v.subsets, 'subsets', 20, 1, 1000);

	const store = await openStore(databasePath(v.db));
	const client = await startEngine(params);
	let stop = false;
	const onSigint = (): void => {
		stop = true;
		process.stderr.write('\nStopping after the current problem; run the same command to resume.\n');
	};
	process.on('SIGINT', onSigint);
	try {
		const { run, throughput } = await runEvaluation(client, store, chosen, settings, {
			signal: { get isCancellationRequested() { return stop; }, onCancellationRequested: () => ({ dispose() {} }) },
			progress: (p) => {
				if (process.stderr.isTTY || p.done === p.total || p.done % 10 === 0) {
					const eta = p.etaMs === undefined ? '' : `, about ${Math.ceil(p.etaMs / 1000)} s left`;
					process.stderr.write(`[eval] ${p.done}/${p.total} problems${eta}\n`);
				}
			},
		});
		await recordRunResults(store, run.id, { throughput, subsets });
		const rows = await store.listEvalSamples(run.id);
		const report = buildReport(chosen, rows, settings, { subsets, seed: settings.seed });
		if (v.json) {
			process.stdout.write(JSON.stringify({ run: { id: run.id, name: run.name }, settings, throughput, report }) + '\n');
		} else {
			process.stdout.write(formatReport(report) + '\n');
			process.stdout.write(`run ${run.id} (${run.name}): ${throughput.problems} problems this session, `
				+ `${throughput.problemsPerMinute.toFixed(1)} problems/min, `
				+ `${throughput.tokensPerSecond.toFixed(0)} tokens/s\n`);
		}
	} finally {
		process.off('SIGINT', onSigint);
		await client.dispose();
		await store.close();
	}
}
