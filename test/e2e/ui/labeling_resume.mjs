// After the reload labeling.mjs did: the panel is back on the same sample
// and step. The next step is rated -1 with the keyboard and the correct
// step typed; then "Export Labels..." writes a PRM800K file through its
// pickers, and the record of this sample must hold exactly what was typed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	dbRows,
	focusPanel,
	panelFrame,
	press,
	readMarker,
	readPanel,
	readRuns,
	waitUntil,
} from './labeling.mjs';

const CORRECTION = 'We have $2^8 = 4^x = 2^{2x}$, so $x = 4$.';
const INPUT = '.quick-input-widget input';

/**
 * A reload restarts the extension host and with it the suite, which opens
 * editors of its own; the panel is checked once that run is over.
 */
async function waitForSuiteRerun(page, ctx, before) {
	const started = await waitUntil(page, 'the suite starting again', async () =>
		readRuns(ctx).started > before.started, 10000).catch(() => false);
	if (started) {
		await waitUntil(page, 'the suite run after the reload finishing', async () => {
			const runs = readRuns(ctx);
			return runs.finished >= runs.started;
		}, 40000);
	}
}

async function pick(page, titlePart, text) {
	await page.locator('.quick-input-widget .quick-input-title', { hasText: titlePart })
		.waitFor({ state: 'visible', timeout: 10000 });
	await page.locator(INPUT).fill(text);
	await page.waitForTimeout(300);
	await page.keyboard.press('Enter');
}

export default async function resumeAndExport(page, ctx) {
	const marker = readMarker(ctx);
	assert.ok(marker.runsBeforeReload, 'labeling.mjs did not get to the reload');
	await waitForSuiteRerun(page, ctx, marker.runsBeforeReload);
	const frame = await panelFrame(page, marker.sampleId, 30000);
	const n = marker.steps.length;
	const before = marker.before;
	const restored = await readPanel(frame);
	assert.equal(restored.cursor, before, 'the panel is back on the step it was on');
	assert.deepEqual(restored.ratings.slice(0, before), ['+1', '0'].slice(0, before));
	assert.equal(restored.finished, null);

	await focusPanel(frame);
	await press(page, frame, '3', `step ${before + 1} is -1 and the correction box is open`,
		(p) => p.ratings[before] === '-1' && p.finished === 'found_error' && p.editing);
	await page.keyboard.type(CORRECTION);
	await page.keyboard.press('Control+Enter');
	await waitUntil(page, 'the correct step stored', async () => {
		const rows = await dbRows(ctx,
			'SELECT finish_reason, human_completion FROM labeling_sessions WHERE sample_id = ?',
			[marker.sampleId]);
		return rows.length === 1 && rows[0].human_completion === CORRECTION;
	});
	await ctx.screenshot('labeling-finished');

	const out = join(ctx.workspace, 'labels-e2e.prm800k.jsonl');
	await page.locator('.monaco-workbench .part.statusbar').click();
	await ctx.runCommand('Stepwise: Export Labels...');
	await pick(page, 'format', 'prm800k');
	await pick(page, 'include hard', 'No');
	// The save dialog is VS Code's own, a path box; wait for its proposed path, then type ours.
	await page.locator('.quick-input-widget .quick-input-title', { hasText: 'export labels to' })
		.waitFor({ state: 'visible', timeout: 10000 });
	const input = page.locator(INPUT);
	await waitUntil(page, 'the save dialog proposing a file name', async () =>
		(await input.inputValue()).endsWith('stepwise-labels.prm800k.jsonl'));
	await input.fill(out);
	await waitUntil(page, 'the typed path in the save dialog', async () =>
		(await input.inputValue()) === out);
	await page.waitForTimeout(300);
	await page.keyboard.press('Enter');
	const note = await ctx.waitForNotification(/exported \d+ prm800k records? \(easy problems/);
	assert.ok(note.includes(out), `the export went to ${out}: ${note}`);

	const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
	const mine = records.filter((r) =>
		JSON.stringify(r.question.pre_generated_steps) === JSON.stringify(marker.steps));
	assert.equal(mine.length, 1, `one exported record for sample ${marker.sampleId}`);
	const typed = [
		{ rating: 1, flagged: false },
		{ rating: 0, flagged: true },
	].slice(0, before);
	const expected = [
		...typed.map((t, i) => ({
			completions: [{ text: marker.steps[i], ...t }],
			human_completion: null,
			chosen_completion: 0,
		})),
		{
			completions: [{ text: marker.steps[before], rating: -1, flagged: false }],
			human_completion: { text: CORRECTION, rating: null, source: 'human', flagged: false },
			chosen_completion: null,
		},
	];
	assert.deepEqual(mine[0].label.steps, expected);
	assert.equal(mine[0].label.finish_reason, 'found_error');
	assert.ok(mine[0].label.total_time > 0, 'the time spent is recorded');
	assert.equal(mine[0].question.pre_generated_steps.length, n);
}
