import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSolutionDoc, renderSolutionDoc } from '../../src/core/solutionDoc';
import { joinSteps, splitSteps } from '../../src/core/steps';

test('line mode: one step per non-blank line, offsets point into the source', () => {
	const src = '  a = 1\n\nb = 2  \nc';
	const steps = splitSteps(src, 'line');
	assert.deepEqual(steps.map((s) => s.text), ['a = 1', 'b = 2', 'c']);
	for (const s of steps) {
		assert.equal(src.slice(s.start, s.end), s.text);
	}
	assert.equal(steps[0].start, 2);
});

test('paragraph mode keeps inner newlines and splits on blank lines', () => {
	const steps = splitSteps('x\ny\n\n  \nz\n', 'paragraph');
	assert.deepEqual(steps.map((s) => s.text), ['x\ny', 'z']);
});

test('marker mode opens a step at each "Step k:" line and drops the preamble', () => {
	const src = 'Intro\nStep 1: add\nmore\nstep 2) multiply\n**Step 3.** done';
	assert.deepEqual(splitSteps(src, 'marker').map((s) => s.text),
		['Step 1: add\nmore', 'step 2) multiply', '**Step 3.** done']);
});

test('item mode reads LaTeX \\item up to \\end', () => {
	const src = '\\begin{enumerate}\n\\item $x=1$\n\\item $y=2$\n\\end{enumerate}';
	assert.deepEqual(splitSteps(src, 'item').map((s) => s.text), ['$x=1$', '$y=2$']);
});

test('joinSteps flattens inner newlines to keep one step a line', () => {
	assert.equal(joinSteps(['a\nb', 'c']), 'a b\nc');
});

test('a rendered document parses back to its problem, reference and steps', () => {
	const text = renderSolutionDoc({
		set: 'math500', uid: 'test/algebra/1.json', level: 2, subject: 'Algebra',
		problem: 'What is $2+3$?\n\nGive a number.', steps: ['2 + 3 = 5', 'The answer is \\boxed{5}.'],
	});
	const doc = parseSolutionDoc(text);
	assert.equal(doc.problem, 'What is $2+3$?\n\nGive a number.');
	assert.deepEqual(doc.ref, { set: 'math500', uid: 'test/algebra/1.json' });
	assert.deepEqual(doc.steps.map((s) => s.text), ['2 + 3 = 5', 'The answer is \\boxed{5}.']);
	assert.equal(text.slice(doc.steps[1].start, doc.steps[1].end), 'The answer is \\boxed{5}.');
});

test('short form: a "Problem:" first paragraph, then the steps', () => {
	const doc = parseSolutionDoc('Problem: 1+1?\n\n1 + 1 = 2\nSo 2.');
	assert.equal(doc.problem, '1+1?');
	assert.equal(doc.ref, undefined);
	assert.deepEqual(doc.steps.map((s) => s.text), ['1 + 1 = 2', 'So 2.']);
});

test('no header: the whole document is the solution and the problem is unknown', () => {
	const doc = parseSolutionDoc('a\nb');
	assert.equal(doc.problem, undefined);
	assert.equal(doc.steps.length, 2);
});

test('a marked region limits the steps to its lines; the header still gives the problem', () => {
	const text = 'Problem: 2+2?\n\nNotes that are not steps.\n<!-- stepwise:begin -->\n2 + 2 = 4\nSo 4.\n<!-- stepwise:end -->\nMore notes.';
	const doc = parseSolutionDoc(text);
	assert.equal(doc.problem, '2+2?');
	assert.deepEqual(doc.steps.map((s) => s.text), ['2 + 2 = 4', 'So 4.']);
	assert.equal(text.slice(doc.steps[0].start, doc.steps[0].end), '2 + 2 = 4');
});
