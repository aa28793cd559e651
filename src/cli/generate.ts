/**
 * `stepwise generate`: sample solutions to a problem, score every step,
 * store them, print them (or JSON with --json).
 */
import { aggregateSteps } from '../core/aggregate';
import type { Problem } from '../core/types';
import { solve, unusedSeed } from '../eval/solve';
import { openStore } from '../store/store';
import { helpOr, intFlag, numFlag, parse, UsageError } from './args';
import { COMMON_FLAGS, databasePath, loadParams, problemFiles, requireSet, startEngine, withActivePrm } from './context';

export const GENERATE_HELP = `stepwise generate PROBLEM [options]

PROBLEM is a problem id from a shipped set (e.g. test/algebra/1.json) or
the text of a problem. Known problems are stored with their samples.

  -n N                 samples (default 4)
  --set NAME           problem set to look the id up in (default: all)
  --seed S             seed; same seed, same samples (default: 1234,
                       or the next seed no stored sample of the problem used)
  --temperature T      default 0.8 (0 = greedy)
  --top-k K            default 0 (off)
  --top-p P            default 1 (off)
  --max-new-tokens M   default 400
  --min-new-tokens M   no end-of-text before M tokens (default 1)
  --no-store           do not write to the database
  --db PATH            database (else STEPWISE_DB, else the default)
  --generator DIR      generator model folder
  --prm DIR            PRM model folder
  --provider P         auto | cuda | dml | coreml | cpu
  --json               print JSON`;

export async function generateCmd(argv: string[]): Promise<void> {
	const { values: v, positionals } = parse(argv, {
		...COMMON_FLAGS,
		n: { type: 'string', short: 'n' },
		set: { type: 'string' },
		seed: { type: 'string' },
		temperature: { type: 'string' },
		'top-k': { type: 'string' },
		'top-p': { type: 'string' },
		'max-new-tokens': { type: 'string' },
		'min-new-tokens': { type: 'string' },
		'no-store': { type: 'boolean' },
	});
	helpOr(v.help, positionals.length > 0, GENERATE_HELP);
	const query = positionals.join(' ').trim();
	if (!query) {
		throw new UsageError('The problem is empty: give a shipped problem id or the text of a problem.');
	}
	const files = problemFiles();
	if (typeof v.set === 'string') {
		requireSet(files, v.set);
	}
	const sets = typeof v.set === 'string' ? [v.set] : files.available();
	let problem: Problem | undefined;
	for (const set of sets) {
		problem ??= files.find(set, query);
	}
	if (!problem && looksLikeId(query)) {
		const near = [`${query}.json`, `test/${query}`, `test/${query}.json`]
			.find((uid) => sets.some((set) => files.find(set, uid)));
		throw new UsageError(`No problem with id ${query} in ${sets.join(', ')}.`
			+ (near ? ` Did you mean ${near}?` : ' Give a shipped problem id '
				+ '(e.g. test/algebra/1214.json) or the text of a problem.'));
	}
	const settings = {
		n: intFlag(v.n, 'n', 4, 1, 1024),
		seed: intFlag(v.seed, 'seed', 1234, 0, 2 ** 31 - 1),
		temperature: numFlag(v.temperature, 'temperature', 0.8, 0, 10),
		topK: intFlag(v['top-k'], 'top-k', 0, 0),
		topP: numFlag(v['top-p'], 'top-p', 1, 0.001, 1),
		maxNewTokens: intFlag(v['max-new-tokens'], 'max-new-tokens', 400, 1, 100000),
		minNewTokens: intFlag(v['min-new-tokens'], 'min-new-tokens', 1, 0, 100000),
	};
	// Opened before generating: a bad database is reported before the wait,
	// and without --seed the stored samples pick the seed.
	const store = problem && !v['no-store'] ? await openStore(databasePath(v.db)) : undefined;
	try {
		if (problem && store && v.seed === undefined) {
			const rows = await store.listSamples({ set: problem.set, uid: problem.uid });
			settings.seed = unusedSeed(settings.seed, rows.map((x) => x.seed));
		}
		const params = await withActivePrm(loadParams(v), databasePath(v.db));
		const client = await startEngine(params);
		try {
			const result = await solve(client, problem ?? { problem: query }, settings);
			const ids: number[] = [];
			if (problem && store) {
				await store.upsertProblems([problem]);
				for (const s of result.samples) {
					if (s.steps.length === 0) {
						// An empty sample (the model stopped at once) has nothing to label.
						ids.push(0);
						continue;
					}
					ids.push(await store.addSample({
						problem: { set: problem.set, uid: problem.uid },
						generator: params.generatorPath!.split(/[\\/]/).pop()!,
						text: s.text, steps: s.steps, answer: s.answer,
						settings: { ...settings }, seed: settings.seed, finish: s.finish,
						scores: { prmId: params.prmPath!.split(/[\\/]/).pop()!, scores: s.scores },
					}));
				}
			}
			print(v.json === true, problem, query, result, ids);
		} finally {
			await client.dispose();
		}
	} finally {
		await store?.close();
	}
}

function print(json: boolean, problem: Problem | undefined, query: string,
	result: Awaited<ReturnType<typeof solve>>, ids: number[]): void {
	const samples = result.samples.map((s, i) => ({
		id: ids[i] || null,
		answer: s.answer,
		finish: s.finish,
		tokens: s.tokens,
		score: {
			product: solutionScore(s.scores.map((x) => x.p), 'product'),
			min: solutionScore(s.scores.map((x) => x.p), 'min'),
		},
		steps: s.steps.map((text, k) => ({ text, p: s.scores[k]?.p ?? null })),
	}));
	if (json) {
		process.stdout.write(JSON.stringify({
			problem: problem ? { set: problem.set, uid: problem.uid, level: problem.level } : null,
			samples,
			stats: result.stats,
		}) + '\n');
		return;
	}
	const head = problem
		? `Problem ${problem.set} ${problem.uid} (level ${problem.level}, ${problem.subject})`
		: 'Problem (not from a shipped set; not stored)';
	const out = [head, (problem?.problem ?? query).trim(), ''];
	samples.forEach((s, i) => {
		out.push(`Sample ${i + 1}${s.id ? ` #${s.id}` : ''}: answer ${s.answer ?? '(none)'}, `
			+ `score product ${fmt(s.score.product)} min ${fmt(s.score.min)}, ${s.finish}, ${s.tokens} tokens`);
		for (const st of s.steps) {
			out.push(`  ${st.p === null ? '  -  ' : st.p.toFixed(3)}  ${st.text}`);
		}
		out.push('');
	});
	const st = result.stats;
	out.push(`${st.newTokens} tokens in ${(st.totalMs / 1000).toFixed(2)} s `
		+ `(${(st.newTokens / (st.totalMs / 1000)).toFixed(0)} tok/s), scored in ${st.scoreMs.toFixed(0)} ms`);
	process.stdout.write(out.join('\n') + '\n');
}

function fmt(x: number | null): string {
	return x === null ? '-' : x.toFixed(3);
}

function solutionScore(ps: number[], how: 'product' | 'min'): number | null {
	return ps.length === 0 ? null : aggregateSteps(ps, how);
}

/**
 * A path-like word ("test/algebra/1.json", "algebra/99") is meant as a
 * problem id, not as the text of a problem: a typo in it must not send
 * the path itself to the model. A bare fraction such as "3/4" is text.
 */
function looksLikeId(query: string): boolean {
	return /^[A-Za-z][\w.-]*(\/[\w.-]+)+$/.test(query);
}
