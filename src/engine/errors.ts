/**
 * Errors the engine reports to its callers. Each one says which file or
 * setting is at fault and what to do, because the person reading it is in
 * an editor, not in the engine's source.
 */

/** What kind of failure, so callers can react without parsing text. */
export type EngineErrorKind =
	| 'model-folder'
	| 'adapter'
	| 'provider'
	| 'input'
	| 'cancelled'
	| 'crashed'
	| 'internal';

/** An expected failure with a message meant for the user. */
export class EngineError extends Error {
	constructor(
		readonly kind: EngineErrorKind,
		message: string,
		/** The file at fault, when there is one. */
		readonly file?: string,
	) {
		super(message);
		this.name = 'EngineError';
	}
}

/** Plain-object form that crosses the worker boundary. */
export interface SerializedError {
	kind: EngineErrorKind;
	message: string;
	file?: string;
	stack?: string;
}

/** Turns anything thrown into the form sent back to the host. */
export function serializeError(err: unknown): SerializedError {
	if (err instanceof EngineError) {
		return { kind: err.kind, message: err.message, file: err.file };
	}
	const e = err instanceof Error ? err : new Error(String(err));
	return { kind: 'internal', message: e.message, stack: e.stack };
}

/** Rebuilds an error on the host side of the boundary. */
export function deserializeError(s: SerializedError): EngineError {
	const err = new EngineError(s.kind, s.message, s.file);
	if (s.stack) {
		err.stack = s.stack;
	}
	return err;
}
