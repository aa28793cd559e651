/**
 * Small numeric helpers for tensors that cross from the runtime into
 * JavaScript: half-precision decoding and batch layout with left padding.
 */

const halfTable = new Float32Array(65536);
{
	// Decoding through a table keeps float16 logits as cheap to read as
	// float32 ones; 256 KiB once is a fair price.
	for (let h = 0; h < 65536; h++) {
		const sign = h & 0x8000 ? -1 : 1;
		const exp = (h >> 10) & 0x1f;
		const frac = h & 0x3ff;
		if (exp === 0) {
			halfTable[h] = sign * frac * 2 ** -24;
		} else if (exp === 31) {
			halfTable[h] = frac ? NaN : sign * Infinity;
		} else {
			halfTable[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
		}
	}
}

/** Reads element `i` of float32 or float16 (Uint16Array) tensor data. */
export function readFloat(data: Float32Array | Uint16Array, i: number): number {
	return data instanceof Float32Array ? data[i] : halfTable[data[i]];
}

/** Copies `count` floats starting at `from` into a new Float32Array. */
export function sliceFloats(
	data: Float32Array | Uint16Array,
	from: number,
	count: number,
	into?: Float32Array,
): Float32Array {
	const out = into ?? new Float32Array(count);
	if (data instanceof Float32Array) {
		out.set(data.subarray(from, from + count));
	} else {
		for (let i = 0; i < count; i++) {
			out[i] = halfTable[data[from + i]];
		}
	}
	return out;
}

/** A batch of token rows, left-padded to one length, as the graph wants. */
export interface PaddedBatch {
	batch: number;
	length: number;
	inputIds: BigInt64Array;
	attentionMask: BigInt64Array;
	positionIds: BigInt64Array;
}

/**
 * Left-pads `rows` with `padId`. Positions count real tokens only, and pad
 * slots get position 1, the convention Hugging Face exports are traced with.
 */
export function leftPad(rows: readonly number[][], padId: number): PaddedBatch {
	const batch = rows.length;
	const length = Math.max(...rows.map((r) => r.length));
	const inputIds = new BigInt64Array(batch * length);
	const attentionMask = new BigInt64Array(batch * length);
	const positionIds = new BigInt64Array(batch * length);
	rows.forEach((row, b) => {
		const pad = length - row.length;
		for (let t = 0; t < length; t++) {
			const at = b * length + t;
			if (t < pad) {
				inputIds[at] = BigInt(padId);
				positionIds[at] = 1n;
			} else {
				inputIds[at] = BigInt(row[t - pad]);
				attentionMask[at] = 1n;
				positionIds[at] = BigInt(t - pad);
			}
		}
	});
	return { batch, length, inputIds, attentionMask, positionIds };
}

/**
 * Rows `rows` of `data` read as `batch` equal rows, copied in that order
 * into a new array of the same type (a row may be taken more than once).
 */
export function gatherRows<T extends Float32Array | Uint16Array | BigInt64Array>(
	data: T,
	batch: number,
	rows: readonly number[],
): T {
	const size = data.length / batch;
	const out = new (data.constructor as new (n: number) => T)(rows.length * size);
	rows.forEach((r, i) => {
		out.set(data.subarray(r * size, (r + 1) * size) as never, i * size);
	});
	return out;
}

/**
 * Hands a typed array's memory back now rather than at some later garbage
 * collection. The loop's tensors live for one step, long enough to be
 * promoted, so their memory would wait for a full collection; at one
 * cache's worth per step those came often and took a large share of the
 * step. Detaching the buffer frees it at once (ArrayBuffer.transfer) or
 * moves it to a clone that dies young (structuredClone, on older Node).
 * Only a view that spans its whole buffer is released; the array reads as
 * empty afterwards.
 */
export function releaseMemory(data: ArrayBufferView): void {
	const buffer = data.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
	if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0
		|| data.byteOffset !== 0 || data.byteLength !== buffer.byteLength) {
		return;
	}
	if (typeof buffer.transfer === 'function') {
		buffer.transfer(0);
	} else {
		structuredClone(buffer, { transfer: [buffer] });
	}
}
