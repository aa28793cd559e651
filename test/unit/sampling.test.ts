import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argmax, makeRng, makeScratch, sampleToken } from '../../src/engine/sampling';
import { leftPad, readFloat } from '../../src/engine/tensors';
import { unusedSeed } from '../../src/eval/solve';

test('greedy takes the largest logit, the first one on ties', () => {
	assert.equal(argmax(new Float32Array([1, 5, 5, 2])), 1);
	const s = makeScratch(4);
	const t = sampleToken(new Float32Array([0, 3, 1, 2]), { temperature: 0, topK: 0, topP: 1 }, makeRng(1, 0), s);
	assert.equal(t, 1);
});

test('the same seed and stream give the same draws; another stream differs', () => {
	const a = makeRng(42, 3);
	const b = makeRng(42, 3);
	const c = makeRng(42, 4);
	const xs = [a(), a(), a()];
	assert.deepEqual(xs, [b(), b(), b()]);
	assert.notDeepEqual(xs, [c(), c(), c()]);
	for (const x of xs) {
		assert.ok(x >= 0 && x < 1);
	}
});

test('top-k 1 is greedy whatever the temperature', () => {
	const s = makeScratch(5);
	const rng = makeRng(7, 0);
	const logits = new Float32Array([0.1, 0.2, 0.3, 0.25, 0.0]);
	for (let i = 0; i < 50; i++) {
		assert.equal(sampleToken(logits, { temperature: 5, topK: 1, topP: 1 }, rng, s), 2);
	}
});

test('top-p keeps only the nucleus', () => {
	// Probabilities 0.5, 0.3, 0.15, 0.05: top-p 0.7 keeps the first two.
	const logits = new Float32Array([0.5, 0.3, 0.15, 0.05].map(Math.log));
	const s = makeScratch(4);
	const rng = makeRng(3, 0);
	const seen = new Set<number>();
	for (let i = 0; i < 400; i++) {
		seen.add(sampleToken(logits, { temperature: 1, topK: 0, topP: 0.7 }, rng, s));
	}
	assert.deepEqual([...seen].sort(), [0, 1]);
});

test('temperature 1 sampling follows the softmax', () => {
	// p = [0.75, 0.25]: over 4000 draws the share of token 0 is 0.75 +- 0.03.
	const logits = new Float32Array([Math.log(3), 0]);
	const s = makeScratch(2);
	const rng = makeRng(11, 0);
	let zeros = 0;
	for (let i = 0; i < 4000; i++) {
		zeros += sampleToken(logits, { temperature: 1, topK: 0, topP: 1 }, rng, s) === 0 ? 1 : 0;
	}
	assert.ok(Math.abs(zeros / 4000 - 0.75) < 0.03, `share ${zeros / 4000}`);
});

test('left padding: pads first, positions count real tokens, pad positions are 1', () => {
	const b = leftPad([[5, 6, 7], [8]], 0);
	assert.equal(b.length, 3);
	assert.deepEqual([...b.inputIds], [5n, 6n, 7n, 0n, 0n, 8n]);
	assert.deepEqual([...b.attentionMask], [1n, 1n, 1n, 0n, 0n, 1n]);
	assert.deepEqual([...b.positionIds], [0n, 1n, 2n, 1n, 1n, 0n]);
});

test('float16 values decode exactly', () => {
	// 0x3c00 = 1.0, 0xc000 = -2.0, 0x3555 ~ 0.33325, 0x0001 = 2^-24.
	const h = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]);
	assert.equal(readFloat(h, 0), 1);
	assert.equal(readFloat(h, 1), -2);
	assert.ok(Math.abs(readFloat(h, 2) - 0.33325195) < 1e-7);
	assert.equal(readFloat(h, 3), 2 ** -24);
});

test('unusedSeed: the first seed at or after the base that no stored sample used', () => {
	assert.equal(unusedSeed(1234, []), 1234);
	assert.equal(unusedSeed(1234, [1234, 1234, null]), 1235);
	assert.equal(unusedSeed(1234, [1236, 1234, 1235, 7]), 1237);
	assert.equal(unusedSeed(5, [1234]), 5);
});
