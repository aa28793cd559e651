"""Parity check: PyTorch KV-cache decode == full recompute, and the
exported ONNX (run in onnxruntime-node, the product's runtime) == PyTorch.

Usage: check_onnx.py GEN_CKPT GEN_DIR [PRM_CKPT PRM_DIR]
Writes test vectors to a temp dir and runs check_onnx.mjs on them."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

import common as C  # first: sets thread env before torch loads
import torch

TOL = 1e-4


def case(model, prm):
    """B=2 left-padded prompt, then 3 single-token decode steps."""
    c = model.cfg
    g = torch.Generator().manual_seed(0)
    a = [C.BOS] + C.encode("Start at 12; + 30; * 2. What is the result?\n")
    b = [C.BOS] + C.encode("Start at 7; - 3.\n")
    ids, mask, pos = C.left_pad([a, b])
    new = torch.randint(5, c["vocab_size"], (2, 3), generator=g)
    # full recompute over prompt + 3 new tokens
    full_ids = torch.cat([ids, new], 1)
    full_mask = torch.cat([mask, torch.ones(2, 3, dtype=torch.long)], 1)
    full_pos = (full_mask.cumsum(-1) - 1).masked_fill(full_mask == 0, 1)
    with torch.no_grad():
        full = model(full_ids, full_mask, full_pos,
                     *C.empty_past(c, 2))
        # incremental: prefill then one token at a time
        res = model(ids, mask, pos, *C.empty_past(c, 2))
        npast = 2 if prm else 1
        past = list(res[npast:])
        steps = [res[0]]
        m = mask
        for t in range(3):
            m = torch.cat([m, torch.ones(2, 1, dtype=torch.long)], 1)
            p = full_pos[:, ids.shape[1] + t:ids.shape[1] + t + 1]
            r = model(new[:, t:t + 1], m, p, *past)
            past = list(r[npast:])
            steps.append(r[0])
    inc = torch.cat(steps, 1)
    # left-pad query rows attend to nothing real; their values are
    # arbitrary (as in HF), so only real positions are compared
    real = full_mask.bool()
    d = (inc - full[0])[real].abs().max().item()
    print(f"torch kv-cache vs full recompute: max |dlogit| {d:.2e}")
    assert d < TOL, d
    vec = {"ids": ids.tolist(), "mask": mask.tolist(), "pos": pos.tolist(),
           "new": new.tolist(), "full_pos": full_pos.tolist(),
           "layers": c["num_hidden_layers"],
           "kvh": c["num_key_value_heads"],
           "hd": c["hidden_size"] // c["num_attention_heads"],
           "expect_logits": full[0].flatten().tolist(),
           "logits_shape": list(full[0].shape),
           "real": full_mask.flatten().tolist()}
    if prm:
        vec["expect_hidden"] = full[1].flatten().tolist()
        vec["hidden_shape"] = list(full[1].shape)
    return vec


def main():
    C.setup_torch()
    args = sys.argv[1:]
    pairs = [(args[0], args[1], False)]
    if len(args) >= 4:
        pairs.append((args[2], args[3], True))
    here = os.path.dirname(os.path.abspath(__file__))
    ok = True
    for ckpt, folder, prm in pairs:
        model, _ = C.load_ckpt(ckpt, C.LlamaPRM if prm else C.LlamaLM)
        model.eval()
        vec = case(model, prm)
        vec["model"] = os.path.abspath(os.path.join(folder, "onnx",
                                                    "model.onnx"))
        vec["tol"] = TOL
        with tempfile.NamedTemporaryFile("w", suffix=".json",
                                         delete=False) as f:
            json.dump(vec, f)
        r = subprocess.run(["node", os.path.join(here, "check_onnx.mjs"),
                            f.name])
        os.unlink(f.name)
        ok &= r.returncode == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
