import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as sqlite3 from 'sqlite3';
import { exportCmd, importCmd, type CliIo } from '../../src/cli/importExport';
import { ProblemFiles } from '../../src/eval/problemFiles';
import { openStore } from '../../src/store/store';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(__dirname, '..', 'fixtures', 'store', 'prm800k-sample.jsonl');
const MATH500 = path.join(ROOT, 'data', 'math500.jsonl');

type Json = Record<string, unknown>;

function tempDir(t: { after: (fn: () => void) => void }): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-labels-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** Reads the database file directly, not through the store. */
function rawAll<T>(file: string, sql: string): Promise<T[]> {
	return new Promise((resolve, reject) => {
		const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
			if (err) {
				reject(err);
				return;
			}
			db.all<T>(sql, (err2, rows) => db.close(() => (err2 ? reject(err2) : resolve(rows))));
		});
	});
}

function lines(file: string): Json[] {
	return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as Json);
}

/** Console output of the commands, kept for the assertions. */
function io(): CliIo & { stdout: string[]; stderr: string[] } {
	const stdout: string[] = [];
	const stderr: string[] = [];
	return {
		problems: () => new ProblemFiles(path.join(ROOT, 'data')),
		out: (t) => stdout.push(t),
		err: (t) => stderr.push(t),
		stdout,
		stderr,
	};
}

/** Compares two records key by key, so a failure names the field that differs. */
function sameRecord(actual: Json, expected: Json, where: string): void {
	assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
	for (const key of Object.keys(expected)) {
		if (key === 'label') {
			const a = actual.label as Json;
			const e = expected.label as Json;
			assert.deepEqual(Object.keys(a).sort(), Object.keys(e).sort(), `${where}.label: keys`);
			for (const k of Object.keys(e)) {
				if (k === 'steps') {
					const as = a.steps as Json[];
					const es = e.steps as Json[];
					assert.equal(as.length, es.length, `${where}.label.steps: length`);
					es.forEach((step, i) => {
						for (const f of Object.keys(step)) {
							assert.deepEqual(as[i][f], step[f], `${where}.label.steps[${i}].${f}`);
						}
					});
				} else {
					assert.deepEqual(a[k], e[k], `${where}.label.${k}`);
				}
			}
		} else {
			assert.deepEqual(actual[key], expected[key], `${where}.${key}`);
		}
	}
}

test('import then export gives back every PRM800K record field by field', async (t) => {
	const dir = tempDir(t);
	const db = path.join(dir, 'labels.db');
	const out = path.join(dir, 'all.jsonl');
	const a = io();
	await importCmd([SAMPLE, '--db', db], a);
	const original = lines(SAMPLE);
	assert.equal(original.length, 6);
	assert.match(a.stdout.join(''), /^.*prm800k-sample\.jsonl: 6 records imported, /);
	assert.deepEqual(a.stderr, []);
	await exportCmd(['--format', 'prm800k', '--include-hard', out, '--db', db], io());
	const exported = lines(out);
	assert.equal(exported.length, original.length);
	original.forEach((rec, i) => sameRecord(exported[i], rec, `record ${i + 1}`));
});

test('imported problems get their MATH level from the shipped sets, by text', async (t) => {
	const dir = tempDir(t);
	const db = path.join(dir, 'labels.db');
	const a = io();
	await importCmd([SAMPLE, '--db', db, '--json'], a);
	const report = JSON.parse(a.stdout.join('')) as Json;
	// Worked out from the files: 4 of the 6 problems are MATH500 problems.
	const math500 = new Map(lines(MATH500).map((p) => [p.problem as string, p]));
	const known = lines(SAMPLE).map((r) => math500.get((r.question as Json).problem as string));
	assert.equal(known.filter(Boolean).length, 4);
	assert.equal(report.imported, 6);
	assert.equal(report.shipped, 4);
	const rows = await rawAll<{ problem_set: string; uid: string; level: number | null }>(db,
		'SELECT problem_set, uid, level FROM problems ORDER BY problem_set, uid');
	const expected = [
		...known.filter((p): p is Json => !!p)
			.map((p) => ({ problem_set: 'math500', uid: p.unique_id, level: p.level })),
	].sort((x, y) => String(x.uid).localeCompare(String(y.uid)));
	assert.deepEqual(rows.filter((r) => r.problem_set === 'math500'), expected);
	const unknown = rows.filter((r) => r.problem_set === 'prm800k');
	assert.equal(unknown.length, 2);
	assert.deepEqual(unknown.map((r) => r.level), [null, null]);
});

test('export without --include-hard holds only the easy problems (levels 1-3)', async (t) => {
	const dir = tempDir(t);
	const db = path.join(dir, 'labels.db');
	await importCmd([SAMPLE, '--db', db], io());
	const out = path.join(dir, 'easy.jsonl');
	const b = io();
	await exportCmd(['--format', 'prm800k', out, '--db', db], b);
	const math500 = new Map(lines(MATH500).map((p) => [p.problem as string, p.level as number]));
	const easy = lines(SAMPLE).filter((r) => (math500.get((r.question as Json).problem as string) ?? 9) <= 3);
	assert.equal(easy.length, 2, 'the pencil (level 2) and math club (level 1) problems');
	const exported = lines(out);
	assert.equal(exported.length, 2);
	easy.forEach((rec, i) => sameRecord(exported[i], rec, `easy record ${i + 1}`));
	assert.equal(b.stdout.join(''), `2 prm800k records written to ${out}.\n`);
	const strict = path.join(dir, 'l1.jsonl');
	await exportCmd(['--format', 'prm800k', '--easy-max-level', '1', strict, '--db', db], io());
	assert.deepEqual(lines(strict).map((r) => (r.question as Json).problem), [
		(easy[1].question as Json).problem,
	]);
});

test('the TRL export follows each record\'s labeled path', async (t) => {
	const dir = tempDir(t);
	const db = path.join(dir, 'labels.db');
	await importCmd([SAMPLE, '--db', db], io());
	const out = path.join(dir, 'trl.jsonl');
	await exportCmd(['--format', 'trl', out, '--db', db], io());
	const rows = lines(out);
	const [pencils, club] = [lines(SAMPLE)[0], lines(SAMPLE)[3]];
	type Step = { completions: { text: string }[]; human_completion: { text: string } | null };
	const steps = (r: Json) => (r.label as Json).steps as Step[];
	// Pencils: step 2 has no chosen completion and a human one the pass went on
	// with; the last step went on with completion 4. All rated +1 (human: unrated).
	const p = steps(pencils);
	const pencilPath = [p[0].completions[0].text, p[1].human_completion!.text,
		p[2].completions[0].text, p[3].completions[0].text, p[4].completions[0].text,
		p[5].completions[4].text];
	// Math club: completion 0 everywhere except step 6, which chose completion 3.
	const c = steps(club);
	const clubPath = c.map((s, i) => s.completions[i === 5 ? 3 : 0].text);
	assert.deepEqual(rows, [
		{ prompt: (pencils.question as Json).problem, completions: pencilPath,
			labels: [true, true, true, true, true, true] },
		{ prompt: (club.question as Json).problem, completions: clubPath,
			labels: [true, true, true, true, true, true, true] },
	]);
});

test('importing twice leaves the records once; bad lines are reported with their number', async (t) => {
	const dir = tempDir(t);
	const db = path.join(dir, 'labels.db');
	await importCmd([SAMPLE, '--db', db], io());
	const mixed = path.join(dir, 'mixed.jsonl');
	writeFileSync(mixed, `${readFileSync(SAMPLE, 'utf8').split('\n')[0]}\n{"labeler": 1}\nnot json\n`);
	const a = io();
	await importCmd([mixed, '--db', db], a);
	assert.match(a.stdout.join(''), /0 records imported, .*1 already imported, 2 lines skipped/);
	assert.equal(a.stderr.length, 2);
	assert.match(a.stderr[0], /mixed\.jsonl:2: skipped: labeler and timestamp must be strings/);
	assert.match(a.stderr[1], /mixed\.jsonl:3: skipped: not JSON/);
	const count = await rawAll<{ n: number }>(db, 'SELECT count(*) AS n FROM labeling_sessions');
	assert.equal(count[0].n, 6);
});

test('usage errors name the flag or file and what to do', async (t) => {
	const dir = tempDir(t);
	const db = path.join(dir, 'x.db');
	await assert.rejects(importCmd([path.join(dir, 'missing.jsonl'), '--db', db], io()),
		/missing\.jsonl: no such file\. Give the path of a PRM800K \.jsonl file\./);
	await assert.rejects(exportCmd(['--format', 'csv', 'out.jsonl', '--db', db], io()),
		/--format must be one of prm800k, trl\./);
	await assert.rejects(exportCmd(['out.jsonl', '--db', db], io()), /--format must be one of/);
	await assert.rejects(exportCmd(['--format', 'trl', '--easy-max-level', '7', 'o', '--db', db], io()),
		/--easy-max-level must be an integer from 1 to 5 \(got 7\)/);
	// export only reads: a database that is not there is named, not made
	await assert.rejects(exportCmd(['--format', 'trl', 'o.jsonl', '--db', db], io()),
		/There is no database at .*x\.db\. Check the path/);
	assert.equal(existsSync(db), false);
	await (await openStore(db)).close();
	await assert.rejects(exportCmd(['--format', 'trl', path.join(dir, 'no', 'such', 'o.jsonl'),
		'--db', db], io()), /cannot write .*o\.jsonl: .*Check that its folder exists/);
});

test('the stepwise command dispatches import and export', (t) => {
	const dir = tempDir(t);
	const db = path.join(dir, 'cli.db');
	const cli = (args: string[]) => spawnSync(process.execPath,
		['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
		{ cwd: ROOT, encoding: 'utf8' });
	const help = cli(['--help']);
	assert.equal(help.status, 0);
	assert.match(help.stdout, /import FILE +import PRM800K label records/);
	assert.match(help.stdout, /export OUT +write finished labels/);
	const imp = cli(['import', SAMPLE, '--db', db]);
	assert.equal(imp.status, 0, imp.stderr);
	assert.match(imp.stdout, /6 records imported/);
	const exp = cli(['export', '--format', 'trl', '--include-hard', '-', '--db', db]);
	assert.equal(exp.status, 0, exp.stderr);
	// None of the 6 records ended as bad_problem and each rates its first step
	// (checked in the file), so each gives one row.
	assert.equal(exp.stdout.trim().split('\n').length, 6);
	assert.match(exp.stderr, /^6 trl records written\.$/m);
	const bad = cli(['export', '--format', 'xml', 'o', '--db', db]);
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /--format must be one of prm800k, trl/);
});
