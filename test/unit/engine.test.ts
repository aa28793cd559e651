/**
 * The engine on the shipped models, through real ONNX Runtime sessions:
 * the KV cache, seeded sampling, and where each PRM family reads a score.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Decoder } from '../../src/engine/decoder';
import { Engine } from '../../src/engine/engine';
import { EngineError } from '../../src/engine/errors';
import { readModelFolder } from '../../src/engine/modelFolder';
import { createSession } from '../../src/engine/runtime';
import { leftPad } from '../../src/engine/tensors';
import { TextCodec } from '../../src/engine/tokenizer';
import { copyModel, GEN, PRM } from './helpers/models';

const ctx = { isCancelled: () => false, progress: () => undefined };
let decoder: Decoder;
let codec: TextCodec;

before(async () => {
	const folder = readModelFolder(GEN);
	codec = new TextCodec(folder);
	decoder = new Decoder(folder, await createSession(folder.onnxPath, 'cpu', 2));
});

after(async () => {
	await decoder.release();
});

function rowLogits(t: { data: unknown; dims: readonly number[] }, b: number, pos: number): Float32Array {
	const [, len, v] = t.dims;
	return (t.data as Float32Array).slice((b * len + pos) * v, (b * len + pos + 1) * v);
}

test('the shipped tokenizer is character level with a BOS token', () => {
	// Tests below count positions by characters; make sure that holds.
	assert.equal(codec.encode('12 + 3').length, 6);
	assert.equal(codec.encode('12 + 3', true).length, 7);
	assert.equal(codec.decode(codec.encode('a\nb = 3')), 'a\nb = 3');
});

test('a KV-cache run gives the same logits as a full recompute', async () => {
	const ids = codec.encode('Compute 12 + 7 * 3.\n7 * 3 = 21\n', true);
	const full = leftPad([ids, ids.slice(0, ids.length - 4)], 0);
	const whole = await decoder.forward(full, ['logits']);

	// Prefill all but the last 5 tokens, then feed those one at a time.
	const split = ids.length - 5;
	const first = leftPad([ids.slice(0, split)], 0);
	let out = await decoder.forward(first, ['logits']);
	let mask = first.attentionMask;
	for (let t = split; t < ids.length; t++) {
		mask = BigInt64Array.from([...mask, 1n]);
		out = await decoder.forward({
			batch: 1, length: 1, inputIds: BigInt64Array.of(BigInt(ids[t])),
			attentionMask: mask, positionIds: BigInt64Array.of(BigInt(t)), past: out.present,
		}, ['logits']);
		const a = rowLogits(out.outputs.logits, 0, 0);
		const b = rowLogits(whole.outputs.logits, 0, t);
		let worst = 0;
		for (let i = 0; i < a.length; i++) {
			worst = Math.max(worst, Math.abs(a[i] - b[i]));
		}
		assert.ok(worst < 1e-4, `token ${t}: max |delta logit| ${worst}`);
	}
});

test('left padding does not change a row\'s logits', async () => {
	const long = codec.encode('Compute 4 * 5 + 6.\n', true);
	const short = codec.encode('Compute 9 - 2.\n', true);
	const padded = await decoder.forward(leftPad([long, short], 0), ['logits']);
	const alone = await decoder.forward(leftPad([short], 0), ['logits']);
	const a = rowLogits(padded.outputs.logits, 1, long.length - 1);
	const b = rowLogits(alone.outputs.logits, 0, short.length - 1);
	for (let i = 0; i < a.length; i++) {
		assert.ok(Math.abs(a[i] - b[i]) < 1e-4);
	}
});

test('seeded sampling is reproducible, and another seed gives other samples', async () => {
	const engine = new Engine();
	await engine.load({ generatorPath: GEN, provider: 'cpu' });
	const p = { problem: 'Compute 23 + 45 * 2.', n: 6, maxNewTokens: 120, temperature: 1.2, topK: 0, topP: 1 };
	const a = await engine.generate({ ...p, seed: 5 }, ctx);
	const b = await engine.generate({ ...p, seed: 5 }, ctx);
	const c = await engine.generate({ ...p, seed: 6 }, ctx);
	assert.deepEqual(a.samples.map((s) => s.text), b.samples.map((s) => s.text));
	assert.notDeepEqual(a.samples.map((s) => s.text), c.samples.map((s) => s.text));
	assert.equal(a.samples.length, 6);
	await engine.dispose();
});

test('greedy generation matches a hand-run argmax loop', async () => {
	const engine = new Engine();
	await engine.load({ generatorPath: GEN, provider: 'cpu' });
	const problem = 'Compute 31 + 4 * 6.';
	const r = await engine.generate({ problem, n: 1, maxNewTokens: 40, temperature: 0, topK: 0, topP: 1, seed: 1 }, ctx);
	await engine.dispose();

	// The same loop by hand: full recompute each token, no cache.
	const ids = codec.encode(`${problem}\n`, true);
	const made: number[] = [];
	const eos = readModelFolder(GEN).config.eosTokenIds;
	for (let i = 0; i < 40; i++) {
		const out = await decoder.forward(leftPad([[...ids, ...made]], 0), ['logits']);
		const row = rowLogits(out.outputs.logits, 0, ids.length + made.length - 1);
		const next = row.indexOf(Math.max(...row));
		if (eos.includes(next)) {
			break;
		}
		made.push(next);
	}
	assert.equal(r.samples[0].text, codec.decode(made));
});

test('budget and stop strings end a sample and say why', async () => {
	const engine = new Engine();
	await engine.load({ generatorPath: GEN, provider: 'cpu' });
	const base = { problem: 'Compute 8 + 9 * 7.', n: 2, temperature: 0, topK: 0, topP: 1, seed: 1 };
	const short = await engine.generate({ ...base, maxNewTokens: 5 }, ctx);
	assert.deepEqual(short.samples.map((s) => [s.tokens, s.finish]), [[5, 'length'], [5, 'length']]);
	const stop = await engine.generate({ ...base, maxNewTokens: 200, stop: ['\n'] }, ctx);
	for (const s of stop.samples) {
		assert.equal(s.finish, 'stop');
		assert.ok(!s.text.includes('\n'));
	}
	let calls = 0;
	const cancelled = await engine.generate({ ...base, maxNewTokens: 200 }, {
		isCancelled: () => ++calls > 3, progress: () => undefined,
	});
	assert.ok(cancelled.samples.every((s) => s.finish === 'cancelled' && s.tokens <= 3));
	await engine.dispose();
});

/** Scores read by hand from a full forward pass of `folder`'s graph. */
async function forwardAll(folder: string, text: string): Promise<{ dims: readonly number[]; data: Float32Array }> {
	const f = readModelFolder(folder);
	const c = new TextCodec(f);
	const d = new Decoder(f, await createSession(f.onnxPath, 'cpu', 2));
	const adapter = JSON.parse(readFileSync(join(folder, 'stepwise-prm.json'), 'utf8'));
	const name = adapter.logitsOutput ?? 'logits';
	const out = await d.forward(leftPad([c.encode(text, true)], 0), [name]);
	await d.release();
	const t = out.outputs[name];
	return { dims: t.dims, data: t.data as Float32Array };
}

const PROBLEM = 'Compute 12 + 7 * 3.';
const STEPS = ['7 * 3 = 21', '12 + 21 = 33', 'The answer is \\boxed{33}.'];

test('value-head PRM: sigmoid of the logit at the newline that ends each step', async () => {
	const engine = new Engine();
	await engine.load({ prmPath: PRM, provider: 'cpu' });
	const { scores } = await engine.score({ problem: PROBLEM, solutions: [STEPS, STEPS.slice(0, 1)] });
	await engine.dispose();

	const text = `${PROBLEM}\n${STEPS.map((s) => `${s}\n`).join('')}`;
	const out = await forwardAll(PRM, text);
	// BOS, then the prompt and its newline, then each step and its newline.
	let at = 1 + PROBLEM.length + 1 - 1;
	STEPS.forEach((s, k) => {
		at += s.length + 1;
		const logit = out.data[at * out.dims[2]];
		assert.ok(Math.abs(scores[0][k].p - 1 / (1 + Math.exp(-logit))) < 1e-5, `step ${k}`);
		assert.match(scores[0][k].how, new RegExp(`token ${at} `));
	});
	// The second, shorter solution was padded in the same batch.
	assert.ok(Math.abs(scores[1][0].p - scores[0][0].p) < 1e-4);
});

test('classification PRM: softmax class at the separator', async () => {
	// The generator's LM head stands in for a classifier: its vocabulary
	// is the class list, and "#" is the separator token.
	const dir = copyModel(GEN, {
		'stepwise-prm.json': JSON.stringify({
			family: 'classification', positiveClass: 20, stepSeparator: ' #\n', scoreToken: '#',
		}),
	});
	const engine = new Engine();
	await engine.load({ prmPath: dir, provider: 'cpu' });
	const { scores } = await engine.score({ problem: PROBLEM, solutions: [STEPS] });
	await engine.dispose();

	const out = await forwardAll(dir, `${PROBLEM}\n${STEPS.map((s) => `${s} #\n`).join('')}`);
	const v = out.dims[2];
	let end = 1 + PROBLEM.length + 1 - 1;
	STEPS.forEach((s, k) => {
		end += s.length + 3;
		const at = end - 1; // the "#" before the newline
		const row = out.data.slice(at * v, (at + 1) * v);
		const max = Math.max(...row);
		const sum = row.reduce((acc, x) => acc + Math.exp(x - max), 0);
		assert.ok(Math.abs(scores[0][k].p - Math.exp(row[20] - max) / sum) < 1e-5, `step ${k}`);
	});
});

test('token-pair PRM: good vs bad token logits at the tag', async () => {
	const dir = copyModel(GEN, {
		'stepwise-prm.json': JSON.stringify({
			family: 'token-pair', stepSeparator: ' #\n', scoreToken: '#', goodToken: '+', badToken: '-',
		}),
	});
	const engine = new Engine();
	await engine.load({ prmPath: dir, provider: 'cpu' });
	const { scores } = await engine.score({ problem: PROBLEM, solutions: [STEPS] });
	await engine.dispose();

	const out = await forwardAll(dir, `${PROBLEM}\n${STEPS.map((s) => `${s} #\n`).join('')}`);
	const v = out.dims[2];
	const plus = codec.tokenId('+')!;
	const minus = codec.tokenId('-')!;
	let end = 1 + PROBLEM.length + 1 - 1;
	STEPS.forEach((s, k) => {
		end += s.length + 3;
		const at = end - 1;
		const good = out.data[at * v + plus];
		const bad = out.data[at * v + minus];
		const want = Math.exp(good) / (Math.exp(good) + Math.exp(bad));
		assert.ok(Math.abs(scores[0][k].p - want) < 1e-5, `step ${k}`);
	});
});

async function loadError(params: Parameters<Engine['load']>[0]): Promise<EngineError> {
	const engine = new Engine();
	try {
		await engine.load(params);
	} catch (e) {
		return e as EngineError;
	} finally {
		await engine.dispose();
	}
	assert.fail('load should have failed');
}

test('a model folder without config.json names the file', async () => {
	const dir = copyModel(GEN, { 'config.json': null });
	const e = await loadError({ generatorPath: dir, provider: 'cpu' });
	assert.equal(e.kind, 'model-folder');
	assert.equal(e.file, join(dir, 'config.json'));
	assert.match(e.message, /config\.json: missing/);
});

test('a truncated ONNX file is refused with its path', async () => {
	const dir = copyModel(GEN);
	const onnx = join(dir, 'onnx', 'model.onnx');
	require('node:fs').truncateSync(onnx, 1000);
	const e = await loadError({ generatorPath: dir, provider: 'cpu' });
	assert.equal(e.kind, 'model-folder');
	assert.ok(e.message.includes(onnx));
});

test('an adapter naming a token the tokenizer lacks is refused', async () => {
	const dir = copyModel(PRM, {
		'stepwise-prm.json': JSON.stringify({ family: 'classification', scoreToken: '<extra_0>' }),
	});
	const e = await loadError({ prmPath: dir, provider: 'cpu' });
	assert.equal(e.kind, 'adapter');
	assert.match(e.message, /"scoreToken" is "<extra_0>", which is not a single token/);
	assert.ok(e.message.includes(join(dir, 'stepwise-prm.json')));
});

test('a bad new PRM leaves the loaded one in place', async () => {
	const engine = new Engine();
	await engine.load({ prmPath: PRM, provider: 'cpu' });
	const bad = copyModel(PRM, { 'stepwise-prm.json': '{ not json' });
	await assert.rejects(engine.load({ prmPath: bad, provider: 'cpu' }), /not valid JSON/);
	const { scores } = await engine.score({ problem: PROBLEM, solutions: [STEPS] });
	assert.equal(scores[0].length, 3);
	await engine.dispose();
});

test('asking for CUDA where it cannot load is a clear error; auto falls back to CPU', {
	skip: require('node:fs').existsSync('/dev/nvidia0') ? 'this machine has a GPU' : false,
}, async () => {
	const e = await loadError({ generatorPath: GEN, provider: 'cuda' });
	assert.equal(e.kind, 'provider');
	assert.match(e.message, /stepwise\.executionProvider/);
	const engine = new Engine();
	const r = await engine.load({ generatorPath: GEN, provider: 'auto' });
	assert.equal(r.generator?.provider, 'cpu');
	assert.ok(r.generator?.fallbackReason?.startsWith('cuda:'));
	// Absent, not broken: the CLI stays quiet about it.
	assert.equal(r.generator?.gpuFailed, false);
	await engine.dispose();
});

test('live scoring reuses the unchanged prefix and matches a full pass', async () => {
	const engine = new Engine();
	await engine.load({ prmPath: PRM, provider: 'cpu' });
	const steps = Array.from({ length: 20 }, (_, i) => `${i + 1} + ${i + 2} = ${2 * i + 3}`);
	const first = await engine.scoreLive({ key: 'doc', problem: PROBLEM, steps });
	assert.equal(first.reused, 0);
	assert.equal(first.firstRescored, 0);

	const edited = [...steps];
	edited[14] = '15 + 16 = 99';
	const live = await engine.scoreLive({ key: 'doc', problem: PROBLEM, steps: edited });
	const full = await engine.score({ problem: PROBLEM, solutions: [edited] });
	assert.equal(live.firstRescored, 14);
	// Tokens before step 15's first changed character are reused: BOS,
	// the prompt line, 14 step lines, and "15 + 16 = " of the edited one.
	const before = 1 + PROBLEM.length + 1 + steps.slice(0, 14).reduce((n, s) => n + s.length + 1, 0)
		+ '15 + 16 = '.length;
	assert.equal(live.reused, before);
	const total = 1 + PROBLEM.length + 1 + edited.reduce((n, s) => n + s.length + 1, 0);
	assert.equal(live.reused + live.computed, total);
	live.scores.forEach((s, k) => {
		assert.ok(Math.abs(s.p - full.scores[0][k].p) < 1e-4, `step ${k}`);
	});
	for (let k = 0; k < 14; k++) {
		assert.equal(live.scores[k].p, first.scores[k].p, 'reused scores are the old numbers');
	}
	await engine.dispose();
});

test('minNewTokens keeps EOS out until a sample has that many tokens', async () => {
	const engine = new Engine();
	await engine.load({ generatorPath: GEN, provider: 'cpu' });
	const p = { problem: 'Find $k$, if ${(3^k)}^6=3^6$.', n: 4, maxNewTokens: 60, temperature: 1, topK: 0, topP: 1, seed: 3 };
	const r = await engine.generate({ ...p, minNewTokens: 12 }, ctx);
	for (const s of r.samples) {
		assert.ok(s.tokens >= 12 || s.finish === 'stop', `${s.tokens} tokens, ${s.finish}`);
	}
	await engine.dispose();
});

test('inputs longer than the model\'s context are refused with the limit named', async () => {
	const engine = new Engine();
	await engine.load({ prmPath: PRM, generatorPath: GEN, provider: 'cpu' });
	const max = readModelFolder(PRM).config.maxPositions!;
	assert.equal(max, JSON.parse(readFileSync(join(PRM, 'config.json'), 'utf8')).max_position_embeddings);
	const steps = Array.from({ length: Math.ceil(max / 10) + 1 }, (_, i) => `${i} + 1 = ${i + 1}`);
	await assert.rejects(engine.score({ problem: PROBLEM, solutions: [steps] }),
		(e: EngineError) => e.kind === 'input' && e.message.includes(`reads at most ${max}`));
	await assert.rejects(engine.scoreLive({ key: 'k', problem: PROBLEM, steps }),
		(e: EngineError) => e.kind === 'input');
	await assert.rejects(engine.generate({ problem: 'x'.repeat(max), n: 1, maxNewTokens: 5, temperature: 0, topK: 0, topP: 1, seed: 1 }, ctx),
		(e: EngineError) => e.kind === 'input' && e.message.includes('max_position_embeddings'));
	// A budget past the context is cut to what fits.
	const r = await engine.generate({ problem: PROBLEM, n: 1, maxNewTokens: 10 * max, temperature: 0, topK: 0, topP: 1, seed: 1, minNewTokens: 10 * max }, ctx);
	assert.ok(r.samples[0].tokens <= max - (PROBLEM.length + 2));
	await engine.dispose();
});
