/**
 * Scoring every step of a solution with a PRM in one forward pass, several
 * solutions batched, and reading each step's probability where the
 * adapter says.
 */
import type { StepScore } from '../core/types';
import { scoreOutput, type ResolvedAdapter } from './adapter';
import type { Decoder } from './decoder';
import { EngineError } from './errors';
import { commonPrefix, truncateCache, type PrefixEntry } from './prefixCache';
import { leftPad, readFloat, sliceFloats } from './tensors';
import type { TextCodec } from './tokenizer';

/** A solution laid out as tokens, with where each step's score is read. */
export interface ScoringRow {
	ids: number[];
	/** Token index (within `ids`) read for each step. */
	readAt: number[];
}

/**
 * Lays out prompt and steps as the PRM was trained to read them. Each step
 * is encoded on its own, so a step's last token is known exactly even with
 * a merging tokenizer; this is how PRM training data is built too.
 */
export function layoutSolution(
	codec: TextCodec,
	adapter: ResolvedAdapter,
	problem: string,
	steps: readonly string[],
): ScoringRow {
	const prompt = adapter.promptTemplate.replace('{problem}', problem);
	const ids = codec.encode(prompt, true);
	const readAt: number[] = [];
	steps.forEach((step, k) => {
		const piece = codec.encode(step.replace(/\r?\n/g, ' ') + adapter.stepSeparator);
		let at = piece.length - 1;
		if (adapter.scoreTokenId !== undefined) {
			at = piece.lastIndexOf(adapter.scoreTokenId);
			if (at < 0) {
				throw new EngineError('adapter',
					`Step ${k + 1} followed by the stepSeparator does not contain the scoreToken `
					+ `${JSON.stringify(adapter.scoreToken)}; fix stepwise-prm.json.`);
			}
		}
		if (piece.length === 0) {
			throw new EngineError('input', `Step ${k + 1} encodes to no tokens.`);
		}
		readAt.push(ids.length + at);
		// A loop, not push(...piece): a huge step would overflow the call stack.
		for (const id of piece) {
			ids.push(id);
		}
	});
	if (adapter.suffix) {
		for (const id of codec.encode(adapter.suffix)) {
			ids.push(id);
		}
	}
	return { ids, readAt };
}

/**
 * Refuses rows longer than the model's context: attention memory grows
 * with the square of the length, and a model never trained that long
 * gives meaningless scores there anyway.
 */
export function checkLength(decoder: Decoder, rows: readonly ScoringRow[]): void {
	const max = decoder.folder.config.maxPositions;
	const longest = Math.max(0, ...rows.map((r) => r.ids.length));
	if (max !== undefined && longest > max) {
		throw new EngineError('input',
			`The solution is ${longest} tokens with its problem, and the PRM reads at most ${max} `
			+ `(max_position_embeddings in ${decoder.folder.path}/config.json). Score a shorter `
			+ 'part: mark it with lines holding stepwise:begin and stepwise:end.');
	}
}

/** Reads one step's score from the output row at token `t`. */
export function readScore(
	adapter: ResolvedAdapter,
	data: Float32Array | Uint16Array,
	base: number,
	width: number,
	t: number,
	tokenText: string,
): StepScore {
	const at = ` at token ${t} ${JSON.stringify(tokenText)}`;
	if (adapter.head) {
		const w = adapter.head.weights;
		if (w.length !== width) {
			throw new EngineError('adapter', `The refit head has ${w.length} weights but `
				+ `"${adapter.featureOutput}" has ${width} values per token.`);
		}
		let raw = adapter.head.bias;
		for (let j = 0; j < width; j++) {
			raw += w[j] * readFloat(data, base + j);
		}
		return { p: sigmoid(raw), raw, how: `sigmoid(refit head on hidden state = ${raw.toFixed(3)})${at}` };
	}
	switch (adapter.family) {
		case 'value-head': {
			const raw = readFloat(data, base);
			return { p: sigmoid(raw), raw, how: `sigmoid(logit ${raw.toFixed(3)})${at}` };
		}
		case 'classification': {
			const c = adapter.positiveClass ?? 1;
			let max = -Infinity;
			for (let j = 0; j < width; j++) {
				max = Math.max(max, readFloat(data, base + j));
			}
			let sum = 0;
			for (let j = 0; j < width; j++) {
				sum += Math.exp(readFloat(data, base + j) - max);
			}
			const p = Math.exp(readFloat(data, base + c) - max) / sum;
			const raw = Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));
			return { p, raw, how: `softmax over ${width} classes, class ${c}${at}` };
		}
		case 'token-pair': {
			const good = readFloat(data, base + adapter.goodTokenId!);
			const badL = readFloat(data, base + adapter.badTokenId!);
			const raw = good - badL;
			return {
				p: sigmoid(raw),
				raw,
				how: `softmax of ${JSON.stringify(adapter.goodToken)} vs `
					+ `${JSON.stringify(adapter.badToken)} logits (gap ${raw.toFixed(3)})${at}`,
			};
		}
	}
}

export function sigmoid(x: number): number {
	return 1 / (1 + Math.exp(-x));
}

/** Scores each solution's steps; one forward pass for the whole batch. */
export async function scoreRows(
	decoder: Decoder,
	codec: TextCodec,
	adapter: ResolvedAdapter,
	rows: readonly ScoringRow[],
): Promise<{ scores: StepScore[][]; runMs: number }> {
	if (rows.length === 0) {
		return { scores: [], runMs: 0 };
	}
	checkLength(decoder, rows);
	const padId = decoder.folder.config.padTokenId ?? 0;
	const batch = leftPad(rows.map((r) => r.ids), padId);
	const name = scoreOutput(adapter);
	if (!decoder.session.outputNames.includes(name)) {
		throw new EngineError('adapter',
			`The PRM graph has no output "${name}" (named in stepwise-prm.json); it has `
			+ `${decoder.session.outputNames.join(', ')}.`);
	}
	const out = await decoder.forward(batch, [name], { keepCache: false });
	const tensor = out.outputs[name];
	const data = tensor.data as Float32Array | Uint16Array;
	const width = tensor.dims.length === 3 ? tensor.dims[2] : 1;
	const scores = rows.map((r, b) => {
		const pad = batch.length - r.ids.length;
		return r.readAt.map((t) => {
			const base = (b * batch.length + pad + t) * width;
			return readScore(adapter, data, base, width, t, codec.decode([r.ids[t]]) || '?');
		});
	});
	return { scores, runMs: out.runMs };
}

/** The hidden state at each step's end, for refitting the head. */
export async function readFeatures(
	decoder: Decoder,
	adapter: ResolvedAdapter,
	rows: readonly ScoringRow[],
): Promise<Float32Array[][]> {
	checkLength(decoder, rows);
	const name = adapter.featureOutput!;
	const padId = decoder.folder.config.padTokenId ?? 0;
	const batch = leftPad(rows.map((r) => r.ids), padId);
	const out = await decoder.forward(batch, [name], { keepCache: false });
	const t = out.outputs[name];
	const h = t.dims[2];
	const data = t.data as Float32Array | Uint16Array;
	return rows.map((r, b) => {
		const pad = batch.length - r.ids.length;
		return r.readAt.map((at) => sliceFloats(data, (b * batch.length + pad + at) * h, h));
	});
}

/** What a live pass did, for the benchmarks and the log. */
export interface LiveScore {
	scores: StepScore[];
	/** Tokens whose work was reused from the last pass. */
	reused: number;
	/** Tokens run through the graph this time. */
	computed: number;
	/** Index of the first step whose score was computed anew. */
	firstRescored: number;
	runMs: number;
	entry?: PrefixEntry;
}

/**
 * Scores one solution, reusing the KV cache of `prev` for the tokens the
 * two layouts share. Steps that end inside the shared prefix keep their
 * old scores (a causal model gives them the same numbers again).
 */
export async function scoreWithPrefix(
	decoder: Decoder,
	codec: TextCodec,
	adapter: ResolvedAdapter,
	row: ScoringRow,
	prev: PrefixEntry | undefined,
): Promise<LiveScore> {
	if (!decoder.hasCache) {
		const { scores, runMs } = await scoreRows(decoder, codec, adapter, [row]);
		return { scores: scores[0], reused: 0, computed: row.ids.length, firstRescored: 0, runMs };
	}
	checkLength(decoder, [row]);
	const known = new Map<number, StepScore>();
	prev?.readAt.forEach((t, k) => known.set(t, prev.scores[k]));
	let keep = prev ? Math.min(commonPrefix(prev.ids, row.ids), row.ids.length - 1) : 0;
	// A step end inside the prefix that the last pass did not read has no
	// stored score; start the run there instead.
	for (const t of row.readAt) {
		if (t < keep && !known.has(t)) {
			keep = t;
		}
	}
	const n = row.ids.length;
	const width = n - keep;
	const out = await decoder.forward({
		batch: 1,
		length: width,
		inputIds: BigInt64Array.from(row.ids.slice(keep), (x) => BigInt(x)),
		attentionMask: new BigInt64Array(n).fill(1n),
		positionIds: BigInt64Array.from({ length: width }, (_, i) => BigInt(keep + i)),
		past: keep > 0 && prev ? truncateCache(prev.present, keep) : undefined,
	}, [scoreOutput(adapter)]);
	const tensor = out.outputs[scoreOutput(adapter)];
	const data = tensor.data as Float32Array | Uint16Array;
	const w = tensor.dims.length === 3 ? tensor.dims[2] : 1;
	let firstRescored = row.readAt.length;
	const scores = row.readAt.map((t, k) => {
		if (t < keep) {
			return known.get(t)!;
		}
		firstRescored = Math.min(firstRescored, k);
		return readScore(adapter, data, (t - keep) * w, w, t, codec.decode([row.ids[t]]) || '?');
	});
	return {
		scores,
		reused: keep,
		computed: width,
		firstRescored,
		runMs: out.runMs,
		entry: { ids: row.ids, readAt: row.readAt, scores, present: out.present },
	};
}
