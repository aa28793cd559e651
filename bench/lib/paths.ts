/**
 * Where the benchmarks find the repository's models, data and build, and
 * which copy of the engine they measure.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const MODELS = join(ROOT, 'models');
export const GEN = join(MODELS, 'stepwise-gen-tiny');
export const PRM = join(MODELS, 'stepwise-prm-tiny');
export const TEST_SET = join(ROOT, 'data', 'curriculum', 'test.jsonl');

/**
 * The engine sources measured. STEPWISE_BENCH_ENGINE points at another
 * copy of src/engine (say, an older commit exported with `git archive`)
 * so a before/after comparison runs the same benchmark code on both.
 */
export const ENGINE_DIR = process.env.STEPWISE_BENCH_ENGINE
	? resolve(process.env.STEPWISE_BENCH_ENGINE)
	: join(ROOT, 'src', 'engine');

/** Fails early, naming what is missing and how to get it. */
export function requireFile(path: string, how: string): string {
	if (!existsSync(path)) {
		throw new Error(`${path} is missing: ${how}`);
	}
	return path;
}

/** The bundled engine worker; STEPWISE_BENCH_WORKER names another build of it. */
export const WORKER = process.env.STEPWISE_BENCH_WORKER
	? resolve(process.env.STEPWISE_BENCH_WORKER)
	: join(ROOT, 'dist', 'engineWorker.js');
