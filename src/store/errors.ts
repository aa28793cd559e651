/**
 * The one error type the store throws for expected failures. The message
 * is written for the person in the editor: it names the database file and
 * says what to do next.
 */

/** What went wrong, so callers can react without reading the text. */
export type StoreErrorKind =
	/** The file is not a SQLite database, or its pages are damaged. */
	| 'corrupt'
	/** Another process held the database longer than the busy timeout. */
	| 'locked'
	/** The file or its folder cannot be opened, read or written. */
	| 'unreadable'
	/** The database was written by a newer Stepwise; this one will not touch it. */
	| 'newer-schema'
	/** The request or the file's content breaks a rule of the store. */
	| 'invalid';

/** An expected failure of the store, with a message meant for the user. */
export class StoreError extends Error {
	constructor(
		readonly kind: StoreErrorKind,
		message: string,
		/** The database file at fault. */
		readonly file: string,
		/** The SQLite result code behind it, such as `SQLITE_BUSY`, when there is one. */
		readonly code?: string,
	) {
		super(message);
		this.name = 'StoreError';
	}
}

const SETTING = '`stepwise.databasePath`';

/**
 * Turns whatever SQLite or the file system threw into a StoreError.
 * `action` says what the store was doing, e.g. `saving a label`.
 */
export function toStoreError(err: unknown, file: string, action: string): StoreError {
	if (err instanceof StoreError) {
		return err;
	}
	const code = errorCode(err);
	const detail = err instanceof Error ? err.message : String(err);
	switch (code) {
		case 'SQLITE_NOTADB':
		case 'SQLITE_CORRUPT':
			return corruptError(file, detail, code);
		case 'SQLITE_BUSY':
		case 'SQLITE_LOCKED':
			return new StoreError(
				'locked',
				`${file} stayed locked by another process while ${action} (${detail}). ` +
					'Close other Stepwise windows or CLI runs using it and try again.',
				file,
				code,
			);
		case 'SQLITE_CANTOPEN':
		case 'SQLITE_PERM':
		case 'SQLITE_READONLY':
		case 'SQLITE_IOERR':
		case 'SQLITE_AUTH':
		case 'SQLITE_FULL':
		case 'EACCES':
		case 'EPERM':
		case 'EROFS':
		case 'ENOSPC':
		case 'ENOTDIR':
		case 'EISDIR':
		case 'EEXIST':
		case 'ENOENT':
			return new StoreError(
				'unreadable',
				`${file} could not be used while ${action} (${detail}). ` +
					'Check that the file and its folder exist and are writable and the disk has ' +
					`space, or set ${SETTING} to another file.`,
				file,
				code,
			);
		case 'SQLITE_CONSTRAINT':
			return new StoreError(
				'invalid',
				`${file} refused the data while ${action} (${detail}).`,
				file,
				code,
			);
		default:
			return new StoreError(
				'invalid',
				`Unexpected database failure in ${file} while ${action}: ${detail}`,
				file,
				code,
			);
	}
}

/** The error for a file that is not a SQLite database or is damaged. */
export function corruptError(file: string, detail: string, code?: string): StoreError {
	return new StoreError(
		'corrupt',
		`${file} is not a usable SQLite database (${detail}). Move it aside or set ${SETTING} ` +
			'to another file; nothing was written to it.',
		file,
		code,
	);
}

/** The error for a request that breaks a rule; `message` is already complete. */
export function invalid(file: string, message: string): StoreError {
	return new StoreError('invalid', message, file);
}

function errorCode(err: unknown): string | undefined {
	if (typeof err === 'object' && err !== null && 'code' in err) {
		const code = (err as { code: unknown }).code;
		return typeof code === 'string' ? code : undefined;
	}
	return undefined;
}
