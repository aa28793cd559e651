/**
 * `stepwise import FILE` and `stepwise export --format prm800k|trl OUT`:
 * PRM800K label files into the database, finished labels out of it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { openStore } from '../store/store';
import {
	describeImport,
	EXPORT_FORMATS,
	exportLabelText,
	importLabelText,
	type ExportFormat,
	type ProblemSource,
} from '../eval/labelFiles';
import { helpOr, inputFileSize, intFlag, parse, UsageError } from './args';
import { COMMON_FLAGS, databasePath, problemFiles } from './context';

export const IMPORT_HELP = `stepwise import FILE [options]

Imports PRM800K label records (JSON Lines, as in phase{1,2}_{train,test}.jsonl).
Problems are matched to the shipped problem sets by their text to learn
their level; problems not found there have an unknown level and never count
as easy. Records imported before are left alone.

  --db PATH   database (else STEPWISE_DB, else the default)
  --json      print the report as JSON`;

export const EXPORT_HELP = `stepwise export --format prm800k|trl [options] OUT

Writes the finished training labels to OUT as JSON Lines ("-" for stdout).
Only easy problems unless --include-hard; evaluation labels never.

  --format F          prm800k (PRM800K label records) | trl (TRL stepwise rows)
  --include-hard      also problems above the easy level or of unknown level
  --easy-max-level N  highest easy MATH level, 1-5 (default 3)
  --labeler NAME      only this labeler's passes
  --db PATH           database (else STEPWISE_DB, else the default)`;

/** What the commands read and write besides the database, replaceable in tests. */
export interface CliIo {
	problems(): ProblemSource;
	out(text: string): void;
	err(text: string): void;
}

const STD_IO: CliIo = {
	problems: () => problemFiles(),
	out: (text) => process.stdout.write(text),
	err: (text) => process.stderr.write(text),
};

const FLAGS = { db: COMMON_FLAGS.db, json: COMMON_FLAGS.json, help: COMMON_FLAGS.help };

/** Larger label files do not fit in one string; split them first. */
const MAX_IMPORT_BYTES = 400 * 1024 * 1024;

export async function importCmd(argv: string[], io: CliIo = STD_IO): Promise<void> {
	const { values: v, positionals } = parse(argv, FLAGS);
	helpOr(v.help, positionals.length === 1, IMPORT_HELP);
	const file = positionals[0];
	const size = await inputFileSize(file, 'Give the path of a PRM800K .jsonl file.');
	if (size > MAX_IMPORT_BYTES) {
		throw new UsageError(`${file} is ${(size / 1048576).toFixed(0)} MB; split it into files `
			+ 'under 400 MB (e.g. split -l 20000) and import them one by one.');
	}
	const text = await readFile(file, 'utf8');
	const store = await openStore(databasePath(v.db));
	try {
		const report = await importLabelText(store, text, io.problems());
		if (v.json) {
			io.out(`${JSON.stringify({ file, database: store.path, ...report })}\n`);
		} else {
			io.out(`${file}: ${describeImport(report)}.\nDatabase: ${store.path}\n`);
		}
		for (const s of report.skipped.slice(0, 20)) {
			io.err(`${file}:${s.line}: skipped: ${s.reason}\n`);
		}
		if (report.skipped.length > 20) {
			io.err(`... and ${report.skipped.length - 20} more skipped lines\n`);
		}
	} finally {
		await store.close();
	}
}

export async function exportCmd(argv: string[], io: CliIo = STD_IO): Promise<void> {
	const { values: v, positionals } = parse(argv, {
		...FLAGS,
		format: { type: 'string' },
		'include-hard': { type: 'boolean' },
		'easy-max-level': { type: 'string' },
		labeler: { type: 'string' },
	});
	helpOr(v.help, positionals.length === 1, EXPORT_HELP);
	const format = v.format as ExportFormat | undefined;
	if (format === undefined || !EXPORT_FORMATS.includes(format)) {
		const formats = EXPORT_FORMATS.join(', ');
		throw new UsageError(`--format must be one of ${formats}.\n\n${EXPORT_HELP}`);
	}
	const out = positionals[0];
	const request = {
		format,
		includeHard: v['include-hard'] === true,
		easyMaxLevel: intFlag(v['easy-max-level'], 'easy-max-level', 3, 1, 5),
		...(typeof v.labeler === 'string' ? { labeler: v.labeler } : {}),
	};
	const store = await openStore(databasePath(v.db), { readOnly: true });
	try {
		const { text, count } = await exportLabelText(store, request);
		if (out === '-') {
			io.out(text);
			io.err(`${count} ${format} record${count === 1 ? '' : 's'} written.\n`);
			return;
		}
		try {
			await writeFile(out, text, 'utf8');
		} catch (e) {
			throw new Error(`cannot write ${out}: ${(e as Error).message}. Check that its folder `
				+ 'exists and is writable.');
		}
		const summary = { file: out, format, records: count, database: store.path };
		io.out(v.json ? `${JSON.stringify(summary)}\n`
			: `${count} ${format} record${count === 1 ? '' : 's'} written to ${out}.\n`);
	} finally {
		await store.close();
	}
}
