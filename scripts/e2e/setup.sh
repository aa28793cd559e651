#!/usr/bin/env bash
# Installs what the end-to-end tests need outside the repo, in
# $HOME/.cache/stepwise-e2e (or $STEPWISE_E2E_CACHE):
#   node24/       Node 24 binary and headers (code-server 4.139 requires Node 24)
#   code-server/  code-server, built against those headers
# plus Debian's chromium and ripgrep when missing. A stamp made from the
# committed lockfiles in test/e2e/tools/ makes a second run a no-op.
# Needs only the npm registry and Debian apt.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start=$(e2e_now)
# g++, make, python3, pkg-config and the Kerberos headers are for node-gyp: code-server's
# native modules (argon2, node-pty, kerberos) are built from source.
e2e_ensure_apt chromium ripgrep g++ make python3 pkg-config libkrb5-dev

mkdir -p "$E2E_CACHE"
# Two runs sharing a cache must not install over each other.
exec 9>"$E2E_CACHE/.setup.lock"
flock 9

stamp_file=$E2E_CACHE/stamp
stamp=$(cat "$E2E_TOOLS_SRC"/node24/package{,-lock}.json \
	"$E2E_TOOLS_SRC"/code-server/package{,-lock}.json \
	"$(uname -m)" 2>/dev/null | sha256sum | cut -c1-16 || true)
stamp="tools-$stamp setup-v1"

if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] \
	&& [ -x "$E2E_NODE24/bin/node" ] && [ -f "$E2E_CS_ENTRY" ]; then
	e2e_log "tools are up to date in $E2E_CACHE"
	e2e_elapsed 'e2e setup (warm)' "$start"
	exit 0
fi

rm -f "$stamp_file"
e2e_log "installing the end-to-end tools into $E2E_CACHE"

# npm ci installs exactly the committed lockfile into a folder holding a copy of it.
install_tool() {
	local name=$1
	shift
	local dir=$E2E_CACHE/$name
	mkdir -p "$dir"
	cp "$E2E_TOOLS_SRC/$name/package.json" "$E2E_TOOLS_SRC/$name/package-lock.json" "$dir/"
	# TMPDIR: npm and node-gyp leave a compile cache and build files there.
	mkdir -p "$E2E_CACHE/tmp"
	(cd "$dir" && env TMPDIR="$E2E_CACHE/tmp" "$@" npm ci --no-audit --no-fund --loglevel=error >&2)
}

t=$(e2e_now)
install_tool node24 npm_config_yes=true
e2e_elapsed 'node 24' "$t"

t=$(e2e_now)
# - PATH: code-server's postinstall refuses any Node but 24, and reads it from npm's user agent.
# - nodedir: build against Node 24's own headers, not the system Node's (npmrc may pin /usr),
#   and without downloading headers from nodejs.org.
# - build_from_source: argon2 and kerberos would first try prebuilt binaries from GitHub.
# - yes: node-pty's postinstall runs `npx node-gyp`, which must not stop to ask.
install_tool code-server \
	PATH="$E2E_NODE24/bin:$PATH" \
	npm_config_nodedir="$E2E_NODE24" \
	npm_config_build_from_source=true \
	npm_config_yes=true
e2e_elapsed 'code-server' "$t"

[ -f "$E2E_CS_ENTRY" ] || e2e_die "code-server installed but $E2E_CS_ENTRY is missing"
echo "$stamp" >"$stamp_file"
probe=$(mktemp -d)
mkdir -p "$probe/xdg" "$probe/tmp"
e2e_log "code-server $(e2e_cs "$probe" --version | grep -m1 -E "^[0-9]+\.") is ready"
rm -rf "$probe"
e2e_elapsed 'e2e setup (cold)' "$start"
