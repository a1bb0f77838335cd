#!/usr/bin/env bash
# Real-VS-Code end-to-end test: installs the prerequisites (scripts/e2e-setup.sh, idempotent) and
# runs test/e2e/run-e2e.mjs against a packaged extension.
#
#   scripts/e2e.sh [path/to/scalewise.vsix]      (default: <repo>/scalewise.vsix)
#
# Passes through SCALEWISE_E2E_WORKSPACE, SCALEWISE_E2E_FILE, SCALEWISE_E2E_SCREENSHOT,
# SCALEWISE_E2E_TIMEOUT_MS, SCALEWISE_E2E_KEEP (see test/e2e/run-e2e.mjs).
# The last line of output is always `e2e: N passed, M failed`; exit code 0 only if nothing failed.
set -uo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
VSIX="${1:-$ROOT/scalewise.vsix}"
case "$VSIX" in /*) ;; *) VSIX="$PWD/$VSIX" ;; esac

passed=0
failed=0
summary() {
  echo "e2e: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

if ! bash "$SCRIPT_DIR/e2e-setup.sh" </dev/null; then
  echo "e2e.sh: setup failed (scripts/e2e-setup.sh)" >&2
  failed=1
  summary
  exit 1
fi

if [ ! -f "$VSIX" ]; then
  echo "e2e.sh: vsix not found: $VSIX (package the extension first, or pass its path as \$1)" >&2
  failed=1
  summary
  exit 1
fi

echo "e2e.sh: running test/e2e/run-e2e.mjs with $VSIX"
if SCALEWISE_VSIX="$VSIX" node "$ROOT/test/e2e/run-e2e.mjs" </dev/null; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

# The same extension in a folder whose trust is refused: linting on, scale commands and lenses off.
echo "e2e.sh: running test/e2e/run-e2e.mjs in an untrusted workspace"
if SCALEWISE_E2E_UNTRUSTED=1 SCALEWISE_VSIX="$VSIX" node "$ROOT/test/e2e/run-e2e.mjs" </dev/null; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

summary
exit $?
