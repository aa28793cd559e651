// What a UI step can do with the workbench, the way a person would: open the
// command palette, run a command by its title, read notifications and the
// editor. Each UI step file receives these on its `ctx` argument.

const PALETTE_INPUT = '.quick-input-widget input';
const PALETTE_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';
const TOAST = '.notification-toast .notification-list-item-message';

/**
 * Opens the command palette (F1) and types `title`; resolves with the labels
 * of the rows the palette then offers. Leaves the palette open.
 */
export async function searchPalette(page, title, timeoutMs = 10000) {
	await page.keyboard.press('F1');
	const input = page.locator(PALETTE_INPUT);
	await input.waitFor({ state: 'visible', timeout: timeoutMs });
	await input.fill(`>${title}`);
	const rows = page.locator(PALETTE_ROW);
	await rows.first().waitFor({ state: 'visible', timeout: timeoutMs });
	// The list filters as one types; give it a moment to settle on the final text.
	await page.waitForTimeout(300);
	return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Runs the command whose palette label contains `title`, as a person would: F1, type, Enter. */
export async function runCommand(page, title, timeoutMs = 10000) {
	const labels = await searchPalette(page, title, timeoutMs);
	if (!labels.some((l) => l.includes(title))) {
		await page.keyboard.press('Escape');
		throw new Error(`the command palette offers no "${title}"; `
			+ `it offers: ${labels.join(' | ')}`);
	}
	await page.keyboard.press('Enter');
}

/** Closes the palette or any other quick input that is open. */
export async function closePalette(page) {
	await page.keyboard.press('Escape');
}

/**
 * Waits for a notification whose text matches `pattern` (a RegExp or a
 * substring) and resolves with its text.
 */
export async function waitForNotification(page, pattern, timeoutMs = 15000) {
	const matches = (text) => (pattern instanceof RegExp
		? pattern.test(text)
		: text.includes(pattern));
	const end = Date.now() + timeoutMs;
	let seen = [];
	while (Date.now() < end) {
		seen = await page.locator(TOAST).allInnerTexts();
		const hit = seen.find(matches);
		if (hit !== undefined) {
			return hit;
		}
		await page.waitForTimeout(200);
	}
	throw new Error(`no notification matching ${pattern} within ${timeoutMs} ms; `
		+ `visible: ${seen.length > 0 ? seen.join(' | ') : 'none'}`);
}

/**
 * The text of the visible lines of the active editor. Monaco renders only
 * the lines on screen, so this is for short documents.
 */
export async function activeEditorText(page, timeoutMs = 10000) {
	const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
	await lines.first().waitFor({ state: 'visible', timeout: timeoutMs });
	const text = await lines.first().innerText();
	// Monaco draws spaces as no-break spaces.
	return text.replace(/\u00a0/g, ' ');
}
