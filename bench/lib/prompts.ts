/** Problems and solutions of the held-out curriculum set, as the benchmarks use them. */
import { readFileSync } from 'node:fs';
import { requireFile, TEST_SET } from './paths';

/** One line of data/curriculum/test.jsonl. */
export interface TestItem {
	problem: string;
	solution: string;
	level: number;
}

let cache: TestItem[] | undefined;

/** Every item of the test set, in file order. */
export function testItems(): TestItem[] {
	if (!cache) {
		const text = readFileSync(requireFile(TEST_SET,
			'the benchmarks read their prompts from it; write it with '
			+ '`/usr/bin/python3 models/recipes/curriculum.py data/curriculum`.'),
		'utf8');
		cache = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as TestItem);
	}
	return cache;
}

/** The first `n` problems, as the generator's prompt text (problem, then a newline). */
export function promptTexts(n: number): string[] {
	const items = testItems();
	if (items.length < n) {
		throw new Error(`data/curriculum/test.jsonl has ${items.length} problems; `
			+ `the benchmark needs ${n}.`);
	}
	return items.slice(0, n).map((it) => `${it.problem}\n`);
}
