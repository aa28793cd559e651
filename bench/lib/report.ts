/**
 * The one output format of the benchmarks: a JSON line per figure on
 * stdout, with the machine it was measured on. Progress goes to stderr so
 * stdout stays machine-readable.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';

/** Where a figure was measured. */
export interface Machine {
	cpus: number;
	model: string;
	node: string;
	ort: string;
	/** One-minute load average when the figure was taken; above `cpus` means contended. */
	load1: number;
}

/** One measured number. */
export interface Figure {
	name: string;
	value: number;
	unit: string;
	settings: Record<string, unknown>;
	machine: Machine;
}

let ortVersion: string | undefined;

/** The machine as the figures report it. */
export function machine(): Machine {
	ortVersion ??= (JSON.parse(readFileSync(
		join(ROOT, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8',
	)) as { version: string }).version;
	return {
		cpus: availableParallelism(),
		model: cpus()[0]?.model ?? 'unknown',
		node: process.version,
		ort: ortVersion,
		load1: Math.round(loadavg()[0] * 100) / 100,
	};
}

/** Rounds to a precision that keeps three to four significant digits. */
function tidy(x: number): number {
	if (!Number.isFinite(x) || x === 0) {
		return x;
	}
	const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(x))));
	return Number(x.toFixed(Math.min(digits, 6)));
}

/** Prints one figure as a JSON line. */
export function emit(name: string, value: number, unit: string,
	settings: Record<string, unknown>): Figure {
	const f: Figure = { name, value: tidy(value), unit, settings, machine: machine() };
	process.stdout.write(`${JSON.stringify(f)}\n`);
	return f;
}

/** A progress line for the person watching; never parsed. */
export function note(message: string): void {
	process.stderr.write(`  ${message}\n`);
}
