// The Problem Sets view in the Stepwise activity bar: the set, its level 1
// and its Algebra subject show the labeled counts the database holds, and
// the sample labeled in labeling.mjs is listed as labeled and opens as a
// document.
import assert from 'node:assert/strict';
import { dbRows, readMarker, waitUntil } from './labeling.mjs';

/** The tree row whose label is `label` (not merely containing it: "Intermediate Algebra"). */
function row(page, label) {
	const escaped = label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	const name = page.locator('.label-name', { hasText: new RegExp(`^\\s*${escaped}\\s*$`) });
	return page.locator('.part.sidebar .monaco-list-row').filter({ has: name }).first();
}

async function expand(page, text) {
	const r = row(page, text);
	await r.waitFor({ state: 'visible', timeout: 10000 });
	if ((await r.getAttribute('aria-expanded')) !== 'true') {
		await r.click();
	}
	await waitUntil(page, `"${text}" expanded`, async () =>
		(await r.getAttribute('aria-expanded')) === 'true');
	return r;
}

export default async function problemSetsView(page, ctx) {
	const marker = readMarker(ctx);
	const [mine] = await dbRows(ctx, 'SELECT labeler FROM labeling_sessions WHERE sample_id = ?',
		[marker.sampleId]);
	assert.ok(mine, 'the labeled sample has a finished pass');
	const count = async (where) => {
		const [r] = await dbRows(ctx, `SELECT count(*) AS samples,
			sum(EXISTS (SELECT 1 FROM labeling_sessions t WHERE t.sample_id = s.id
				AND t.labeler = ?)) AS labeled
			FROM samples s JOIN problems p ON p.id = s.problem_id WHERE ${where}`, [mine.labeler]);
		return `${r.labeled}/${r.samples} labeled`;
	};
	await page.locator('.activitybar [aria-label^="Stepwise"]').first().click();
	const set = await expand(page, 'math500');
	assert.match(await set.innerText(), new RegExp(await count('p.problem_set = \'math500\'')));
	const level = await expand(page, 'Level 1');
	const levelText = await level.innerText();
	assert.match(levelText, /easy/);
	assert.match(levelText,
		new RegExp(await count('p.problem_set = \'math500\' AND p.level = 1')));
	const subject = await expand(page, 'Algebra');
	assert.match(await subject.innerText(), new RegExp(await count(
		'p.problem_set = \'math500\' AND p.level = 1 AND p.subject = \'Algebra\'')));
	const sample = row(page, `#${marker.sampleId}`);
	await sample.waitFor({ state: 'visible', timeout: 10000 });
	assert.match(await sample.innerText(), /test\/algebra\/1004\.json · labeled/);
	await ctx.screenshot('labeling-tree');
	await sample.click();
	await page.locator('.tabs-container .tab', { hasText: `${marker.sampleId}.md` }).first()
		.waitFor({ state: 'visible', timeout: 10000 });
}
