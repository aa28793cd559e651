/**
 * A promise face on the `sqlite3` package's callback API, and the one place
 * that decides how work on a connection is ordered.
 *
 * sqlite3 runs the statements of one connection in the order they were
 * queued, but an async caller that sends BEGIN, awaits, then sends more
 * statements would let another caller's statements land inside its
 * transaction. So every unit of work goes through `serialized`, which runs
 * units one after another on this connection.
 */
import * as sqlite3 from 'sqlite3';

/** Values SQLite accepts as statement parameters. */
export type SqlValue = string | number | bigint | Buffer | null;

/** Positional parameters of a statement. */
export type SqlParams = readonly SqlValue[];

/** What a data-changing statement reports. */
export interface RunInfo {
	/** Rowid of the last inserted row. */
	lastId: number;
	/** Rows changed by this statement. */
	changes: number;
}

/** One open SQLite connection with promise-returning methods. */
export class Connection {
	private tail: Promise<unknown> = Promise.resolve();

	private constructor(
		private readonly db: sqlite3.Database,
		/** The database file. */
		readonly file: string,
	) {}

	/**
	 * Opens `file` for reading and writing, creating it when missing, or
	 * with `readOnly` only for reading an existing file. Opening does not
	 * read the file yet; the first statement does.
	 */
	static open(file: string, readOnly = false): Promise<Connection> {
		return new Promise((resolve, reject) => {
			const access = readOnly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
			const mode = access | sqlite3.OPEN_FULLMUTEX;
			const db = new sqlite3.Database(file, mode, (err) => {
				if (err) {
					reject(err);
				} else {
					resolve(new Connection(db, file));
				}
			});
		});
	}

	/** Calls `listener` with the text of every statement as it starts. */
	onTrace(listener: (sql: string) => void): void {
		this.db.on('trace', listener);
	}

	/** Runs one data-changing statement. */
	run(sql: string, params: SqlParams = []): Promise<RunInfo> {
		return new Promise((resolve, reject) => {
			this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
				if (err) {
					reject(err);
				} else {
					resolve({ lastId: this.lastID, changes: this.changes });
				}
			});
		});
	}

	/** Runs a query and returns its first row, if any. */
	get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return new Promise((resolve, reject) => {
			this.db.get<T>(sql, params, (err, row) => {
				if (err) {
					reject(err);
				} else {
					resolve(row);
				}
			});
		});
	}

	/** Runs a query and returns all its rows. */
	all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
		return new Promise((resolve, reject) => {
			this.db.all<T>(sql, params, (err, rows) => {
				if (err) {
					reject(err);
				} else {
					resolve(rows);
				}
			});
		});
	}

	/** Runs several parameterless statements separated by semicolons. */
	exec(sql: string): Promise<void> {
		return new Promise((resolve, reject) => {
			this.db.exec(sql, (err) => {
				if (err) {
					reject(err);
				} else {
					resolve();
				}
			});
		});
	}

	/**
	 * Runs the same statement once per parameter list, preparing it once.
	 * Call it inside a transaction; it adds none of its own.
	 */
	async runMany(sql: string, rows: readonly SqlParams[]): Promise<void> {
		if (rows.length === 0) {
			return;
		}
		const stmt = await new Promise<sqlite3.Statement>((resolve, reject) => {
			const s = this.db.prepare(sql, (err: Error | null) => (err ? reject(err) : resolve(s)));
		});
		try {
			for (const params of rows) {
				await new Promise<void>((resolve, reject) => {
					stmt.run(params, (err: Error | null) => (err ? reject(err) : resolve()));
				});
			}
		} finally {
			await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
		}
	}

	/**
	 * Runs `work` once every unit queued before it has finished, and keeps
	 * later units waiting until it finishes. Do not call `serialized` or
	 * `transaction` from inside `work`: it would wait for itself.
	 */
	serialized<T>(work: () => Promise<T>): Promise<T> {
		// The tail never rejects (see below), so `work` always runs.
		const result = this.tail.then(work);
		this.tail = result.catch(() => undefined);
		return result;
	}

	/**
	 * Runs `work` inside `BEGIN IMMEDIATE ... COMMIT`, rolling back if it
	 * throws. IMMEDIATE takes the write lock up front: a deferred transaction
	 * that reads first and writes later can fail at once with SQLITE_BUSY when
	 * another process writes in between, instead of waiting out the busy
	 * timeout. The promise settles only after COMMIT returned, so the data is
	 * on disk by then.
	 */
	transaction<T>(work: () => Promise<T>): Promise<T> {
		return this.serialized(async () => {
			await this.run('BEGIN IMMEDIATE');
			try {
				const value = await work();
				await this.run('COMMIT');
				return value;
			} catch (err) {
				await this.run('ROLLBACK').catch(() => undefined);
				throw err;
			}
		});
	}

	/**
	 * Runs read-only `work` inside a deferred transaction, so all its reads
	 * see one snapshot of the file while other connections keep writing.
	 */
	snapshot<T>(work: () => Promise<T>): Promise<T> {
		return this.serialized(async () => {
			await this.run('BEGIN');
			try {
				return await work();
			} finally {
				await this.run('COMMIT').catch(() => undefined);
			}
		});
	}

	/** Closes the connection once queued work has finished. */
	close(): Promise<void> {
		return this.serialized(
			() =>
				new Promise<void>((resolve, reject) => {
					this.db.close((err) => (err ? reject(err) : resolve()));
				}),
		);
	}
}
