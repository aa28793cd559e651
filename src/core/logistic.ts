/**
 * L2-regularised logistic regression fit by Newton's method: the model a
 * refit PRM head is. With a frozen trunk the features are fixed, the loss
 * is convex, and a few Newton steps on a 129x129 system reach the optimum
 * in milliseconds, with no learning rate to tune.
 */

export interface LogisticFit {
	weights: number[];
	bias: number;
	iterations: number;
	/** Mean log loss on the training data at the end. */
	loss: number;
}

function sigmoid(x: number): number {
	return 1 / (1 + Math.exp(-x));
}

/** Solves A x = b for symmetric positive definite A (Cholesky). */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
	const l = new Float64Array(n * n);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = a[i * n + j];
			for (let k = 0; k < j; k++) {
				sum -= l[i * n + k] * l[j * n + k];
			}
			if (i === j) {
				if (sum <= 0) {
					throw new Error('matrix is not positive definite');
				}
				l[i * n + i] = Math.sqrt(sum);
			} else {
				l[i * n + j] = sum / l[j * n + j];
			}
		}
	}
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let sum = b[i];
		for (let k = 0; k < i; k++) {
			sum -= l[i * n + k] * y[k];
		}
		y[i] = sum / l[i * n + i];
	}
	const x = new Float64Array(n);
	for (let i = n - 1; i >= 0; i--) {
		let sum = y[i];
		for (let k = i + 1; k < n; k++) {
			sum -= l[k * n + i] * x[k];
		}
		x[i] = sum / l[i * n + i];
	}
	return x;
}

/**
 * Fits p(y=1|x) = sigmoid(w.x + b). `l2` penalises the weights (not the
 * bias); it also keeps the Hessian invertible when features are collinear.
 */
export function fitLogistic(
	xs: readonly Float32Array[],
	ys: readonly number[],
	opts: { l2?: number; maxIter?: number; tol?: number; init?: { weights: number[]; bias: number } } = {},
): LogisticFit {
	const n = xs.length;
	if (n === 0) {
		throw new Error('no training examples');
	}
	const d = xs[0].length;
	const dim = d + 1;
	const l2 = opts.l2 ?? 1e-2;
	const theta = new Float64Array(dim);
	if (opts.init && opts.init.weights.length === d) {
		theta.set(opts.init.weights);
		theta[d] = opts.init.bias;
	}
	const row = new Float64Array(dim);
	let iterations = 0;
	let loss = Infinity;
	for (; iterations < (opts.maxIter ?? 50); iterations++) {
		const grad = new Float64Array(dim);
		const hess = new Float64Array(dim * dim);
		loss = 0;
		for (let i = 0; i < n; i++) {
			row.set(xs[i]);
			row[d] = 1;
			let z = 0;
			for (let j = 0; j < dim; j++) {
				z += theta[j] * row[j];
			}
			const p = sigmoid(z);
			const y = ys[i];
			loss -= y * Math.log(Math.max(p, 1e-12)) + (1 - y) * Math.log(Math.max(1 - p, 1e-12));
			const w = Math.max(p * (1 - p), 1e-9);
			for (let j = 0; j < dim; j++) {
				grad[j] += (p - y) * row[j];
				const wj = w * row[j];
				for (let k = 0; k <= j; k++) {
					hess[j * dim + k] += wj * row[k];
				}
			}
		}
		for (let j = 0; j < dim; j++) {
			for (let k = 0; k < j; k++) {
				hess[k * dim + j] = hess[j * dim + k];
			}
		}
		for (let j = 0; j < d; j++) {
			grad[j] += l2 * n * theta[j];
			hess[j * dim + j] += l2 * n;
		}
		hess[d * dim + d] += 1e-9 * n;
		const step = solveSpd(hess, grad, dim);
		let size = 0;
		for (let j = 0; j < dim; j++) {
			theta[j] -= step[j];
			size = Math.max(size, Math.abs(step[j]));
		}
		loss /= n;
		if (size < (opts.tol ?? 1e-6)) {
			iterations++;
			break;
		}
	}
	return { weights: Array.from(theta.subarray(0, d)), bias: theta[d], iterations, loss };
}
