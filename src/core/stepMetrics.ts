/**
 * How well step probabilities match step labels: ranking (AUC), hard
 * decisions (accuracy at 0.5) and calibration (expected calibration error).
 */

export interface StepMetrics {
	/** Labeled steps measured. */
	n: number;
	/** Share of steps labeled correct (rating 0 or +1). */
	positiveRate: number;
	/** Area under the ROC curve; 0.5 is chance. Undefined with one class only. */
	auc?: number;
	/** Accuracy of "correct iff p >= 0.5". */
	accuracy: number;
	/** Expected calibration error over 10 equal-width bins. */
	ece: number;
	/** Mean log loss. */
	logLoss: number;
}

/** AUC by the rank-sum (Mann-Whitney) formula, ties counted half. */
export function auc(ps: readonly number[], ys: readonly number[]): number | undefined {
	const idx = ps.map((_, i) => i).sort((a, b) => ps[a] - ps[b]);
	const ranks = new Array<number>(ps.length);
	for (let i = 0; i < idx.length;) {
		let j = i;
		while (j + 1 < idx.length && ps[idx[j + 1]] === ps[idx[i]]) {
			j++;
		}
		const r = (i + j) / 2 + 1;
		for (let k = i; k <= j; k++) {
			ranks[idx[k]] = r;
		}
		i = j + 1;
	}
	const pos = ys.filter((y) => y === 1).length;
	const neg = ys.length - pos;
	if (pos === 0 || neg === 0) {
		return undefined;
	}
	const sum = ys.reduce((acc, y, i) => acc + (y === 1 ? ranks[i] : 0), 0);
	return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function stepMetrics(ps: readonly number[], ys: readonly number[]): StepMetrics {
	const n = ps.length;
	if (n === 0) {
		return { n: 0, positiveRate: 0, accuracy: 0, ece: 0, logLoss: 0 };
	}
	let right = 0;
	let loss = 0;
	const bins = Array.from({ length: 10 }, () => ({ count: 0, p: 0, y: 0 }));
	ps.forEach((p, i) => {
		const y = ys[i];
		right += (p >= 0.5 ? 1 : 0) === y ? 1 : 0;
		const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
		loss -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
		const b = bins[Math.min(9, Math.floor(p * 10))];
		b.count++;
		b.p += p;
		b.y += y;
	});
	const ece = bins.reduce((acc, b) => acc + (b.count === 0 ? 0 : Math.abs(b.p - b.y)), 0) / n;
	return {
		n,
		positiveRate: ys.filter((y) => y === 1).length / n,
		auc: auc(ps, ys),
		accuracy: right / n,
		ece,
		logLoss: loss / n,
	};
}

/**
 * Whether a retrained model ranks the validation steps worse than the
 * one it replaces: a lower AUC, or no AUC where there was one. Without a
 * before-AUC (one class only) nothing can be said, so it is not worse.
 */
export function rankedWorse(before: StepMetrics, after: StepMetrics): boolean {
	if (before.auc === undefined) {
		return false;
	}
	return after.auc === undefined || after.auc < before.auc;
}
