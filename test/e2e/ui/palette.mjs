// A person looking for Stepwise in the command palette finds its commands
// under the titles the manifest gives them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export default async function palette(page, ctx) {
	const manifest = JSON.parse(readFileSync(join(ctx.repo, 'package.json'), 'utf8'));
	const generate = manifest.contributes.commands.find((c) => c.command === 'stepwise.generate');
	assert.ok(generate, 'package.json contributes no stepwise.generate command');
	const label = `${generate.category}: ${generate.title}`;
	const offered = await ctx.searchPalette(label);
	await ctx.screenshot('palette');
	await ctx.closePalette();
	assert.ok(offered.some((l) => l.startsWith(label)),
		`the palette offers no "${label}"; it offers: ${offered.join(' | ')}`);
}
