import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openStore, parseJsonl, toJsonl } from '../../src/store';
import type { Problem, Store } from '../../src/store';
import { tempDir } from '../fixtures/store/setup';

const SAMPLE_FILE = path.resolve(__dirname, '../fixtures/store/prm800k-sample.jsonl');
const MATH500_FILE = path.resolve(__dirname, '../../data/math500.jsonl');
const sampleText = readFileSync(SAMPLE_FILE, 'utf8');
const originals = sampleText.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));

function math500(): Problem[] {
	return readFileSync(MATH500_FILE, 'utf8').trim().split('\n').map((line) => {
		const r = JSON.parse(line);
		return {
			set: 'math500', uid: r.unique_id, problem: r.problem, solution: r.solution,
			answer: r.answer, subject: r.subject, level: r.level,
		};
	});
}

async function withMath500(file: string): Promise<Store> {
	const store = await openStore(file);
	await store.upsertProblems(math500());
	return store;
}

// Read by hand from shared/data/prm800k-sample.jsonl, one entry per line:
// the rating of the step each pass went on with (the chosen completion, the
// human completion it continued from, or where it stopped), and the outcome.
const expected = [
	{ labeler: 'e90a38f3', uid: 'test/algebra/2743.json', reason: 'solution',
		ratings: [1, null, 1, 1, 1, 1], sampleSteps: 6, answer: '29' },
	{ labeler: 'cc88bf76', uid: 'test/counting_and_probability/159.json', reason: 'found_error',
		ratings: [1, 0, 1, 1, 1, 1, -1], sampleSteps: 13, answer: '7200' },
	{ labeler: 'e90a38f3', uid: null, reason: 'solution',
		ratings: [1, 1, 1, 1, 1], sampleSteps: 5, answer: '468' },
	{ labeler: 'd8aa7923', uid: 'test/prealgebra/996.json', reason: 'solution',
		ratings: [1, 1, 1, 1, 1, 1, 1], sampleSteps: 7, answer: '9' },
	{ labeler: 'e90a38f3', uid: 'test/geometry/711.json', reason: 'give_up',
		ratings: [1, 1, 1, 1, 1, 1, 1, -1], sampleSteps: 8, answer: null },
	{ labeler: 'ad8d8d13', uid: null, reason: 'solution',
		ratings: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], sampleSteps: 12, answer: '8, 3, 1' },
];

test('importing the real PRM800K sample stores every pass with its ratings', async (t) => {
	const store = await withMath500(path.join(tempDir(t), 'i.db'));
	const report = await store.importPrm800k(sampleText);
	assert.deepEqual(report, {
		imported: 6, duplicates: 0, matched: 4, problemsAdded: 2, skipped: [],
	});
	const samples = (await store.listSamples()).filter((s) => s.generator.startsWith('prm800k'));
	assert.equal(samples.length, 6);
	let labelCount = 0;
	for (let i = 0; i < 6; i++) {
		const want = expected[i];
		const s = samples[i];
		const full = await store.getSample(s.id);
		const labels = await store.getLabels(s.id);
		const sessions = await store.getSessions(s.id);
		labelCount += labels.length;
		assert.ok(labels.every((l) => l.labeler.startsWith(want.labeler) && l.purpose === 'train'));
		assert.deepEqual(labels.map((l) => l.rating), want.ratings, `record ${i}`);
		assert.equal(full?.steps.length, want.sampleSteps, `record ${i}`);
		assert.equal(s.answer, want.answer, `record ${i}`);
		assert.equal(sessions.length, 1);
		assert.equal(sessions[0].reason, want.reason);
		if (want.uid) {
			assert.deepEqual(s.problem, { set: 'math500', uid: want.uid });
		} else {
			assert.equal(s.problem.set, 'prm800k');
		}
	}
	assert.equal(labelCount, 45);

	// Line 1, step 2: all five candidates were wrong and the labeler wrote the step.
	const first = await store.getSample(samples[0].id);
	assert.deepEqual(first?.steps[1], {
		idx: 1, text: 'We have $3p+e=1.24$ and $5p+e=1.82$.', author: 'human',
	});
	// Line 5: the labeler gave up at step 8 after writing a correction for it.
	const gaveUp = await store.getSessions(samples[4].id);
	assert.equal(gaveUp[0].totalTimeMs, 707383);
	assert.match(gaveUp[0].humanCompletion ?? '', /^By symmetry, we have that the intersection/);
	const unknown = await store.getProblem(samples[2].problem);
	assert.deepEqual([unknown?.level, unknown?.answer], [null, '468']);

	const again = await store.importPrm800k(sampleText);
	assert.deepEqual([again.imported, again.duplicates], [0, 6]);
	await store.close();
});

test('PRM800K import, export, import again: the records come back field by field', async (t) => {
	const dir = tempDir(t);
	const first = await withMath500(path.join(dir, 'a.db'));
	await first.importPrm800k(sampleText);
	const exported = await first.exportPrm800k({ includeHard: true });
	await first.close();
	assert.equal(exported.length, originals.length);
	for (let i = 0; i < originals.length; i++) {
		assert.deepStrictEqual(exported[i], originals[i], `record ${i}`);
	}

	const second = await openStore(path.join(dir, 'b.db'));
	const report = await second.importPrm800k(toJsonl(exported));
	assert.equal(report.imported, 6);
	const again = await second.exportPrm800k({ includeHard: true });
	await second.close();
	assert.deepStrictEqual(again, originals);
});

test('exports hold train labels of easy problems unless includeHard is set', async (t) => {
	const store = await withMath500(path.join(tempDir(t), 'e.db'));
	await store.importPrm800k(sampleText);
	// MATH500 gives levels 2 and 1 to lines 1 and 4; lines 3 and 6 have no known level.
	const easy = await store.exportPrm800k();
	assert.deepEqual(easy.map((r) => r.question.problem), [
		originals[0].question.problem,
		originals[3].question.problem,
	]);
	assert.equal((await store.exportPrm800k({ easyMaxLevel: 1 })).length, 1);
	assert.equal((await store.exportTrl()).length, 2);
	const one = await store.exportPrm800k({ labeler: 'd8aa7923-b970-45e1-9734-e4a7f6c4a7db' });
	assert.equal(one.length, 1);

	// A caller-provided level makes an unmatched problem easy.
	const other = await openStore(path.join(tempDir(t), 'f.db'));
	await other.importPrm800k(sampleText, {
		levelOf: (text) => (text.startsWith('Solve over the integers') ? { level: 3 } : undefined),
	});
	const fromLookup = await other.exportTrl();
	assert.deepEqual(fromLookup.map((r) => r.prompt), [
		'Solve over the integers: $$2^a+4^b+8^c=328.$$',
	]);
	await other.close();

	// Eval-purpose labels never appear, not even with includeHard.
	const evalStore = await withMath500(path.join(tempDir(t), 'g.db'));
	await evalStore.importPrm800k(sampleText, { purpose: 'eval' });
	assert.deepEqual(await evalStore.exportPrm800k({ includeHard: true }), []);
	assert.deepEqual(await evalStore.exportTrl({ includeHard: true }), []);
	await evalStore.close();
	await store.close();
});

test('TRL rows: +1 and 0 are true, -1 is false and ends a row, human steps are true', async (t) => {
	const store = await withMath500(path.join(tempDir(t), 't.db'));
	await store.importPrm800k(sampleText);
	const rows = await store.exportTrl({ includeHard: true });
	assert.equal(rows.length, 6);
	assert.deepEqual(rows.map((r) => r.labels), [
		[true, true, true, true, true, true],
		[true, true, true, true, true, true, false],
		[true, true, true, true, true],
		[true, true, true, true, true, true, true],
		[true, true, true, true, true, true, true, false],
		Array(12).fill(true),
	]);
	assert.ok(rows.every((r) => r.completions.length === r.labels.length));
	assert.equal(rows[0].prompt, originals[0].question.problem);
	assert.equal(rows[0].completions[1], 'We have $3p+e=1.24$ and $5p+e=1.82$.');
	assert.equal(rows[1].completions[6], originals[1].question.pre_generated_steps[6]);
	const parsed = parseJsonl(toJsonl(rows));
	const keys = parsed.map((p) => ('value' in p ? Object.keys(p.value as object) : []));
	assert.deepEqual(keys, Array(6).fill(['prompt', 'completions', 'labels']));
	await store.close();
});

test('labels made in Stepwise export to both formats and round-trip through PRM800K', async (t) => {
	const dir = tempDir(t);
	const store = await openStore(path.join(dir, 'own.db'));
	await store.upsertProblems([
		{
			set: 'cur', uid: 'p1', problem: 'What is 2+2?', answer: '4', subject: 'Prealgebra',
			level: 1,
		},
	]);
	const steps = ['2+2 is 5.', 'So the answer is 5.', '# Answer\n\n5'];
	const id = await store.addSample({
		problem: { set: 'cur', uid: 'p1' }, generator: 'gen-1', text: steps.join('\n'), steps,
		answer: '5', settings: {}, seed: 1,
	});
	const clean = await store.addSample({
		problem: { set: 'cur', uid: 'p1' }, generator: 'gen-1', text: '4',
		steps: ['2+2=4.', 'So 4.'], answer: '4', settings: {}, seed: 2,
	});
	const owner = { sampleId: id, labeler: 'ann', purpose: 'train' as const };
	await store.setLabel({ ...owner, idx: 0, rating: -1, flagged: true });
	await store.finishSolution({
		...owner, reason: 'found_error', humanCompletion: '2+2 is 4.', totalTimeMs: 12000,
	});
	await store.setLabel({ sampleId: clean, idx: 0, rating: 0, labeler: 'ann', purpose: 'train' });
	await store.setLabel({ sampleId: clean, idx: 1, rating: 1, labeler: 'ann', purpose: 'train' });
	await store.finishSolution({
		sampleId: clean, labeler: 'ann', purpose: 'train', reason: 'solution', totalTimeMs: 3000,
	});
	// An unfinished pass is not exported.
	await store.setLabel({ sampleId: clean, idx: 0, rating: 1, labeler: 'bob', purpose: 'train' });

	assert.deepEqual(await store.exportTrl(), [
		{ prompt: 'What is 2+2?', completions: ['2+2 is 5.'], labels: [false] },
		{ prompt: 'What is 2+2?', completions: ['2+2=4.', 'So 4.'], labels: [true, true] },
	]);
	const records = await store.exportPrm800k();
	assert.equal(records.length, 2);
	assert.deepEqual(records[0].label, {
		steps: [{
			completions: [{ text: '2+2 is 5.', rating: -1, flagged: true }],
			human_completion: { text: '2+2 is 4.', rating: null, source: 'human', flagged: false },
			chosen_completion: null,
		}],
		total_time: 12000,
		finish_reason: 'found_error',
	});
	assert.deepEqual(records[0].question, {
		problem: 'What is 2+2?',
		ground_truth_answer: '4',
		pre_generated_steps: steps,
		pre_generated_answer: '5',
	});
	await store.close();

	const copy = await openStore(path.join(dir, 'copy.db'));
	const report = await copy.importPrm800k(toJsonl(records));
	assert.equal(report.imported, 2);
	const [s1, s2] = await copy.listSamples();
	assert.deepEqual((await copy.getSample(s1.id))?.steps.map((s) => s.text), steps);
	assert.equal(s1.answer, '5');
	const copied = await copy.getLabels(s1.id);
	assert.deepEqual(copied.map((l) => [l.idx, l.rating, l.flagged]), [[0, -1, true]]);
	const session = (await copy.getSessions(s1.id))[0];
	assert.deepEqual(
		[session.reason, session.humanCompletion, session.totalTimeMs],
		['found_error', '2+2 is 4.', 12000],
	);
	assert.deepEqual((await copy.getLabels(s2.id)).map((l) => l.rating), [0, 1]);
	assert.deepEqual(await copy.exportPrm800k({ includeHard: true }), records);
	await copy.close();
});

test('a rating changed after import shows in both exports', async (t) => {
	const store = await withMath500(path.join(tempDir(t), 'r.db'));
	await store.importPrm800k(sampleText);
	const [first] = await store.listSamples({ uid: 'test/algebra/2743.json' });
	await store.setLabel({
		sampleId: first.id, idx: 0, rating: 0, labeler: originals[0].labeler, purpose: 'train',
	});
	const [record] = await store.exportPrm800k();
	assert.deepEqual(record.label.steps[0].completions, [{
		text: "Let's call the price of a pencil p and the price of a jumbo eraser e. " +
			'Then we can write two equations.',
		rating: 0,
		flagged: false,
	}]);
	assert.deepEqual(record.label.steps.slice(1), originals[0].label.steps.slice(1));
	await store.close();
});

test('lines that are not PRM800K records are skipped with their line number', async (t) => {
	const store = await openStore(path.join(tempDir(t), 'bad.db'));
	const lines = [
		'{not json',
		JSON.stringify({
			...originals[2],
			label: { ...originals[2].label, finish_reason: 'lunch' },
		}),
		'',
		JSON.stringify(originals[2]),
		JSON.stringify({ ...originals[2], timestamp: 'x', label: { ...originals[2].label, steps: [
			{
				completions: [{ text: 'a', rating: -1, flagged: false }],
				human_completion: null,
				chosen_completion: 0,
			},
			{
				completions: [{ text: 'b', rating: 1, flagged: false }],
				human_completion: null,
				chosen_completion: 0,
			},
		] } }),
	];
	const report = await store.importPrm800k(lines.join('\n'));
	assert.equal(report.imported, 1);
	assert.deepEqual(report.skipped.map((s) => s.line), [1, 2, 5]);
	assert.match(report.skipped[1].reason, /finish_reason/);
	assert.match(report.skipped[2].reason, /rated -1/);
	await store.close();
});
