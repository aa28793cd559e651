/**
 * Opening a database file: refuse what is not ours, back up what is about
 * to be migrated, set the connection up for safe concurrent use, migrate.
 *
 * Everything that could refuse the file runs before the first write, so a
 * refused file is left byte for byte as it was.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { corruptError, StoreError, toStoreError } from './errors';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema';
import { Connection } from './sqlite';

/** How to open a store. */
export interface OpenOptions {
	/**
	 * How long a write waits for another connection's write to finish
	 * before failing with kind `locked`. Two VS Code windows on one file
	 * rely on this. Default 5000 ms.
	 */
	busyTimeoutMs?: number;
	/** Receives every SQL statement as it starts, for a debug log. */
	trace?: (sql: string) => void;
	/**
	 * Only read: the file must exist at the current schema version; it is
	 * neither created, migrated nor switched to WAL, so a file the user
	 * may not write (a shared copy, a read-only mount) can still be read.
	 */
	readOnly?: boolean;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const SETTING = '`stepwise.databasePath`';

interface FileState {
	applicationId: number;
	version: number;
	objects: number;
}

/**
 * Opens (creating when missing) the database at `file` and brings its
 * schema to the current version. Throws StoreError.
 */
export async function openConnection(file: string, options: OpenOptions = {}): Promise<Connection> {
	const abs = path.resolve(file);
	const readOnly = options.readOnly === true;
	if (readOnly) {
		await mustExist(abs);
	} else {
		await ensureFolder(abs);
	}
	await checkHeader(abs);
	let conn: Connection;
	try {
		conn = await Connection.open(abs, readOnly);
	} catch (err) {
		throw toStoreError(err, abs, 'opening the database');
	}
	try {
		if (options.trace) {
			conn.onTrace(options.trace);
		}
		await prepare(conn, abs, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, readOnly);
		return conn;
	} catch (err) {
		await conn.close().catch(() => undefined);
		throw toStoreError(err, abs, 'opening the database');
	}
}

async function mustExist(file: string): Promise<void> {
	if (!(await exists(file))) {
		throw new StoreError('unreadable', `There is no database at ${file}. Check the path `
			+ `(--db, STEPWISE_DB or ${SETTING}).`, file, 'ENOENT');
	}
}

async function ensureFolder(file: string): Promise<void> {
	try {
		await fs.mkdir(path.dirname(file), { recursive: true });
	} catch (err) {
		throw toStoreError(err, file, 'creating its folder');
	}
}

/**
 * Rejects a non-empty file that does not start with SQLite's magic
 * string before SQLite is let near it. An empty file is a new database.
 */
async function checkHeader(file: string): Promise<void> {
	let handle: fs.FileHandle;
	try {
		handle = await fs.open(file, 'r');
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
			return;
		}
		throw toStoreError(err, file, 'reading it');
	}
	try {
		const head = Buffer.alloc(SQLITE_HEADER.length);
		const { bytesRead } = await handle.read(head, 0, head.length, 0);
		if (bytesRead > 0 && !head.equals(SQLITE_HEADER)) {
			const why = 'the file does not start with the SQLite header';
			throw corruptError(file, why, 'SQLITE_NOTADB');
		}
	} catch (err) {
		throw toStoreError(err, file, 'reading it');
	} finally {
		await handle.close();
	}
}

async function prepare(conn: Connection, file: string, busyTimeoutMs: number, readOnly: boolean): Promise<void> {
	await conn.run(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
	const state = await readState(conn);
	if (state.version > SCHEMA_VERSION) {
		throw new StoreError(
			'newer-schema',
			`${file} was written by a newer Stepwise (schema version ${state.version}; this ` +
				`version knows up to ${SCHEMA_VERSION}). Update the Stepwise extension, or set ` +
				`${SETTING} to another file; the file was not changed.`,
			file,
		);
	}
	if (isForeign(state)) {
		throw new StoreError(
			'invalid',
			`${file} is a SQLite database of another program (application id ` +
				`${state.applicationId}, ${state.objects} tables or indexes). ` +
				`Set ${SETTING} to a Stepwise database or a new file; nothing was written to it.`,
			file,
		);
	}
	await checkIntegrity(conn, file);
	if (readOnly) {
		if (state.version < SCHEMA_VERSION) {
			const what = state.version === 0 ? 'holds no Stepwise data yet'
				: `has schema version ${state.version}, older than this Stepwise's ${SCHEMA_VERSION}`;
			throw new StoreError('invalid', `${file} ${what}. Open it once for writing (any `
				+ 'Stepwise command that saves) to bring it up to date; it was only read.', file);
		}
		await conn.run('PRAGMA query_only = ON');
		return;
	}
	if (state.version > 0 && state.version < SCHEMA_VERSION) {
		await backUp(conn, file, state.version);
	}
	await useWal(conn, file);
	// Per connection, not stored in the file, so set on every open. FULL
	// syncs the WAL on each commit: a label the UI showed as saved is on disk.
	await conn.run('PRAGMA synchronous = FULL');
	await conn.run('PRAGMA foreign_keys = ON');
	await migrate(conn);
}

/**
 * The file's marks and size, read in one read transaction: another process
 * creating the same new file commits its tables and its marks together,
 * and three separate reads could see the tables without the marks.
 */
async function readState(conn: Connection): Promise<FileState> {
	return conn.snapshot(async () => {
		// The first read starts the snapshot; the pragmas then see the same file.
		const count = await conn.get<{ n: number }>('SELECT count(*) AS n FROM sqlite_master');
		const app = await conn.get<{ application_id: number }>('PRAGMA application_id');
		const ver = await conn.get<{ user_version: number }>('PRAGMA user_version');
		return {
			applicationId: app?.application_id ?? 0,
			version: ver?.user_version ?? 0,
			objects: count?.n ?? 0,
		};
	});
}

/** A file with content that we did not mark as ours. */
function isForeign(state: FileState): boolean {
	if (state.applicationId === APPLICATION_ID) {
		return false;
	}
	return state.applicationId !== 0 || state.version !== 0 || state.objects > 0;
}

async function checkIntegrity(conn: Connection, file: string): Promise<void> {
	const rows = await conn.all<{ quick_check: string }>('PRAGMA quick_check');
	const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
	if (problems.length > 0) {
		const shown = problems.slice(0, 3).join('; ');
		throw corruptError(file, `quick_check found damage: ${shown}`, 'SQLITE_CORRUPT');
	}
}

/**
 * Copies the database next to itself before a migration changes it. VACUUM
 * INTO writes a consistent snapshot even while other connections write.
 */
async function backUp(conn: Connection, file: string, version: number): Promise<void> {
	const stamp = new Date().toISOString().replace(/[-:.]/g, '');
	let target = `${file}.bak-v${version}-${stamp}`;
	for (let n = 1; await exists(target); n++) {
		target = `${file}.bak-v${version}-${stamp}-${n}`;
	}
	await conn.run('VACUUM INTO ?', [target]);
}

async function exists(file: string): Promise<boolean> {
	try {
		await fs.access(file);
		return true;
	} catch {
		return false;
	}
}

async function useWal(conn: Connection, file: string): Promise<void> {
	const row = await conn.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
	if (row?.journal_mode !== 'wal') {
		throw new StoreError(
			'unreadable',
			`${file} cannot use write-ahead logging (journal mode stayed ` +
				`"${row?.journal_mode ?? 'unknown'}"), which Stepwise needs for safe writes from ` +
				`several windows. Set ${SETTING} to a file on a local disk.`,
			file,
		);
	}
}

/**
 * Applies the missing migrations, each in its own transaction. The version
 * is read again inside the transaction because another process may have
 * migrated the file since we looked.
 */
async function migrate(conn: Connection): Promise<void> {
	for (;;) {
		const done = await conn.transaction(async () => {
			const row = await conn.get<{ user_version: number }>('PRAGMA user_version');
			const version = row?.user_version ?? 0;
			if (version >= SCHEMA_VERSION) {
				return true;
			}
			await conn.exec(MIGRATIONS[version]);
			await conn.run(`PRAGMA application_id = ${APPLICATION_ID}`);
			await conn.run(`PRAGMA user_version = ${version + 1}`);
			return false;
		});
		if (done) {
			return;
		}
	}
}
