/**
 * Finds the final answer in a solution text. In order of preference:
 *
 * 1. the last complete `\boxed{...}` or `\fbox{...}` (nested braces and
 *    escaped `\{ \}` allowed), or `\boxed 5` up to the next `$` or line end;
 * 2. PRM800K's `# Answer` heading: the first non-empty line after the last one;
 * 3. "The answer is ..." (also "The final answer is"): the rest of the line
 *    after the last such phrase, without surrounding `$` and a final period.
 *
 * A `\boxed{` that never closes (a generation cut off mid-answer) is
 * skipped, so an earlier complete box, or the other forms, still count.
 *
 * @returns the answer's LaTeX, e.g. `\frac{1}{2}`, or null when none is found.
 */
export function extractAnswer(text: string): string | null {
	return lastBoxed(text) ?? answerHeading(text) ?? answerPhrase(text);
}

const BOX_RE = /\\(?:boxed|fbox)(?![A-Za-z])/g;

function lastBoxed(text: string): string | null {
	const starts = Array.from(text.matchAll(BOX_RE), (m) => (m.index ?? 0) + m[0].length);
	for (let k = starts.length - 1; k >= 0; k--) {
		const content = boxContent(text, starts[k]);
		if (content !== null) {
			return content;
		}
	}
	return null;
}

/** What the box starting right after its command at `from` holds, or null if unusable. */
function boxContent(text: string, from: number): string | null {
	let i = from;
	while (i < text.length && (text[i] === ' ' || text[i] === '\t')) {
		i++;
	}
	if (text[i] !== '{') {
		if (i === from) {
			return null;
		}
		// `\boxed 5`: the answer runs to the end of the math or the line.
		const rest = text.slice(i);
		const end = rest.search(/[$\n]/);
		const answer = stripFinalPeriod((end < 0 ? rest : rest.slice(0, end)).trim());
		return answer === '' ? null : answer;
	}
	let depth = 0;
	for (let j = i; j < text.length; j++) {
		const c = text[j];
		if (c === '\\') {
			// An escaped brace does not open or close anything.
			j++;
		} else if (c === '{') {
			depth++;
		} else if (c === '}') {
			depth--;
			if (depth === 0) {
				return text.slice(i + 1, j).trim();
			}
		}
	}
	return null;
}

function answerHeading(text: string): string | null {
	const headings = Array.from(text.matchAll(/^[ \t]*#[ \t]*Answer[ \t]*$/gim));
	const last = headings.at(-1);
	if (last === undefined) {
		return null;
	}
	const after = text.slice((last.index ?? 0) + last[0].length);
	const line = after.split('\n').map((l) => l.trim()).find((l) => l !== '');
	return line === undefined ? null : cleanInline(line);
}

function answerPhrase(text: string): string | null {
	const phrases = Array.from(text.matchAll(/\bthe\s+(?:final\s+)?answer\s+is\b[ \t]*:?/gi));
	const last = phrases.at(-1);
	if (last === undefined) {
		return null;
	}
	const line = text.slice((last.index ?? 0) + last[0].length).split('\n')[0];
	return cleanInline(line);
}

/** Drops surrounding `$`, `\(`/`\)` and spaces, and a sentence's final period. */
function cleanInline(raw: string): string | null {
	let s = raw.trim();
	for (let before = ''; before !== s;) {
		before = s;
		s = stripFinalPeriod(s);
		s = s.replace(/^\$+|\$+$/g, '').replace(/^\\\(|\\\)$/g, '').trim();
	}
	return s === '' ? null : s;
}

function stripFinalPeriod(s: string): string {
	return s.endsWith('.') ? s.slice(0, -1).trimEnd() : s;
}
