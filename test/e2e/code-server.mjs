// Set-up shared by the real-VS-Code scripts (test/e2e/run-e2e.mjs, bench/vscode-typing.mjs): a throwaway
// code-server profile, a .vsix installed into it, code-server started in its own process group, and
// Debian's headless Chromium through playwright-core. No module-level state: each caller keeps its own
// handles, so one script can run several code-servers side by side. Prerequisites: scripts/e2e-setup.sh.

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const E2E_DIR = path.resolve(process.env.SCALEWISE_E2E_DIR || path.join(ROOT, '.tmp', 'e2e'));
export const CS_BIN = path.join(E2E_DIR, 'cs', 'node_modules', '.bin', 'code-server');
export const TOOLS_DIR = path.join(E2E_DIR, 'tools');
export const CHROMIUM = process.env.SCALEWISE_E2E_CHROMIUM || '/usr/bin/chromium';
export const STEP_TIMEOUT = Number(process.env.SCALEWISE_E2E_TIMEOUT_MS || 90_000);

/** A failure of the harness itself (the editor could not be driven), as opposed to a bug in this code. */
export class E2EError extends Error {}
export const fail = (msg) => {
  throw new E2EError(msg);
};

/** Poll `probe` until it returns a truthy value or the deadline passes. Never a fixed sleep. */
export async function pollUntil(what, probe, { timeout = STEP_TIMEOUT, interval = 250 } = {}) {
  const deadline = Date.now() + timeout;
  let lastErr;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline) {
      fail(`timed out after ${timeout} ms waiting for ${what}` + (lastErr ? ` (last error: ${lastErr.message})` : ''));
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Missing prerequisites of scripts/e2e-setup.sh, as messages (empty when all is there). */
export function missingPrerequisites() {
  const missing = [];
  if (!fs.existsSync(CS_BIN)) missing.push(`code-server not found at ${CS_BIN}; run scripts/e2e-setup.sh first`);
  if (!fs.existsSync(path.join(TOOLS_DIR, 'node_modules', 'playwright-core')))
    missing.push(`playwright-core not found in ${TOOLS_DIR}; run scripts/e2e-setup.sh first`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium not found at ${CHROMIUM}; run scripts/e2e-setup.sh first`);
  return missing;
}

/** Quiet, deterministic user settings for a fresh profile (no tips, telemetry, updates, git, chat). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
};

/**
 * Profile folders under `root` (created), the user settings written into the user-data-dir
 * (code-server keeps user settings server-side), and the environment that keeps code-server out of
 * the home folder and away from an extension gallery it cannot reach.
 */
export function makeProfile(root, settings) {
  const dirs = {
    udd: path.join(root, 'udd'),
    ext: path.join(root, 'ext'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    xdgCache: path.join(root, 'xdg-cache'),
    xdgRuntime: path.join(root, 'xdg-runtime'),
    tmpdir: path.join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(dirs.udd, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.udd, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_RUNTIME_DIR: dirs.xdgRuntime,
    TMPDIR: dirs.tmpdir,
  };
  delete env.VSCODE_IPC_HOOK_CLI; // do not talk to an outer VS Code, if any
  return { root, dirs, env };
}

/** `code-server --install-extension` into the profile (works offline); returns the installed folder names. */
export function installVsix(vsix, { dirs, env }, log = () => {}) {
  log(`installing ${vsix}`);
  const r = spawnSync(
    CS_BIN,
    ['--config', '/dev/null', '--user-data-dir', dirs.udd, '--extensions-dir', dirs.ext, '--install-extension', vsix],
    { env, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  if (r.error) fail(`code-server --install-extension failed to run: ${r.error.message}\n${out}`);
  if (r.status !== 0 || (/failed|error/i.test(out) && !/successfully installed/i.test(out)))
    fail(`code-server --install-extension exited with ${r.status}:\n${out}`);
  const installed = fs.readdirSync(dirs.ext).filter((n) => !n.startsWith('.') && n !== 'extensions.json');
  if (installed.length === 0) fail(`no extension appeared in ${dirs.ext} after install:\n${out}`);
  log(`installed extension(s): ${installed.join(', ')}`);
  return installed;
}

/**
 * Starts code-server on a free port for `workspace`, in its own process group (detached => setsid),
 * and waits for /healthz. Returns a handle: base URL, pid (= process group id), log file, exited(),
 * stop() and killSync(signal).
 */
export async function startCodeServer(
  { root, dirs, env },
  workspace,
  { trusted = true, logLevel, log = () => {} } = {},
) {
  const port = await freePort();
  const cfg = path.join(root, 'config.yaml');
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(root, 'code-server.log');
  const fd = fs.openSync(logFile, 'a');
  const args = [
    '--config',
    cfg,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    ...(logLevel ? ['--log', logLevel] : []),
    '--user-data-dir',
    dirs.udd,
    '--extensions-dir',
    dirs.ext,
    workspace,
  ];
  log(`starting code-server on 127.0.0.1:${port}`);
  const proc = spawn(CS_BIN, args, { env, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  let exited = false;
  proc.on('exit', () => {
    exited = true;
  });
  const killSync = (signal) => {
    if (exited || !proc.pid) return;
    try {
      process.kill(-proc.pid, signal); // negative pid: the whole process group
    } catch {
      /* already gone */
    }
  };
  const stop = async () => {
    if (!exited) {
      killSync('SIGTERM');
      const deadline = Date.now() + 10_000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!exited) {
        log('code-server did not stop on SIGTERM; sending SIGKILL to its process group');
        killSync('SIGKILL');
      }
    }
    // The group may still hold children (extension host, language server) after the leader exits.
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* group empty */
    }
  };
  const base = `http://127.0.0.1:${port}`;
  await pollUntil(
    'code-server /healthz',
    async () => {
      if (exited) fail(`code-server exited early (code ${proc.exitCode}); log:\n${tail(logFile)}`);
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    },
    { timeout: 60_000, interval: 200 },
  );
  log('code-server is healthy');
  return { base, port, pid: proc.pid, logFile, exited: () => exited, stop, killSync };
}

/** Debian's Chromium, headless, through playwright-core (installed by scripts/e2e-setup.sh, not a dependency). */
export async function launchBrowser() {
  const require = createRequire(path.join(TOOLS_DIR, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Closes the browser, SIGKILLing its process when it does not close within 10 s. */
export async function closeBrowser(browser) {
  if (!browser) return;
  await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
  const proc = browser.process?.();
  if (proc && proc.exitCode === null) {
    try {
      proc.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Opens the workbench on `workspace` and waits for the explorer to list `topEntry` (the folder is loaded). */
export async function openWorkbench(page, base, workspace, topEntry, log = () => {}) {
  const url = `${base}/?folder=${encodeURIComponent(workspace)}`;
  log(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').first().waitFor({ state: 'visible' });
  await page.getByRole('treeitem', { name: topEntry, exact: true }).first().waitFor({ state: 'visible' });
  log(`workbench ready (explorer shows "${topEntry}")`);
}

/** Opens a workspace-relative file with Ctrl+P; returns the language mode the status bar names. */
export async function quickOpen(page, relPath, log = () => {}) {
  const base = path.posix.basename(relPath);
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const activeTab = page.locator('.tabs-container .tab.active');
  await pollUntil(
    `editor tab "${base}" via Ctrl+P`,
    async () => {
      if ((await activeTab.count()) && (await activeTab.first().getAttribute('aria-label'))?.includes(base))
        return true;
      if (!(await input.isVisible())) {
        await page.keyboard.press('Control+P');
        await input.waitFor({ state: 'visible', timeout: 5000 });
      }
      if ((await input.inputValue()) !== relPath) await input.fill(relPath);
      // wait until a result row for the file is listed, then pick it
      const row = rows.filter({ hasText: base }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      await activeTab.filter({ hasText: base }).first().waitFor({ state: 'visible', timeout: 10_000 });
      return true;
    },
    { interval: 500 },
  );
  const lang = await page
    .locator('#status\\.editor\\.mode')
    .first()
    .innerText({ timeout: 5000 })
    .catch(() => '?');
  log(`opened ${relPath} (language mode: ${lang.trim()})`);
  return lang.trim();
}
