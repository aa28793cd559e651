"""Sample solutions from the generator on easy TRAIN problems and label
every step with the exact checker, stopping at the first wrong step as
PRM800K labelers do. Output uses the PRM800K jsonl record layout, so the
same PRM training path can later take human labels."""
import argparse
import datetime
import json
import random
import uuid


import common as C  # first: sets thread env before torch loads
import torch
import curriculum as cur
from train_gen import split_train_val

# a fixed id: every label here comes from the same exact checker
LABELER = str(uuid.uuid5(uuid.NAMESPACE_URL, "stepwise/exact-checker"))
T0 = datetime.datetime(2024, 1, 1)


def record(i, r, text, truncated):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    ratings = cur.check_steps(r["problem"], lines)
    steps = []
    for line, rating in zip(lines, ratings):
        steps.append({"completions": [{"text": line, "rating": rating,
                                       "flagged": False}],
                      "human_completion": None,
                      "chosen_completion": 0 if rating >= 0 else None})
    if ratings and ratings[-1] < 0:
        finish = "found_error"
    elif ratings and len(ratings) == len(lines) and not truncated:
        finish = "solution"
    else:
        finish = "give_up"
    ts = (T0 + datetime.timedelta(seconds=37 * i)).isoformat()
    return {"labeler": LABELER, "timestamp": ts, "generation": None,
            "is_quality_control_question": False,
            "is_initial_screening_question": False,
            "question": {"problem": r["problem"],
                         "ground_truth_answer": r["answer"]},
            "label": {"steps": steps, "total_time": 0,
                      "finish_reason": finish}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--data", default="data/curriculum/train.jsonl")
    ap.add_argument("--out", default="data/curriculum/prm-labels-easy.jsonl")
    ap.add_argument("--problems", type=int, default=1500)
    ap.add_argument("--samples", type=int, default=8)
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--n-val", type=int, default=100)
    ap.add_argument("--max-new", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    C.setup_torch()
    gen = torch.Generator().manual_seed(a.seed)
    model, _ = C.load_ckpt(a.gen, C.LlamaLM)
    model.eval()
    # only training rows of levels 1-3: never validation or hard rows
    tr, _ = split_train_val(cur.read_jsonl(a.data), a.n_val)
    rng = random.Random(a.seed)
    rows = [r for r in tr if r["level"] <= 3]
    rows = rng.sample(rows, min(a.problems, len(rows)))
    recs, stats = [], {"steps": 0, "neg": 0, "solutions": 0, "correct": 0}
    bs = max(1, 256 // a.samples)
    for i in range(0, len(rows), bs):
        chunk = rows[i:i + bs]
        prompts = [[C.BOS] + C.encode(r["problem"] + "\n")
                   for r in chunk for _ in range(a.samples)]
        outs = C.generate(model, prompts, max_new=a.max_new,
                          temperature=a.temperature, gen=gen)
        for j, r in enumerate(chunk):
            seen = set()
            for o in outs[j * a.samples:(j + 1) * a.samples]:
                text = C.decode(o)
                trunc = len(o) >= a.max_new
                stats["solutions"] += 1
                stats["correct"] += cur.extract_answer(text) == r["answer"]
                if text in seen:
                    continue  # a duplicate adds no new label
                seen.add(text)
                rec = record(len(recs), r, text, trunc)
                if not rec["label"]["steps"]:
                    continue
                recs.append(rec)
                for s in rec["label"]["steps"]:
                    stats["steps"] += 1
                    stats["neg"] += s["completions"][0]["rating"] < 0
        print(f"{i + len(chunk)}/{len(rows)} records {len(recs)} {stats}",
              flush=True)
    with open(a.out, "w") as f:
        for rec in recs:
            f.write(json.dumps(rec) + "\n")
    print("wrote", a.out, len(recs), stats)


if __name__ == "__main__":
    main()
