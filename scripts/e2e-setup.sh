#!/usr/bin/env bash
# Installs everything the real-VS-Code end-to-end test (test/e2e/run-e2e.mjs) needs:
#   - Debian packages: chromium ripgrep libkrb5-dev pkg-config build-essential python3
#   - code-server (VS Code served to a browser) into  <repo>/.tmp/e2e/cs
#   - playwright-core (drives the headless Chromium) into <repo>/.tmp/e2e/tools
# Idempotent: every step is skipped when its result is already present.
# Non-interactive (no stdin needed), safe under CI=true. See docs in
# /work/shared/reference/REAL-VSCODE.md for why code-server instead of @vscode/test-electron.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
PLAYWRIGHT_VERSION="${PLAYWRIGHT_VERSION:-1.65.1}"
APT_PACKAGES=(chromium ripgrep libkrb5-dev pkg-config build-essential python3)

log() { printf 'e2e-setup: %s\n' "$*"; }
die() { printf 'e2e-setup: ERROR: %s\n' "$*" >&2; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
E2E="${SCALEWISE_E2E_DIR:-$ROOT/.tmp/e2e}"
CS_DIR="$E2E/cs"
TOOLS_DIR="$E2E/tools"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
CS_MARKER="$CS_DIR/.installed-code-server-$CODE_SERVER_VERSION"
PW_PKG="$TOOLS_DIR/node_modules/playwright-core/package.json"
PW_MARKER="$TOOLS_DIR/.installed-playwright-core-$PLAYWRIGHT_VERSION"

mkdir -p "$E2E"
START=$(date +%s)
log "repo root: $ROOT"
log "install dir: $E2E"

# ---------------------------------------------------------------- Debian packages
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  log "apt: all packages present (${APT_PACKAGES[*]}), skipping"
else
  [ "${SCALEWISE_NO_APT:-0}" != "1" ] || die "SCALEWISE_NO_APT=1 and these Debian packages are missing: ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install manually: ${missing[*]}"
  log "apt: installing missing packages: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null
  log "apt: done"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after apt install"
command -v rg >/dev/null 2>&1 || die "rg (ripgrep) missing after apt install"

# ---------------------------------------------------------------- Node version
command -v node >/dev/null 2>&1 || die "node not found (code-server $CODE_SERVER_VERSION needs Node 20)"
command -v npm  >/dev/null 2>&1 || die "npm not found"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$NODE_MAJOR" != "20" ]; then
  log "WARNING: Node $(node --version) found; code-server $CODE_SERVER_VERSION is built for Node 20 and its postinstall may refuse to run"
fi

# Private temp folder (also where the ripgrep download cache is seeded)
export TMPDIR="$E2E/tmp"
mkdir -p "$TMPDIR"

# ---------------------------------------------------------------- code-server
if [ -x "$CS_BIN" ] && [ -f "$CS_MARKER" ]; then
  log "code-server $CODE_SERVER_VERSION: already installed at $CS_DIR, skipping"
else
  log "code-server $CODE_SERVER_VERSION: installing into $CS_DIR (several minutes, builds native modules)"
  # code-server pins @vscode/ripgrep@1.15.11 whose postinstall downloads rg from GitHub (unreachable).
  # It first looks for this cached tarball containing ./rg at the top, so seed it with Debian's rg.
  RG_CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
  RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$RG_TGZ" ]; then
    log "code-server: seeding ripgrep cache from $(command -v rg)"
    mkdir -p "$RG_CACHE" "$E2E/rg"
    cp "$(command -v rg)" "$E2E/rg/rg"
    tar czf "$RG_TGZ" -C "$E2E/rg" rg
  fi
  rm -f "$CS_MARKER"
  mkdir -p "$CS_DIR"
  # unsafe_perm: postinstall refuses root otherwise; yes: node-pty runs `npx node-gyp`;
  # nodedir: node-gyp builds against local headers instead of downloading them.
  npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
  npm_config_update_notifier=false CI=true \
    npm install --no-audit --no-fund --loglevel=warn --prefix "$CS_DIR" \
      "code-server@$CODE_SERVER_VERSION" </dev/null
  [ -x "$CS_BIN" ] || die "code-server binary not found at $CS_BIN after install"
  # keep code-server from creating ~/.config/code-server and ~/.local/share/code-server
  CS_VERSION="$(XDG_CONFIG_HOME="$TMPDIR/xdg-config" XDG_DATA_HOME="$TMPDIR/xdg-data" \
    "$CS_BIN" --config /dev/null --version 2>/dev/null | head -1)" \
    || die "installed code-server does not start ($CS_BIN --version failed)"
  [ -n "$CS_VERSION" ] || die "installed code-server does not start ($CS_BIN --version printed nothing)"
  touch "$CS_MARKER"
  log "code-server: installed ($CS_VERSION)"
fi

# ---------------------------------------------------------------- playwright-core
if [ -f "$PW_PKG" ] && [ -f "$PW_MARKER" ]; then
  log "playwright-core $PLAYWRIGHT_VERSION: already installed at $TOOLS_DIR, skipping"
else
  log "playwright-core $PLAYWRIGHT_VERSION: installing into $TOOLS_DIR"
  rm -f "$PW_MARKER"
  mkdir -p "$TOOLS_DIR"
  # playwright-core downloads no browser (we use Debian's /usr/bin/chromium).
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_update_notifier=false CI=true \
    npm install --no-audit --no-fund --loglevel=warn --prefix "$TOOLS_DIR" \
      "playwright-core@$PLAYWRIGHT_VERSION" </dev/null
  [ -f "$PW_PKG" ] || die "playwright-core not found at $PW_PKG after install"
  touch "$PW_MARKER"
  log "playwright-core: installed"
fi

log "ready in $(( $(date +%s) - START ))s  (code-server: $CS_BIN, chromium: /usr/bin/chromium)"
