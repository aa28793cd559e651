/**
 * Running an outside PRM trainer: an argument list (never a shell string)
 * that gets the exported easy labels and an output folder, prints progress
 * as JSON lines, and must leave a model folder in the normal layout. No
 * vscode here: the extension wraps this in a task, the CLI runs it as is.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { EngineClient } from '../engine/client';
import type { LoadParams } from '../engine/protocol';
import type { Store } from '../store/store';
import type { ModelVersionRow } from '../store/types';
import type { StepMetrics } from '../core/stepMetrics';
import { collectExamples } from './retrain';
import { ensureBaseVersion } from './versions';

export interface TrainerJob {
	argv: string[];
	dataFile: string;
	outDir: string;
	versionId: string;
}

/** Progress a trainer reports: `{"progress": 0.4, "message": "step 40/100"}` per line. */
export interface TrainerProgress {
	progress?: number;
	message?: string;
}

/** The trainer the repository ships: its own PyTorch recipe. */
export function defaultTrainer(extensionRoot: string): string[] {
	const python = process.platform === 'win32' ? 'python'
		: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
	return [python, join(extensionRoot, 'models', 'recipes', 'retrain_prm.py')];
}

/** Writes the training data (PRM800K jsonl, easy labels only) and plans the run. */
export async function prepareTrainerJob(
	store: Store,
	o: { trainer: string[]; basePath: string; versionsDir: string; easyMaxLevel: number },
): Promise<TrainerJob> {
	if (o.trainer.length === 0 || o.trainer.some((a) => typeof a !== 'string' || a.length === 0)) {
		throw new Error('`stepwise.trainerCommand` must be a non-empty list of non-empty strings.');
	}
	const records = await store.exportPrm800k({ easyMaxLevel: o.easyMaxLevel });
	if (records.length === 0) {
		throw new Error('There are no finished training labels on easy problems to train on yet.');
	}
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
	const versionId = `${basename(o.basePath)}-trained-${stamp}`;
	const work = join(o.versionsDir, `${versionId}.data`);
	mkdirSync(work, { recursive: true });
	const dataFile = join(work, 'labels-easy.prm800k.jsonl');
	writeFileSync(dataFile, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
	const outDir = join(o.versionsDir, versionId);
	return {
		versionId,
		dataFile,
		outDir,
		argv: [...o.trainer, '--data', dataFile, '--out', outDir, '--base', o.basePath],
	};
}

/**
 * Starts the trainer; resolves with its exit code. Output lines go to
 * `onOutput`; lines that parse as JSON objects also go to `onProgress`.
 */
export function runTrainer(
	job: TrainerJob,
	hooks: {
		onOutput(text: string): void;
		onProgress(p: TrainerProgress): void;
		signal?: { onCancel(listener: () => void): void };
	},
): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(job.argv[0], job.argv.slice(1), { shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
		hooks.signal?.onCancel(() => child.kill('SIGTERM'));
		let partial = '';
		child.stdout.on('data', (chunk: Buffer) => {
			const text = partial + chunk.toString('utf8');
			const lines = text.split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				hooks.onOutput(line + '\n');
				parseProgress(line, hooks.onProgress);
			}
		});
		child.stderr.on('data', (chunk: Buffer) => hooks.onOutput(chunk.toString('utf8')));
		child.on('error', (e) => reject(new Error(`Cannot start the trainer ${job.argv[0]}: ${e.message}. `
			+ 'Check `stepwise.trainerCommand`.')));
		child.on('close', (code, sig) => {
			if (partial) {
				hooks.onOutput(partial + '\n');
				parseProgress(partial, hooks.onProgress);
			}
			resolve(code ?? (sig ? 128 : 1));
		});
	});
}

function parseProgress(line: string, onProgress: (p: TrainerProgress) => void): void {
	const t = line.trim();
	if (!t.startsWith('{')) {
		return;
	}
	try {
		const o = JSON.parse(t);
		if (o && typeof o === 'object') {
			onProgress({
				progress: typeof o.progress === 'number' ? o.progress : undefined,
				message: typeof o.message === 'string' ? o.message : undefined,
			});
		}
	} catch {
		// Not every line that starts with "{" is ours to read.
	}
}

/**
 * Checks the trainer's output folder by loading it (files, inputs and
 * outputs, a trial scoring pass), measures it against the PRM in use on
 * the validation problems, and records it as the active version. A folder
 * that fails the check is refused and the PRM in use stays.
 */
export async function adoptTrainedFolder(
	client: EngineClient,
	store: Store,
	o: {
		job: TrainerJob;
		load: LoadParams;
		rootPath: string;
		currentPath: string;
		easyMaxLevel: number;
		seed: number;
		valFraction: number;
	},
): Promise<{ version: ModelVersionRow; before: StepMetrics; after: StepMetrics }> {
	const examples = await collectExamples(store, o.easyMaxLevel);
	const params = { examples, seed: o.seed, valFraction: o.valFraction };
	const before = await client.request('stepMetrics', params);
	try {
		await client.load({ ...o.load, prmPath: o.job.outDir });
	} catch (e) {
		throw new Error(`The trainer's output ${o.job.outDir} was refused: ${(e as Error).message} `
			+ 'The PRM in use is unchanged.');
	}
	const after = await client.request('stepMetrics', params);
	const root = await ensureBaseVersion(store, o.rootPath);
	const parent = (await store.listModelVersions('prm')).find((v) => v.path === o.currentPath) ?? root;
	const version = await store.addModelVersion({
		id: o.job.versionId,
		kind: 'prm',
		path: o.job.outDir,
		parentId: parent.id,
		provenance: {
			trainer: o.job.argv,
			data: o.job.dataFile,
			base: o.currentPath,
			labels: { passes: examples.length },
			when: new Date().toISOString(),
		},
		metrics: { validation: after, before },
	});
	await store.setActiveModel(version.id);
	return { version: { ...version, active: true }, before, after };
}
