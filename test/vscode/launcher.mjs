#!/usr/bin/env node
// The "VS Code executable" that an unmodified `runTests()` of @vscode/test-electron starts here
// (its `vscodeExecutablePath`). These machines cannot download the desktop VS Code, so this script
// takes the Electron-style arguments runTests passes and runs the same extension tests in code-server
// (VS Code 1.100, the Node extension host of desktop VS Code's remote mode) opened by Debian's headless
// Chromium: the workbench takes the development and tests paths in its `payload` URL parameter, and
// the test runner reports through two functions exposed to the page (codeAutomationLog,
// codeAutomationExit). Exits with the suite's exit code. See /work/shared/reference/REAL-VSCODE.md.
//
// Arguments read: the folder (the first argument that is not a flag), --extensionDevelopmentPath=,
// --extensionTestsPath=, --user-data-dir= (the profile lives beside it), and --scalewise-untrusted
// (workspace trust on, and the folder not trusted: Restricted Mode). The rest (--no-sandbox,
// --disable-gpu-sandbox, …) is Electron's and has no meaning for code-server.
// Environment: SCALEWISE_VSCODE_SETTINGS (JSON of extra user settings); SCALEWISE_E2E_TIMEOUT_MS;
// everything else reaches the extension host through code-server's environment.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  QUIET_SETTINGS,
  closeBrowser,
  launchBrowser,
  makeProfile,
  missingPrerequisites,
  startCodeServer,
  tail,
} from '../e2e/code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const log = (msg) => process.stderr.write(`launcher: ${msg}\n`);

const devPath = opt('extensionDevelopmentPath');
const testsPath = opt('extensionTestsPath');
const folder = argv.find((a) => !a.startsWith('-'));
const untrusted = argv.includes('--scalewise-untrusted');
const SUITE_TIMEOUT = Number(process.env.SCALEWISE_VSCODE_SUITE_TIMEOUT_MS || 600_000);

/** The Scalewise output channel's log files under the code-server directory `root` (udd/logs/TIME/exthostN/scalewise.scalewise). */
function extensionLogs(root) {
  const logs = path.join(root, 'udd', 'logs');
  if (!fs.existsSync(logs)) return [];
  return fs
    .readdirSync(logs, { recursive: true })
    .map(String)
    .filter((f) => f.split(path.sep).includes('scalewise.scalewise') && f.endsWith('.log'))
    .map((f) => path.join(logs, f));
}

async function main() {
  if (!devPath || !testsPath || !folder) {
    log(`needs --extensionDevelopmentPath=, --extensionTestsPath= and a folder; got: ${argv.join(' ')}`);
    return 1;
  }
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    for (const m of missing) log(m);
    return 1;
  }
  const udd = opt('user-data-dir');
  const root = udd ? path.resolve(udd, '..', 'code-server') : fs.mkdtempSync(path.join(os.tmpdir(), 'sw-vscode-'));
  fs.rmSync(root, { recursive: true, force: true });
  const extra = process.env.SCALEWISE_VSCODE_SETTINGS ? JSON.parse(process.env.SCALEWISE_VSCODE_SETTINGS) : {};
  const settings = {
    ...QUIET_SETTINGS,
    // Untrusted: trust stays on, no prompt, and a folder not trusted opens in Restricted Mode.
    ...(untrusted ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
    ...extra,
  };
  const profile = makeProfile(root, settings);
  const cs = await startCodeServer(profile, folder, {
    trusted: !untrusted,
    logLevel: process.env.SCALEWISE_VSCODE_LOG_LEVEL ?? 'debug',
    log,
  });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    // The test runner's console, printf-style: the first argument may hold %s / %d.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const parts = Array.isArray(args) ? args.map(String) : [String(args)];
      let text = parts.shift() ?? '';
      text = text.replace(/%[sdifoOc]/g, () => (parts.length ? parts.shift() : ''));
      const line = [text, ...parts].join(' ');
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    const url =
      `${cs.base}/?folder=${encodeURIComponent(path.resolve(folder))}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const timer = new Promise((r) => setTimeout(() => r('timeout'), SUITE_TIMEOUT).unref());
    const code = await Promise.race([exited, timer]);
    if (code === 'timeout') {
      log(`the suite did not finish within ${SUITE_TIMEOUT} ms; code-server log:\n${tail(cs.logFile)}`);
      return 1;
    }
    log(`suite exited with ${code}`);
    if (code !== 0) {
      log(`code-server log (tail):\n${tail(cs.logFile, 20)}`);
      // The extension's own output (server log included): what a failed assertion does not say.
      for (const f of extensionLogs(root)) log(`${path.relative(root, f)} (tail):\n${tail(f, 80)}`);
    }
    return code;
  } finally {
    await closeBrowser(browser);
    await cs.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(err?.stack ?? String(err));
    process.exit(1);
  },
);
