"""Greedy, majority@N, PRM-weighted@N and best-of-N on a curriculum split.

Solution score for weighted voting = PRODUCT of step probabilities; for
best-of-N = MIN step probability. A step's probability is the PRM's
sigmoid at the "\\n" token that ends it."""
import argparse
import collections
import json
import time


import common as C  # first: sets thread env before torch loads
import torch
import curriculum as cur
from train_gen import split_train_val


@torch.no_grad()
def step_probs(prm, problem, texts, bs=128):
    """PRM probabilities at each step end, for each solution text."""
    seqs, ends = [], []
    prefix = [C.BOS] + C.encode(problem + "\n")
    for t in texts:
        ids = prefix + C.encode(t)
        seqs.append(ids)
        ends.append([i for i in range(len(prefix), len(ids))
                     if ids[i] == C.NL])
    out = []
    for i in range(0, len(seqs), bs):
        ids, mask, pos = C.left_pad(seqs[i:i + bs])
        lg = prm(ids, mask, pos, *C.empty_past(prm.cfg, ids.shape[0]))[0]
        p = torch.sigmoid(lg[..., 0])
        for j, s in enumerate(seqs[i:i + bs]):
            off = ids.shape[1] - len(s)
            out.append([float(p[j, off + e]) for e in ends[i + j]])
    return out


def vote(answers, weights):
    tally = collections.defaultdict(float)
    for a, w in zip(answers, weights):
        if a is not None:
            tally[a] += w
    return max(tally, key=tally.get) if tally else None


def reranked(answers, probs):
    """The answers PRM-weighted voting (solution score = product of its
    step probabilities) and best-of-N (highest minimum step probability)
    pick; a solution without a scored step scores 0."""
    prod = [float(torch.tensor(s).prod()) if s else 0.0 for s in probs]
    mn = [min(s) if s else 0.0 for s in probs]
    best = max(range(len(answers)), key=lambda k: mn[k])
    return vote(answers, prod), answers[best]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--prm", required=True)
    ap.add_argument("--data", default="data/curriculum/test.jsonl")
    ap.add_argument("--val", action="store_true",
                    help="use the validation rows carved from --data "
                         "(a train file): the split for any tuning")
    ap.add_argument("--n", type=int, default=16)
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--limit", type=int, default=0,
                    help="problems per level (0 = all)")
    ap.add_argument("--levels", default="1,2,3,4,5")
    ap.add_argument("--out", default="")
    ap.add_argument("--seed", type=int, default=2)
    a = ap.parse_args()
    C.setup_torch()
    gen, _ = C.load_ckpt(a.gen, C.LlamaLM)
    prm, _ = C.load_ckpt(a.prm, C.LlamaPRM)
    gen.eval()
    prm.eval()
    g = torch.Generator().manual_seed(a.seed)
    levels = [int(x) for x in a.levels.split(",")]
    rows = cur.read_jsonl(a.data)
    if a.val:
        rows = split_train_val(rows)[1]
    if a.limit:
        cnt = collections.Counter()
        keep = []
        for r in rows:
            if cnt[r["level"]] < a.limit:
                keep.append(r)
                cnt[r["level"]] += 1
        rows = keep
    rows = [r for r in rows if r["level"] in levels]
    res = collections.defaultdict(lambda: collections.Counter())
    t0 = time.time()
    per_batch = max(1, 320 // a.n)
    for i in range(0, len(rows), per_batch):
        chunk = rows[i:i + per_batch]
        prompts = [[C.BOS] + C.encode(r["problem"] + "\n") for r in chunk]
        greedy = C.generate(gen, prompts, max_new=240)
        samples = C.generate(gen, [p for p in prompts for _ in range(a.n)],
                             max_new=240, temperature=a.temperature, gen=g)
        for j, r in enumerate(chunk):
            texts = [C.decode(o) for o in samples[j * a.n:(j + 1) * a.n]]
            ans = [cur.extract_answer(t) for t in texts]
            weighted, best = reranked(ans, step_probs(prm, r["problem"], texts))
            gold = r["answer"]
            c = res[r["level"]]
            c["n"] += 1
            c["greedy"] += cur.extract_answer(C.decode(greedy[j])) == gold
            c["sample_acc"] += sum(x == gold for x in ans) / len(ans)
            c["pass"] += gold in ans
            c["majority"] += vote(ans, [1.0] * len(ans)) == gold
            c["weighted"] += weighted == gold
            c["best_of_n"] += best == gold
        print(f"{i + len(chunk)}/{len(rows)} {time.time() - t0:.0f}s",
              flush=True)
    groups = {f"L{l}": [l] for l in levels}
    groups.update({"easy (1-3)": [l for l in levels if l <= 3],
                   "hard (4-5)": [l for l in levels if l >= 4],
                   "all": levels})
    keys = ["greedy", "sample_acc", "majority", "weighted", "best_of_n",
            "pass"]
    table = {}
    for name, ls in groups.items():
        n = sum(res[l]["n"] for l in ls)
        if n:
            table[name] = {"n": n, **{k: round(100 * sum(res[l][k]
                                                         for l in ls) / n, 1)
                                      for k in keys}}
    head = ("| split | n | greedy | mean sample | majority@%d | "
            "weighted@%d | best-of-%d | pass@%d |" % ((a.n,) * 4))
    lines = [head, "|" + "---|" * 8]
    for name, t in table.items():
        lines.append(f"| {name} | {t['n']} | " + " | ".join(
            f"{t[k]:.1f}" for k in keys) + " |")
    print("\n".join(lines))
    print(f"eval wall {time.time() - t0:.0f}s")
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"n": a.n, "temperature": a.temperature,
                       "seed": a.seed, "table": table}, f, indent=1)


if __name__ == "__main__":
    main()
