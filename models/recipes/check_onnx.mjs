// Runs the exported decoder in onnxruntime-node: prefill with an EMPTY
// past, then 3 decode steps feeding present.* back, and compares with
// the PyTorch full-recompute logits written by check_onnx.py.
import fs from 'node:fs';
import ort from 'onnxruntime-node';

const v = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const sess = await ort.InferenceSession.create(v.model);
const B = v.ids.length;
const T0 = v.ids[0].length;
const i64 = (rows) => new ort.Tensor('int64',
  BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
let past = {};
for (let l = 0; l < v.layers; l++) {
  for (const kv of ['key', 'value']) {
    past[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32',
      new Float32Array(0), [B, v.kvh, 0, v.hd]);
  }
}
const V = v.logits_shape[2];
const Tall = v.logits_shape[1];
let maxd = 0, maxh = 0;
let mask = v.mask.map((r) => r.slice());
const cmp = (out, t0, T) => {
  const lg = out.logits.data;
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let k = 0; k < V; k++) {
    if (!v.real[b * Tall + t0 + t]) continue; // left-pad rows are arbitrary
    const e = v.expect_logits[(b * Tall + t0 + t) * V + k];
    maxd = Math.max(maxd, Math.abs(lg[(b * T + t) * V + k] - e));
  }
  if (v.expect_hidden) {
    const H = v.hidden_shape[2];
    const hs = out.last_hidden_state.data;
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let k = 0; k < H; k++) {
      if (!v.real[b * Tall + t0 + t]) continue;
      const e = v.expect_hidden[(b * Tall + t0 + t) * H + k];
      maxh = Math.max(maxh, Math.abs(hs[(b * T + t) * H + k] - e));
    }
  }
  for (let l = 0; l < v.layers; l++) {
    for (const kv of ['key', 'value']) {
      past[`past_key_values.${l}.${kv}`] = out[`present.${l}.${kv}`];
    }
  }
};
let out = await sess.run({ input_ids: i64(v.ids), attention_mask: i64(mask),
  position_ids: i64(v.pos), ...past });
cmp(out, 0, T0);
for (let t = 0; t < v.new[0].length; t++) {
  mask = mask.map((r) => [...r, 1]);
  out = await sess.run({
    input_ids: i64(v.new.map((r) => [r[t]])), attention_mask: i64(mask),
    position_ids: i64(v.full_pos.map((r) => [r[T0 + t]])), ...past });
  cmp(out, T0 + t, 1);
}
const ok = maxd < v.tol && maxh < v.tol;
console.log(`${v.model}: ort vs torch max |dlogit| ${maxd.toExponential(2)}` +
  (v.expect_hidden ? `, max |dhidden| ${maxh.toExponential(2)}` : '') +
  (ok ? ' OK' : ' FAIL'));
process.exit(ok ? 0 : 1);
