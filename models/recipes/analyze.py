"""Where sampled solutions go wrong, and what reranking could gain.

Samples N solutions per problem (validation rows by default: never the
test split), finds each one's first wrong step with the exact checker
and reports:
  - the first errors by kind and step index;
  - majority@N, pass@N, and how many problems have a sample whose every
    step is right (a process-level pass@N);
  - two ceilings for PRM-weighted voting: a perfect checker of local
    errors only (arithmetic, copy, format, extra step), and a perfect
    checker of every error. A PRM trained on easy labels cannot beat
    the second, and beats the first only if it also catches errors that
    need the problem's k-th operation;
  - with --prm, the PRM's own weighted@N and best-of-N, and its step AUC
    for each error kind, split at the longest easy chain.
"""
import argparse
import collections
import json
import os

import common as C  # first: sets thread env before torch loads
import torch
import curriculum as cur
from evaluate import reranked, step_probs, vote
from train_gen import split_train_val

EASY_STEPS = cur.LEVEL_OPS[3][1]  # the longest chain the models train on
FLAGGED = 1e-3  # a flagged solution's weight: ties still go by count


def steps_of(text):
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def auc(pos, neg):
    """P(score of a right step > score of a wrong one), ties half."""
    if not pos or not neg:
        return None
    p = torch.tensor(pos)[:, None]
    n = torch.tensor(neg)[None, :]
    return round(float((p > n).float().mean()
                       + 0.5 * (p == n).float().mean()), 3)


def checker_weight(kind, kinds):
    return FLAGGED if kind in kinds else 1.0


def analyze(rows, texts_per_row, probs_per_row):
    counts = collections.Counter()
    tally = collections.Counter()
    right, wrong = collections.defaultdict(list), \
        collections.defaultdict(list)
    everything = set(cur.ERROR_KINDS)
    for r, texts, probs in zip(rows, texts_per_row, probs_per_row):
        ans = [cur.extract_answer(t) for t in texts]
        errs = [cur.first_error(r["problem"], steps_of(t)) for t in texts]
        gold = r["answer"]
        tally["problems"] += 1
        tally["majority"] += vote(ans, [1.0] * len(ans)) == gold
        tally["pass"] += gold in ans
        tally["process_pass"] += any(k == "none" for k, _ in errs)
        local = [checker_weight(k, cur.LOCAL_ERRORS) for k, _ in errs]
        full = [checker_weight(k, everything) for k, _ in errs]
        tally["ceiling_local"] += vote(ans, local) == gold
        tally["ceiling_all"] += vote(ans, full) == gold
        for kind, i in errs:
            counts[(kind, i)] += 1
            level = f"L{r['level']}"
            counts[(level, "samples")] += 1
            counts[(level, "wrong first step")] += i == 0 and kind != "none"
        if probs is None:
            continue
        weighted, best = reranked(ans, probs)
        tally["weighted"] += weighted == gold
        tally["best_of_n"] += best == gold
        for (kind, at), s in zip(errs, probs):
            for i, p in enumerate(s[:at + 1]):
                span = "short" if i < EASY_STEPS else "long"
                if i < at or kind in ("none", "unfinished"):
                    right[span].append(p)
                else:
                    wrong[(kind, span)].append(p)
    return counts, tally, right, wrong


def positive(text):
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {n})")
    return n


def levels(text):
    try:
        return {int(x) for x in text.split(",")}
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a comma-separated list of levels such as 4,5 (got {text!r})")


def checked_model(ap, path, cls):
    """A checkpoint of these recipes, or one clear line and exit 2."""
    if not os.path.isfile(path):
        ap.error(f"{path}: not a file")
    try:
        model, _ = C.load_ckpt(path, cls)
    except Exception as e:  # pickle, zip and state_dict errors alike
        ap.error(f"{path}: not a {cls.__name__} checkpoint written by these "
                 f"recipes ({type(e).__name__}: {str(e).splitlines()[0][:80]})")
    model.eval()
    return model


def curriculum_rows(ap, path, whole, wanted, per_level=0):
    """Rows of the wanted levels (validation rows unless whole), at most
    per_level of each, checked to be curriculum problems."""
    if not os.path.isfile(path):
        ap.error(f"{path}: not a file")
    try:
        rows = cur.read_jsonl(path)
        for r in rows:
            cur.parse_problem(r["problem"])
            int(r["level"])
    except (ValueError, KeyError, TypeError) as e:
        ap.error(f"{path}: not a curriculum jsonl file ({type(e).__name__}: "
                 f"{str(e)[:100]})")
    if not whole:
        rows = split_train_val(rows)[1]
    seen = collections.Counter()
    out = []
    for r in rows:
        if r["level"] in wanted and (not per_level
                                     or seen[r["level"]] < per_level):
            seen[r["level"]] += 1
            out.append(r)
    if not out:
        ap.error(f"{path}: no {'' if whole else 'validation '}rows of "
                 f"levels {','.join(map(str, sorted(wanted)))}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--prm", default="")
    ap.add_argument("--data", default="data/curriculum/train.jsonl")
    ap.add_argument("--test-split", action="store_true",
                    help="read --data as it is instead of carving the "
                         "validation rows from it")
    ap.add_argument("--levels", type=levels, default="4,5")
    ap.add_argument("--n", type=positive, default=16)
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--limit", type=positive, default=None,
                    help="problems per level (default: every row)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="")
    a = ap.parse_args()
    C.setup_torch()
    rows = curriculum_rows(ap, a.data, a.test_split, a.levels, a.limit)
    a.levels = ",".join(str(x) for x in sorted(a.levels))
    gen = checked_model(ap, a.gen, C.LlamaLM)
    prm = checked_model(ap, a.prm, C.LlamaPRM) if a.prm else None
    g = torch.Generator().manual_seed(a.seed)
    texts, probs = [], []
    per_batch = max(1, 256 // a.n)
    for i in range(0, len(rows), per_batch):
        chunk = rows[i:i + per_batch]
        prompts = [[C.BOS] + C.encode(r["problem"] + "\n")
                   for r in chunk for _ in range(a.n)]
        outs = C.generate(gen, prompts, max_new=240,
                          temperature=a.temperature, gen=g)
        for j, r in enumerate(chunk):
            t = [C.decode(o) for o in outs[j * a.n:(j + 1) * a.n]]
            texts.append(t)
            probs.append(step_probs(prm, r["problem"], t) if prm else None)
    counts, tally, right, wrong = analyze(rows, texts, probs)
    report(a, counts, tally, right, wrong)


def report(a, counts, tally, right, wrong):
    """Print the analysis and write it as JSON (--out)."""
    n = tally["problems"]
    pct = {k: round(100 * v / n, 1) for k, v in tally.items()
           if k != "problems"}
    print(f"{n} problems, levels {a.levels}, {a.n} samples at "
          f"T {a.temperature}")
    for k, v in pct.items():
        print(f"  {k:14s} {v:5.1f}")
    levels = sorted({k for k, i in counts if isinstance(i, str)})
    first = {lv: round(100 * counts[(lv, "wrong first step")]
                       / counts[(lv, "samples")], 1) for lv in levels}
    errors = {k: v for k, v in counts.items() if not isinstance(k[1], str)}
    print("samples whose first step is wrong, by level (%):", first)
    print("first errors (kind: count at step 1, 2, ...):")
    last = max(i for _, i in errors)
    for k in sorted({k for k, _ in errors}):
        print(f"  {k:11s} {[errors.get((k, i), 0) for i in range(last + 1)]}")
    aucs = {}
    if a.prm:
        for kind, span in sorted(wrong):
            aucs[f"{kind}/{span}"] = {
                "n": len(wrong[(kind, span)]),
                "auc": auc(right[span], wrong[(kind, span)])}
        print(f"PRM step AUC (short = steps 1-{EASY_STEPS}, long = later):")
        for k, v in aucs.items():
            print(f"  {k:22s} n {v['n']:5d} auc {v['auc']}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"levels": a.levels, "n": a.n,
                       "temperature": a.temperature, "seed": a.seed,
                       "problems": n, "percent": pct,
                       "first_step_wrong_percent": first,
                       "first_errors": {f"{k}@{i + 1}": v for (k, i), v
                                        in sorted(errors.items())},
                       "prm_step_auc": aucs}, f, indent=1)


if __name__ == "__main__":
    main()
