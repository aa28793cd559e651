/**
 * The plain-text layout of a solution document, shared by generated
 * samples and solutions people write:
 *
 *     Problem (math500 test/algebra/1.json, level 3, Algebra):
 *     What is 2 + 3?
 *
 *     Solution:
 *     2 + 3 = 5
 *     The answer is \boxed{5}.
 *
 * The reference in parentheses is optional; so is the whole header, in
 * which case the problem is unknown and every line is a solution line.
 * A short form, `Problem: text` as the first paragraph, also works.
 */
import { splitSteps, type Step, type StepMode } from './steps';

/** What a solution document says. */
export interface SolutionDoc {
	problem?: string;
	/** Problem set and id, when the header names them. */
	ref?: { set: string; uid: string };
	/** Offset where the solution text begins. */
	solutionStart: number;
	steps: Step[];
}

const SOLUTION_LINE = /^[ \t]*(?:#+[ \t]*)?(?:\*\*)?Solution(?:\*\*)?[ \t]*:?[ \t]*$/im;
const PROBLEM_LINE = /^[ \t]*(?:#+[ \t]*)?(?:\*\*)?Problem(?:\*\*)?\b[ \t]*(\(([^)]*)\))?[ \t]*:?[ \t]*(.*)$/i;

/** Parses `text`; steps carry offsets into `text` itself. */
export function parseSolutionDoc(text: string, mode: StepMode = 'line'): SolutionDoc {
	const marker = SOLUTION_LINE.exec(text);
	let header = '';
	let solutionStart = 0;
	if (marker) {
		header = text.slice(0, marker.index);
		solutionStart = marker.index + marker[0].length;
	} else if (PROBLEM_LINE.test(firstLine(text))) {
		const gap = /\r?\n[ \t]*\r?\n/.exec(text);
		header = gap ? text.slice(0, gap.index) : text;
		solutionStart = gap ? gap.index + gap[0].length : text.length;
	}
	const doc: SolutionDoc = { solutionStart, steps: [] };
	Object.assign(doc, parseHeader(header));
	doc.steps = splitSteps(text.slice(solutionStart), mode).map((s) => ({
		text: s.text,
		start: s.start + solutionStart,
		end: s.end + solutionStart,
	}));
	return doc;
}

function firstLine(text: string): string {
	const nl = text.indexOf('\n');
	return nl < 0 ? text : text.slice(0, nl);
}

function parseHeader(header: string): Pick<SolutionDoc, 'problem' | 'ref'> {
	const lines = header.split(/\r?\n/);
	const at = lines.findIndex((l) => PROBLEM_LINE.test(l));
	if (at < 0) {
		return {};
	}
	const m = PROBLEM_LINE.exec(lines[at])!;
	const rest = [m[3] ?? '', ...lines.slice(at + 1)].join('\n').trim();
	const out: Pick<SolutionDoc, 'problem' | 'ref'> = {};
	if (rest) {
		out.problem = rest;
	}
	const words = (m[2] ?? '').split(/[\s,]+/).filter(Boolean);
	if (words.length >= 2) {
		out.ref = { set: words[0], uid: words[1] };
	}
	return out;
}

/** Renders a problem and its solution steps in the layout above. */
export function renderSolutionDoc(p: {
	set: string;
	uid: string;
	level: number;
	subject: string;
	problem: string;
	steps: readonly string[];
}): string {
	return `Problem (${p.set} ${p.uid}, level ${p.level}, ${p.subject}):\n`
		+ `${p.problem.trim()}\n\nSolution:\n${p.steps.join('\n')}\n`;
}
