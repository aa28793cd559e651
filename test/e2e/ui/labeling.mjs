// Labels the sample the suite (test/e2e/suite/labeling.test.js) opened the
// panel on, with the keyboard as a person would: +1 on the first step, then
// flag and 0 on the second. Then it reloads the window; labeling_resume.mjs
// checks the panel came back on the same sample and step, and finishes.
// The functions it exports are shared with labeling_resume.mjs.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What the suite left: the sample, and what the UI steps pass on. */
export function readMarker(ctx) {
	const file = join(ctx.workspace, 'labeling-e2e.json');
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		throw new Error(`${file} is missing: the suite test "opens the labeling panel on a `
			+ 'generated easy sample" did not run or failed (see its result above)');
	}
}

export function writeMarker(ctx, marker) {
	writeFileSync(join(ctx.workspace, 'labeling-e2e.json'), JSON.stringify(marker));
}

/** How many suite runs started and finished (the suite writes it). */
export function readRuns(ctx) {
	try {
		return JSON.parse(readFileSync(join(ctx.workspace, 'labeling-e2e-runs.json'), 'utf8'));
	} catch {
		return { started: 0, finished: 0 };
	}
}

/** Rows from the test database, read with the repo's sqlite3. */
export function dbRows(ctx, sql, params = []) {
	const load = createRequire(join(ctx.repo, 'package.json'));
	return load('./test/e2e/db.cjs').readRows(load('sqlite3'), ctx.db, sql, params);
}

/** Polls `check` until it returns something truthy. */
export async function waitUntil(page, what, check, timeoutMs = 15000) {
	const end = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await check();
		if (last) {
			return last;
		}
		if (Date.now() > end) {
			throw new Error(`${what}: not within ${timeoutMs} ms`);
		}
		await page.waitForTimeout(200);
	}
}

/** What the panel shows, read from its page: sample, cursor, end, ratings. */
function panelInfo() {
	const app = document.getElementById('app');
	if (!app) {
		return null;
	}
	const steps = [...document.querySelectorAll('.step')];
	return {
		sampleId: Number(app.dataset.sampleId || 0),
		cursor: Number(app.dataset.cursor),
		finished: app.dataset.finished || null,
		purpose: app.dataset.purpose,
		ratings: steps.map((s) => s.dataset.rating),
		flagged: steps.map((s) => s.classList.contains('flagged')),
		editing: !!document.querySelector('.correction'),
	};
}

/**
 * Brings the "Stepwise Labeling" editor tab to the front and finds the
 * webview frame whose panel shows `sampleId`.
 */
export async function panelFrame(page, sampleId, timeoutMs = 20000) {
	const tab = page.locator('.tabs-container .tab', { hasText: 'Stepwise Labeling' }).first();
	await tab.waitFor({ state: 'visible', timeout: timeoutMs });
	await tab.click();
	return waitUntil(page, `a labeling panel showing sample ${sampleId}`, async () => {
		for (const frame of page.frames()) {
			const info = await frame.evaluate(panelInfo).catch(() => null);
			if (info && info.sampleId === sampleId && info.ratings.length > 0) {
				return frame;
			}
		}
		return null;
	}, timeoutMs);
}

/** The panel's state now. */
export function readPanel(frame) {
	return frame.evaluate(panelInfo);
}

/** Gives the panel the keyboard by clicking its title, as a person would. */
export async function focusPanel(frame) {
	await frame.locator('h1.title').click();
}

/** Presses a key and waits until the panel shows what it should. */
export async function press(page, frame, key, what, check) {
	await page.keyboard.press(key);
	await waitUntil(page, `after ${key}: ${what}`, async () => check(await readPanel(frame)), 5000);
}

export default async function labelThenReload(page, ctx) {
	const marker = readMarker(ctx);
	const n = marker.steps.length;
	assert.ok(n >= 1, 'the generated sample has steps');
	const frame = await panelFrame(page, marker.sampleId);
	const start = await readPanel(frame);
	assert.equal(start.purpose, 'train');
	assert.equal(start.cursor, 0);
	assert.deepEqual(start.ratings, Array(n).fill(''));
	await focusPanel(frame);
	// Rate all but the last step, at most two: +1, then flagged 0.
	const before = Math.min(2, n - 1);
	if (before >= 1) {
		await press(page, frame, '1', 'step 1 is +1', (p) => p.ratings[0] === '+1' && p.cursor === 1);
	}
	if (before >= 2) {
		await press(page, frame, 'f', 'step 2 is flagged', (p) => p.flagged[1]);
		await press(page, frame, '2', 'step 2 is 0', (p) => p.ratings[1] === '0' && p.cursor === 2);
	}
	await ctx.screenshot('labeling-before-reload');
	// The labels are in the database before the window goes.
	await waitUntil(page, `${before} labels stored`, async () => {
		const rows = await dbRows(ctx, 'SELECT count(*) AS n FROM labels WHERE sample_id = ?',
			[marker.sampleId]);
		return rows[0].n === before;
	});
	writeMarker(ctx, { ...marker, before, runsBeforeReload: readRuns(ctx) });
	const reloaded = page.waitForEvent('load', { timeout: 30000 });
	await ctx.runCommand('Developer: Reload Window');
	await reloaded;
	await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 30000 });
}
