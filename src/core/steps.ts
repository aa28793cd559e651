/**
 * Splitting a written solution into reasoning steps and back.
 *
 * Offsets are kept so the editor can put a step's score on the exact
 * lines it came from, whatever the splitting mode.
 */

/** How a solution text is cut into steps. */
export type StepMode = 'line' | 'paragraph' | 'marker' | 'item';

/** One step of a solution, with where it sits in the source text. */
export interface Step {
	/** The step as the PRM sees it: trimmed, inner newlines kept. */
	text: string;
	/** Offset of the step's first character in the source. */
	start: number;
	/** Offset just past the step's last character in the source. */
	end: number;
}

const MARKER = /^\s*(?:\*\*)?step\s+\d+\s*[:.)]/i;
const ITEM = /\\item\b/g;

/**
 * Cuts `source` into steps.
 *
 * - `line`: every non-blank line is a step.
 * - `paragraph`: blank lines separate steps.
 * - `marker`: a line starting `Step k:` opens a step; text before the first
 *   marker is not a step.
 * - `item`: each LaTeX `\item` opens a step, up to the next `\item` or
 *   `\end{...}`.
 */
export function splitSteps(source: string, mode: StepMode = 'line'): Step[] {
	switch (mode) {
		case 'line':
			return splitBy(source, /\r?\n/g);
		case 'paragraph':
			return splitBy(source, /\r?\n[ \t]*\r?\n/g);
		case 'marker':
			return splitMarkers(source);
		case 'item':
			return splitItems(source);
	}
}

function splitBy(source: string, sep: RegExp): Step[] {
	const steps: Step[] = [];
	let from = 0;
	for (const m of source.matchAll(sep)) {
		pushTrimmed(steps, source, from, m.index ?? 0);
		from = (m.index ?? 0) + m[0].length;
	}
	pushTrimmed(steps, source, from, source.length);
	return steps;
}

function pushTrimmed(steps: Step[], source: string, start: number, end: number): void {
	while (start < end && /\s/.test(source[start])) {
		start++;
	}
	while (end > start && /\s/.test(source[end - 1])) {
		end--;
	}
	if (end > start) {
		steps.push({ text: source.slice(start, end), start, end });
	}
}

function lineStarts(source: string): number[] {
	const starts = [0];
	for (let i = 0; i < source.length; i++) {
		if (source[i] === '\n') {
			starts.push(i + 1);
		}
	}
	return starts;
}

function splitMarkers(source: string): Step[] {
	const opens = lineStarts(source).filter((s) => {
		const nl = source.indexOf('\n', s);
		return MARKER.test(source.slice(s, nl < 0 ? source.length : nl));
	});
	const steps: Step[] = [];
	opens.forEach((s, i) => pushTrimmed(steps, source, s, opens[i + 1] ?? source.length));
	return steps;
}

function splitItems(source: string): Step[] {
	const opens = [...source.matchAll(ITEM)].map((m) => m.index ?? 0);
	const steps: Step[] = [];
	opens.forEach((s, i) => {
		let end = opens[i + 1] ?? source.length;
		const close = source.slice(s, end).search(/\\end\{/);
		if (close >= 0) {
			end = s + close;
		}
		// The marker itself is layout, not reasoning.
		pushTrimmed(steps, source, s + '\\item'.length, end);
	});
	return steps;
}

/** Joins steps back into the one-step-a-line text the models read and write. */
export function joinSteps(steps: readonly string[]): string {
	return steps.map((s) => s.replace(/\r?\n/g, ' ')).join('\n');
}
