/**
 * Turns the figures of a bench run (JSON lines on stdin) into the Markdown
 * tables of docs/benchmarks.md:
 *
 *     npm run -s bench > figures.jsonl
 *     node --import tsx bench/table.ts < figures.jsonl
 */
import { readFileSync } from 'node:fs';
import type { Figure } from './lib/report';

const figures = readFileSync(0, 'utf8').split('\n')
	.filter((l) => l.startsWith('{'))
	.map((l) => JSON.parse(l) as Figure);

function find(name: string, match: Record<string, unknown>): Figure | undefined {
	return figures.find((f) => f.name === name
		&& Object.entries(match).every(([k, v]) => f.settings[k] === v));
}

function value(name: string, match: Record<string, unknown>, digits = 0): string {
	const f = find(name, match);
	return f ? f.value.toFixed(digits) : '-';
}

function print(lines: string[]): void {
	process.stdout.write(`${lines.join('\n')}\n\n`);
}

const m = figures[0]?.machine;
if (m) {
	const loads = figures.map((f) => f.machine.load1);
	print([`Machine: ${m.model}, ${m.cpus} cores, Node ${m.node}, onnxruntime-node ${m.ort}; `
		+ `1-minute load average during the run ${Math.min(...loads)}-${Math.max(...loads)}.`]);
}

const gen = ['| N | mode | prompts | Stepwise tok/s | transformers.js tok/s | ratio '
	+ '| CPU-time ratio | bound | Stepwise overhead | transformers.js overhead '
	+ '| GC share of session.run (S / t.js) |',
'|---|---|---|---|---|---|---|---|---|---|---|'];
for (const f of figures.filter((x) => x.name === 'generate.ratio')) {
	const k = { n: f.settings.n, mode: f.settings.mode, prompts: f.settings.prompts };
	gen.push(`| ${k.n} | ${k.mode} | ${k.prompts} `
		+ `| ${value('generate.stepwise.tokens_per_s', k)} `
		+ `| ${value('generate.transformersjs.tokens_per_s', k)} `
		+ `| **${f.value.toFixed(2)}x** | ${value('generate.ratio_cpu', k, 2)}x `
		+ `| ${value('generate.ratio_bound', k, 2)}x `
		+ `| ${value('generate.stepwise.overhead_pct', k, 1)}% `
		+ `| ${value('generate.transformersjs.overhead_pct', k, 1)}% `
		+ `| ${value('generate.stepwise.gc_pct', k)}% `
		+ `/ ${value('generate.transformersjs.gc_pct', k)}% |`);
}
print(gen);

const step = ['| batch | past | session.run, cache fetched | logits only | cache to JS '
	+ '| GC per step | cache out |', '|---|---|---|---|---|---|---|'];
for (const f of figures.filter((x) => x.name === 'step.kv_out_mb')) {
	const k = { batch: f.settings.batch, past: f.settings.past };
	step.push(`| ${k.batch} | ${k.past} `
		+ `| ${value('step.session_run_ms', { ...k, fetch: 'logits and KV cache' }, 2)} ms `
		+ `| ${value('step.session_run_ms', { ...k, fetch: 'logits only' }, 2)} ms `
		+ `| ${value('step.cache_to_js_ms', k, 2)} ms | ${value('step.gc_ms', k, 2)} ms `
		+ `| ${f.value.toFixed(1)} MiB |`);
}
print(step);

const prm = ['| figure | value |', '|---|---|'];
for (const f of figures.filter((x) => x.name.startsWith('prm.') || x.name.startsWith('memory.'))) {
	const s = f.settings;
	const what = f.name === 'prm.solutions_per_s' ? `${f.name}, batch ${s.batch}`
		: f.name === 'prm.rescore_ms' ? `${f.name}, ${s.reuse ? 'with' : 'without'} reuse (${s.edit})`
			: `${f.name}, N = ${s.n}, ${s.tokensMade} tokens`;
	prm.push(`| ${what} | ${f.value} ${f.unit} |`);
}
print(prm);
