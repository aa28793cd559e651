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

const REGION_BEGIN = /^.*stepwise:begin.*$/m;
const REGION_END = /^.*stepwise:end.*$/m;

/**
 * A marked region, for checking part of a longer file: the lines between
 * a line holding `stepwise:begin` and one holding `stepwise:end` (in a
 * Markdown or LaTeX comment, say). Returns offsets of the region's body.
 */
export function markedRegion(text: string): { start: number; end: number } | undefined {
	const b = REGION_BEGIN.exec(text);
	if (!b) {
		return undefined;
	}
	const start = b.index + b[0].length;
	const e = REGION_END.exec(text.slice(start));
	return { start, end: e ? start + e.index : text.length };
}

/**
 * Parses `text`; steps carry offsets into `text` itself. With a marked
 * region, only the region's lines are steps; the header still names the
 * problem.
 */
export function parseSolutionDoc(text: string, mode: StepMode = 'line'): SolutionDoc {
	const region = markedRegion(text);
	if (region) {
		const outer = parseSolutionDoc(text.slice(0, region.start - 0).replace(REGION_BEGIN, ''), mode);
		const steps = splitSteps(text.slice(region.start, region.end), mode).map((s) => ({
			text: s.text, start: s.start + region.start, end: s.end + region.start,
		}));
		return { problem: outer.problem, ref: outer.ref, solutionStart: region.start, steps };
	}
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
