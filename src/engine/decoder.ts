/**
 * A causal decoder graph with a KV cache, in the layout Optimum and
 * transformers.js export: inputs `input_ids`, `attention_mask`,
 * `position_ids`, `past_key_values.{i}.key|value`; outputs `logits` (or
 * another named output) and `present.{i}.key|value`.
 */
import { EngineError } from './errors';
import type { ModelFolder } from './modelFolder';
import { describeSession, ort, type SessionChoice } from './runtime';
import { gatherRows, releaseMemory } from './tensors';

/** The key/value tensors of every layer, keyed by input name. */
export type KvCache = Record<string, ort.Tensor>;

/** One call's inputs: token rows already laid out as [batch, length]. */
export interface ForwardInput {
	batch: number;
	length: number;
	inputIds: BigInt64Array;
	/** [batch, past + length]. */
	attentionMask: BigInt64Array;
	positionIds: BigInt64Array;
	/** Omitted for the first call: an empty past is built. */
	past?: KvCache;
}

/** What a call returns: the requested outputs and the next cache. */
export interface ForwardOutput {
	outputs: Record<string, ort.Tensor>;
	present: KvCache;
	/** Milliseconds spent inside session.run, for the overhead figures. */
	runMs: number;
}

/** A session plus what the engine learned about its graph. */
export class Decoder {
	readonly hasCache: boolean;
	readonly hasPositionIds: boolean;
	private readonly kvType: 'float32' | 'float16';
	private readonly pastNames: string[];
	/** `present.{i}.key|value`, in the order of `pastNames`. */
	private readonly presentNames: string[];

	constructor(
		readonly folder: ModelFolder,
		readonly choice: SessionChoice,
	) {
		const { inputs, outputs } = describeSession(choice.session);
		const onnx = folder.onnxPath;
		for (const need of ['input_ids', 'attention_mask']) {
			if (!inputs.has(need)) {
				throw new EngineError('model-folder',
					`${onnx}: the graph has no "${need}" input (it has ${[...inputs.keys()].join(', ')}). `
					+ 'Export a decoder in the Hugging Face ONNX layout.', onnx);
			}
		}
		this.hasPositionIds = inputs.has('position_ids');
		const layers = folder.config.numLayers;
		this.pastNames = [];
		for (let i = 0; i < layers; i++) {
			this.pastNames.push(`past_key_values.${i}.key`, `past_key_values.${i}.value`);
		}
		this.presentNames = this.pastNames.map((n) => n.replace('past_key_values', 'present'));
		const present = this.pastNames.filter((n) => inputs.has(n));
		this.hasCache = present.length === this.pastNames.length;
		if (present.length > 0 && !this.hasCache) {
			throw new EngineError('model-folder',
				`${onnx}: the graph has KV-cache inputs for only some of the ${layers} layers `
				+ 'that config.json declares (num_hidden_layers). Re-export the model.', onnx);
		}
		if (this.hasCache && !outputs.has('present.0.key')) {
			throw new EngineError('model-folder',
				`${onnx}: the graph takes past_key_values but returns no present.* outputs.`, onnx);
		}
		const kvType = inputs.get(this.pastNames[0]);
		this.kvType = kvType === 'float16' ? 'float16' : 'float32';
	}

	get session(): ort.InferenceSession {
		return this.choice.session;
	}

	/** A zero-length past: the graph concatenates, so nothing is special-cased. */
	emptyPast(batch: number): KvCache {
		const { numKvHeads, headDim } = this.folder.config;
		const dims = [batch, numKvHeads, 0, headDim];
		const past: KvCache = {};
		for (const name of this.pastNames) {
			past[name] = this.kvType === 'float16'
				? new ort.Tensor('float16', new Uint16Array(0), dims)
				: new ort.Tensor('float32', new Float32Array(0), dims);
		}
		return past;
	}

	/**
	 * Runs the graph once; `fetch` names the non-cache outputs wanted.
	 * `keepCache: false` leaves the present.* outputs unfetched (they come
	 * back empty): a one-shot pass then skips copying the whole cache out.
	 */
	async forward(
		input: ForwardInput,
		fetch: readonly string[],
		opts: { keepCache?: boolean } = {},
	): Promise<ForwardOutput> {
		const keepCache = this.hasCache && opts.keepCache !== false;
		const { batch, length } = input;
		const total = input.attentionMask.length / batch;
		const feeds: Record<string, ort.Tensor> = {
			input_ids: new ort.Tensor('int64', input.inputIds, [batch, length]),
			attention_mask: new ort.Tensor('int64', input.attentionMask, [batch, total]),
		};
		if (this.hasPositionIds) {
			feeds.position_ids = new ort.Tensor('int64', input.positionIds, [batch, length]);
		}
		const wanted = [...fetch];
		if (this.hasCache) {
			const past = input.past ?? this.emptyPast(batch);
			for (const name of this.pastNames) {
				feeds[name] = past[name];
			}
			if (keepCache) {
				wanted.push(...this.presentNames);
			}
		}
		const t0 = performance.now();
		const result = await this.session.run(feeds, wanted);
		const runMs = performance.now() - t0;

		const outputs: Record<string, ort.Tensor> = {};
		for (const name of fetch) {
			outputs[name] = result[name];
		}
		const present: KvCache = {};
		if (keepCache) {
			this.pastNames.forEach((name, i) => {
				present[name] = result[this.presentNames[i]];
			});
		}
		return { outputs, present, runMs };
	}

	/**
	 * A cache made of the given batch rows of `cache`, in that order; a row
	 * may repeat. Used to drop finished samples from a running batch and to
	 * give every sample its own copy of a prompt computed once. Returns
	 * undefined for a cache that is not in JS memory (a GPU provider's
	 * device buffers): the caller then keeps the batch as it is.
	 */
	selectRows(cache: KvCache, rows: readonly number[]): KvCache | undefined {
		const out: KvCache = {};
		for (const name of this.pastNames) {
			const t = cache[name];
			if (t.location !== 'cpu') {
				return undefined;
			}
			const [b, heads, seq, dim] = t.dims;
			const data = gatherRows(t.data as Float32Array | Uint16Array, b, rows);
			const dims = [rows.length, heads, seq, dim];
			out[name] = data instanceof Float32Array
				? new ort.Tensor('float32', data, dims)
				: new ort.Tensor('float16', data, dims);
		}
		return out;
	}

	/**
	 * Frees a cache the caller will not read again: its memory goes back
	 * at once (see releaseMemory), and tensors left on a device give their
	 * provider memory back.
	 */
	dropCache(cache: KvCache | undefined): void {
		for (const t of Object.values(cache ?? {})) {
			if (t.location === 'cpu') {
				releaseMemory(t.data as Float32Array | Uint16Array);
			} else {
				t.dispose();
			}
		}
	}

	/** Frees the native session. */
	async release(): Promise<void> {
		await this.session.release();
	}
}
