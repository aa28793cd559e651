"""Is the generator's first step on a long problem lost to the number of
operations in the statement, or to the distance from the start value?

Greedy-decodes the first solution line of validation problems per level,
once with plain positions and once with every position after the start
value moved `--gap` further on, and prints how often that line is right.
If moving the start value away hurts little while more operations hurt
a lot, it is the count, not the distance."""
import argparse
import collections

import common as C  # first: sets thread env before torch loads
import torch
import curriculum as cur
from analyze import checked_model, curriculum_rows, levels, positive


@torch.no_grad()
def first_line_right(gen, rows, gap, max_new=16):
    """Share of rows whose greedy first line passes the checker."""
    right = 0
    for r in rows:
        ids = [C.BOS] + C.encode(r["problem"] + "\n")
        # the start value ends at the first ";": everything after it moves
        cut = 1 + r["problem"].index(";")
        out = []
        for _ in range(max_new):
            x = torch.tensor([ids + out])
            pos = torch.arange(x.shape[1])
            pos[cut:] += gap
            lg = gen(x, torch.ones_like(x), pos[None],
                     *C.empty_past(gen.cfg, 1))[0]
            t = int(lg[0, -1].argmax())
            if t in (C.NL, C.EOS):
                break
            out.append(t)
        right += cur.check_steps(r["problem"], [C.decode(out)]) == [1]
    return right / max(1, len(rows))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--data", default="data/curriculum/train.jsonl")
    ap.add_argument("--levels", type=levels, default="3,4,5")
    ap.add_argument("--per-level", type=positive, default=60)
    ap.add_argument("--gap", type=int, default=40)
    a = ap.parse_args()
    C.setup_torch()
    by = collections.defaultdict(list)
    for r in curriculum_rows(ap, a.data, False, a.levels, a.per_level):
        by[r["level"]].append(r)
    gen = checked_model(ap, a.gen, C.LlamaLM)
    print(f"level | first line right, plain | start value {a.gap} further")
    for lv in sorted(a.levels):
        rows = by[lv]
        if not rows:
            print(f"{lv} | no validation rows", flush=True)
            continue
        plain = first_line_right(gen, rows, 0)
        moved = first_line_right(gen, rows, a.gap)
        print(f"{lv} | {100 * plain:.0f}% | {100 * moved:.0f}%", flush=True)


if __name__ == "__main__":
    main()
