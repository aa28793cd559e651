#!/usr/bin/env bash
# Reproduces the easy-to-hard figures in docs/results.md through the product
# itself (the stepwise CLI, its engine and its database), on the shipped
# models and the curriculum's test split:
#   1. an evaluation run with the shipped PRM (greedy, majority@16,
#      PRM-weighted@16, best-of-16 per level and easy / hard / all);
#   2. the recipe's stand-in labels on easy training problems imported as a
#      labeler's, the PRM head refit on them (validation AUC old vs new);
#   3. the same evaluation with the retrained PRM, on the same samples (the
#      generator and the seed are unchanged).
# Writes JSON to $OUT (default results/) and prints the tables.
#   scripts/reproduce-results.sh [N] [LIMIT_PER_LEVEL]   (TEMPERATURE=1.0 as the model card)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-16}
LIMIT=${2:-0}
OUT=${OUT:-results}
mkdir -p "$OUT"
DB=$(mktemp -d)/results.db
cli() { node dist/cli.js "$@"; }

node esbuild.mjs
t0=$(date +%s)
cli eval --set curriculum-test -n "$N" --limit "$LIMIT" --temperature "${TEMPERATURE:-1.0}" --db "$DB" --json > "$OUT/eval-shipped.json"
t1=$(date +%s)
cli import data/curriculum/prm-labels-easy.jsonl --db "$DB" --json > "$OUT/import.json"
cli retrain --db "$DB" --json > "$OUT/retrain.json"
t2=$(date +%s)
cli eval --set curriculum-test -n "$N" --limit "$LIMIT" --temperature "${TEMPERATURE:-1.0}" --db "$DB" --json > "$OUT/eval-retrained.json"
t3=$(date +%s)

node -e '
const fs = require("fs");
const dir = process.argv[1];
const show = (name) => {
	const r = JSON.parse(fs.readFileSync(`${dir}/${name}.json`, "utf8"));
	console.log(`\n${name}: PRM ${r.settings.prm}, ${r.throughput.problemsPerMinute.toFixed(1)} problems/min, ${r.throughput.tokensPerSecond.toFixed(0)} tokens/s`);
	console.log("group            n  greedy    maj    wtd    bon");
	for (const g of r.report.groups) {
		const last = g.curve[g.curve.length - 1];
		const p = (x) => (100 * x).toFixed(1).padStart(6);
		console.log(`${g.name.padEnd(14)} ${String(g.problems).padStart(3)} ${p(g.greedy)} ${p(last.majority.mean)} ${p(last.weighted.mean)} ${p(last.bestOfN.mean)}`);
	}
};
show("eval-shipped");
const rt = JSON.parse(fs.readFileSync(`${dir}/retrain.json`, "utf8"));
const f = (m) => `AUC ${m.auc?.toFixed(3)} acc ${(100 * m.accuracy).toFixed(1)}% ECE ${m.ece.toFixed(3)} (${m.n} steps)`;
console.log(`\nretrain: ${rt.version}\n  before ${f(rt.before)}\n  after  ${f(rt.after)}`);
show("eval-retrained");
' "$OUT"
echo
echo "eval ${N}: $((t1 - t0)) s; import + retrain: $((t2 - t1)) s; eval again: $((t3 - t2)) s"
