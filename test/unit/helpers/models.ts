/**
 * Paths of the shipped models and small folder surgery for tests that
 * need a broken or re-adapted copy of one.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const GEN = join(ROOT, 'models', 'stepwise-gen-tiny');
export const PRM = join(ROOT, 'models', 'stepwise-prm-tiny');
export const WORKER = join(ROOT, 'dist', 'engineWorker.js');

/** A temp copy of a model folder with files replaced (null deletes). */
export function copyModel(from: string, replace: Record<string, string | null> = {}): string {
	const dir = mkdtempSync(join(tmpdir(), 'stepwise-model-'));
	cpSync(from, dir, { recursive: true });
	for (const [name, content] of Object.entries(replace)) {
		const p = join(dir, name);
		if (content === null) {
			rmSync(p);
		} else {
			writeFileSync(p, content);
		}
	}
	return dir;
}
