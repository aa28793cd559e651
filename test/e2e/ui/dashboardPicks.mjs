// A person runs an evaluation from the command palette through its quick
// picks (curriculum-test, easy levels, 1 problem per level, N = 1) and the
// dashboard comes up on the new run when it is done.
import assert from 'node:assert/strict';
import { dashboardFrame, focusWorkbench } from './dashboard.mjs';

const INPUT = '.quick-input-widget input';
const TITLE = '.quick-input-widget .quick-input-title';
const ROW = '.quick-input-widget .quick-input-list .monaco-list-row';

/** Waits for the quick input titled `step`, types `text` and picks the row labelled `label`. */
async function choose(page, step, text, label) {
	await page.locator(TITLE).filter({ hasText: step }).waitFor({ timeout: 15000 });
	await page.locator(INPUT).fill(text);
	if (label === undefined) {
		await page.keyboard.press('Enter');
		return;
	}
	await page.waitForTimeout(300);
	const labels = (await page.locator(`${ROW} .label-name`).allInnerTexts()).map((l) => l.trim());
	const at = labels.indexOf(label);
	assert.ok(at >= 0, `"${step}" offers no "${label}"; it offers: ${labels.join(' | ')}`);
	await page.locator(ROW).nth(at).click();
}

export default async function dashboardPicks(page, ctx) {
	const before = await (await dashboardFrame(page, 10000)).evaluate(
		() => document.querySelector('main#app').dataset.runId);
	await focusWorkbench(page);
	await ctx.runCommand('Stepwise: Run Easy-to-Hard Evaluation');
	await choose(page, '1/4: problem set', 'curriculum-test', 'curriculum-test');
	await choose(page, '2/4: levels', 'Easy', 'Easy (1-3)');
	await choose(page, '3/4: problems per level', '1');
	await choose(page, '4/4: samples per problem', 'N = 1', 'N = 1');

	const frame = await dashboardFrame(page, 45000, before);
	const runId = await frame.evaluate(() => document.querySelector('main#app').dataset.runId);
	ctx.log(`the quick picks made run ${runId}`);
	const settings = await frame.locator('dl.settings').innerText();
	assert.match(settings, /Samples per problem \(N\)\s+1\n/);
	assert.match(settings, /Easy problems \(levels 1-3\)\s+3\n/);
	assert.match(settings, /Hard problems \(levels 4-5\)\s+0\n/);
	assert.match(await frame.locator('figure.chart-hard').innerText(),
		/No hard problem has all its samples in this run yet/);
	const easyLines = await frame.locator('figure.chart-easy g.series').count();
	assert.equal(easyLines, 4);
	await ctx.screenshot('dashboard-picks');
	// Later steps drive the palette, which a focused webview would keep shut.
	await focusWorkbench(page);
}
