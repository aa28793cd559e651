/**
 * What the speed work on the generation loop must not change, checked on
 * the shipped generator before any figure is taken: the sampler draws
 * what a plain sort-and-walk sampler draws, a sample does not depend on
 * the batch it ran in (shared prompts, finished samples leaving the
 * batch), and greedy output matches transformers.js on the same folder.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeRng, makeScratch, sampleToken, type SamplingSettings } from '../src/engine/sampling';
import { gatherRows, releaseMemory } from '../src/engine/tensors';
import { ort } from '../src/engine/runtime';
import { generate, openGenerator, type Decoder, type TextCodec } from './lib/engine';
import { closePeer, openPeer, runPeer } from './lib/peer';
import { GEN } from './lib/paths';
import { promptTexts } from './lib/prompts';

/** The sampler written the obvious way: sort everything, cut, walk. */
function referenceSample(logits: Float32Array, s: SamplingSettings, u: number): number {
	const max = Math.max(...logits);
	const floor = max + s.temperature * Math.log(1e-9);
	const ids = [...logits.keys()].filter((i) => logits[i] >= floor);
	ids.sort((a, b) => (logits[a] === logits[b] ? a - b : logits[b] - logits[a]));
	let n = s.topK > 0 ? Math.min(s.topK, ids.length) : ids.length;
	// Float32 like the engine's buffer, so the sums round the same way.
	const p = Float32Array.from(ids.slice(0, n), (i) => Math.exp((logits[i] - max) / s.temperature));
	let sum = 0;
	for (let j = 0; j < n; j++) {
		sum += p[j];
	}
	if (s.topP < 1) {
		let mass = 0;
		for (let j = 0; j < n; j++) {
			mass += p[j] / sum;
			if (mass >= s.topP) {
				n = j + 1;
				break;
			}
		}
		sum = 0;
		for (let j = 0; j < n; j++) {
			sum += p[j];
		}
	}
	let r = u * sum;
	for (let j = 0; j < n; j++) {
		r -= p[j];
		if (r < 0) {
			return ids[j];
		}
	}
	return ids[n - 1];
}

test('the sampler draws exactly what a sort-and-walk sampler draws', () => {
	const gen = makeRng(77, 0);
	const scratch = makeScratch(400);
	const kinds = ['spread', 'ties', 'signed zeros', 'peaked'];
	for (let c = 0; c < 4000; c++) {
		const v = 2 + Math.floor(gen() * 390);
		const kind = kinds[c % 4];
		const logits = new Float32Array(v);
		for (let i = 0; i < v; i++) {
			const x = gen();
			logits[i] = kind === 'spread' ? (x - 0.5) * 40
				: kind === 'ties' ? Math.round(x * 4) - 2
					: kind === 'signed zeros' ? (x < 0.5 ? -0 : 0)
						: (i === 7 % v ? 12 : x * 3);
		}
		const s = {
			temperature: [0.3, 1, 2.5][c % 3],
			topK: [0, 0, 5, 50][(c >> 2) % 4],
			topP: [1, 0.9, 0.5][(c >> 4) % 3],
		};
		const want = referenceSample(logits, s, makeRng(c, 0)());
		assert.equal(sampleToken(logits, s, makeRng(c, 0), scratch), want, `case ${c} (${kind})`);
	}
});

test('gatherRows copies whole rows in the order asked, repeats included', () => {
	const data = Float32Array.of(1, 2, 3, 4, 5, 6);
	assert.deepEqual([...gatherRows(data, 3, [2, 0, 2])], [5, 6, 1, 2, 5, 6]);
	const ids = BigInt64Array.of(7n, 8n, 9n);
	assert.deepEqual([...gatherRows(ids, 3, [1])], [8n]);
});

test('releaseMemory empties an array that owns its buffer and leaves shared buffers alone', () => {
	const owned = new Float32Array(1024);
	releaseMemory(owned);
	assert.equal(owned.buffer.byteLength, 0);
	assert.equal(owned.length, 0);
	const whole = new Float32Array(1024);
	const part = whole.subarray(0, 512);
	releaseMemory(part);
	assert.equal(whole.length, 1024, 'a view of part of a buffer does not free the buffer');
});

let decoder: Decoder;
let codec: TextCodec;

before(async () => {
	({ decoder, codec } = await openGenerator(GEN, 2));
});

after(async () => {
	await decoder.release();
});

const base = { stop: [] as string[], topK: 0, topP: 1 };

test('sample i of one problem is the same in a batch of 3 and of 12', async () => {
	const ids = codec.encode(promptTexts(1)[0], true);
	// Temperature 2, so that samples of a well-trained model still end apart.
	const o = { ...base, seed: 21, temperature: 2, maxNewTokens: 150 };
	const big = await generate(decoder, codec, { ...o, prompts: new Array(12).fill(ids) });
	const small = await generate(decoder, codec, { ...o, prompts: new Array(3).fill(ids) });
	// Samples end at different steps, so the big batch shrank as it ran.
	assert.ok(new Set(big.samples.map((s) => s.tokens)).size > 1, 'samples of different lengths');
	assert.deepEqual(small.samples, big.samples.slice(0, 3));
});

test('greedy samples of different problems in one batch equal each problem run alone', async () => {
	const prompts = promptTexts(6).map((p) => codec.encode(p, true));
	assert.ok(new Set(prompts.map((p) => p.length)).size > 1, 'prompts of different lengths');
	const o = { ...base, seed: 1, temperature: 0, maxNewTokens: 100 };
	const all = await generate(decoder, codec, { ...o, prompts });
	for (let i = 0; i < prompts.length; i++) {
		const alone = await generate(decoder, codec, { ...o, prompts: [prompts[i]] });
		assert.deepEqual(all.samples[i], alone.samples[0], `problem ${i}`);
	}
});

test('ignoreEos makes every sample run to the budget', async () => {
	const prompts = promptTexts(4).map((p) => codec.encode(p, true));
	const o = { ...base, seed: 3, temperature: 0, maxNewTokens: 90, prompts };
	const normal = await generate(decoder, codec, o);
	assert.ok(normal.samples.some((s) => s.finish === 'eos'), 'the model does stop by itself');
	const fixed = await generate(decoder, codec, { ...o, ignoreEos: true });
	assert.deepEqual(fixed.samples.map((s) => [s.tokens, s.finish]),
		new Array(4).fill([90, 'length']));
	assert.equal(fixed.stats.newTokens, 360);
});

test('work counts: a shared prompt runs once, then one position per sample and step', async () => {
	const ids = codec.encode(promptTexts(1)[0], true);
	const L = ids.length;
	const o = { ...base, seed: 1, temperature: 0, maxNewTokens: 4, ignoreEos: true };
	const one = await generate(decoder, codec, { ...o, prompts: [ids, ids, ids] });
	// Prefill: 1 row x L. Then 3 decode steps (tokens 2-4) of 3 rows, the
	// cache growing from L + 1 to L + 3 positions.
	assert.equal(one.stats.positions, L + 3 * 3);
	assert.equal(one.stats.cacheRows, L + 3 * ((L + 1) + (L + 2) + (L + 3)));

	const [a, b] = promptTexts(2).map((t) => codec.encode(t, true));
	const m = Math.max(a.length, b.length);
	const two = await generate(decoder, codec, { ...o, prompts: [a, b] });
	assert.equal(two.stats.positions, 2 * m + 3 * 2);
	assert.equal(two.stats.cacheRows, 2 * m + 2 * ((m + 1) + (m + 2) + (m + 3)));
});

test('a cancel after some samples finished keeps their finish and cancels the rest', async () => {
	const ids = codec.encode(promptTexts(1)[0], true);
	const o = {
		...base, seed: 5, temperature: 2, maxNewTokens: 300, prompts: new Array(8).fill(ids),
	};
	const full = await generate(decoder, codec, o);
	const lengths = full.samples.map((s) => s.tokens).sort((a, b) => a - b);
	const cutAt = lengths[3] + 1;
	let steps = 0;
	const cut = await generate(decoder, codec, { ...o, isCancelled: () => steps++ > cutAt });
	const cancelled = cut.samples.filter((s) => s.finish === 'cancelled').length;
	assert.ok(cancelled > 0 && cancelled < 8, `${cancelled} of 8 cancelled`);
	cut.samples.forEach((s, i) => {
		// The check before each step: after `cutAt` of them each sample
		// has drawn cutAt + 1 tokens (the prompt's pass draws one).
		if (full.samples[i].tokens <= cutAt) {
			assert.deepEqual(s, full.samples[i], `sample ${i} ended before the cancel`);
		} else {
			assert.deepEqual([s.finish, s.tokens], ['cancelled', cutAt + 1]);
			assert.ok(full.samples[i].text.startsWith(s.text));
		}
	});
});

test('greedy output is the same as transformers.js generate on the same folder', async () => {
	const texts = promptTexts(5);
	const peer = await openPeer(GEN, 2);
	const theirs = await runPeer(peer, { prompts: texts, newTokens: 48, temperature: 0 });
	await closePeer(peer);
	const ours = await generate(decoder, codec, {
		...base, seed: 1, temperature: 0, maxNewTokens: 48, ignoreEos: true,
		prompts: texts.map((t) => codec.encode(t, true)),
	});
	assert.deepEqual(ours.samples.map((s) => s.text), theirs.map((ids) => codec.decode(ids)));
});

test('a cache held on a device is neither sliced nor kept: it is disposed', () => {
	// What a GPU provider hands back for a cache left on the device. No GPU
	// runs here, so a stand-in buffer carries the location and a disposer.
	let disposed = 0;
	const onDevice = ort.Tensor.fromGpuBuffer({} as never, {
		dataType: 'float32', dims: [2, 2, 3, 32], dispose: () => { disposed++; },
	});
	const cache: Record<string, typeof onDevice> = {};
	for (let i = 0; i < decoder.folder.config.numLayers; i++) {
		cache[`past_key_values.${i}.key`] = onDevice;
		cache[`past_key_values.${i}.value`] = onDevice;
	}
	assert.equal(decoder.selectRows(cache, [1]), undefined);
	decoder.dropCache(cache);
	assert.equal(disposed, 1, 'the one tensor behind every name is disposed once');
});
