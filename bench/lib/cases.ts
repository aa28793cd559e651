/** The generation cases both engines run, and their prompts. */
import { promptTexts } from './prompts';

/** New tokens per sample in every generation case. */
export const NEW_TOKENS = 64;

/** One problem sampled N times (what the product does), or N different problems. */
export type PromptSet = 'one problem' | 'distinct problems';

export interface Case {
	n: number;
	mode: 'greedy' | 'sampled';
	prompts: PromptSet;
}

/** N = 1, 16, 64; greedy and sampled; both prompt sets where they differ. */
export function cases(): Case[] {
	const out: Case[] = [];
	for (const n of [1, 16, 64]) {
		for (const mode of ['greedy', 'sampled'] as const) {
			out.push({ n, mode, prompts: 'one problem' });
			if (n > 1) {
				out.push({ n, mode, prompts: 'distinct problems' });
			}
		}
	}
	return out;
}

/** The prompt text of each sample. */
export function texts(c: Case): string[] {
	return c.prompts === 'one problem'
		? new Array<string>(c.n).fill(promptTexts(1)[0])
		: promptTexts(c.n);
}

/** Sampling temperature of a case: 0 is greedy. */
export function temperature(c: Case): number {
	return c.mode === 'greedy' ? 0 : 1;
}
