#!/usr/bin/env bash
# Rebuild the curriculum, both default models and their evaluation.
#   bash models/recipes/build.sh              full, seeded build
#   bash models/recipes/build.sh --smoke OUT  tiny data + few steps -> OUT
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-/usr/bin/python3}"  # Debian's python has torch
R=models/recipes
# spinning OpenMP threads and OpenBLAS threads fight over 2 shared cores
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1
export PYTHONHASHSEED=0

if [ "${1:-}" = "--smoke" ]; then
  OUT="${2:?usage: build.sh --smoke OUTDIR}"
  mkdir -p "$OUT/data"
  OUT="$(cd "$OUT" && pwd)"
  "$PY" $R/curriculum.py "$OUT/data" 40 4
  "$PY" $R/train_gen.py --data "$OUT/data/train.jsonl" \
    --out "$OUT/gen.pt" --steps 4 --batch 8 --hidden 32 --layers 2 \
    --inter 64 --n-val 2
  "$PY" $R/label_prm.py --gen "$OUT/gen.pt" --data "$OUT/data/train.jsonl" \
    --out "$OUT/data/prm-labels.jsonl" --problems 8 --samples 2 --n-val 2 \
    --max-new 40
  "$PY" $R/train_prm.py --gen "$OUT/gen.pt" \
    --labels "$OUT/data/prm-labels.jsonl" --out "$OUT/prm.pt" --steps 4 \
    --batch 8 --val-frac 0
  "$PY" $R/export.py --gen "$OUT/gen.pt" --gen-out "$OUT/stepwise-gen-tiny" \
    --prm "$OUT/prm.pt" --prm-out "$OUT/stepwise-prm-tiny"
  echo "smoke build in $OUT"
  exit 0
fi

# WORKDIR keeps the checkpoints; a stage whose output is already there is
# skipped, so a build stopped half way resumes where it stopped.
W="${WORKDIR:-$(mktemp -d /tmp/stepwise-models-XXXXXX)}"
mkdir -p "$W"
T0=$(date +%s)
stage() {  # stage OUTPUT LOG command...: run unless OUTPUT exists
  local out="$1" log="$2"
  shift 2
  if [ -s "$out" ]; then
    echo "skip: $out exists"
    return
  fi
  local t=$(date +%s)
  "$@" | tee "$W/$log"
  echo "$log: $(( $(date +%s) - t ))s" | tee -a "$W/times.txt"
}
"$PY" $R/curriculum.py data/curriculum 6000 100 200
# the generator from scratch on levels 1-3 with plain positions ...
stage "$W/gen1.pt" gen1.log "$PY" $R/train_gen.py --out "$W/gen1.pt" \
  --steps "${GEN1_STEPS:-1500}" --lr 3e-3 --eval-every 300
# ... then with position jumps after separators, so that finding the
# next operation works by content and carries over to longer chains
stage "$W/gen.pt" gen2.log "$PY" $R/train_gen.py --init "$W/gen1.pt" \
  --out "$W/gen.pt" --steps "${GEN2_STEPS:-600}" --lr 1e-3 \
  --eval-every 300 --pos-jitter 8 --seed 1
# step labels: the generator's samples on easy train problems, checked
stage "$W/labels.jsonl" label.log "$PY" $R/label_prm.py --gen "$W/gen.pt" \
  --out "$W/labels.jsonl" --problems "${LABEL_PROBLEMS:-2000}" \
  --samples 8 --temperature "${LABEL_TEMPERATURE:-1.0}"
cp "$W/labels.jsonl" data/curriculum/prm-labels-easy.jsonl
# the PRM: trunk from the generator, value head trained on the labels
stage "$W/prm.pt" prm.log "$PY" $R/train_prm.py --gen "$W/gen.pt" \
  --labels "$W/labels.jsonl" --out "$W/prm.pt" \
  --steps "${PRM_STEPS:-600}" --lr 1e-3 --pos-jitter 8
"$PY" $R/export.py --gen "$W/gen.pt" --gen-out models/stepwise-gen-tiny \
  --prm "$W/prm.pt" --prm-out models/stepwise-prm-tiny
"$PY" $R/check_onnx.py "$W/gen.pt" models/stepwise-gen-tiny \
  "$W/prm.pt" models/stepwise-prm-tiny
# tuning looked only at the validation rows carved from train.jsonl
stage "$W/results-val.json" eval-val.log "$PY" $R/evaluate.py \
  --gen "$W/gen.pt" --prm "$W/prm.pt" --data data/curriculum/train.jsonl \
  --val --n 16 --temperature 1.0 --out "$W/results-val.json"
# where validation samples go wrong, and what a perfect checker could gain
stage "$W/analysis-val-hard.json" analysis-hard.log "$PY" $R/analyze.py \
  --gen "$W/gen.pt" --prm "$W/prm.pt" --levels 4,5 \
  --out "$W/analysis-val-hard.json"
stage "$W/analysis-val-easy.json" analysis-easy.log "$PY" $R/analyze.py \
  --gen "$W/gen.pt" --prm "$W/prm.pt" --levels 1,2,3 \
  --out "$W/analysis-val-easy.json"
stage "$W/results-test.json" eval.log "$PY" $R/evaluate.py \
  --gen "$W/gen.pt" --prm "$W/prm.pt" --n 16 --temperature 1.0 \
  --out "$W/results-test.json"
cp "$W/results-val.json" $R/results-val.json
cp "$W/results-test.json" $R/results-test.json
cp "$W/analysis-val-hard.json" "$W/analysis-val-easy.json" $R/
echo "build wall $(( $(date +%s) - T0 ))s (work files in $W)"
