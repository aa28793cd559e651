#!/usr/bin/env bash
# Builds the extension and packages it, with its runtime node_modules, into a
# linux-x64 VSIX: .stepwise-e2e/stepwise-linux-x64.vsix (or the path in $1).
# STEPWISE_E2E_NO_BUILD=1 packages whatever dist/ holds, without building.
# The native modules (onnxruntime-node, sqlite3) must ship inside the VSIX;
# .vscodeignore keeps it small by dropping other platforms' binaries, build
# intermediates and sources. Works offline.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=${1:-$E2E_REPO/.stepwise-e2e/stepwise-linux-x64.vsix}
# Keeps the VSIX a reasonable download and install; raise only with a reason.
max_mb=${STEPWISE_VSIX_MAX_MB:-60}
cd "$E2E_REPO"

t=$(e2e_now)
if [ "${STEPWISE_E2E_NO_BUILD:-}" = 1 ]; then
	e2e_log "STEPWISE_E2E_NO_BUILD=1: packaging dist/ as it is"
elif [ -f esbuild.mjs ]; then
	npm run --silent build || e2e_die "npm run build failed (errors above); fix the build," \
		"or set STEPWISE_E2E_NO_BUILD=1 to test what dist/ already holds"
else
	e2e_log "no esbuild.mjs yet: packaging whatever dist/ holds"
fi
[ -f dist/extension.js ] || e2e_die "dist/extension.js is missing: run npm run build" \
	"(esbuild.mjs writes it) before packaging"
e2e_elapsed 'build' "$t"

t=$(e2e_now)
mkdir -p "$(dirname "$out")"
rm -f "$out"
# The flags keep vsce from prompting (no stdin in CI): there is no repository
# field or LICENSE file to ask about.
vsce=$E2E_REPO/node_modules/.bin/vsce
[ -x "$vsce" ] || e2e_die "no $vsce: run npm ci (@vscode/vsce is a devDependency)"
"$vsce" package --target linux-x64 --allow-missing-repository --skip-license \
	--no-rewrite-relative-links --out "$out" >&2
e2e_elapsed 'vsce package' "$t"

size=$(stat -c %s "$out")
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')
e2e_log "VSIX: $out ($mb MB)"
if [ "$size" -gt $((max_mb * 1048576)) ]; then
	e2e_log "largest entries (compressed bytes):"
	python3 -c 'import sys, zipfile
for i in sorted(zipfile.ZipFile(sys.argv[1]).infolist(), key=lambda i: -i.compress_size)[:15]:
	print(f"  {i.compress_size:>10}  {i.filename}")' "$out" >&2
	e2e_die "the VSIX is $mb MB, over $max_mb MB: exclude more in .vscodeignore"
fi
