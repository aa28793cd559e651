/**
 * Choosing the next token from a row of logits: greedy, or temperature
 * sampling with top-k and top-p, driven by a seeded generator so a run
 * can be repeated exactly.
 */
import { mulberry32 } from '../core/voting';

/** Sampling settings, as the generate request carries them. */
export interface SamplingSettings {
	/** 0 means greedy. */
	temperature: number;
	/** 0 means no top-k cut. */
	topK: number;
	/** 1 means no nucleus cut. */
	topP: number;
}

/**
 * A seeded generator per sample, from (run seed, sample index), so sample
 * i is the same whether it runs in a batch of 1 or of 64.
 */
export function makeRng(seed: number, stream: number): () => number {
	return mulberry32(Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b));
}

/** Index of the largest logit (first one on ties). */
export function argmax(logits: Float32Array): number {
	let best = 0;
	for (let i = 1; i < logits.length; i++) {
		if (logits[i] > logits[best]) {
			best = i;
		}
	}
	return best;
}

/** Buffers one sampler reuses from token to token, sized for a vocabulary. */
export interface SamplingScratch {
	probs: Float32Array;
	order: Int32Array;
	/** Packed sort keys; see `sortCandidates`. */
	keys: Float64Array;
}

/**
 * Draws one token. `scratch` is reused between calls so a long run does
 * not allocate per token.
 */
export function sampleToken(
	logits: Float32Array,
	s: SamplingSettings,
	rng: () => number,
	scratch: SamplingScratch,
): number {
	if (s.temperature <= 0) {
		return argmax(logits);
	}
	const v = logits.length;
	const probs = scratch.probs;

	let max = -Infinity;
	for (let i = 0; i < v; i++) {
		if (logits[i] > max) {
			max = logits[i];
		}
	}
	// Candidates whose probability is below 1e-9 of the best cannot matter
	// at any top-p a person would set; skipping them keeps the sort short
	// on 150k-token vocabularies.
	const floor = max + s.temperature * Math.log(1e-9);
	let n = sortCandidates(logits, floor, scratch);
	const cand = scratch.order;
	if (s.topK > 0 && s.topK < n) {
		n = s.topK;
	}

	let sum = 0;
	for (let j = 0; j < n; j++) {
		probs[j] = Math.exp((logits[cand[j]] - max) / s.temperature);
		sum += probs[j];
	}
	if (s.topP < 1) {
		let mass = 0;
		for (let j = 0; j < n; j++) {
			mass += probs[j] / sum;
			if (mass >= s.topP) {
				n = j + 1;
				break;
			}
		}
		sum = 0;
		for (let j = 0; j < n; j++) {
			sum += probs[j];
		}
	}
	let r = rng() * sum;
	for (let j = 0; j < n; j++) {
		r -= probs[j];
		if (r < 0) {
			return cand[j];
		}
	}
	return cand[n - 1];
}

/** Token ids up to this bound fit beside a 32-bit sort key in a double. */
const INDEX_BITS = 2 ** 21;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Writes into `scratch.order` the ids whose logit is at least `floor`,
 * largest logit first and lower id first on ties; returns their count.
 *
 * A typed-array sort with a comparator calls back into JS for every
 * comparison, which was most of the sampler's time. Instead each candidate
 * becomes one double, (rank of its logit) * 2^21 + id, where the rank is
 * the logit's bit pattern turned so that unsigned order is descending
 * float order. All such doubles are exact integers below 2^53, so the
 * native numeric sort yields exactly the comparator's order.
 */
function sortCandidates(logits: Float32Array, floor: number, scratch: SamplingScratch): number {
	const v = logits.length;
	const order = scratch.order;
	if (v > INDEX_BITS) {
		let n = 0;
		for (let i = 0; i < v; i++) {
			if (logits[i] >= floor) {
				order[n++] = i;
			}
		}
		order.subarray(0, n).sort((a, b) => logits[b] - logits[a] || a - b);
		return n;
	}
	const keys = scratch.keys;
	let n = 0;
	for (let i = 0; i < v; i++) {
		const x = logits[i];
		if (x >= floor) {
			// +0 for -0: the comparator sees them as equal.
			f32[0] = x + 0;
			const bits = u32[0];
			const ascending = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
			keys[n++] = (0xffffffff - ascending) * INDEX_BITS + i;
		}
	}
	const sorted = keys.subarray(0, n).sort();
	for (let j = 0; j < n; j++) {
		// The id is the key's low 21 bits; `%` on doubles is far slower.
		const k = sorted[j];
		order[j] = k - Math.floor(k / INDEX_BITS) * INDEX_BITS;
	}
	return n;
}

/** Scratch buffers sized for a vocabulary. */
export function makeScratch(vocab: number): SamplingScratch {
	return {
		probs: new Float32Array(vocab),
		order: new Int32Array(vocab),
		keys: new Float64Array(Math.min(vocab, INDEX_BITS)),
	};
}
