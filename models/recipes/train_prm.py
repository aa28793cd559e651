"""Train the value-head PRM on PRM800K-layout step labels.

Ratings 0 and +1 count as correct, -1 as incorrect (as in the paper);
the loss is BCE on the value-head logit at the "\\n" ending each rated
step. The trunk starts from the generator."""
import argparse
import random
import time

import common as C  # first: sets thread env before torch loads
import torch
import torch.nn.functional as F
import curriculum as cur
from train_gen import jittered, lr_at


def examples(rec):
    """One labelled sequence along the chosen path, plus one short
    sequence per rated alternative completion (real PRM800K records
    carry several completions per step)."""
    prefix = [C.BOS] + C.encode(rec["question"]["problem"] + "\n")
    ids, pos, lab, out = list(prefix), [], [], []
    for st in rec["label"]["steps"]:
        comps = st["completions"]
        ch = st["chosen_completion"]
        if ch is not None:
            main = comps[ch]
        elif st.get("human_completion"):
            main = st["human_completion"]
        else:
            bad = [c for c in comps if c["rating"] == -1]
            main = bad[0] if bad else None
        for c in comps:
            if c is main or c["rating"] is None:
                continue
            alt = ids + C.encode(c["text"] + "\n")
            out.append((alt, [len(alt) - 1], [float(c["rating"] >= 0)]))
        if main is None:
            break
        ids = ids + C.encode(main["text"] + "\n")
        r = main.get("rating")
        if r is None:  # human-written step: treated as correct
            r = 1
        pos.append(len(ids) - 1)
        lab.append(float(r >= 0))
        if r < 0:
            break  # later steps are not rated
    if pos:
        out.append((ids, pos, lab))
    return out


def batch(exs):
    T = max(len(e[0]) for e in exs)
    ids = torch.full((len(exs), T), C.PAD, dtype=torch.long)
    mask = torch.zeros((len(exs), T), dtype=torch.long)
    tgt = torch.full((len(exs), T), -1.0)
    for i, (s, p, l) in enumerate(exs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
        tgt[i, p] = torch.tensor(l)
    pos = torch.arange(T).unsqueeze(0).expand(len(exs), T)
    return ids, mask, pos, tgt


def bce_step(model, opt, ids, mask, pos, tgt):
    """One optimiser step of BCE at the rated step ends (tgt >= 0)."""
    lg = model(ids, mask, pos, *C.empty_past(model.cfg, ids.shape[0]))[0]
    m = tgt >= 0
    loss = F.binary_cross_entropy_with_logits(lg[..., 0][m], tgt[m])
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return loss


@torch.no_grad()
def evaluate(model, exs, bs=128):
    model.eval()
    ps, ys = [], []
    for i in range(0, len(exs), bs):
        ids, mask, pos, tgt = batch(exs[i:i + bs])
        lg = model(ids, mask, pos, *C.empty_past(model.cfg, ids.shape[0]))[0]
        m = tgt >= 0
        ps.append(torch.sigmoid(lg[..., 0][m]))
        ys.append(tgt[m])
    model.train()
    p, y = torch.cat(ps), torch.cat(ys)
    acc = ((p > 0.5).float() == y).float().mean().item()
    # AUC by ranking (ties ignored; fine for a progress signal)
    order = torch.argsort(p)
    ranks = torch.empty_like(p)
    ranks[order] = torch.arange(1, len(p) + 1, dtype=torch.float)
    npos, nneg = y.sum().item(), (1 - y).sum().item()
    auc = ((ranks[y == 1].sum().item() - npos * (npos + 1) / 2)
           / max(1, npos * nneg))
    return acc, auc, 1 - y.mean().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels",
                    default="data/curriculum/prm-labels-easy.jsonl")
    ap.add_argument("--gen", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--val-frac", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pos-jitter", type=int, default=0,
                    help="largest random position jump after a separator "
                         "(as in train_gen.py)")
    a = ap.parse_args()
    C.setup_torch()
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    jitter_rng = torch.Generator().manual_seed(a.seed)
    recs = cur.read_jsonl(a.labels)
    # validation by problem, carved from the (train-derived) labels
    probs = sorted({r["question"]["problem"] for r in recs})
    rng.shuffle(probs)
    val_p = set(probs[:int(len(probs) * a.val_frac)])
    tr = [e for r in recs if r["question"]["problem"] not in val_p
          for e in examples(r)]
    va = [e for r in recs if r["question"]["problem"] in val_p
          for e in examples(r)]
    gen, _ = C.load_ckpt(a.gen, C.LlamaLM)
    model = C.LlamaPRM(gen.cfg)
    model.model.load_state_dict(gen.model.state_dict())
    npos = sum(sum(e[2]) for e in tr)
    nall = sum(len(e[2]) for e in tr)
    torch.nn.init.zeros_(model.score.weight)
    with torch.no_grad():
        # start at the label prior (smoothed: a tiny set may be one-sided)
        prior = (npos + 1) / (nall + 2)
        model.score.bias.fill_(float(torch.logit(torch.tensor(prior))))
    print(f"params {C.n_params(model)} train seqs {len(tr)} labels {nall} "
          f"pos {npos / nall:.3f} val seqs {len(va)}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01,
                            betas=(0.9, 0.98))
    order, t0 = [], time.time()
    model.train()
    for step in range(a.steps):
        if not order:
            order = list(range(len(tr)))
            rng.shuffle(order)
        idx, order = order[:a.batch], order[a.batch:]
        ids, mask, pos, tgt = batch([tr[i] for i in idx])
        if a.pos_jitter:
            pos = jittered(ids, pos, a.pos_jitter, jitter_rng)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, a.steps, a.lr)
        loss = bce_step(model, opt, ids, mask, pos, tgt)
        if step % 50 == 0 or step == a.steps - 1:
            print(f"step {step} loss {loss.item():.4f} "
                  f"t {time.time() - t0:.0f}s", flush=True)
        if va and step and step % 250 == 0:
            acc, auc, base = evaluate(model, va)
            print(f"val step acc {acc:.3f} auc {auc:.3f} (neg rate "
                  f"{base:.3f})", flush=True)
    wall = time.time() - t0
    acc, auc, base = evaluate(model, va) if va else (0, 0, 0)
    held = (f"val acc {acc:.3f} auc {auc:.3f}" if va
            else "no validation split (--val-frac 0)")
    print(f"done steps {a.steps} wall {wall:.0f}s {held}", flush=True)
    C.save_ckpt(model, a.out, {"steps": a.steps, "wall_s": round(wall),
                               "val_step_acc": acc, "val_step_auc": auc})


if __name__ == "__main__":
    main()
