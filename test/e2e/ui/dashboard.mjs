// A person opens the evaluation dashboard from the command palette and sees
// the run the suite made: both charts drawn, the settings and the table, the
// stylesheet applied (so the page's Content Security Policy let it load).
import assert from 'node:assert/strict';

const TITLE = 'Stepwise: Open Evaluation Dashboard';

/**
 * The webview frame holding the dashboard page once it has drawn a run
 * (other than `notRunId`, when given).
 */
export async function dashboardFrame(page, timeoutMs, notRunId) {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		for (const frame of page.frames()) {
			const shown = await frame.evaluate(() => {
				const app = document.querySelector('main#app');
				return app?.dataset.state === 'shown'
					&& document.querySelectorAll('figure.chart-box').length > 0
					? app.dataset.runId : null;
			}).catch(() => null);
			if (shown && shown !== notRunId) {
				return frame;
			}
		}
		await page.waitForTimeout(250);
	}
	throw new Error(`no dashboard page drew a run within ${timeoutMs} ms`);
}

/** Hands focus to the workbench: a focused webview keeps the palette from opening. */
export async function focusWorkbench(page) {
	await page.evaluate(() => {
		if (document.activeElement instanceof HTMLElement) {
			document.activeElement.blur();
		}
	});
}

export default async function dashboard(page, ctx) {
	await focusWorkbench(page);
	await ctx.runCommand(TITLE);
	const frame = await dashboardFrame(page, 30000);
	const runId = await frame.evaluate(() => document.querySelector('main#app').dataset.runId);
	assert.match(runId, /^\d+$/);
	ctx.log(`dashboard shows run ${runId}`);

	const splits = await frame.locator('figure.chart-box').evaluateAll((figs) =>
		figs.map((f) => f.dataset.split));
	assert.deepEqual(splits, ['easy', 'hard'], 'easy and hard side by side');
	for (const split of splits) {
		const fig = frame.locator(`figure.chart-${split}`);
		const methods = await fig.locator('svg.chart g.series').evaluateAll((gs) =>
			gs.map((g) => g.dataset.method).sort());
		assert.deepEqual(methods, ['bestOfN', 'greedy', 'majority', 'weighted'],
			`${split}: one line per method and greedy`);
		const ticks = await fig.locator('svg.chart text.tick').allTextContents();
		assert.ok(ticks.includes('1') && ticks.includes('2'), `${split}: N = 1, 2 on the x axis`);
	}
	const caption = await frame.locator('figure.chart-hard figcaption').textContent();
	assert.match(caption, /Hard: hard \(4-5\), 2 problems/);

	const settings = await frame.locator('dl.settings').innerText();
	assert.match(settings, /curriculum-test/);
	assert.match(settings, /stepwise-gen-tiny/);
	assert.match(settings, /stepwise-prm-tiny/);
	const rows = await frame.locator('table.levels tbody tr').count();
	assert.equal(rows, 8, 'levels 1-5, easy, hard and all');
	const buttons = await frame.locator('[data-action^="export-"]').count();
	assert.equal(buttons, 2, 'CSV and JSON export buttons');

	// The stylesheet came from the webview's own origin: lines are unfilled strokes.
	const fill = await frame.locator('svg.chart path.line').first()
		.evaluate((el) => getComputedStyle(el).fill);
	assert.equal(fill, 'none', 'dashboard.css did not load (Content Security Policy?)');
	await ctx.screenshot('dashboard');
	// Later steps drive the palette, which a focused webview would keep shut.
	await focusWorkbench(page);
}
