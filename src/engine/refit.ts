/**
 * Refitting the PRM's scoring head on people's step labels, inside the
 * engine worker. The trunk stays frozen: each labeled step becomes one
 * example, the hidden state at the step's end as features, "correct"
 * (rating 0 or +1, as the paper counts them) as the target. The split into
 * train and validation is by problem, so no problem's steps are on both
 * sides.
 */
import { createHash } from 'node:crypto';
import { fitLogistic } from '../core/logistic';
import { stepMetrics, type StepMetrics } from '../core/stepMetrics';

/** One labeled solution. `labels[k]` is 1 (rating 0/+1) or 0 (-1) for its first steps. */
export interface RefitExample {
	/** Problem identity for the split. */
	group: string;
	problem: string;
	steps: string[];
	labels: (0 | 1)[];
}

export interface RefitParams {
	examples: RefitExample[];
	/** Share of problems held out for validation. */
	valFraction: number;
	seed: number;
	l2?: number;
}

export interface RefitResult {
	head: { weights: number[]; bias: number };
	train: { problems: number; steps: number };
	val: { problems: number; steps: number };
	/** Validation metrics of the head in use before, and of the refit one. */
	before: StepMetrics;
	after: StepMetrics;
	iterations: number;
}

/** True for problems that go to validation: a seeded hash, stable across runs. */
export function isValidation(group: string, seed: number, fraction: number): boolean {
	const h = createHash('sha256').update(`${seed}:${group}`).digest();
	return h.readUInt32BE(0) / 2 ** 32 < fraction;
}

/** What the worker supplies: features and current probabilities per labeled step. */
export type FeatureSource = (batch: RefitExample[]) => Promise<{ features: Float32Array[]; p: number[] }[]>;

export async function refitHead(
	params: RefitParams,
	source: FeatureSource,
	hooks: { isCancelled(): boolean; progress(done: number, total: number): void },
): Promise<RefitResult> {
	const train = { xs: [] as Float32Array[], ys: [] as number[], groups: new Set<string>() };
	const val = { xs: [] as Float32Array[], ys: [] as number[], p: [] as number[], groups: new Set<string>() };
	const all = params.examples.filter((e) => e.labels.length > 0);
	const batchSize = 16;
	for (let i = 0; i < all.length; i += batchSize) {
		if (hooks.isCancelled()) {
			throw Object.assign(new Error('cancelled'), { cancelled: true });
		}
		const batch = all.slice(i, i + batchSize);
		const got = await source(batch);
		batch.forEach((e, b) => {
			const side = isValidation(e.group, params.seed, params.valFraction) ? val : train;
			side.groups.add(e.group);
			e.labels.forEach((y, k) => {
				side.xs.push(got[b].features[k]);
				side.ys.push(y);
				if (side === val) {
					val.p.push(got[b].p[k]);
				}
			});
		});
		hooks.progress(Math.min(i + batchSize, all.length), all.length);
	}
	if (train.xs.length === 0 || new Set(train.ys).size < 2) {
		throw new Error(`Refitting needs labeled steps of both kinds on the training side; it has `
			+ `${train.ys.filter((y) => y === 1).length} correct and ${train.ys.filter((y) => y === 0).length} `
			+ 'wrong. Label more easy-problem steps first.');
	}
	const fit = fitLogistic(train.xs, train.ys, { l2: params.l2 ?? 1e-2 });
	const newP = val.xs.map((x) => {
		let z = fit.bias;
		for (let j = 0; j < x.length; j++) {
			z += fit.weights[j] * x[j];
		}
		return 1 / (1 + Math.exp(-z));
	});
	return {
		head: { weights: fit.weights, bias: fit.bias },
		train: { problems: train.groups.size, steps: train.xs.length },
		val: { problems: val.groups.size, steps: val.xs.length },
		before: stepMetrics(val.p, val.ys),
		after: stepMetrics(newP, val.ys),
		iterations: fit.iterations,
	};
}
