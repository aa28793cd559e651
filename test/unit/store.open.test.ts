import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openStore, StoreError } from '../../src/store';
import { rawAll, rawExec, tempDir } from '../fixtures/store/setup';

const problem = {
	set: 'math500',
	uid: 'test/algebra/1.json',
	problem: 'What is $2+3$?',
	solution: '$2+3=\\boxed{5}$',
	answer: '5',
	subject: 'Algebra',
	level: 1,
};

async function expectStoreError(
	file: string,
	kind: StoreError['kind'],
	options: { readOnly?: boolean } = {},
): Promise<StoreError> {
	try {
		const store = await openStore(file, options);
		await store.close();
	} catch (err) {
		assert.ok(err instanceof StoreError, `expected a StoreError, got ${String(err)}`);
		assert.equal(err.kind, kind, err.message);
		return err;
	}
	assert.fail(`opening ${file} should have failed with kind ${kind}`);
}

/** A database at `file` holding `problem`, closed again. */
async function savedDatabase(file: string): Promise<string> {
	const store = await openStore(file);
	await store.upsertProblems([problem]);
	await store.close();
	return file;
}

test('creates missing folders and keeps data across reopen', async (t) => {
	const file = path.join(tempDir(t), 'a', 'b', 'stepwise.db');
	const first = await openStore(file);
	await first.upsertProblems([problem]);
	const id = await first.addSample({
		problem: { set: 'math500', uid: problem.uid },
		generator: 'gen-1',
		text: 'Add.\nSo 5.',
		steps: ['Add.', 'So 5.'],
		answer: '5',
		settings: { temperature: 0.7 },
		seed: 42,
	});
	await first.close();

	const second = await openStore(file);
	const sample = await second.getSample(id);
	await second.close();
	assert.equal(sample?.text, 'Add.\nSo 5.');
	assert.deepEqual(sample?.steps.map((s) => s.text), ['Add.', 'So 5.']);
	assert.deepEqual(sample?.settings, { temperature: 0.7 });
	assert.equal(sample?.seed, 42);
	assert.equal(sample?.problem.uid, problem.uid);
});

test('the file is in WAL mode, marked as ours, at schema version 3', async (t) => {
	const file = path.join(tempDir(t), 'stepwise.db');
	const store = await openStore(file);
	const mode = await rawAll<{ journal_mode: string }>(file, 'PRAGMA journal_mode');
	const version = await rawAll<{ user_version: number }>(file, 'PRAGMA user_version');
	const app = await rawAll<{ application_id: number }>(file, 'PRAGMA application_id');
	await store.close();
	assert.equal(mode[0].journal_mode, 'wal');
	assert.equal(version[0].user_version, 3);
	// 'STWP' read as a big-endian 32-bit number.
	assert.equal(app[0].application_id, (0x53 << 24) | (0x54 << 16) | (0x57 << 8) | 0x50);
});

test('a file of random bytes is refused as corrupt and left unchanged', async (t) => {
	const dir = tempDir(t);
	const file = path.join(dir, 'stepwise.db');
	const bytes = randomBytes(8192);
	writeFileSync(file, bytes);
	const err = await expectStoreError(file, 'corrupt');
	assert.ok(err.message.includes(file), err.message);
	assert.ok(err.message.includes('stepwise.databasePath'), err.message);
	assert.deepEqual(readFileSync(file), bytes);
	assert.deepEqual(readdirSync(dir), ['stepwise.db']);
});

test('a text file is refused as corrupt and left unchanged', async (t) => {
	const file = path.join(tempDir(t), 'notes.db');
	writeFileSync(file, 'These are my notes, not a database.\n');
	await expectStoreError(file, 'corrupt');
	assert.equal(readFileSync(file, 'utf8'), 'These are my notes, not a database.\n');
});

test('garbage after a valid SQLite header is refused as corrupt and left unchanged', async (t) => {
	const file = path.join(tempDir(t), 'stepwise.db');
	const bytes = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(8176)]);
	writeFileSync(file, bytes);
	await expectStoreError(file, 'corrupt');
	assert.deepEqual(readFileSync(file), bytes);
});

test('a SQLite file with a damaged page is refused as corrupt and left unchanged', async (t) => {
	const file = await savedDatabase(path.join(tempDir(t), 'stepwise.db'));
	const bytes = readFileSync(file);
	const pageSize = bytes.readUInt16BE(16);
	assert.ok(bytes.length >= 3 * pageSize, 'the database should have several pages');
	// Page 2 holds a table's b-tree; garbage there is what quick_check is for.
	bytes.fill(0xab, pageSize, 2 * pageSize);
	writeFileSync(file, bytes);
	await expectStoreError(file, 'corrupt');
	assert.deepEqual(readFileSync(file), bytes);
});

test('a database from a newer schema is refused and left unchanged', async (t) => {
	const file = path.join(tempDir(t), 'stepwise.db');
	const store = await openStore(file);
	await store.close();
	await rawExec(file, 'PRAGMA user_version = 7');
	const before = readFileSync(file);
	const err = await expectStoreError(file, 'newer-schema');
	assert.match(err.message, /schema version 7/);
	assert.deepEqual(readFileSync(file), before);
});

test("another program's SQLite database is refused and left unchanged", async (t) => {
	const file = path.join(tempDir(t), 'other.db');
	await rawExec(file, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');");
	const before = readFileSync(file);
	await expectStoreError(file, 'invalid');
	assert.deepEqual(readFileSync(file), before);
	const rows = await rawAll<{ name: string }>(file, 'SELECT name FROM sqlite_master');
	assert.deepEqual(rows.map((r) => r.name), ['contacts']);
});

test('a folder given as the database path is reported as unreadable', async (t) => {
	const dir = path.join(tempDir(t), 'db-folder');
	mkdirSync(dir);
	await expectStoreError(dir, 'unreadable');
});

test('a database path below a regular file is reported as unreadable', async (t) => {
	const blocker = path.join(tempDir(t), 'not-a-folder');
	writeFileSync(blocker, 'x');
	const err = await expectStoreError(path.join(blocker, 'stepwise.db'), 'unreadable');
	assert.ok(err.message.includes('stepwise.databasePath'), err.message);
	assert.equal(readFileSync(blocker, 'utf8'), 'x');
});

test('an empty existing file becomes a new database', async (t) => {
	const file = path.join(tempDir(t), 'empty.db');
	writeFileSync(file, '');
	const store = await openStore(file);
	await store.upsertProblems([problem]);
	assert.equal((await store.listProblems()).length, 1);
	await store.close();
});

// The version 1 schema as it was released, written out here so that later
// edits of the code's migration list cannot change what this test starts from.
const SCHEMA_V1 = `
CREATE TABLE problems (
	id INTEGER PRIMARY KEY, problem_set TEXT NOT NULL, uid TEXT NOT NULL,
	problem TEXT NOT NULL, solution TEXT, answer TEXT, subject TEXT,
	level INTEGER CHECK (level BETWEEN 1 AND 5), UNIQUE (problem_set, uid));
CREATE TABLE samples (
	id INTEGER PRIMARY KEY,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	generator TEXT NOT NULL, text TEXT NOT NULL, answer TEXT, finish TEXT,
	settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)), seed INTEGER,
	import_key TEXT UNIQUE, created_at TEXT NOT NULL);
CREATE INDEX samples_by_problem ON samples (problem_id);
CREATE TABLE steps (
	sample_id INTEGER NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL CHECK (idx >= 0), text TEXT NOT NULL,
	author TEXT NOT NULL DEFAULT 'model' CHECK (author IN ('model', 'human')),
	PRIMARY KEY (sample_id, idx)) WITHOUT ROWID;
CREATE TABLE step_scores (
	sample_id INTEGER NOT NULL, prm_id TEXT NOT NULL, idx INTEGER NOT NULL,
	p REAL NOT NULL CHECK (p >= 0 AND p <= 1), raw REAL NOT NULL, how TEXT NOT NULL,
	PRIMARY KEY (sample_id, prm_id, idx),
	FOREIGN KEY (sample_id, idx) REFERENCES steps (sample_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE labels (
	sample_id INTEGER NOT NULL, labeler TEXT NOT NULL,
	purpose TEXT NOT NULL CHECK (purpose IN ('train', 'eval')), idx INTEGER NOT NULL,
	rating INTEGER CHECK (rating IN (-1, 0, 1)),
	flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	PRIMARY KEY (sample_id, labeler, purpose, idx),
	FOREIGN KEY (sample_id, idx) REFERENCES steps (sample_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE labeling_sessions (
	id INTEGER PRIMARY KEY,
	sample_id INTEGER NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
	labeler TEXT NOT NULL, purpose TEXT NOT NULL CHECK (purpose IN ('train', 'eval')),
	finish_reason TEXT NOT NULL
		CHECK (finish_reason IN ('solution', 'found_error', 'bad_problem', 'give_up')),
	human_completion TEXT, total_time_ms INTEGER CHECK (total_time_ms >= 0),
	provenance TEXT CHECK (provenance IS NULL OR json_valid(provenance)),
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	UNIQUE (sample_id, labeler, purpose));
CREATE INDEX labeling_sessions_by_labeler ON labeling_sessions (labeler, sample_id);
CREATE TABLE step_completions (
	session_id INTEGER NOT NULL REFERENCES labeling_sessions (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL CHECK (idx >= 0), pos INTEGER NOT NULL CHECK (pos >= -1),
	text TEXT NOT NULL, rating INTEGER CHECK (rating IN (-1, 0, 1)),
	flagged INTEGER CHECK (flagged IN (0, 1)), source TEXT,
	chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1)),
	on_path INTEGER NOT NULL DEFAULT 0 CHECK (on_path IN (0, 1)),
	PRIMARY KEY (session_id, idx, pos)) WITHOUT ROWID;
CREATE TABLE model_versions (
	id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('generator', 'prm')),
	path TEXT NOT NULL, parent_id TEXT REFERENCES model_versions (id) ON DELETE SET NULL,
	provenance TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provenance)),
	metrics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
	active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)), created_at TEXT NOT NULL);
CREATE UNIQUE INDEX model_versions_one_active ON model_versions (kind) WHERE active = 1;
PRAGMA application_id = 1398036304;
PRAGMA user_version = 1;
INSERT INTO problems (problem_set, uid, problem, answer, subject, level)
	VALUES ('math500', 'test/algebra/1.json', 'What is $2+3$?', '5', 'Algebra', 1);
INSERT INTO samples (problem_id, generator, text, answer, created_at)
	VALUES (1, 'gen-0', 'So 5.', '5', '2024-01-01T00:00:00.000Z');
INSERT INTO steps (sample_id, idx, text) VALUES (1, 0, 'So 5.');
INSERT INTO labels (sample_id, labeler, purpose, idx, rating, created_at, updated_at)
	VALUES (1, 'ann', 'train', 0, 1, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
`;

async function columnsOf(file: string): Promise<string[]> {
	const tables = await rawAll<{ name: string }>(
		file,
		"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
	);
	const out: string[] = [];
	for (const { name } of tables) {
		const cols = await rawAll<{ name: string; type: string; notnull: number; pk: number }>(
			file,
			`SELECT name, type, "notnull", pk FROM pragma_table_info('${name}')`,
		);
		const described = cols.map((c) => `${c.name} ${c.type} ${c.notnull} ${c.pk}`);
		out.push(`${name}(${described.join(', ')})`);
	}
	return out;
}

test('a version 1 database is backed up, then migrated with its data kept', async (t) => {
	const dir = tempDir(t);
	const file = path.join(dir, 'stepwise.db');
	await rawExec(file, SCHEMA_V1);

	const store = await openStore(file);
	const labels = await store.getLabels(1);
	const run = await store.createEvalRun({ name: 'after migration', settings: { n: 4 } });
	await store.close();

	assert.equal(labels.length, 1);
	assert.equal(labels[0].labeler, 'ann');
	assert.equal(labels[0].rating, 1);
	assert.equal(run.status, 'running');
	const version = await rawAll<{ user_version: number }>(file, 'PRAGMA user_version');
	assert.equal(version[0].user_version, 3);

	const backups = readdirSync(dir).filter((n) => n.startsWith('stepwise.db.bak-'));
	assert.equal(backups.length, 1);
	assert.match(backups[0], /^stepwise\.db\.bak-v1-\d{8}T\d{9}Z$/);
	const backup = path.join(dir, backups[0]);
	const oldVersion = await rawAll<{ user_version: number }>(backup, 'PRAGMA user_version');
	assert.equal(oldVersion[0].user_version, 1);
	const oldTables = await rawAll<{ name: string }>(
		backup,
		"SELECT name FROM sqlite_master WHERE name = 'eval_runs'",
	);
	assert.equal(oldTables.length, 0);
	const oldLabels = await rawAll<{ rating: number }>(backup, 'SELECT rating FROM labels');
	assert.deepEqual(oldLabels, [{ rating: 1 }]);

	// The migrated file has the same tables and columns as a new one.
	const fresh = path.join(dir, 'fresh.db');
	await (await openStore(fresh)).close();
	assert.deepEqual(await columnsOf(file), await columnsOf(fresh));
});

test('a new database gets no backup file', async (t) => {
	const dir = tempDir(t);
	const store = await openStore(path.join(dir, 'stepwise.db'));
	await store.close();
	assert.equal(readdirSync(dir).filter((n) => n.includes('.bak-')).length, 0);
});

test('a closed store refuses further calls with kind invalid', async (t) => {
	const file = path.join(tempDir(t), 'stepwise.db');
	const store = await openStore(file);
	await store.close();
	await assert.rejects(store.listProblems(), (err: unknown) => {
		return err instanceof StoreError && err.kind === 'invalid' && err.message.includes(file);
	});
	assert.ok(existsSync(file));
});

test('read-only: reads a saved database without writing to it', async (t) => {
	const file = await savedDatabase(path.join(tempDir(t), 'ro.db'));
	const bytes = readFileSync(file);
	const ro = await openStore(file, { readOnly: true });
	assert.equal((await ro.getProblem({ set: 'math500', uid: problem.uid }))?.answer, '5');
	await assert.rejects(ro.upsertProblems([{ ...problem, uid: 'test/algebra/2.json' }]));
	await ro.close();
	assert.deepEqual(readFileSync(file), bytes);
});

test('read-only: a missing file is reported and not created', async (t) => {
	const file = path.join(tempDir(t), 'nowhere', 'x.db');
	const err = await expectStoreError(file, 'unreadable', { readOnly: true });
	assert.ok(err.message.includes('no database'), err.message);
	assert.equal(existsSync(path.dirname(file)), false);
});

test('read-only: an empty file is refused and left as it was', async (t) => {
	const empty = path.join(tempDir(t), 'empty.db');
	writeFileSync(empty, '');
	const err = await expectStoreError(empty, 'invalid', { readOnly: true });
	assert.ok(err.message.includes('no Stepwise data'), err.message);
	assert.equal(readFileSync(empty).length, 0);
});
