/**
 * The generation loop: N samples in one batch, prefill once, then one
 * token per call with the KV cache fed back, until every sample hits EOS,
 * a stop string or the token budget.
 *
 * Almost all of a step's time is inside session.run, and most of that
 * grows with batch x sequence (the graph concatenates the whole cache, and
 * onnxruntime-node copies every output into fresh JS memory). So the loop
 * keeps the batch small: identical prompts are computed once, and finished
 * samples leave the batch. Its own work per step is a few small buffers
 * reused from step to step and one draw per sample.
 */
import type { Decoder, KvCache } from './decoder';
import { EngineError } from './errors';
import { makeRng, makeScratch, sampleToken, type SamplingSettings } from './sampling';
import { leftPad, releaseMemory, sliceFloats } from './tensors';
import type { TextCodec } from './tokenizer';

/** What one generate call asks for. */
export interface GenerateOptions extends SamplingSettings {
	/** Prompt token rows; one per sample (rows may differ, they are left-padded). */
	prompts: number[][];
	maxNewTokens: number;
	seed: number;
	/** Text that ends a sample; it is cut from the output. */
	stop: string[];
	/** Checked between steps; true ends the run with what was made so far. */
	isCancelled?: () => boolean;
	/** Called after each step with the number of tokens made so far. */
	onStep?: (tokensSoFar: number) => void;
	/**
	 * Never draw EOS, so every sample runs to the budget, as Hugging Face's
	 * `min_new_tokens` does. For benchmarks, which must make as many
	 * tokens as the engine they are compared with.
	 */
	ignoreEos?: boolean;
	/**
	 * EOS cannot be drawn before a sample has this many tokens, as Hugging
	 * Face's `min_new_tokens`: a small model shown a problem unlike its
	 * training data may otherwise stop at once with nothing to score.
	 */
	minNewTokens?: number;
}

/** Why a sample ended. */
export type FinishReason = 'eos' | 'stop' | 'length' | 'cancelled';

/** One finished sample. */
export interface Sample {
	text: string;
	tokens: number;
	finish: FinishReason;
}

/** Timings of a run, split the way the benchmarks report them. */
export interface GenerateStats {
	steps: number;
	newTokens: number;
	runMs: number;
	totalMs: number;
	/** Token positions run through the graph, summed over calls (batch x length). */
	positions: number;
	/**
	 * Cache positions handed back by the graph, summed over calls (batch x
	 * total length): the copying and collecting that grows with the batch.
	 */
	cacheRows: number;
}

/**
 * Finished samples are dropped from the batch once they are at least this
 * share of it. Dropping copies the live rows' cache once, about what one
 * step costs; a step with an eighth fewer rows saves an eighth of a step,
 * so the copy is repaid within a few steps.
 */
const DROP_SHARE = 1 / 8;

/** Per-sample state, indexed by sample (prompt order), not by batch row. */
interface SampleState {
	made: number[][];
	finish: (FinishReason | undefined)[];
	cut: (number | undefined)[];
}

/**
 * The decode-step inputs, in buffers kept across steps. Rows are batch
 * rows; `pad` is each row's count of left-padding slots, the only zeros in
 * its attention mask (every generated position is attended).
 */
class StepInputs {
	private ids: BigInt64Array;
	private positions: BigInt64Array;
	private mask = new BigInt64Array(0);

	constructor(
		/** Sample index of each batch row. */
		public rows: number[],
		public pad: number[],
		/** Position id of each row's last token. */
		public last: number[],
		/** Columns of the attention mask so far. */
		public total: number,
	) {
		this.ids = new BigInt64Array(rows.length);
		this.positions = new BigInt64Array(rows.length);
	}

	/** The inputs of the next step, which appends one token per row. */
	next(tokens: readonly number[]): {
		inputIds: BigInt64Array; positionIds: BigInt64Array; attentionMask: BigInt64Array;
	} {
		const batch = this.rows.length;
		this.total++;
		const width = this.total;
		if (this.mask.length < batch * width) {
			// Room for a few dozen more steps, so the mask is not reallocated per step.
			this.mask = new BigInt64Array(batch * (width + 64));
		}
		const mask = this.mask.subarray(0, batch * width);
		mask.fill(1n);
		for (let b = 0; b < batch; b++) {
			this.last[b]++;
			this.ids[b] = BigInt(tokens[b]);
			this.positions[b] = BigInt(this.last[b]);
			if (this.pad[b] > 0) {
				mask.fill(0n, b * width, b * width + this.pad[b]);
			}
		}
		return {
			inputIds: this.ids.subarray(0, batch),
			positionIds: this.positions.subarray(0, batch),
			attentionMask: mask,
		};
	}

	/** Keeps only the given batch rows, in that order. */
	keep(slots: readonly number[]): void {
		this.rows = slots.map((s) => this.rows[s]);
		this.pad = slots.map((s) => this.pad[s]);
		this.last = slots.map((s) => this.last[s]);
	}
}

/** Runs the loop; returns samples in prompt order. */
export async function generate(
	decoder: Decoder,
	codec: TextCodec,
	opts: GenerateOptions,
): Promise<{ samples: Sample[]; stats: GenerateStats }> {
	if (!decoder.hasCache) {
		throw new EngineError('model-folder',
			`${decoder.folder.onnxPath}: the generator graph has no KV-cache inputs. Export it `
			+ 'with past key values (Optimum task "text-generation-with-past").', decoder.folder.onnxPath);
	}
	const t0 = performance.now();
	const cfg = decoder.folder.config;
	const eos = new Set(cfg.eosTokenIds);
	const padId = cfg.padTokenId ?? cfg.eosTokenIds[0] ?? 0;
	const count = opts.prompts.length;
	const rngs = opts.prompts.map((_, i) => makeRng(opts.seed, i));
	const scratch = makeScratch(cfg.vocabSize);
	const row = new Float32Array(cfg.vocabSize);
	const maxStop = Math.max(0, ...opts.stop.map((s) => s.length));
	const state: SampleState = {
		made: opts.prompts.map(() => []),
		finish: new Array(count).fill(undefined),
		cut: new Array(count).fill(undefined),
	};
	let madeSoFar = 0;

	// N samples of one problem share a prompt: run it once and give each
	// sample a copy of its cache, instead of running it N times.
	let shared = count > 1 && opts.prompts.every((p) => sameIds(p, opts.prompts[0]));
	const first = leftPad(opts.prompts, padId);
	const inputs = new StepInputs(
		opts.prompts.map((_, i) => i),
		opts.prompts.map((p) => first.length - p.length),
		opts.prompts.map((p) => p.length - 1),
		first.length,
	);
	let past: KvCache | undefined;
	let runMs = 0;
	let steps = 0;
	let positions = 0;
	let cacheRows = 0;
	const tokens = new Array<number>(count).fill(padId);

	if (opts.isCancelled?.()) {
		state.finish.fill('cancelled');
	} else {
		const prompt = shared ? leftPad([opts.prompts[0]], padId) : first;
		let out = await decoder.forward(prompt, ['logits']);
		runMs += out.runMs;
		steps++;
		positions += prompt.batch * prompt.length;
		cacheRows += prompt.batch * prompt.length;
		past = out.present;
		if (shared) {
			past = decoder.selectRows(out.present, new Array<number>(count).fill(0));
			if (!past) {
				// A cache left on a device cannot be copied per sample from
				// here; run the prompt for every sample instead.
				decoder.dropCache(out.present);
				shared = false;
				out = await decoder.forward(first, ['logits']);
				runMs += out.runMs;
				positions += first.batch * first.length;
				cacheRows += first.batch * first.length;
				past = out.present;
			}
		}
		const data = out.outputs.logits.data as Float32Array | Uint16Array;
		for (let b = 0; b < count; b++) {
			tokens[b] = pick(b, lastRow(data, (shared ? 0 : b) * first.length + first.length - 1, row));
		}
		releaseMemory(data);
		if (past !== out.present) {
			decoder.dropCache(out.present);
		}
		opts.onStep?.(madeSoFar);
	}

	while (state.finish.some((f) => f === undefined)) {
		if (opts.isCancelled?.()) {
			state.finish.forEach((f, i) => { state.finish[i] = f ?? 'cancelled'; });
			break;
		}
		const live = inputs.rows.filter((s) => state.finish[s] === undefined).length;
		if (inputs.rows.length - live >= Math.max(1, inputs.rows.length * DROP_SHARE)) {
			const slots = inputs.rows.flatMap((s, b) => (state.finish[s] === undefined ? [b] : []));
			const kept = decoder.selectRows(past!, slots);
			if (kept) {
				decoder.dropCache(past);
				past = kept;
				inputs.keep(slots);
			}
		}
		const batch = inputs.rows.length;
		const step = inputs.next(inputs.rows.map((s) => tokens[s]));
		const out = await decoder.forward({
			batch, length: 1, inputIds: step.inputIds,
			attentionMask: step.attentionMask, positionIds: step.positionIds, past,
		}, ['logits']);
		runMs += out.runMs;
		steps++;
		positions += batch;
		cacheRows += step.attentionMask.length;
		decoder.dropCache(past);
		past = out.present;
		const data = out.outputs.logits.data as Float32Array | Uint16Array;
		for (let b = 0; b < batch; b++) {
			const s = inputs.rows[b];
			tokens[s] = state.finish[s] === undefined ? pick(s, lastRow(data, b, row)) : padId;
		}
		releaseMemory(data);
		opts.onStep?.(madeSoFar);
	}
	decoder.dropCache(past);

	const samples = state.made.map((ids, b) => {
		let text = codec.decode(ids);
		if (state.cut[b] !== undefined) {
			text = text.slice(0, state.cut[b]);
		}
		return { text, tokens: ids.length, finish: state.finish[b] ?? 'length' };
	});
	const newTokens = state.made.reduce((n, m) => n + m.length, 0);
	const totalMs = performance.now() - t0;
	return { samples, stats: { steps, newTokens, runMs, totalMs, positions, cacheRows } };

	/** The logits row of one position, without a copy when it is float32. */
	function lastRow(data: Float32Array | Uint16Array, at: number, into: Float32Array):
		Float32Array {
		const v = cfg.vocabSize;
		return data instanceof Float32Array
			? data.subarray(at * v, (at + 1) * v)
			: sliceFloats(data, at * v, v, into);
	}

	/**
	 * Draws sample `s`'s next token and records it; returns the token fed
	 * back next step (what the graph sees after EOS does not matter).
	 */
	function pick(s: number, logits: Float32Array): number {
		if (opts.ignoreEos || state.made[s].length < (opts.minNewTokens ?? 0)) {
			for (const e of eos) {
				logits[e] = -Infinity;
			}
		}
		const tok = sampleToken(logits, opts, rngs[s], scratch);
		if (eos.has(tok)) {
			state.finish[s] = 'eos';
		} else {
			const made = state.made[s];
			made.push(tok);
			madeSoFar++;
			const at = maxStop > 0 ? findStop(codec, made, opts.stop, maxStop) : undefined;
			if (at !== undefined) {
				state.finish[s] = 'stop';
				state.cut[s] = at;
			} else if (made.length >= opts.maxNewTokens) {
				state.finish[s] = 'length';
			}
		}
		return tok;
	}
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
	if (a.length !== b.length) {
		return false;
	}
	for (let i = 0; i < a.length; i++) {
		if (a[i] !== b[i]) {
			return false;
		}
	}
	return true;
}

/**
 * Looks for a stop string in the decoded tail of a sample. Only the last
 * few tokens are decoded, so the check costs the same at token 10 and at
 * token 1000; returns the cut offset in the full text when found.
 */
function findStop(codec: TextCodec, ids: number[], stop: string[], maxStop: number):
	number | undefined {
	const tailIds = ids.slice(-Math.max(8, maxStop + 2));
	const tail = codec.decode(tailIds);
	for (const s of stop) {
		const at = tail.lastIndexOf(s);
		if (at >= 0) {
			const full = codec.decode(ids);
			return full.length - tail.length + at;
		}
	}
	return undefined;
}
