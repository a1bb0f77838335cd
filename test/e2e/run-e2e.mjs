#!/usr/bin/env node
// Real-VS-Code end-to-end check for the Scalewise extension.
//
// Installs a packaged .vsix into a throwaway code-server profile (VS Code 1.100 served to a browser,
// same Node extension host as desktop VS Code in remote mode), opens a workspace in Debian's headless
// Chromium via playwright-core, opens one file and waits until the editor shows a squiggle and the
// Problems panel lists a diagnostic whose source is "scalewise". Saves a screenshot. Then applies the
// compose/obsolete-version quick fix from the Ctrl+. menu, checks the editor text and the hint, and
// undoes it (the file is never saved).
//
// Plain Node ESM, no build step. Prerequisites: scripts/e2e-setup.sh.
//
// Environment:
//   SCALEWISE_VSIX             .vsix to install                    (default <repo>/scalewise.vsix)
//   SCALEWISE_E2E_WORKSPACE    folder to open                      (default <repo>/examples)
//   SCALEWISE_E2E_FILE         workspace-relative file to open     (default polis/docker-compose.yml)
//   SCALEWISE_E2E_SCREENSHOT   where to save the success screenshot (default <repo>/.tmp/e2e/vscode-diagnostics.png)
//   SCALEWISE_E2E_SOURCE       diagnostic source to look for       (default scalewise)
//   SCALEWISE_E2E_TIMEOUT_MS   deadline for each waiting step      (default 90000)
//   SCALEWISE_E2E_DIR          install dir of e2e-setup.sh         (default <repo>/.tmp/e2e)
//   SCALEWISE_E2E_KEEP=1       keep the temporary profile folder for inspection
//   SCALEWISE_E2E_UNTRUSTED=1  workspace trust on and refused: linting works, the scale commands and lenses are off
//   SCALEWISE_E2E_SHOW_TOASTS=1 keep notification toasts in the screenshot (hidden by default, texts are logged)
//
// Exit code 0 on success, 1 on failure (failure screenshot: <e2e dir>/failure.png, logs: <e2e dir>/logs/).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  E2E_DIR,
  E2EError,
  QUIET_SETTINGS,
  ROOT,
  STEP_TIMEOUT,
  closeBrowser,
  fail,
  installVsix as installVsixInto,
  launchBrowser as launchChromium,
  makeProfile as makeProfileIn,
  missingPrerequisites,
  openWorkbench as openWorkbenchAt,
  pollUntil,
  quickOpen as quickOpenIn,
  startCodeServer as startCodeServerFor,
  tail,
} from './code-server.mjs';

const VSIX = path.resolve(process.env.SCALEWISE_VSIX || path.join(ROOT, 'scalewise.vsix'));
const WORKSPACE = path.resolve(process.env.SCALEWISE_E2E_WORKSPACE || path.join(ROOT, 'examples'));
const FILE = (process.env.SCALEWISE_E2E_FILE || 'polis/docker-compose.yml').replace(/^\.?\/+/, '');
const SCREENSHOT = path.resolve(process.env.SCALEWISE_E2E_SCREENSHOT || path.join(E2E_DIR, 'vscode-diagnostics.png'));
const SOURCE = process.env.SCALEWISE_E2E_SOURCE || 'scalewise';
const FAILURE_SCREENSHOT = path.join(E2E_DIR, 'failure.png');
const LOG_DIR = path.join(E2E_DIR, 'logs');
const KEEP = process.env.SCALEWISE_E2E_KEEP === '1';
const UNTRUSTED = process.env.SCALEWISE_E2E_UNTRUSTED === '1';

const t0 = Date.now();
const log = (msg) => console.log(`e2e [${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

// ------------------------------------------------------------------------------------------ state
let tmp; // temporary profile folder
let cs; // code-server handle (its own process group), see test/e2e/code-server.mjs
let csLogFile;
let browser;
let page;
const consoleErrors = [];

async function cleanup() {
  if (browser) {
    const b = browser;
    browser = undefined;
    await closeBrowser(b);
  }
  await cs?.stop();
  if (tmp) {
    // keep the logs of the run for diagnosis
    try {
      const logs = path.join(tmp, 'udd', 'logs');
      if (fs.existsSync(logs)) {
        fs.rmSync(LOG_DIR, { recursive: true, force: true });
        fs.cpSync(logs, LOG_DIR, { recursive: true });
      }
      if (csLogFile && fs.existsSync(csLogFile)) fs.copyFileSync(csLogFile, path.join(E2E_DIR, 'code-server.log'));
    } catch {
      /* best effort */
    }
    if (KEEP) log(`kept temporary profile: ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  }
}

// Safety net: never leave the code-server group behind, even on an unexpected exit.
process.on('exit', () => cs?.killSync('SIGKILL'));
let interrupted = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = sig;
    log(`received ${sig}, cleaning up`);
    await cleanup();
    process.exit(1);
  });
}

// ------------------------------------------------------------------------------------------ steps
function preflight() {
  const missing = missingPrerequisites();
  if (missing.length) fail(missing[0]);
  if (!fs.existsSync(VSIX)) fail(`vsix not found: ${VSIX} (set SCALEWISE_VSIX)`);
  if (!fs.statSync(WORKSPACE, { throwIfNoEntry: false })?.isDirectory())
    fail(`workspace folder not found: ${WORKSPACE}`);
  if (!fs.existsSync(path.join(WORKSPACE, FILE))) fail(`file to open not found: ${path.join(WORKSPACE, FILE)}`);
}

function makeProfile() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-e2e-'));
  // files.autoSave off (in QUIET_SETTINGS): the quick-fix check edits a tracked example file and must never save it
  return makeProfileIn(tmp, { ...QUIET_SETTINGS, 'scalewise.trace.server': 'verbose' });
}

function installVsix(profile) {
  return installVsixInto(VSIX, profile, log);
}

async function startCodeServer(profile) {
  // SCALEWISE_E2E_UNTRUSTED=1 leaves workspace trust on, and the run answers "No" to it.
  // --log trace: the extension's LSP trace lands in the logs kept for a failed run.
  cs = await startCodeServerFor(profile, WORKSPACE, { trusted: !UNTRUSTED, logLevel: 'trace', log });
  csLogFile = cs.logFile;
  return cs.base;
}

async function launchBrowser() {
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
}

async function openWorkbench(base) {
  // The explorer shows the workspace's top-level entry for FILE once the folder is loaded.
  await openWorkbenchAt(page, base, WORKSPACE, FILE.split('/')[0], log);
}

async function quickOpen(relPath) {
  return quickOpenIn(page, relPath, log);
}
async function waitForSquiggle() {
  const squiggles = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning');
  const n = await pollUntil('a squiggle (.squiggly-error / .squiggly-warning) in the editor', async () => {
    const c = await squiggles.count();
    return c > 0 ? c : 0;
  });
  const errors = await page.locator('.monaco-editor .squiggly-error').count();
  const warnings = await page.locator('.monaco-editor .squiggly-warning').count();
  log(`squiggles visible: ${n} (errors: ${errors}, warnings: ${warnings})`);
  return { errors, warnings };
}

async function openProblems() {
  const panel = page.locator('.markers-panel');
  const rows = page.locator('.markers-panel .monaco-list-row');
  const sourceRows = rows.filter({ hasText: SOURCE });
  let attempt = 0;
  await pollUntil(
    `the Problems panel with a "${SOURCE}" row`,
    async () => {
      if (!(await panel.isVisible())) {
        attempt++;
        const how = attempt % 2 === 1 ? 'Ctrl+Shift+M' : 'status bar problems item';
        if (attempt % 2 === 1) {
          await page
            .locator('.monaco-editor textarea')
            .first()
            .focus()
            .catch(() => {});
          await page.keyboard.press('Control+Shift+M');
        } else {
          // fallback: the status bar problems item toggles the panel too
          await page.locator('#status\\.problems').first().click({ timeout: 2000 });
        }
        await panel.waitFor({ state: 'visible', timeout: 5000 });
        log(`Problems panel opened (${how})`);
      }
      return (await sourceRows.count()) > 0;
    },
    { interval: 300 },
  );
  const all = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const matching = all.filter((t) => t.includes(SOURCE));
  return { all, matching };
}

/** Rule ids marked `# expect: a, b` in the opened file, except hint-level ones the panel does not list. */
function expectedRuleIds() {
  const text = fs.readFileSync(path.join(WORKSPACE, FILE), 'utf8');
  const ids = new Set();
  for (const m of text.matchAll(/# expect: ([a-z0-9/, -]+)/g)) for (const id of m[1].split(',')) ids.add(id.trim());
  ids.delete('compose/obsolete-version'); // a hint: faded text, not a Problems row
  return [...ids];
}

async function waitForCodeLens() {
  // VS Code cancels a pending code lens request when the editor text loses focus and asks again
  // when it regains it (codelensController: onDidBlurEditorText => cancel). Focus the text first.
  await page
    .locator('.monaco-editor .view-lines')
    .first()
    .click({ position: { x: 5, y: 5 } });
  const lenses = page.locator('.monaco-editor .codelens-decoration');
  await pollUntil('a Scalewise sizing code lens (replicas × limits)', async () => {
    const texts = await lenses.allInnerTexts();
    return texts.some((t) => t.includes('×'));
  });
  const texts = (await lenses.allInnerTexts()).filter((t) => t.includes('×'));
  texts.forEach((t) => log(`code lens: ${t}`));
  return texts;
}

async function waitForStatusKind() {
  const item = page.locator('.statusbar-item').filter({ hasText: 'Scalewise: ' });
  await pollUntil('the Scalewise status bar item naming the kind', async () => (await item.count()) > 0);
  return (await item.first().innerText()).trim();
}

async function screenshot(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Let transient toasts finish animating so they are not captured half-drawn.
  const fading = page.locator('.notifications-toasts .notification-toast:not(.notification-fade-in-done)');
  await pollUntil('notification toasts to settle', async () => (await fading.count()) === 0, { timeout: 5000 }).catch(
    () => {},
  );
  // Toasts sit on top of the Problems panel: report their text, then hide them for the picture
  // (SCALEWISE_E2E_SHOW_TOASTS=1 keeps them).
  const toasts = (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map((t) =>
    t.replace(/\s+/g, ' ').trim(),
  );
  toasts.forEach((t) => log(`notification: ${t}`));
  if (toasts.length && process.env.SCALEWISE_E2E_SHOW_TOASTS !== '1') {
    await page.addStyleTag({ content: '.notifications-toasts { display: none !important; }' });
  }
  await page.screenshot({ path: file });
}

// ------------------------------------------------------------------------------------------ quick fix
const QF_RULE = 'compose/obsolete-version';
const qfTitles = {
  fix: 'Remove the obsolete version',
  disableLine: `Disable ${QF_RULE} for this line`,
  disableFile: `Disable ${QF_RULE} for this file`,
  docs: `Show documentation for ${QF_RULE}`,
};
const editorSel = '.part.editor .editor-group-container.active .monaco-editor';
const hintSel = `${editorSel} .squiggly-inline-unnecessary`; // the faded text of an "unnecessary" hint

/**
 * The lines the active editor renders, as { n, text }, line numbers read from the gutter and paired
 * with `.view-line` rows by their on-screen top (view zones such as code lenses shift both alike).
 * Monaco renders only the lines in view; the file's top is in view in this check.
 */
async function renderedLines() {
  return page.evaluate((sel) => {
    const ed = document.querySelector(sel);
    if (!ed) return [];
    const top = (el) => Math.round(el.getBoundingClientRect().top);
    const nums = new Map();
    for (const el of ed.querySelectorAll('.margin-view-overlays .line-numbers')) {
      const n = Number(el.textContent.trim());
      if (n) nums.set(top(el), n);
    }
    const lines = [];
    for (const el of ed.querySelectorAll('.view-lines .view-line')) {
      const n = nums.get(top(el));
      if (n) lines.push({ n, text: el.textContent.replace(/\u00a0/g, ' ').replace(/\s+$/, '') });
    }
    return lines.sort((a, b) => a.n - b.n);
  }, editorSel);
}

/** Whether the editor shows exactly `expected` (1-based lines `from`..) ; sets `last` for messages. */
function linesMatcher(expected, from = 1) {
  const state = { last: [] };
  state.check = async () => {
    const seen = await renderedLines();
    state.last = seen;
    const byN = new Map(seen.map((l) => [l.n, l.text]));
    return expected.every((t, i) => byN.get(from + i) === t.replace(/\s+$/, ''));
  };
  state.describe = () =>
    state.last
      .slice(0, expected.length + 2)
      .map((l) => `${l.n}: ${JSON.stringify(l.text)}`)
      .join(' | ') || '(no lines rendered)';
  return state;
}

async function pollLines(what, expected) {
  const m = linesMatcher(expected);
  await pollUntil(what, m.check, { timeout: 15_000 }).catch((e) => {
    fail(
      `${e.message}\n  expected: ${expected.map((t, i) => `${i + 1}: ${JSON.stringify(t)}`).join(' | ')}\n  editor:   ${m.describe()}`,
    );
  });
}

async function focusEditorText() {
  await page.locator(`${editorSel} textarea`).first().focus();
}

async function quickFixCheck() {
  const file = path.join(WORKSPACE, FILE);
  const bytesBefore = fs.readFileSync(file);
  const mtimeBefore = fs.statSync(file).mtimeMs;
  const original = bytesBefore.toString('utf8').split(/\r?\n/);
  const idx = original.findIndex((l) => /^version:/.test(l) && l.includes(`# expect: ${QF_RULE}`));
  if (idx < 0) {
    log(`quick fix: skipped (${FILE} has no top-level "version:" line marked "# expect: ${QF_RULE}")`);
    return null;
  }
  const line = idx + 1;
  const shown = Math.min(original.length, line + 2); // lines compared: the top of the file to two past the fix
  const before = original.slice(0, shown);
  const after = original.filter((_, i) => i !== idx).slice(0, shown - 1);

  // Cursor onto the `version` key (Ctrl+G ":line:col"), then check the hint is there.
  const selection = page.locator('#status\\.editor\\.selection').first();
  const input = page.locator('.quick-input-widget input');
  const want = `Ln ${line}, Col 3`;
  await pollUntil(
    `the cursor at ${want} (Ctrl+G)`,
    async () => {
      if ((await selection.innerText({ timeout: 2000 })).includes(want)) return true;
      if (!(await input.isVisible())) {
        await focusEditorText();
        await page.keyboard.press('Control+G');
        await input.waitFor({ state: 'visible', timeout: 5000 });
      }
      await input.fill(`:${line}:3`);
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 5000 });
      return (await selection.innerText({ timeout: 2000 })).includes(want);
    },
    { timeout: 30_000, interval: 500 },
  );
  await pollLines(`the original top of ${FILE} in the editor`, before);
  await pollUntil(
    `the ${QF_RULE} hint (faded text) on line ${line}`,
    async () => (await page.locator(hintSel).count()) > 0,
    {
      timeout: 15_000,
    },
  );
  log(`quick fix: cursor at ${want}, ${QF_RULE} hint visible`);

  // Open the quick-fix menu: Ctrl+. first, the lightbulb as the fallback.
  const widget = page.locator('.action-widget');
  const rows = page.locator('.action-widget .monaco-list-row.action'); // not the "Quick Fix" group header
  const lightbulb = page.locator(`${editorSel} .lightBulbWidget`);
  let attempt = 0;
  let menu = [];
  let how = '';
  await pollUntil(
    `the quick-fix menu listing "${qfTitles.fix}", "${qfTitles.disableLine}" and "${qfTitles.docs}"`,
    async () => {
      if (!(await widget.isVisible())) {
        attempt++;
        how = attempt % 2 === 1 || !(await lightbulb.isVisible()) ? 'Ctrl+.' : 'lightbulb';
        if (how === 'Ctrl+.') {
          await focusEditorText();
          await page.keyboard.press('Control+.');
        } else {
          await lightbulb.first().click({ timeout: 2000 });
        }
        await widget.waitFor({ state: 'visible', timeout: 5000 });
        log(`quick fix: menu opened (${how})`);
      }
      menu = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
      const ok = [qfTitles.fix, qfTitles.disableLine, qfTitles.docs].every((t) => menu.some((r) => r.includes(t)));
      if (!ok && menu.length) {
        // a menu without our actions (opened before the server answered?): close it and ask again
        await page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      }
      return ok;
    },
    { timeout: 30_000, interval: 500 },
  ).catch((e) => fail(`${e.message}; last menu: ${menu.join(' | ') || '(empty)'}`));
  menu.forEach((t) => log(`quick fix menu: ${t}`));

  // Choose the rule's fix with the keyboard (the menu's pointer block swallows synthetic clicks):
  // move the focus to its row, then Enter.
  const focused = page.locator('.action-widget .monaco-list-row.action.focused');
  await pollUntil(
    `the "${qfTitles.fix}" row focused in the quick-fix menu`,
    async () => {
      if ((await focused.first().getAttribute('aria-label', { timeout: 2000 })) === qfTitles.fix) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    },
    { timeout: 10_000, interval: 200 },
  );
  await page.keyboard.press('Enter');
  await widget
    .waitFor({ state: 'hidden', timeout: 10_000 })
    .catch(() => fail('the quick-fix menu stayed open after choosing the fix'));
  await pollLines(`line ${line} ("version: …") removed from the editor, the lines around it kept`, after);
  await pollUntil(
    `the ${QF_RULE} hint to disappear after the fix`,
    async () => (await page.locator(hintSel).count()) === 0,
    {
      timeout: 15_000,
    },
  );
  const activeTab = page.locator('.tabs-container .tab.active');
  await pollUntil(
    'the editor tab to show unsaved changes after the fix',
    async () => (await activeTab.first().getAttribute('class'))?.split(/\s+/).includes('dirty'),
    { timeout: 10_000 },
  );
  log(`quick fix: applied "${qfTitles.fix}": version line gone, comments and the following lines kept, hint gone`);

  // Undo (never save) and check the text, the hint and the clean tab are back.
  await focusEditorText();
  await page.keyboard.press('Control+Z');
  await pollLines('the original text back after Ctrl+Z', before);
  await pollUntil(`the ${QF_RULE} hint back after Ctrl+Z`, async () => (await page.locator(hintSel).count()) > 0, {
    timeout: 15_000,
  });
  await pollUntil(
    'the editor tab to be clean again after Ctrl+Z',
    async () => !(await activeTab.first().getAttribute('class'))?.split(/\s+/).includes('dirty'),
    { timeout: 10_000 },
  );
  const bytesAfter = fs.readFileSync(file);
  if (!bytesAfter.equals(bytesBefore) || fs.statSync(file).mtimeMs !== mtimeBefore)
    fail(`${FILE} changed on disk during the quick-fix check (it must never be saved)`);
  log('quick fix: undone with Ctrl+Z, text and hint back, tab clean, file on disk untouched');
  return { line, menu, how, before, after };
}

// ------------------------------------------------------------------------------------------ main
// The scale commands (issue 10): the Compose file gets a "Scale service…" lens above each service,
// and the palette lists the four scale commands. The workspace is trusted here (code-server runs
// with --disable-workspace-trust); nothing is run: the palette is closed again with Escape.
const SCALE_TITLES = [
  'Scalewise: Scale Kubernetes Workload…',
  'Scalewise: Scale Compose Service…',
  'Scalewise: Scale Swarm Service…',
  'Scalewise: Scale drakrun Workers…',
];
async function scaleCommandsCheck() {
  await focusEditorText();
  const lenses = page.locator('.monaco-editor .codelens-decoration');
  await pollUntil('a "Scale service…" code lens', async () =>
    (await lenses.allInnerTexts()).some((t) => t.includes('Scale service…')),
  );
  const scaleLenses = (await lenses.allInnerTexts()).filter((t) => t.includes('Scale service…')).length;
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const listed = await pollUntil(
    'the four scale commands in the command palette',
    async () => {
      if (!(await input.isVisible())) {
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 5000 });
      }
      if ((await input.inputValue()) !== '>Scalewise: Scale') await input.fill('>Scalewise: Scale');
      const labels = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
      return SCALE_TITLES.every((title) => labels.some((l) => l.startsWith(title))) ? labels : null;
    },
    { interval: 500 },
  );
  await page.keyboard.press('Escape');
  log(`scale lenses: ${scaleLenses}; palette: ${listed.join(' | ')}`);
  return { scaleLenses, listed };
}

// Restricted mode: VS Code asks whether to trust the folder; the run says no, then checks that the
// file is linted and has its sizing lenses, but no scale lens, and that the palette offers no scale
// command (package.json enablement: isWorkspaceTrusted) while the other Scalewise commands are there.
async function refuseTrust() {
  const no = page.getByRole('button', { name: /No, I don.t trust the authors/ });
  await no.first().waitFor({ state: 'visible' });
  await no.first().click();
  await pollUntil('the restricted mode indicator', async () => (await page.getByText('Restricted Mode').count()) > 0);
  log('workspace trust refused: Restricted Mode');
}

async function untrustedScaleCheck() {
  const lenses = await page.locator('.monaco-editor .codelens-decoration').allInnerTexts();
  if (lenses.some((t) => t.includes('Scale service…')))
    fail(`a scale lens in an untrusted workspace: ${lenses.join(' | ')}`);
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const labels = await pollUntil(
    'the Scalewise commands in the palette',
    async () => {
      if (!(await input.isVisible())) {
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 5000 });
      }
      if ((await input.inputValue()) !== '>Scalewise:') await input.fill('>Scalewise:');
      const l = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
      return l.some((x) => x.startsWith('Scalewise: Show Output')) ? l : null;
    },
    { interval: 500 },
  );
  await page.keyboard.press('Escape');
  const offered = labels.filter((l) => SCALE_TITLES.some((t) => l.startsWith(t)) || l.includes('Switch Kubernetes'));
  if (offered.length > 0) fail(`scale commands offered in an untrusted workspace: ${offered.join(' | ')}`);
  log(`untrusted: ${lenses.length} lenses, none to scale; palette: ${labels.join(' | ')}`);
  return { lenses, labels };
}

async function main() {
  fs.rmSync(FAILURE_SCREENSHOT, { force: true }); // never leave a stale one from an earlier run
  log(`vsix=${VSIX}`);
  log(`workspace=${WORKSPACE} file=${FILE}`);
  preflight();
  const profile = makeProfile();
  installVsix(profile);
  const base = await startCodeServer(profile);
  await launchBrowser();
  await openWorkbench(base);
  if (UNTRUSTED) {
    await refuseTrust();
    await quickOpen(FILE);
    const sq = await waitForSquiggle(); // linting works in an untrusted workspace
    const sizing = await waitForCodeLens();
    const u = await untrustedScaleCheck();
    console.log('');
    console.log('RESULT: PASS');
    console.log(
      `  untrusted:       ${sq.errors} error, ${sq.warnings} warning squiggles; ${sizing.length} sizing lenses`,
    );
    console.log(
      `  scale:           no scale lens; the palette lists ${u.labels.length} Scalewise commands, none to scale`,
    );
    return;
  }
  const lang = await quickOpen(FILE);
  const sq = await waitForSquiggle();
  const lenses = await waitForCodeLens(); // before the Problems panel takes the focus
  const problems = await openProblems();
  for (const id of expectedRuleIds()) {
    if (!problems.matching.some((t) => t.includes(id)))
      throw new Error(`no Problems row for ${id} (rows: ${problems.matching.join(' | ')})`);
  }
  const statusKind = await waitForStatusKind();
  // Squiggle can scroll out of view when the panel opens; re-check it before the screenshot.
  await pollUntil(
    'squiggle still visible after opening the Problems panel',
    async () => (await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count()) > 0,
  );
  await screenshot(SCREENSHOT);
  log(`screenshot saved: ${SCREENSHOT}`);
  const qf = await quickFixCheck(); // after the screenshot: it edits the text (and undoes it)
  const scale = await scaleCommandsCheck();
  const status = await page
    .locator('#status\\.problems')
    .first()
    .getAttribute('aria-label', { timeout: 2000 })
    .catch(() => null);
  console.log('');
  console.log(`RESULT: PASS`);
  console.log(`  file:            ${FILE} (language mode: ${lang})`);
  console.log(`  squiggles:       ${sq.errors} error, ${sq.warnings} warning`);
  if (status) console.log(`  status bar:      ${status}`);
  console.log(`  problems rows:   ${problems.all.length} (with "${SOURCE}": ${problems.matching.length})`);
  console.log(`  code lenses:     ${lenses.length} sizing lenses`);
  console.log(`  status bar item: ${statusKind}`);
  console.log(
    `  scale:           ${scale.scaleLenses} "Scale service…" lenses; palette lists ${scale.listed.length} scale commands`,
  );
  problems.all.forEach((t, i) => console.log(`    [${i + 1}] ${t}`));
  if (qf) {
    console.log(`  quick fix:       line ${qf.line} (${QF_RULE}), menu (${qf.how}) lists ${qf.menu.length} actions:`);
    qf.menu.forEach((t) => console.log(`    - ${t}`));
    console.log(`    chose "${qfTitles.fix}": editor lines 1-${qf.after.length} became:`);
    qf.after.forEach((t, i) => console.log(`      ${i + 1}: ${t}`));
    console.log(
      `    hint gone, tab dirty; Ctrl+Z restored lines 1-${qf.before.length}, the hint and a clean tab; file not saved`,
    );
  } else {
    console.log(`  quick fix:       skipped (no "version:" line marked for ${QF_RULE} in ${FILE})`);
  }
}

let code = 0;
try {
  await main();
} catch (e) {
  code = 1;
  console.error('');
  if (interrupted) {
    console.error(`RESULT: FAIL: interrupted by ${interrupted}`);
  } else if (e instanceof E2EError) {
    console.error(`RESULT: FAIL: ${e.message}`);
  } else {
    // Playwright errors append the whole browser log; keep the head.
    const lines = String(e?.stack || e).split('\n');
    console.error(`RESULT: FAIL: ${lines.slice(0, 12).join('\n')}${lines.length > 12 ? '\n  …' : ''}`);
  }
  if (page && !interrupted) {
    try {
      fs.mkdirSync(path.dirname(FAILURE_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT, timeout: 10_000 });
      console.error(`failure screenshot: ${FAILURE_SCREENSHOT}`);
    } catch (se) {
      console.error(`(could not save failure screenshot: ${se.message})`);
    }
  }
  if (consoleErrors.length) {
    console.error('last browser console errors:');
    consoleErrors.slice(-10).forEach((t) => console.error(`  ${t.slice(0, 300)}`));
  }
  if (csLogFile) console.error(`code-server log (tail):\n${tail(csLogFile, 20)}`);
} finally {
  await cleanup();
  if (code && csLogFile) console.error(`logs: ${LOG_DIR} and ${path.join(E2E_DIR, 'code-server.log')}`);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s, exit ${code}`);
}
process.exit(code);
