/**
 * Command-line parsing shared by the subcommands, on node's own parseArgs,
 * with errors that say which flag was wrong.
 */
import { stat } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

/** --help: the text goes to stdout and the exit status is 0. */
export class HelpRequest extends Error {}

/** Throws the help on --help, or as a usage error when `ok` is false. */
export function helpOr(help: unknown, ok: boolean, text: string): void {
	if (help) {
		throw new HelpRequest(text);
	}
	if (!ok) {
		throw new UsageError(text);
	}
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(argv: string[], options: Options): {
	values: Record<string, string | boolean | undefined>;
	positionals: string[];
} {
	try {
		const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
		return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
}

/** Reads an integer flag, with its range, or the default. */
export function intFlag(v: unknown, name: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
	if (v === undefined) {
		return dflt;
	}
	const n = Number(v);
	if (!Number.isInteger(n) || n < min || n > max) {
		throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got ${String(v)}).`);
	}
	return n;
}

/** Reads a number flag, with its range, or the default. */
export function numFlag(v: unknown, name: string, dflt: number, min: number, max: number): number {
	if (v === undefined) {
		return dflt;
	}
	const n = Number(v);
	if (!Number.isFinite(n) || n < min || n > max) {
		throw new UsageError(`--${name} must be a number from ${min} to ${max} (got ${String(v)}).`);
	}
	return n;
}

/**
 * The size of a file named on the command line. A missing path or a
 * folder is a usage error that ends with `hint` (what to give instead).
 */
export async function inputFileSize(file: string, hint: string): Promise<number> {
	let size: number;
	let isFile: boolean;
	try {
		const st = await stat(file);
		size = st.size;
		isFile = st.isFile();
	} catch {
		throw new UsageError(`${file}: no such file. ${hint}`);
	}
	if (!isFile) {
		throw new UsageError(`${file} is not a file. ${hint}`);
	}
	return size;
}
