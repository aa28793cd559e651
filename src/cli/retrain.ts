/**
 * `stepwise retrain`: a new PRM version from the stored easy labels, by
 * refitting the head here or by running a trainer command, with the new
 * version's validation metrics beside the old one's.
 */
import { dirname, join, resolve } from 'node:path';
import { rankedWorse, type StepMetrics } from '../core/stepMetrics';
import { adoptTrainedFolder, defaultTrainer, prepareTrainerJob, runTrainer } from '../train/externalTrainer';
import { retrainHead } from '../train/retrain';
import { activePrm, lineage } from '../train/versions';
import { openStore } from '../store/store';
import { helpOr, intFlag, parse, UsageError } from './args';
import { COMMON_FLAGS, databasePath, loadParams, ROOT, startEngine } from './context';

export const RETRAIN_HELP = `stepwise retrain [options]

Trains a new PRM version on the finished training labels of easy problems
in the database and prints its validation metrics (step AUC, accuracy at
0.5, calibration error) beside the old one's. The new version becomes the
active one unless its validation AUC is lower; then the old one stays
active (--keep-worse makes the new one active anyway).

  --mode head          refit the scoring head on the frozen trunk (default)
  --mode external      run a trainer: --trainer '["python3","train.py"]'
                       (a JSON argument list; default: the repository recipe)
  --keep-worse         make the new version active even if its AUC is lower
  --rollback ID        make version ID the active one instead of training
  --list               list the versions of the PRM in use
  --easy-max-level L   default 3
  --seed S             seed of the train/validation split by problem (1234)
  --versions-dir DIR   where version folders go (default: beside the database)
  --db PATH, --prm DIR (the base PRM), --provider P, --json`;

function fmt(m: StepMetrics): string {
	return `AUC ${m.auc === undefined ? 'n/a' : m.auc.toFixed(3)}  acc ${(100 * m.accuracy).toFixed(1)}%  `
		+ `ECE ${m.ece.toFixed(3)}  (${m.n} steps)`;
}

export async function retrainCmd(argv: string[]): Promise<void> {
	const { values: v, positionals } = parse(argv, {
		...COMMON_FLAGS,
		mode: { type: 'string' },
		trainer: { type: 'string' },
		rollback: { type: 'string' },
		list: { type: 'boolean' },
		'keep-worse': { type: 'boolean' },
		'easy-max-level': { type: 'string' },
		seed: { type: 'string' },
		'versions-dir': { type: 'string' },
	});
	helpOr(v.help, positionals.length === 0, RETRAIN_HELP);
	const mode = String(v.mode ?? 'head');
	if (mode !== 'head' && mode !== 'external') {
		throw new UsageError('--mode must be head or external.');
	}
	const db = databasePath(v.db);
	const params = { ...loadParams(v), generatorPath: undefined };
	const rootPath = params.prmPath!;
	const store = await openStore(db);
	try {
		if (v.list || typeof v.rollback === 'string') {
			if (typeof v.rollback === 'string') {
				await store.setActiveModel(v.rollback);
			}
			const versions = await lineage(store, rootPath);
			process.stdout.write((v.json ? JSON.stringify(versions) : versions.map((x) =>
				`${x.active ? '*' : ' '} ${x.id}  ${x.parentId ? `from ${x.parentId}` : 'base'}  ${x.path}`).join('\n')) + '\n');
			return;
		}
		const easyMaxLevel = intFlag(v['easy-max-level'], 'easy-max-level', 3, 1, 5);
		const seed = intFlag(v.seed, 'seed', 1234, 0, 2 ** 31 - 1);
		const versionsDir = resolve(String(v['versions-dir'] ?? join(dirname(db), 'prm-versions')));
		const currentPath = (await activePrm(store, rootPath)).path;
		const client = await startEngine({ ...params, prmPath: currentPath });
		try {
			let id: string;
			let parentId: string | null;
			let before: StepMetrics;
			let after: StepMetrics;
			if (mode === 'head') {
				const out = await retrainHead(client, store, {
					rootPath, currentPath, easyMaxLevel, versionsDir, seed, valFraction: 0.2,
				});
				({ before, after } = out.result);
				({ id, parentId } = out.version);
			} else {
				const trainer = typeof v.trainer === 'string' ? parseTrainer(v.trainer) : defaultTrainer(ROOT);
				const job = await prepareTrainerJob(store, { trainer, basePath: currentPath, versionsDir, easyMaxLevel });
				const code = await runTrainer(job, {
					onOutput: (t) => process.stderr.write(t),
					onProgress: () => undefined,
				});
				if (code !== 0) {
					throw new Error(`the trainer exited with code ${code}.`);
				}
				const out = await adoptTrainedFolder(client, store, {
					job, load: { ...params, prmPath: currentPath }, rootPath, currentPath,
					easyMaxLevel, seed, valFraction: 0.2,
				});
				({ before, after } = out);
				({ id, parentId } = out.version);
			}
			const active = !rankedWorse(before, after) || v['keep-worse'] === true;
			if (!active && parentId !== null) {
				// the new version's parent is the model that was in use
				await store.setActiveModel(parentId);
			}
			if (v.json) {
				process.stdout.write(JSON.stringify({ version: id, active, previous: currentPath, before, after }) + '\n');
			} else {
				const state = active ? 'active' : `not made active: its validation AUC is lower; `
					+ `\`--rollback ${id}\` switches to it`;
				process.stdout.write(`new PRM version ${id} (${state})\n  before: ${fmt(before)}\n  after:  ${fmt(after)}\n`);
			}
		} finally {
			await client.dispose();
		}
	} finally {
		await store.close();
	}
}

function parseTrainer(s: string): string[] {
	let argv: unknown;
	try {
		argv = JSON.parse(s);
	} catch {
		throw new UsageError('--trainer must be a JSON list of strings, e.g. \'["python3","train.py"]\'.');
	}
	if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
		throw new UsageError('--trainer must be a JSON list of strings, e.g. \'["python3","train.py"]\'.');
	}
	return argv;
}
