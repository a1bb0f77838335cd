#!/usr/bin/env bash
# The whole test suite, as CI and a newcomer run it (`npm test`):
#   dependencies -> build -> typecheck -> ESLint -> Prettier -> generated docs -> unit, CLI and LSP tests
#   -> the rules against a real Docker Engine (Compose v1, one-node Swarm)
#   -> .vsix -> the extension inside a real VS Code (code-server + headless Chromium): the Playwright UI
#   test, then the extension's own mocha suite through runTests() (test/vscode/run.mjs).
# Installs what is missing (npm packages; Debian packages for the tests, the engine and e2e steps). Works as
# root with no standard input. SCALEWISE_SKIP_ENGINE=1 skips the real-Docker step and
# SCALEWISE_SKIP_E2E=1 the real-VS-Code step (CI sets neither). SCALEWISE_NO_APT=1 never runs apt-get:
# a missing Debian package stops the run with the list to install instead.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
mkdir -p .tmp
step() { printf '\n== %s\n' "$*"; }

step "dependencies"
# A symlinked node_modules (a git worktree sharing another checkout's) is left alone: npm ci
# would empty the folder it points to for every checkout that shares it.
if [ -L node_modules ]; then
  echo "node_modules is a symlink; not reinstalling"
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules is up to date"
fi
# The cluster-count tests make a throwaway CA for their local Kubernetes API server with openssl;
# the .gitignore tests compare with the real git.
missing=""
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
command -v git >/dev/null 2>&1 || missing="$missing git"
# The scale tests judge their local Kubernetes API server with the real kubectl: the one on PATH
# (the machine image's 1.32), else Debian's kubernetes-client (its kubectl clashes with an installed one).
command -v kubectl >/dev/null 2>&1 || missing="$missing kubernetes-client"
# The editor tests (test/editors/) run docs/editors/neovim.lua in a real headless Neovim.
command -v nvim >/dev/null 2>&1 || missing="$missing neovim"
if [ -n "$missing" ]; then
  if [ "${SCALEWISE_NO_APT:-0}" = "1" ]; then
    echo "SCALEWISE_NO_APT=1 and these Debian packages are missing:$missing" >&2
    echo "install them (apt-get install$missing) or run without SCALEWISE_NO_APT" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing </dev/null
fi

step "build"
node esbuild.mjs

step "typecheck"
npx --no-install tsc -p .

step "lint (ESLint with typescript-eslint)"
npx --no-install eslint .

step "format (Prettier)"
npx --no-install prettier --check . --log-level warn

step "generated rule docs are current"
node server/out/cli.js docs docs/rules --check

step "unit, CLI, LSP, editor and cluster tests (Neovim, node count, Kubernetes scale)"
set +e
node --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=.tmp/node-tests.tap \
  test/out/unit test/out/cli test/out/lsp test/out/editors test/out/cluster
node_status=$?
set -e
node_pass=$(grep -E '^# pass ' .tmp/node-tests.tap | tail -1 | awk '{print $3}')
node_fail=$(grep -E '^# fail ' .tmp/node-tests.tap | tail -1 | awk '{print $3}')

engine_pass=0
engine_fail=0
if [ "${SCALEWISE_SKIP_ENGINE:-0}" != "1" ]; then
  step "real Docker engine (Compose v1, one-node Swarm)"
  # scripts/docker-setup.sh installs docker.io/docker-compose/busybox-static if missing, starts a
  # private dockerd for this run only, and removes everything it made afterwards. If the engine
  # cannot be started it exits non-zero and this step counts as failed.
  rm -f .tmp/engine-tests.tap
  set +e
  bash scripts/docker-setup.sh --run node --test --test-concurrency=2 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$ROOT/.tmp/engine-tests.tap" \
    test/out/integration
  engine_status=$?
  set -e
  if [ -f .tmp/engine-tests.tap ]; then
    engine_pass=$(grep -E '^# pass ' .tmp/engine-tests.tap | tail -1 | awk '{print $3}')
    engine_fail=$(grep -E '^# fail ' .tmp/engine-tests.tap | tail -1 | awk '{print $3}')
  fi
  engine_pass=${engine_pass:-0}
  engine_fail=${engine_fail:-0}
  if [ "$engine_status" != 0 ] && [ "$engine_fail" = 0 ]; then engine_fail=1; fi
fi

e2e_pass=0
e2e_fail=0
if [ "${SCALEWISE_SKIP_E2E:-0}" != "1" ]; then
  step "package the .vsix"
  npm run --silent package
  step "the extension in a real VS Code"
  set +e
  # The README's screenshots come from `npm run screenshots` (test/e2e/screenshots.mjs); this run keeps its own in .tmp.
  SCALEWISE_E2E_SCREENSHOT="$ROOT/.tmp/e2e/vscode-diagnostics.png" bash scripts/e2e.sh "$ROOT/scalewise.vsix" 2>&1 | tee .tmp/e2e.log
  e2e_status=${PIPESTATUS[0]}
  set -e
  line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' .tmp/e2e.log | tail -1 || true)
  if [ -n "$line" ]; then
    e2e_pass=$(echo "$line" | sed -E 's/^e2e: ([0-9]+) passed.*/\1/')
    e2e_fail=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  fi
  if [ "$e2e_status" != 0 ] && [ "$e2e_fail" = 0 ]; then e2e_fail=1; fi
  # The dev build is what the other steps and the demo expect; package left a minified one.
  node esbuild.mjs

  step "the extension's own test suite inside the real VS Code (mocha through runTests)"
  # test/vscode/run.mjs: an unmodified runTests() of @vscode/test-electron, with the code-server
  # launcher (test/vscode/launcher.mjs) as its VS Code. Its scale tests need the real engine, so it
  # runs under scripts/docker-setup.sh --run; with SCALEWISE_SKIP_ENGINE=1 they are left out
  # (SCALEWISE_VSCODE_NO_DOCKER=1) and the rest runs. The last line is `vscode: N passed, M failed`.
  set +e
  if [ "${SCALEWISE_SKIP_ENGINE:-0}" != "1" ]; then
    bash scripts/docker-setup.sh --run node test/vscode/run.mjs 2>&1 | tee .tmp/vscode.log
  else
    SCALEWISE_VSCODE_NO_DOCKER=1 node test/vscode/run.mjs 2>&1 | tee .tmp/vscode.log
  fi
  vscode_status=${PIPESTATUS[0]}
  set -e
  line=$(grep -E '^vscode: [0-9]+ passed, [0-9]+ failed' .tmp/vscode.log | tail -1 || true)
  vscode_pass=0
  vscode_fail=0
  if [ -n "$line" ]; then
    vscode_pass=$(echo "$line" | sed -E 's/^vscode: ([0-9]+) passed.*/\1/')
    vscode_fail=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  fi
  if [ "$vscode_status" != 0 ] && [ "$vscode_fail" = 0 ]; then vscode_fail=1; fi
  e2e_pass=$((e2e_pass + vscode_pass))
  e2e_fail=$((e2e_fail + vscode_fail))
fi

pass=$(( ${node_pass:-0} + engine_pass + e2e_pass ))
fail=$(( ${node_fail:-0} + engine_fail + e2e_fail ))
if [ "$node_status" != 0 ] && [ "$fail" = 0 ]; then fail=1; fi
echo
echo "total: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
