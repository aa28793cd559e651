/**
 * Prefix reuse for live scoring. A PRM reads left to right, so the score
 * at token t depends only on tokens 0..t: after an edit, everything before
 * the first changed token is still valid. We keep, per document, the
 * tokens, the KV cache and the step scores of the last pass, and run the
 * graph only on the tokens from the first difference on.
 */
import type { StepScore } from '../core/types';
import type { KvCache } from './decoder';
import { ort } from './runtime';

/** What one document's last pass left behind. */
export interface PrefixEntry {
	ids: number[];
	/** Token index read for each step. */
	readAt: number[];
	scores: StepScore[];
	/** KV cache covering all of `ids` (batch 1). */
	present: KvCache;
}

/** Length of the common prefix of two token rows. */
export function commonPrefix(a: readonly number[], b: readonly number[]): number {
	const n = Math.min(a.length, b.length);
	let i = 0;
	while (i < n && a[i] === b[i]) {
		i++;
	}
	return i;
}

/**
 * The first `keep` positions of a batch-1 cache, [1, heads, S, dim] ->
 * [1, heads, keep, dim]. A copy: the runtime owns the old buffers.
 */
export function truncateCache(cache: KvCache, keep: number): KvCache {
	const out: KvCache = {};
	for (const [name, t] of Object.entries(cache)) {
		const [b, heads, s, dim] = t.dims;
		if (b !== 1) {
			throw new Error('prefix reuse works on batch-1 caches only');
		}
		const src = t.data as Float32Array | Uint16Array;
		const dst = src instanceof Float32Array
			? new Float32Array(heads * keep * dim)
			: new Uint16Array(heads * keep * dim);
		for (let h = 0; h < heads; h++) {
			dst.set(src.subarray(h * s * dim, h * s * dim + keep * dim), h * keep * dim);
		}
		out[name] = src instanceof Float32Array
			? new ort.Tensor('float32', dst as Float32Array, [1, heads, keep, dim])
			: new ort.Tensor('float16', dst as Uint16Array, [1, heads, keep, dim]);
	}
	return out;
}

/** A small LRU of entries by document key. */
export class PrefixCache {
	private readonly map = new Map<string, PrefixEntry>();

	constructor(private readonly capacity = 16) {}

	get(key: string): PrefixEntry | undefined {
		const e = this.map.get(key);
		if (e) {
			this.map.delete(key);
			this.map.set(key, e);
		}
		return e;
	}

	set(key: string, e: PrefixEntry): void {
		this.map.delete(key);
		this.map.set(key, e);
		while (this.map.size > this.capacity) {
			this.map.delete(this.map.keys().next().value as string);
		}
	}

	delete(key: string): void {
		this.map.delete(key);
	}

	clear(): void {
		this.map.clear();
	}
}
