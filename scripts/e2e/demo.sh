#!/usr/bin/env bash
# Try Stepwise in a real VS Code in your browser, starting from a fresh clone.
# Installs what is missing (Debian packages, node_modules, code-server), builds
# and packages the extension, installs it into code-server and serves a
# workspace holding MATH500, the curriculum sets and a solution to score.
# Prints the URL, then serves until Ctrl-C.
#
#   scripts/e2e/demo.sh [--fresh]      (--fresh: npm ci even if node_modules looks current)
#
# code-server binds 127.0.0.1 only and asks for no password (--auth none):
# anyone with a shell on this machine can open it, nobody else can. From
# another computer, forward the port (ssh -L PORT:127.0.0.1:PORT this-host).
# Labels and samples persist in $STEPWISE_DEMO_DIR (default
# ~/.cache/stepwise-e2e/demo) between runs. STEPWISE_DEMO_PORT picks the port.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh=
case ${1:-} in
	--fresh) fresh=1 ;;
	'') ;;
	*) e2e_die "unknown argument $1; usage: scripts/e2e/demo.sh [--fresh]" ;;
esac
demo=${STEPWISE_DEMO_DIR:-$E2E_CACHE/demo}
cd "$E2E_REPO"

t=$(e2e_now)
# As .ci/run: the browser and node-gyp's needs, and torch for the PRM trainer.
e2e_ensure_apt chromium ripgrep python3-torch python3-onnx python3-numpy \
	libopenblas0-pthread g++ make python3 pkg-config libkrb5-dev ca-certificates
e2e_elapsed 'apt packages' "$t"

t=$(e2e_now)
# npm ci wipes node_modules first: only when asked, or when it does not match the lockfile.
if [ -n "$fresh" ] || [ ! -d node_modules ] || ! npm ls --all >/dev/null 2>&1; then
	prefix=$(dirname "$(dirname "$(command -v node)")")
	if [ -f "$prefix/include/node/node.h" ]; then
		export npm_config_nodedir=$prefix
	fi
	ONNXRUNTIME_NODE_INSTALL=skip npm_config_build_from_source=true npm ci --no-audit --no-fund
else
	e2e_log "node_modules matches package-lock.json (--fresh reinstalls it)"
fi
e2e_elapsed 'npm ci' "$t"

bash scripts/e2e/setup.sh
e2e_require_tools
vsix=$E2E_REPO/.stepwise-e2e/stepwise-linux-x64.vsix
bash scripts/e2e/package-vsix.sh "$vsix"

ws=$demo/workspace
mkdir -p "$ws/data" "$demo/state"
# The product's problem sets, fresh each run; the rest of the workspace is the person's.
cp -r data/. "$ws/data/"
if [ ! -f "$ws/solution.md" ]; then
	cat >"$ws/solution.md" <<'MD'
Problem: Start at 12; + 7; * 3. What is the result?

12 + 7 = 19
19 * 3 = 57
The answer is \boxed{57}.
MD
fi
if [ ! -f "$ws/README.md" ]; then
	cat >"$ws/README.md" <<'MD'
# Stepwise demo workspace

- Open `solution.md`: every line is a step, scored by the shipped PRM as you type.
- F1, **Stepwise: Generate Solutions for a Problem**: sample solutions to a MATH500 problem.
- On a step of an easy problem, **Stepwise: Label Step +1 / 0 / -1**: the labels go to
  the SQLite file set in the user settings (`stepwise.databasePath`).
- `data/` holds MATH500 and the curriculum sets as the extension ships them.
MD
fi

st=$demo/state
# Extensions are reinstalled each run so the served Stepwise is the one just built.
rm -rf "$st/ext"
e2e_make_state "$st" "{\"stepwise.databasePath\": \"$demo/stepwise.db\"}"
port=${STEPWISE_DEMO_PORT:-$(e2e_free_port)}
mapfile -t cs_args < <(e2e_cs_args "$st" "$port")
e2e_cs "$st" "${cs_args[@]}" --install-extension "$vsix" >"$st/install.log" 2>&1 \
	|| { cat "$st/install.log" >&2; e2e_die "installing $vsix into code-server failed"; }

mapfile -t cs_env < <(e2e_cs_env "$st")
# Its own process group, so Ctrl-C stops the server and everything it started.
setsid env "${cs_env[@]}" "$E2E_NODE24/bin/node" "$E2E_CS_ENTRY" "${cs_args[@]}" \
	--ignore-last-opened "$ws" >"$st/code-server.log" 2>&1 &
cs_pgid=$!
stop() {
	kill -TERM -- "-$cs_pgid" 2>/dev/null || true
	wait "$cs_pgid" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' INT TERM
e2e_wait_healthy "$port" 30 || {
	tail -n 40 "$st/code-server.log" >&2
	e2e_die "code-server did not answer on 127.0.0.1:$port (log above: $st/code-server.log)"
}

cat <<EOF

  Stepwise is running in code-server: http://127.0.0.1:$port/

  Bound to 127.0.0.1 only, with no password (--auth none). From another computer:
    ssh -L $port:127.0.0.1:$port $(hostname)   then open the URL above there.
  Workspace: $ws
  Labels:    $demo/stepwise.db
  Log:       $st/code-server.log
  Ctrl-C stops it.

EOF
wait "$cs_pgid"
