#!/usr/bin/env node
// `npm run test:vscode`: the extension's mocha suite (test/vscode/*.test.ts) inside the real VS Code,
// run by an unmodified `runTests()` of @vscode/test-electron. Here the executable it starts is
// test/vscode/launcher.mjs (code-server + headless Chromium, see there); with
// SCALEWISE_VSCODE_EXECUTABLE=download on a machine with internet and a desktop, runTests downloads
// the desktop VS Code and runs the same suites there.
//
// Four runs, each on its own copy of examples (the tests edit files and scale services):
//   main        examples/, trusted: diagnostics, quick fix, hover, lenses, snippets, settings, scale [docker]
//   untrusted   examples/decentralized-learning, Restricted Mode: lint on, every scale command refused, no scale lens
//   activation  examples/polarway, trusted: not active until a YAML file is opened
//   activation-shell  examples/decentralized-learning/k3s without its .scalewise.yaml: not active until a shell script is opened
// The scale tests need DOCKER_HOST (scripts/docker-setup.sh --run gives one) unless SCALEWISE_VSCODE_NO_DOCKER=1.
// Last line: `vscode: N passed, M failed`; exit code 0 only when nothing failed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORK = path.join(ROOT, '.tmp', 'vscode');
const LAUNCHER = path.join(ROOT, 'test', 'vscode', 'launcher.mjs');
const TESTS = path.join(ROOT, 'test', 'out', 'vscode', 'index.js');

const RUNS = [
  { suite: 'main', from: 'examples', trusted: true },
  { suite: 'untrusted', from: 'examples/decentralized-learning', trusted: false },
  { suite: 'activation', from: 'examples/polarway', trusted: true },
  // Without its .scalewise.yaml, which would activate the extension at startup (workspaceContains).
  { suite: 'activation-shell', from: 'examples/decentralized-learning/k3s', trusted: true, without: '.scalewise.yaml' },
];

const only = process.env.SCALEWISE_VSCODE_ONLY;
let passed = 0;
let failed = 0;
fs.rmSync(WORK, { recursive: true, force: true });
for (const r of RUNS.filter((x) => !only || only.split(',').includes(x.suite))) {
  const dir = path.join(WORK, r.suite);
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(ROOT, r.from), workspace, {
    recursive: true,
    filter: (src) => !r.without || path.basename(src) !== r.without,
  });
  const results = path.join(dir, 'results.json');
  console.log(`\n== vscode suite "${r.suite}" on a copy of ${r.from}${r.trusted ? '' : ' (untrusted)'}`);
  let code = 0;
  try {
    await runTests({
      ...(process.env.SCALEWISE_VSCODE_EXECUTABLE === 'download' ? {} : { vscodeExecutablePath: LAUNCHER }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS,
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(dir, 'user-data')}`,
        ...(r.trusted ? [] : ['--scalewise-untrusted']),
      ],
      extensionTestsEnv: { SCALEWISE_VSCODE_SUITE: r.suite, SCALEWISE_VSCODE_RESULTS: results },
    });
  } catch (err) {
    code = 1;
    console.error(`vscode suite "${r.suite}": ${err.message}`);
  }
  const counts = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : undefined;
  passed += counts?.passes ?? 0;
  // A run that failed without counting a failing test (it did not start, or crashed) counts as one.
  failed += counts?.failures || (code !== 0 || !counts ? 1 : 0);
}
console.log(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
