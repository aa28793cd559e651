#!/usr/bin/env bash
# End-to-end tests in a real VS Code: code-server (Node extension host) driven
# by headless Chromium, loopback only.
#
#   test/e2e/run-e2e.sh [--vsix FILE] [--suite DIR] [--ui DIR]
#
# Without --vsix it builds Stepwise and packages it (scripts/e2e/package-vsix.sh).
# The mocha files in --suite (default test/e2e/suite) run inside the extension
# host through the companion extension in test/e2e/runner-ext; then the UI
# steps in --ui (default test/e2e/ui) drive the workbench. Prints
# `N passed, N failed` last and exits non-zero on any failure or timeout.
#
# The tests see these environment variables:
#   STEPWISE_E2E_WS    the workspace folder opened in the workbench (a fresh temp folder)
#   STEPWISE_E2E_DB    the SQLite file set as stepwise.databasePath in the user settings
#   STEPWISE_E2E_REPO  the repo root
# Knobs: STEPWISE_E2E_NO_BUILD=1 (package dist/ as it is), STEPWISE_E2E_TIMEOUT (seconds to wait for the suite, default 300),
# STEPWISE_E2E_KEEP=1 (keep the temp state folder), STEPWISE_E2E_CACHE (tools folder).
set -euo pipefail

# shellcheck source=../../scripts/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/e2e/lib.sh"

here=$E2E_REPO/test/e2e
vsix=
suite=$here/suite
ui=$here/ui
while [ $# -gt 0 ]; do
	case $1 in
		--vsix) vsix=$(realpath "$2"); shift 2 ;;
		--suite) suite=$(realpath "$2"); shift 2 ;;
		--ui) ui=$(realpath "$2"); shift 2 ;;
		*) e2e_die "unknown argument $1; usage: test/e2e/run-e2e.sh" \
			"[--vsix FILE] [--suite DIR] [--ui DIR]" ;;
	esac
done
results_dir=$E2E_REPO/test-results
run_start=$(e2e_now)

# Runs in one checkout share dist/, the VSIX and test-results/: one at a time.
mkdir -p "$E2E_REPO/.stepwise-e2e"
exec 8>"$E2E_REPO/.stepwise-e2e/run.lock"
if ! flock -n 8; then
	e2e_log "another e2e run is using this checkout; waiting for it"
	flock 8
fi

bash "$E2E_REPO/scripts/e2e/setup.sh"
e2e_require_tools

if [ -z "$vsix" ]; then
	vsix=$E2E_REPO/.stepwise-e2e/stepwise-linux-x64.vsix
	bash "$E2E_REPO/scripts/e2e/package-vsix.sh" "$vsix"
fi
[ -f "$vsix" ] || e2e_die "no VSIX at $vsix"

# A short path under /tmp: code-server's IPC sockets live in $TMPDIR and unix
# socket paths must stay under 108 bytes.
st=$(mktemp -d /tmp/stepwise-e2e.XXXXXX)
cs_pgid=
logs_kept=
# On failure, code-server's and VS Code's logs go to test-results/e2e-logs.
keep_logs() {
	if [ -n "$logs_kept" ] || [ ! -d "$st" ]; then
		return 0
	fi
	logs_kept=1
	mkdir -p "$results_dir/e2e-logs"
	cp "$st/cs.log" "$st/install.log" "$results_dir/e2e-logs/" 2>/dev/null || true
	if [ -d "$st/user/logs" ]; then
		cp -r "$st/user/logs" "$results_dir/e2e-logs/vscode" 2>/dev/null || true
	fi
	e2e_log "code-server and VS Code logs: $results_dir/e2e-logs"
}
cleanup() {
	local rc=$?
	if [ -n "$cs_pgid" ]; then
		# The whole group: the server, its file watcher, agent host and extension host.
		kill -TERM -- "-$cs_pgid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 -- "-$cs_pgid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL -- "-$cs_pgid" 2>/dev/null || true
	fi
	if [ "$rc" -ne 0 ]; then
		keep_logs
	fi
	if [ "${STEPWISE_E2E_KEEP:-}" = 1 ]; then
		e2e_log "state kept in $st"
	else
		rm -rf "$st"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ws=$st/ws
db=$st/data/stepwise.db
mkdir -p "$ws" "$st/data" "$results_dir"
rm -f "$results_dir"/e2e-*.png
rm -rf "$results_dir/e2e-logs"
e2e_make_state "$st" "{\"stepwise.databasePath\": \"$db\"}"
port=$(e2e_free_port)
mapfile -t cs_args < <(e2e_cs_args "$st" "$port")

t=$(e2e_now)
# Unpacked extensions must be in place before the first --install-extension
# writes extensions.json; later arrivals are ignored.
node "$here/stage-runner.mjs" "$st/ext" >/dev/null
e2e_cs "$st" "${cs_args[@]}" --install-extension "$vsix" >"$st/install.log" 2>&1 \
	|| { cat "$st/install.log" >&2; e2e_die "installing $vsix into code-server failed"; }
e2e_elapsed 'install extensions' "$t"

t=$(e2e_now)
mapfile -t cs_env < <(e2e_cs_env "$st")
# setsid: a new process group, so cleanup can stop everything code-server starts.
# The E2E_* and STEPWISE_E2E_* variables reach the extension host, and so the tests.
# The network guard goes in as a node flag, not NODE_OPTIONS: VS Code strips
# NODE_OPTIONS from the extension host's environment, but forks it (and
# code-server its server) with the parent's node flags.
setsid env "${cs_env[@]}" \
	E2E_TESTS_DIR="$suite" \
	E2E_RESULTS="$st/results.json" \
	STEPWISE_E2E_WS="$ws" \
	STEPWISE_E2E_DB="$db" \
	STEPWISE_E2E_REPO="$E2E_REPO" \
	STEPWISE_NETGUARD_LOG="$st/net-blocked.log" \
	"$E2E_NODE24/bin/node" --require "$here/netguard.cjs" \
	"$E2E_CS_ENTRY" "${cs_args[@]}" --ignore-last-opened "$ws" \
	>"$st/cs.log" 2>&1 8>&- &
cs_pgid=$!
e2e_wait_healthy "$port" 30 || {
	tail -n 40 "$st/cs.log" >&2
	e2e_die "code-server did not answer on 127.0.0.1:$port within 30 s (log above)"
}
e2e_elapsed 'start code-server' "$t"

t=$(e2e_now)
set +e
STEPWISE_E2E_WS=$ws STEPWISE_E2E_DB=$db STEPWISE_E2E_REPO=$E2E_REPO \
	node "$here/driver.mjs" \
	--url "http://127.0.0.1:$port/" \
	--workspace "$ws" \
	--results "$st/results.json" \
	--ui-dir "$ui" \
	--out-dir "$results_dir" \
	--timeout "${STEPWISE_E2E_TIMEOUT:-300}" \
	--net-log "$st/net-blocked.log" \
	--db "$db" \
	--summary-file "$st/summary.txt"
rc=$?
set -e
e2e_elapsed 'workbench, tests and UI steps' "$t"
e2e_elapsed 'e2e total' "$run_start"
if [ "$rc" -ne 0 ]; then
	keep_logs
fi
# The count comes last, after the timings.
cat "$st/summary.txt" 2>/dev/null || echo '0 passed, 1 failed'
exit "$rc"
