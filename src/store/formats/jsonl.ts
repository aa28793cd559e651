/**
 * JSON Lines reading and writing.
 */

/** One non-blank line of a JSON Lines text, parsed or with its parse error. */
export type JsonlLine =
	| { line: number; value: unknown }
	| { line: number; error: string };

/** Parses every non-blank line; `line` counts from 1 as editors do. */
export function parseJsonl(text: string): JsonlLine[] {
	const out: JsonlLine[] = [];
	text.split(/\r?\n/).forEach((raw, i) => {
		if (raw.trim() === '') {
			return;
		}
		try {
			out.push({ line: i + 1, value: JSON.parse(raw) as unknown });
		} catch (err) {
			out.push({ line: i + 1, error: err instanceof Error ? err.message : String(err) });
		}
	});
	return out;
}

/** One JSON value per line, ending with a newline (empty text for no rows). */
export function toJsonl(rows: readonly unknown[]): string {
	return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
