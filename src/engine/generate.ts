/**
 * The generation loop: N samples in one batch, prefill once, then one
 * token per call with the KV cache fed back, until every sample hits EOS,
 * a stop string or the token budget.
 */
import type { Decoder, KvCache } from './decoder';
import { EngineError } from './errors';
import { makeRng, makeScratch, sampleToken, type SamplingSettings } from './sampling';
import { leftPad, sliceFloats } from './tensors';
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
}

function lastLogits(data: Float32Array | Uint16Array, batch: number, len: number, vocab: number,
	row: number, into: Float32Array): Float32Array {
	return sliceFloats(data, (row * len + len - 1) * vocab, vocab, into);
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
	const batch = opts.prompts.length;
	const first = leftPad(opts.prompts, padId);
	const rngs = opts.prompts.map((_, i) => makeRng(opts.seed, i));
	const scratch = makeScratch(cfg.vocabSize);
	const row = new Float32Array(cfg.vocabSize);
	const maxStop = Math.max(0, ...opts.stop.map((s) => s.length));

	const made: number[][] = opts.prompts.map(() => []);
	const finish: (FinishReason | undefined)[] = new Array(batch).fill(undefined);
	const cut: (number | undefined)[] = new Array(batch).fill(undefined);
	let mask = first.attentionMask;
	let positions = first.positionIds.filter((_, i) => i % first.length === first.length - 1);
	let past: KvCache | undefined;
	let step = { inputIds: first.inputIds, positionIds: first.positionIds, length: first.length };
	let runMs = 0;
	let steps = 0;

	while (finish.some((f) => f === undefined)) {
		if (opts.isCancelled?.()) {
			finish.forEach((f, i) => { finish[i] = f ?? 'cancelled'; });
			break;
		}
		const out = await decoder.forward({
			batch, length: step.length, inputIds: step.inputIds,
			attentionMask: mask, positionIds: step.positionIds, past,
		}, ['logits']);
		runMs += out.runMs;
		steps++;
		past = out.present;
		const logits = out.outputs.logits;
		const data = logits.data as Float32Array | Uint16Array;
		const vocab = logits.dims[2];

		const next = new BigInt64Array(batch);
		for (let b = 0; b < batch; b++) {
			if (finish[b] !== undefined) {
				next[b] = BigInt(padId);
				continue;
			}
			lastLogits(data, batch, step.length, vocab, b, row);
			const tok = sampleToken(row, opts, rngs[b], scratch);
			next[b] = BigInt(tok);
			if (eos.has(tok)) {
				finish[b] = 'eos';
				continue;
			}
			made[b].push(tok);
			if (maxStop > 0) {
				const at = findStop(codec, made[b], opts.stop, maxStop);
				if (at !== undefined) {
					finish[b] = 'stop';
					cut[b] = at;
					continue;
				}
			}
			if (made[b].length >= opts.maxNewTokens) {
				finish[b] = 'length';
			}
		}
		opts.onStep?.(made.reduce((n, m) => n + m.length, 0));
		if (finish.every((f) => f !== undefined)) {
			break;
		}

		const total = mask.length / batch;
		const grown = new BigInt64Array(batch * (total + 1));
		for (let b = 0; b < batch; b++) {
			grown.set(mask.subarray(b * total, (b + 1) * total), b * (total + 1));
			grown[b * (total + 1) + total] = 1n;
		}
		mask = grown;
		positions = positions.map((p) => p + 1n);
		step = { inputIds: next, positionIds: positions, length: 1 };
	}

	const samples = made.map((ids, b) => {
		let text = codec.decode(ids);
		if (cut[b] !== undefined) {
			text = text.slice(0, cut[b]);
		}
		return { text, tokens: ids.length, finish: finish[b] ?? 'length' };
	});
	const newTokens = made.reduce((n, m) => n + m.length, 0);
	return { samples, stats: { steps, newTokens, runMs, totalMs: performance.now() - t0 } };
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
