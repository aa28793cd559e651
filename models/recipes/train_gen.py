"""Train the generator on curriculum levels 1-3 (response-only loss)."""
import argparse
import math
import random
import time

import common as C  # first: sets thread env before torch loads
import torch
import torch.nn.functional as F
import curriculum as cur


def split_train_val(rows, n_val_per_level=100):
    """Validation is carved from TRAIN (the last rows of each level);
    test.jsonl is never used for tuning. Train rows of levels 4-5 exist
    only to give validation a hard part: training uses levels 1-3."""
    by = {}
    for r in rows:
        by.setdefault(r["level"], []).append(r)
    tr, va = [], []
    for lv in sorted(by):
        va += by[lv][-n_val_per_level:] if n_val_per_level else []
        if lv <= 3:
            tr += by[lv][:len(by[lv]) - n_val_per_level]
    return tr, va


def example(r):
    p = [C.BOS] + C.encode(r["problem"] + "\n")
    s = C.encode(r["solution"] + "\n") + [C.EOS]
    return p, s


def batch(exs):
    T = max(len(p) + len(s) for p, s in exs)
    ids = torch.full((len(exs), T), C.PAD, dtype=torch.long)
    tgt = torch.full((len(exs), T), -100, dtype=torch.long)
    mask = torch.zeros((len(exs), T), dtype=torch.long)
    for i, (p, s) in enumerate(exs):
        seq = p + s
        ids[i, :len(seq)] = torch.tensor(seq)
        mask[i, :len(seq)] = 1
        # predict token t+1 at t; only the response is supervised
        tgt[i, len(p) - 1:len(seq) - 1] = torch.tensor(s)
    pos = torch.arange(T).unsqueeze(0).expand(len(exs), T)
    return ids, mask, pos, tgt


SEPARATORS = (C.NL, C.STOI[";"])


def jittered(ids, pos, most, rng, keep=0.3):
    """Position ids that jump forward by 0..most after every ";" and
    line break. Within a number or a step the positions stay in order,
    but the distance from a step to the operation it uses no longer
    tells which operation that is; the model has to find it by content,
    which is what lets it handle chains longer than it was trained on."""
    sep = torch.zeros_like(ids, dtype=torch.bool)
    for t in SEPARATORS:
        sep |= ids == t
    jumps = torch.randint(0, most + 1, ids.shape, generator=rng) * sep
    # a share of the rows keeps plain positions, which is what inference
    # feeds, so the model stays at home there too
    plain = torch.rand(ids.shape[0], 1, generator=rng) < keep
    jumps = jumps.masked_fill(plain, 0)
    return pos + torch.cumsum(jumps, dim=1) - jumps


def bucketed(exs, bs, rng, chunk=32):
    """Shuffle, then sort within chunks of `chunk` batches by length so
    a batch wastes little padding; batches come out in random order."""
    idx = list(range(len(exs)))
    rng.shuffle(idx)
    out = []
    for i in range(0, len(idx), bs * chunk):
        part = sorted(idx[i:i + bs * chunk],
                      key=lambda j: len(exs[j][0]) + len(exs[j][1]))
        out += [part[k:k + bs] for k in range(0, len(part), bs)]
    rng.shuffle(out)
    return out


def lr_at(step, total, peak, warm=100):
    if step < warm:
        return peak * (step + 1) / warm
    t = (step - warm) / max(1, total - warm)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t)))


@torch.no_grad()
def greedy_acc(model, rows, bs=100):
    """Greedy exact-match accuracy per level."""
    model.eval()
    ok, n = {}, {}
    for i in range(0, len(rows), bs):
        chunk = rows[i:i + bs]
        outs = C.generate(model, [example(r)[0] for r in chunk],
                          max_new=240)
        for r, o in zip(chunk, outs):
            lv = r["level"]
            n[lv] = n.get(lv, 0) + 1
            ok[lv] = ok.get(lv, 0) + (cur.extract_answer(C.decode(o))
                                      == r["answer"])
    model.train()
    return {lv: round(ok[lv] / n[lv], 3) for lv in sorted(n)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/curriculum/train.jsonl")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--inter", type=int, default=384)
    ap.add_argument("--n-val", type=int, default=100)
    ap.add_argument("--eval-every", type=int, default=0)
    ap.add_argument("--init", default="")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pos-jitter", type=int, default=0,
                    help="largest random position jump after a separator")
    a = ap.parse_args()
    C.setup_torch()
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    jitter_rng = torch.Generator().manual_seed(a.seed)
    rows = cur.read_jsonl(a.data)
    tr, va = split_train_val(rows, a.n_val)
    cfg = dict(C.DEFAULT_CFG, hidden_size=a.hidden,
               num_hidden_layers=a.layers, intermediate_size=a.inter)
    if a.init:
        model, _ = C.load_ckpt(a.init, C.LlamaLM)
        cfg = model.cfg
    else:
        model = C.LlamaLM(cfg)
        for p in model.parameters():
            if p.dim() == 2:
                torch.nn.init.normal_(p, std=0.02)
    print(f"params {C.n_params(model)} train {len(tr)} val {len(va)}",
          flush=True)
    decay = [p for p in model.parameters() if p.dim() == 2]
    other = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                             {"params": other, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.98))
    exs = [example(r) for r in tr]
    order = []
    t0 = time.time()
    model.train()
    for step in range(a.steps):
        if not order:
            order = bucketed(exs, a.batch, rng)
        idx = order.pop()
        ids, mask, pos, tgt = batch([exs[i] for i in idx])
        if a.pos_jitter:
            pos = jittered(ids, pos, a.pos_jitter, jitter_rng)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, a.steps, a.lr)
        logits = model(ids, mask, pos, *C.empty_past(cfg, ids.shape[0]))[0]
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                               tgt.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 50 == 0 or step == a.steps - 1:
            print(f"step {step} loss {loss.item():.4f} "
                  f"t {time.time() - t0:.0f}s", flush=True)
        if a.eval_every and step and step % a.eval_every == 0:
            print(f"val greedy acc {greedy_acc(model, va)}", flush=True)
            C.save_ckpt(model, a.out, {"steps": step})
    wall = time.time() - t0
    acc = greedy_acc(model, va) if a.n_val else {}
    print(f"done steps {a.steps} wall {wall:.0f}s val greedy acc {acc}",
          flush=True)
    C.save_ckpt(model, a.out, {"steps": a.steps, "wall_s": round(wall),
                               "val_greedy_acc": acc})


if __name__ == "__main__":
    main()
