/**
 * The extension tests' entry point, loaded by VS Code's extension host (`--extensionTestsPath`):
 * mocha over the compiled test files of one suite, chosen by SCALEWISE_VSCODE_SUITE (`main`,
 * `untrusted`, `activation`: the files named `<suite>.*.test.js` beside this one). The counts go to
 * SCALEWISE_VSCODE_RESULTS (a JSON file) for test/vscode/run.mjs; a failure rejects, which VS Code
 * turns into exit code 1. SCALEWISE_VSCODE_NO_DOCKER=1 leaves out the tests marked `[docker]` (the
 * README's switch for machines without Docker; scripts/test.sh sets it with SCALEWISE_SKIP_ENGINE).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const suite = process.env.SCALEWISE_VSCODE_SUITE ?? 'main';
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 120_000 });
  if (process.env.SCALEWISE_VSCODE_NO_DOCKER === '1') mocha.grep(/\[docker\]/).invert();
  const files = fs
    .readdirSync(__dirname)
    .filter((n) => n.startsWith(`${suite}.`) && n.endsWith('.test.js'))
    .sort();
  if (files.length === 0) return Promise.reject(new Error(`no test files for the suite "${suite}" in ${__dirname}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
      const out = process.env.SCALEWISE_VSCODE_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ suite, passes, failures: failed, pending }));
      if (failures > 0) reject(new Error(`${failures} of the ${suite} tests failed`));
      else if (passes === 0) reject(new Error(`the ${suite} suite ran no test`));
      else resolve();
    });
  });
}
