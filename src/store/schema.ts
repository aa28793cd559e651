/**
 * The database schema as an ordered list of migrations. Entry `n - 1` takes
 * a database from `PRAGMA user_version = n - 1` to `n`. Released entries are
 * never edited: a change to the schema is a new entry at the end, so every
 * existing file can be brought forward step by step. src/store/README.md
 * describes the tables.
 */

/**
 * Written to `PRAGMA application_id` so a SQLite file made by another
 * program is recognised and left alone. The bytes spell `STWP`.
 */
export const APPLICATION_ID = 0x53545750;

/** Version 1: problems, samples and everything a labeling pass produces. */
const V1 = `
CREATE TABLE problems (
	id INTEGER PRIMARY KEY,
	problem_set TEXT NOT NULL,
	uid TEXT NOT NULL,
	problem TEXT NOT NULL,
	solution TEXT,
	answer TEXT,
	subject TEXT,
	level INTEGER CHECK (level BETWEEN 1 AND 5),
	UNIQUE (problem_set, uid)
);

CREATE TABLE samples (
	id INTEGER PRIMARY KEY,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	generator TEXT NOT NULL,
	text TEXT NOT NULL,
	answer TEXT,
	finish TEXT,
	settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
	seed INTEGER,
	import_key TEXT UNIQUE,
	created_at TEXT NOT NULL
);
CREATE INDEX samples_by_problem ON samples (problem_id);

CREATE TABLE steps (
	sample_id INTEGER NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL CHECK (idx >= 0),
	text TEXT NOT NULL,
	author TEXT NOT NULL DEFAULT 'model' CHECK (author IN ('model', 'human')),
	PRIMARY KEY (sample_id, idx)
) WITHOUT ROWID;

CREATE TABLE step_scores (
	sample_id INTEGER NOT NULL,
	prm_id TEXT NOT NULL,
	idx INTEGER NOT NULL,
	p REAL NOT NULL CHECK (p >= 0 AND p <= 1),
	raw REAL NOT NULL,
	how TEXT NOT NULL,
	PRIMARY KEY (sample_id, prm_id, idx),
	FOREIGN KEY (sample_id, idx) REFERENCES steps (sample_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE labels (
	sample_id INTEGER NOT NULL,
	labeler TEXT NOT NULL,
	purpose TEXT NOT NULL CHECK (purpose IN ('train', 'eval')),
	idx INTEGER NOT NULL,
	rating INTEGER CHECK (rating IN (-1, 0, 1)),
	flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (sample_id, labeler, purpose, idx),
	FOREIGN KEY (sample_id, idx) REFERENCES steps (sample_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE labeling_sessions (
	id INTEGER PRIMARY KEY,
	sample_id INTEGER NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
	labeler TEXT NOT NULL,
	purpose TEXT NOT NULL CHECK (purpose IN ('train', 'eval')),
	finish_reason TEXT NOT NULL
		CHECK (finish_reason IN ('solution', 'found_error', 'bad_problem', 'give_up')),
	human_completion TEXT,
	total_time_ms INTEGER CHECK (total_time_ms >= 0),
	provenance TEXT CHECK (provenance IS NULL OR json_valid(provenance)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (sample_id, labeler, purpose)
);
CREATE INDEX labeling_sessions_by_labeler ON labeling_sessions (labeler, sample_id);

CREATE TABLE step_completions (
	session_id INTEGER NOT NULL REFERENCES labeling_sessions (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL CHECK (idx >= 0),
	pos INTEGER NOT NULL CHECK (pos >= -1),
	text TEXT NOT NULL,
	rating INTEGER CHECK (rating IN (-1, 0, 1)),
	flagged INTEGER CHECK (flagged IN (0, 1)),
	source TEXT,
	chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1)),
	on_path INTEGER NOT NULL DEFAULT 0 CHECK (on_path IN (0, 1)),
	PRIMARY KEY (session_id, idx, pos)
) WITHOUT ROWID;

CREATE TABLE model_versions (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('generator', 'prm')),
	path TEXT NOT NULL,
	parent_id TEXT REFERENCES model_versions (id) ON DELETE SET NULL,
	provenance TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provenance)),
	metrics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
	active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX model_versions_one_active ON model_versions (kind) WHERE active = 1;
`;

/** Version 2: resumable evaluation runs. */
const V2 = `
CREATE TABLE eval_runs (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
	status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE eval_samples (
	run_id INTEGER NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL CHECK (idx >= 0),
	sample_id INTEGER REFERENCES samples (id) ON DELETE SET NULL,
	answer TEXT,
	correct INTEGER CHECK (correct IN (0, 1)),
	details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
	created_at TEXT NOT NULL,
	PRIMARY KEY (run_id, problem_id, idx)
) WITHOUT ROWID;
`;

/** Version 3: what a run produced besides its rows (throughput, report settings). */
const V3 = `
ALTER TABLE eval_runs ADD COLUMN results TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(results));
`;

/** Every migration in order; the schema version is this list's length. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
