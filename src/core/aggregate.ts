/**
 * Turning a PRM's per-step probabilities into one score per solution.
 */

/** How step probabilities are combined into a solution score. */
export type Aggregation = 'min' | 'product' | 'last' | 'mean' | 'meanLogit';

/** Every aggregation, in the order settings and help texts list them. */
export const AGGREGATIONS: readonly Aggregation[] = ['min', 'product', 'last', 'mean', 'meanLogit'];

/** The paper's choice for PRM-weighted voting: the product of step probabilities. */
export const DEFAULT_WEIGHTED_VOTE_AGGREGATION: Aggregation = 'product';

/** The paper's choice for best-of-N: the weakest step decides. */
export const DEFAULT_BEST_OF_N_AGGREGATION: Aggregation = 'min';

/** Probabilities are clamped to [P_MIN, 1 - P_MIN] so logits and products stay finite. */
export const P_MIN = 1e-6;

/** Clamps a step probability to [1e-6, 1 - 1e-6]. */
export function clampProbability(p: number): number {
	return Math.min(1 - P_MIN, Math.max(P_MIN, p));
}

/**
 * Combines one solution's step probabilities into its score, after
 * clamping each to [1e-6, 1 - 1e-6]:
 *
 * - `min`: the lowest step probability;
 * - `product`: the product of all step probabilities;
 * - `last`: the last step's probability;
 * - `mean`: the arithmetic mean;
 * - `meanLogit`: the mean of logit(p) = ln(p / (1 - p)), mapped back to a
 *   probability with the sigmoid 1 / (1 + e^-x).
 *
 * @param stepProbabilities one probability per step, in step order
 * @throws RangeError when there are no steps or a probability is not a
 * number in [0, 1] (score every step with the PRM first).
 */
export function aggregateSteps(stepProbabilities: readonly number[], how: Aggregation): number {
	if (stepProbabilities.length === 0) {
		throw new RangeError(
			'aggregateSteps: the solution has no step probabilities; '
				+ 'score its steps with the PRM first',
		);
	}
	const ps = stepProbabilities.map((p, k) => {
		if (!(p >= 0 && p <= 1)) {
			throw new RangeError(
				`aggregateSteps: step ${k + 1} has probability ${p}, expected a number in [0, 1]`,
			);
		}
		return clampProbability(p);
	});
	switch (how) {
		case 'min':
			return Math.min(...ps);
		case 'product':
			return ps.reduce((acc, p) => acc * p, 1);
		case 'last':
			return ps[ps.length - 1];
		case 'mean':
			return ps.reduce((acc, p) => acc + p, 0) / ps.length;
		case 'meanLogit': {
			const meanLogit = ps.reduce((acc, p) => acc + Math.log(p / (1 - p)), 0) / ps.length;
			return 1 / (1 + Math.exp(-meanLogit));
		}
	}
}

/**
 * Reads an aggregation name from a setting or a command line; `prod` is
 * accepted for `product`.
 *
 * @throws RangeError naming the accepted values when `name` is unknown.
 */
export function parseAggregation(name: string): Aggregation {
	const wanted = name.trim() === 'prod' ? 'product' : name.trim();
	const found = AGGREGATIONS.find((a) => a === wanted);
	if (found === undefined) {
		throw new RangeError(
			`unknown step aggregation "${name}"; use one of ${AGGREGATIONS.join(', ')} (or prod)`,
		);
	}
	return found;
}
