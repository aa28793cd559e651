"""Seeded arithmetic-chain curriculum with 5 difficulty levels.

A problem is a chain of operations applied to a running value:
  "Start at 37; + 8; - 3; + 5. What is the result?"
The reference solution does one operation per line:
  37 + 8 = 45 / 45 - 3 = 42 / 42 + 5 = 47 / The answer is \\boxed{47}.
Every step is a local, checkable computation, so the exact step checker
does not depend on the chain length (a learned PRM still can: see
models/README.md, "Where hard samples go wrong"). Levels differ
only in the number of operations, so hard problems are longer versions
of easy ones rather than a new skill. Operations are + and - with a
single-digit operand on values 0-99: small enough that a 1M-parameter
model learns the arithmetic in minutes on a CPU, so what separates the
levels is the chain length, not the arithmetic.
"""
import json
import os
import random
import re
import sys

# number of operations per level (inclusive ranges)
LEVEL_OPS = {1: (1, 2), 2: (2, 3), 3: (3, 4), 4: (5, 6), 5: (7, 8)}
MAX_VALUE = 99
ANSWER_RE = re.compile(r"^The answer is \\boxed\{(-?\d+)\}\.$")
STEP_RE = re.compile(r"^(-?\d+) ([-+*/]) (\d+) = (-?\d+)$")


def apply_op(a, op, b):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a // b if b and a % b == 0 else None
    return None


def pick_op(rng, value, used):
    """Pick an op that keeps the value in [0, MAX_VALUE] and does not
    repeat an op string already in the problem (repeats make
    'which operation comes next' ambiguous)."""
    for _ in range(100):
        kind = rng.choice("+-")
        b = rng.randint(2, 9)
        if kind == "/" and value % b != 0:
            continue
        r = apply_op(value, kind, b)
        if r is None or r < 0 or r > MAX_VALUE:
            continue
        if (kind, b) in used:
            continue
        return kind, b
    return None


def make_problem(rng, level):
    while True:
        lo, hi = LEVEL_OPS[level]
        n_ops = rng.randint(lo, hi)
        start = rng.randint(2, 99)
        value, used, ops, steps = start, set(), [], []
        ok = True
        for _ in range(n_ops):
            p = pick_op(rng, value, used)
            if p is None:
                ok = False
                break
            used.add(p)
            r = apply_op(value, *p)
            ops.append(p)
            steps.append(f"{value} {p[0]} {p[1]} = {r}")
            value = r
        if ok:
            break
    chain = "; ".join(f"{o} {b}" for o, b in ops)
    problem = f"Start at {start}; {chain}. What is the result?"
    solution = "\n".join(steps + [f"The answer is \\boxed{{{value}}}."])
    return problem, solution, str(value)


def parse_problem(problem):
    """Inverse of make_problem: (start, [(op, b), ...])."""
    m = re.match(r"^Start at (\d+); (.*)\. What is the result\?$", problem)
    if not m:
        raise ValueError(f"not a curriculum problem: {problem[:80]!r}")
    start = int(m.group(1))
    ops = []
    for part in m.group(2).split("; "):
        o, b = part.split(" ")
        ops.append((o, int(b)))
    return start, ops


def check_steps(problem, steps):
    """Exact checker standing in for a human labeler.

    steps: list of step strings (no trailing newline). Returns a list of
    ratings (+1 / -1), stopping after the first -1 as PRM800K labelers do.
    A step is +1 only if it applies the next operation of the problem to
    the previous result and computes it correctly; the answer line is +1
    only once every operation is done and it boxes the current value.
    """
    kind, at = first_error(problem, steps)
    if kind == "unfinished":
        return [1] * len(steps)
    return [1] * at + [1 if kind == "none" else -1]


def first_error(problem, steps):
    """Kind and 0-based index of the first wrong step, by the same rules
    as check_steps; ("none", n) for a right solution.

    Local kinds need only the step and the line above it ("arithmetic",
    "copy": the step does not start from the previous result, "format",
    "extra": a step after the last operation). Lookup kinds need the
    problem's k-th operation ("skip", "repeat", "operation": any other
    wrong operation or sign, "early": an answer before the last
    operation). "answer" boxes a wrong value; "unfinished" stops short.
    """
    start, ops = parse_problem(problem)
    value, k = start, 0
    for i, s in enumerate(steps):
        m = STEP_RE.match(s)
        if ANSWER_RE.match(s):
            if k < len(ops):
                return "early", i
            good = int(ANSWER_RE.match(s).group(1)) == value
            return ("none" if good else "answer"), i
        if not m:
            return "format", i
        if k == len(ops):
            return "extra", i
        x, o, b, r = int(m.group(1)), m.group(2), int(m.group(3)), \
            int(m.group(4))
        if x != value:
            return "copy", i
        if (o, b) != ops[k]:
            if (o, b) in ops[k + 1:k + 2]:
                return "skip", i
            if k and (o, b) == ops[k - 1]:
                return "repeat", i
            return "operation", i
        if apply_op(x, o, b) != r:
            return "arithmetic", i
        value, k = r, k + 1
    return "unfinished", len(steps)


LOCAL_ERRORS = ("arithmetic", "copy", "format", "extra")
ERROR_KINDS = LOCAL_ERRORS + ("skip", "repeat", "operation", "early",
                              "answer", "unfinished")


def extract_answer(text):
    for line in reversed(text.split("\n")):
        m = ANSWER_RE.match(line.strip())
        if m:
            return m.group(1)
    return None


def make_split(seed, counts, prefix, exclude=()):
    rng = random.Random(seed)
    rows, seen = [], set(exclude)
    for level, n in counts.items():
        i = 0
        while i < n:
            p, s, a = make_problem(rng, level)
            if p in seen:
                continue
            seen.add(p)
            rows.append({"problem": p, "solution": s, "answer": a,
                         "subject": "Arithmetic", "level": level,
                         "unique_id": f"{prefix}/arithmetic/L{level}-{i}.json"})
            i += 1
    return rows


def write_jsonl(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def build(outdir, n_train_per_level=8000, n_test_per_level=100,
          n_hard_val=200):
    os.makedirs(outdir, exist_ok=True)
    # test first, so train can exclude every test problem
    test = make_split(1234, {l: n_test_per_level for l in range(1, 6)},
                      "test")
    # levels 4-5 in train only feed a hard validation split for tuning;
    # training itself uses levels 1-3
    counts = {l: n_train_per_level for l in (1, 2, 3)}
    counts.update({4: n_hard_val, 5: n_hard_val})
    train = make_split(5678, counts, "train",
                       exclude={r["problem"] for r in test})
    write_jsonl(os.path.join(outdir, "test.jsonl"), test)
    write_jsonl(os.path.join(outdir, "train.jsonl"), train)
    return train, test


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "data/curriculum"
    ntr = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    nte = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    nhv = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    tr, te = build(out, ntr, nte, nhv)
    print(f"train {len(tr)} test {len(te)} -> {out}")
