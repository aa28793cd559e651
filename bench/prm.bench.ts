/**
 * PRM speed: whole solutions scored per second at batch 1 and 16, and the
 * time to score a 20-step solution again after a one-line edit, with the
 * unchanged prefix reused (Engine.scoreLive) and without (Engine.score).
 * Solutions are the reference solutions of the held-out test set.
 */
import { defaultThreads, Engine } from './lib/engine';
import { PRM } from './lib/paths';
import { testItems, type TestItem } from './lib/prompts';
import { emit, note } from './lib/report';
import { median } from './lib/stats';

const BATCH_CALLS = Number(process.env.STEPWISE_BENCH_PRM_CALLS ?? 60);
const EDITS = Number(process.env.STEPWISE_BENCH_EDITS ?? 100);
const STEPS = 20;

function stepsOf(it: TestItem): string[] {
	return it.solution.split('\n').filter((l) => l.trim() !== '');
}

/** Solutions/s over `calls` calls of `batch` solutions each, median per call. */
async function throughput(engine: InstanceType<typeof Engine>, batch: number, calls: number):
	Promise<number> {
	const items = testItems();
	const times: number[] = [];
	for (let c = 0; c < calls + 3; c++) {
		const at = (c * batch) % (items.length - batch);
		const group = items.slice(at, at + batch);
		const t0 = performance.now();
		await engine.score({ problem: group[0].problem, solutions: group.map(stepsOf) });
		if (c >= 3) {
			times.push(performance.now() - t0);
		}
	}
	return batch / (median(times) / 1000);
}

/** A 20-step solution made of the test set's steps, under the first problem. */
function longSolution(): { problem: string; steps: string[] } {
	const items = testItems();
	const steps: string[] = [];
	for (const it of items) {
		for (const s of stepsOf(it)) {
			// Skip the closing "The answer is ..." lines but the last one.
			if (!s.startsWith('The answer') && steps.length < STEPS - 1) {
				steps.push(s);
			}
		}
		if (steps.length === STEPS - 1) {
			steps.push(stepsOf(it).at(-1)!);
			break;
		}
	}
	return { problem: items[0].problem, steps };
}

/** The same line with its last digit changed, as a person fixing a number would. */
function editLine(line: string): string {
	const m = /(\d)(?!.*\d)/.exec(line);
	if (!m) {
		return `${line} again`;
	}
	const d = (Number(m[1]) + 1) % 10;
	return line.slice(0, m.index) + String(d) + line.slice(m.index + 1);
}

async function main(): Promise<void> {
	const threads = defaultThreads();
	const engine = new Engine();
	await engine.load({ prmPath: PRM, provider: 'cpu', threads });

	for (const batch of [1, 16]) {
		note(`prm throughput, batch ${batch}`);
		const rate = await throughput(engine, batch, BATCH_CALLS);
		emit('prm.solutions_per_s', rate, 'solutions/s', {
			batch, calls: BATCH_CALLS, solutions: 'test.jsonl reference solutions', threads,
			stat: 'median call',
		});
	}

	note(`prm re-score after a one-line edit, ${EDITS} edits`);
	const doc = longSolution();
	const reuse: number[] = [];
	const full: number[] = [];
	const firstLine: number[] = [];
	await engine.scoreLive({ key: 'bench', problem: doc.problem, steps: doc.steps });
	for (let i = 0; i < EDITS; i++) {
		// Each request differs from the one before by one line: the edit
		// is made on line k, then undone, with k going round the solution.
		const k = i % STEPS;
		const edited = doc.steps.map((s, j) => (j === k ? editLine(s) : s));
		for (const steps of [edited, doc.steps]) {
			let t0 = performance.now();
			await engine.scoreLive({ key: 'bench', problem: doc.problem, steps });
			const ms = performance.now() - t0;
			(k === 0 ? firstLine : reuse).push(ms);
			t0 = performance.now();
			await engine.score({ problem: doc.problem, solutions: [steps] });
			full.push(performance.now() - t0);
		}
	}
	const settings = { steps: STEPS, threads, stat: 'median' };
	emit('prm.rescore_ms', median(reuse), 'ms', {
		...settings, reuse: true, edits: reuse.length,
		edit: 'one line changed or restored, lines 2-20 in turn',
	});
	emit('prm.rescore_ms', median(full), 'ms', {
		...settings, reuse: false, edits: full.length,
		edit: 'one line changed or restored, every line in turn',
	});
	emit('prm.rescore_ms', median(firstLine), 'ms', {
		...settings, reuse: true, edits: firstLine.length,
		edit: 'first line changed or restored (the worst case for reuse)',
	});
	await engine.dispose();
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
