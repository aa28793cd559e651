"""Fine-tune a shipped-layout PRM on exported step labels: Stepwise's
default external trainer.

    retrain_prm.py --data LABELS.jsonl --out DIR --base DIR [--steps N]

LABELS is PRM800K jsonl (what Stepwise exports for training: easy
problems only). BASE is a PRM folder holding pytorch_model.pt (the
weights the ONNX graph was exported from). DIR receives a new folder in
the same layout. Progress goes to stdout as JSON lines
{"progress": 0..1, "message": "..."}, which Stepwise shows; anything
else printed is for the person watching the terminal."""
import argparse
import json
import os
import random
import sys
import time

import common as C  # first: sets thread env before torch loads
import torch
import curriculum as cur
from train_prm import batch, bce_step, evaluate, examples

WEIGHTS = "pytorch_model.pt"


def say(progress, message):
    print(json.dumps({"progress": round(progress, 4), "message": message}),
          flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    weights = os.path.join(a.base, WEIGHTS)
    if not os.path.exists(weights):
        sys.exit(f"{weights} is missing: the default trainer fine-tunes "
                 "from the PyTorch weights a PRM folder ships with. Point "
                 "stepwise.trainerCommand at your own trainer for other "
                 "models.")
    if os.path.exists(a.out):
        sys.exit(f"{a.out} already exists; give a new output folder.")
    C.setup_torch()
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    model, _ = C.load_ckpt(weights, C.LlamaPRM)
    exs = [e for r in cur.read_jsonl(a.data) for e in examples(r)]
    if not exs:
        sys.exit(f"{a.data} holds no rated steps to train on.")
    say(0, f"{len(exs)} labelled sequences from {a.data}")
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    t0 = time.time()
    model.train()
    order = []
    for step in range(a.steps):
        if not order:
            order = list(range(len(exs)))
            rng.shuffle(order)
        idx, order = order[:a.batch], order[a.batch:]
        ids, mask, pos, tgt = batch([exs[i] for i in idx])
        loss = bce_step(model, opt, ids, mask, pos, tgt)
        if step % 10 == 0 or step == a.steps - 1:
            say((step + 1) / a.steps,
                f"step {step + 1}/{a.steps} loss {loss.item():.4f}")
    acc, auc, _ = evaluate(model, exs)
    C.write_folder(model, a.out, prm=True)
    C.save_ckpt(model, os.path.join(a.out, WEIGHTS),
                {"steps": a.steps, "wall_s": round(time.time() - t0),
                 "train_step_acc": acc, "train_step_auc": auc,
                 "data": os.path.abspath(a.data)})
    say(1, f"wrote {a.out} (train step accuracy {acc:.3f}, AUC {auc:.3f})")


if __name__ == "__main__":
    main()
