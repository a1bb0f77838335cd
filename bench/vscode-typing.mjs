#!/usr/bin/env node
// Typing latency and extension activation in a real VS Code (code-server 4.100.3 = VS Code 1.100, in
// Debian's headless Chromium via playwright-core; set-up shared with test/e2e through
// test/e2e/code-server.mjs, prerequisites from scripts/e2e-setup.sh). See bench/README.md ("Typing and activation in a real VS Code").
//
//   node bench/vscode-typing.mjs [--keystrokes=N] [--burst=B] [--services=S] [--out=bench/out/vscode.json]
//
// Three code-servers run side by side on one generated Compose file of S services (default 2,000,
// bench/workloads.mjs's generator), each with its own profile:
//   none       Scalewise not installed (a profile with only VS Code's built-in extensions)
//   lenses     the .vsix installed, default settings (code lenses on)
//   no-lenses  the .vsix installed, "scalewise.codeLens.enable": false
// The workbenches load side by side, then the file is opened in one after another (each activation
// timed alone). Once each editor shows the file (and, with Scalewise, its first diagnostics in the
// status bar, and with lenses the first sizing lens), the configurations take turns burst by burst,
// the order rotating each round: a burst is B keystrokes typing a new `NOTE_R<round>: ...` line into
// the middle service's `environment`, 50-150 ms apart (the same seeded delays for every configuration
// of a round), started only when all three code-server process groups and the page are idle (polled,
// not slept).
//
// A keystroke's latency, measured in the page with performance.now(): from the keydown event's
// timeStamp (when the browser took the input, so time spent queued behind a busy main thread counts)
// to the end of the frame whose DOM first shows the character on the typed line (a MutationObserver
// on the editor's .view-lines sees Monaco's render inside its animation frame; a MessageChannel task
// posted from there runs after that frame's style, layout and paint). Keystrokes are sent through
// Playwright (CDP Input.dispatchKeyEvent: real trusted keydown/keypress/input events). Beside it,
// Chrome's Event Timing duration of the same key (to the next frame presented; none under 16 ms).
// Activation: VS Code's own figures, from "Developer: Startup Performance" (Extension Activation
// Stats: load code, call activate, finish activate) and "Developer: Show Running Extensions" (which
// shows load code + call activate as "Activation: N ms").
//
// Prints a Markdown table, writes the raw samples as JSON. Asserts no timing: it exits 1 only when the
// editor cannot be driven (a step times out, a keystroke never shows up, code-server dies).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  E2EError,
  QUIET_SETTINGS,
  ROOT,
  closeBrowser,
  fail,
  installVsix,
  launchBrowser,
  makeProfile,
  missingPrerequisites,
  openWorkbench,
  pollUntil,
  quickOpen,
  startCodeServer,
  tail,
} from '../test/e2e/code-server.mjs';
import { composeFile } from './workloads.mjs';

// ------------------------------------------------------------------------------------------ options
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    return [m[1], m[2] ?? 'true'];
  }),
);
for (const k of Object.keys(args))
  if (!['keystrokes', 'burst', 'services', 'out', 'vsix', 'keep'].includes(k)) throw new Error(`unknown option --${k}`);
// per configuration; 3 rounds of 50 = each configuration takes each place in the order once
const KEYSTROKES = Number(args.keystrokes ?? 150);
const BURST = Math.min(Number(args.burst ?? 50), 100, KEYSTROKES);
const ROUNDS = Math.ceil(KEYSTROKES / BURST);
const SERVICES = Number(args.services ?? 2000);
const OUT = path.resolve(args.out ?? path.join(ROOT, 'bench', 'out', 'vscode.json'));
const VSIX = path.resolve(args.vsix ?? process.env.SCALEWISE_VSIX ?? path.join(ROOT, 'scalewise.vsix'));
const KEEP = args.keep === 'true';
const FILE = 'docker-compose.yml';
const EXT_ID = 'scalewise.scalewise';

const CONFIGS = [
  { name: 'none', label: 'no extension', vsix: false, settings: {} },
  { name: 'lenses', label: 'Scalewise, code lenses on (default)', vsix: true, settings: {} },
  {
    name: 'no-lenses',
    label: 'Scalewise, scalewise.codeLens.enable: false',
    vsix: true,
    settings: { 'scalewise.codeLens.enable': false },
  },
];

const t0 = Date.now();
const log = (msg) => console.error(`vscode-bench [${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

// ------------------------------------------------------------------------------------------ helpers
/** Deterministic delays: every configuration of a round gets the same sequence. */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const WORDS = 'the quick brown fox jumps over a lazy dog while replicas scale up and down with limits set'.split(' ');
/** The text of round r's burst: a new environment entry, `NOTE_R<r>: words...`, exactly `n` characters. */
function burstText(r, n) {
  let s = `NOTE_R${r}:`;
  for (let i = 0; s.length < n; i++) s += ` ${WORDS[i % WORDS.length]}`;
  return s.slice(0, n);
}

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p95: quantile(s, 0.95), max: s.length ? s[s.length - 1] : null };
}

/** CPU ticks (utime + stime, 1/100 s) of all processes in process group `pgid`, from /proc. */
function groupTicks(pgid) {
  let ticks = 0;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks;
}

/**
 * Waits until the code-server groups (extension hosts, language servers) used at most 3 ticks
 * (30 ms of CPU) in each of two consecutive 250 ms windows, and the page had three idle periods of
 * 40 ms or more in a row (no frame or task pending). Gives up after 60 s and says so (counted in the
 * JSON): the next burst then runs on a busy machine, which the ratios must absorb.
 */
async function waitQuiet(pgids, page) {
  const deadline = Date.now() + 60_000;
  let quietWindows = 0;
  let prev = pgids.reduce((a, g) => a + groupTicks(g), 0);
  while (quietWindows < 2) {
    if (Date.now() > deadline) return false;
    await sleep(250);
    const now = pgids.reduce((a, g) => a + groupTicks(g), 0);
    quietWindows = now - prev <= 3 ? quietWindows + 1 : 0;
    prev = now;
  }
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        let n = 0;
        const end = performance.now() + 10_000;
        const step = (d) => {
          n = d.timeRemaining() >= 40 ? n + 1 : 0;
          if (n >= 3) resolve(true);
          else if (performance.now() > end) resolve(false);
          else requestIdleCallback(step, { timeout: 1000 });
        };
        requestIdleCallback(step, { timeout: 1000 });
      }),
  );
}

// ------------------------------------------------------------------------------------------ in the page
/**
 * Installed into each page once: a capture-phase keydown listener and, per burst, a MutationObserver
 * on the active editor's .view-lines. `begin(prefix, text)` arms it; key i is "painted" when a line
 * reads prefix + text.slice(0, j) with j > i (several keys can land in one frame when the main thread
 * was busy; each keeps its own keydown time).
 */
function pageRecorder() {
  const norm = (s) => s.replace(/\u00a0/g, ' ');
  const rec = { active: null, events: [] };
  window.__swTyping = rec;
  // Chrome's own view (Event Timing, what INP is made of): from the event's timeStamp to the next frame
  // presented after its handlers, in 8 ms steps; events under 16 ms are not reported at all.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (['keydown', 'keypress', 'beforeinput', 'input'].includes(e.name))
          rec.events.push({ name: e.name, startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    /* no Event Timing: eventTiming stays null */
  }
  addEventListener(
    'keydown',
    (e) => {
      const a = rec.active;
      if (!a || a.keys.length >= a.text.length || e.key !== a.text[a.keys.length]) return;
      a.keys.push({ tKey: e.timeStamp, tHandler: performance.now(), tDom: null, tPaint: null });
    },
    true,
  );
  rec.begin = (editorSel, prefix, text) => {
    const root = document.querySelector(`${editorSel} .view-lines`);
    if (!root) return 'no .view-lines in the active editor';
    const a = { prefix, text, keys: [], shown: 0, mutations: 0 };
    const check = () => {
      a.mutations++;
      let m = 0;
      for (const el of root.children) {
        const t = norm(el.textContent);
        if (!t.startsWith(prefix)) continue;
        const rest = t.slice(prefix.length);
        if (rest.length > m && rest.length <= text.length && text.startsWith(rest)) m = rest.length;
      }
      if (m <= a.shown) return;
      const now = performance.now();
      const fresh = a.keys.slice(a.shown, Math.min(m, a.keys.length));
      a.shown = Math.max(a.shown, Math.min(m, a.keys.length));
      for (const k of fresh) k.tDom = now;
      // A task posted from inside the frame runs after that frame's style, layout and paint.
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        const t = performance.now();
        for (const k of fresh) k.tPaint = t;
        ch.port1.close();
      };
      ch.port2.postMessage(0);
    };
    a.observer = new MutationObserver(check);
    a.observer.observe(root, { childList: true, subtree: true, characterData: true });
    rec.events = []; // only this burst's entries
    rec.active = a;
    return null;
  };
  rec.state = () => {
    const a = rec.active;
    return a ? { keys: a.keys.length, painted: a.keys.filter((k) => k.tPaint !== null).length } : null;
  };
  rec.end = () => {
    const a = rec.active;
    rec.active = null;
    a?.observer.disconnect();
    if (!a) return null;
    // Per key, the longest of its keydown/keypress/input entries (same timeStamp); null = under 16 ms.
    for (const k of a.keys) {
      const mine = rec.events.filter((e) => Math.abs(e.startTime - k.tKey) < 1);
      k.eventTiming = mine.length ? Math.max(...mine.map((e) => e.duration)) : null;
    }
    rec.events = [];
    return { keys: a.keys, mutations: a.mutations };
  };
}

// ------------------------------------------------------------------------------------------ state
let browser;
let work; // temporary folder: the workspace and the three profiles
const instances = []; // { cfg, profile, cs, page, language }

async function cleanup() {
  const b = browser;
  browser = undefined;
  await closeBrowser(b);
  await Promise.all(instances.map((i) => i.cs?.stop()));
  if (work && KEEP) log(`kept ${work}`);
  else if (work) fs.rmSync(work, { recursive: true, force: true });
  work = undefined;
}
process.on('exit', () => instances.forEach((i) => i.cs?.killSync('SIGKILL')));
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

const EDITOR = '.part.editor .editor-group-container.active .monaco-editor';

async function problemsLabel(page) {
  return (
    (await page
      .locator('#status\\.problems')
      .first()
      .getAttribute('aria-label', { timeout: 2000 })
      .catch(() => null)) ?? ''
  );
}

/** Opens the file and waits for what each configuration shows first (the workbench is already loaded). */
async function prepare(inst) {
  const { page, cfg } = inst;
  inst.language = await quickOpen(page, FILE, (m) => log(`${cfg.name}: ${m}`));
  await page.locator(`${EDITOR} .view-lines .view-line`).first().waitFor({ state: 'visible' });
  if (cfg.vsix) {
    // The status bar's problems item counts the file's first diagnostics.
    const label = await pollUntil(`${cfg.name}: the first diagnostics in the status bar`, async () => {
      const l = await problemsLabel(page);
      return /[1-9]/.test(l) ? l : null;
    });
    log(`${cfg.name}: first diagnostics: ${label}`);
  }
  if (cfg.name === 'lenses') {
    // VS Code cancels a pending lens request while the editor text has no focus: focus it first.
    await page
      .locator(`${EDITOR} .view-lines`)
      .first()
      .click({ position: { x: 5, y: 5 } });
    await pollUntil(`${cfg.name}: a sizing code lens`, async () =>
      (await page.locator(`${EDITOR} .codelens-decoration`).allInnerTexts()).some((t) => t.includes('×')),
    );
    log(`${cfg.name}: code lenses shown`);
  }
}

/** Cursor to the end of `line` with Ctrl+G, then a new line below it (Enter, auto-indented). Returns the indent. */
async function newLineBelow(page, line) {
  const input = page.locator('.quick-input-widget input');
  const selection = page.locator('#status\\.editor\\.selection').first();
  await page.keyboard.press('Escape'); // a suggest widget left open by the previous burst
  await pollUntil(`the cursor on line ${line} (Ctrl+G)`, async () => {
    if (!(await input.isVisible())) {
      await page.locator(`${EDITOR} textarea, ${EDITOR} .native-edit-context`).first().focus();
      await page.keyboard.press('Control+G');
      await input.waitFor({ state: 'visible', timeout: 5000 });
    }
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5000 });
    return (await selection.innerText({ timeout: 2000 })).startsWith(`Ln ${line},`);
  });
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const sel = await pollUntil(`the cursor on the new line ${line + 1}`, async () => {
    const t = await selection.innerText({ timeout: 2000 });
    return t.startsWith(`Ln ${line + 1},`) ? t : null;
  });
  const col = Number(/Col (\d+)/.exec(sel)?.[1]);
  if (!col) fail(`cannot read the column from the status bar: ${sel}`);
  return ' '.repeat(col - 1);
}

async function typeBurst(inst, round, line, pgids) {
  const { page, cfg } = inst;
  const text = burstText(round, BURST);
  const indent = await newLineBelow(page, line);
  const quiet = await waitQuiet(pgids, page);
  const lenses = await page.locator(`${EDITOR} .codelens-decoration`).count(); // all of them, not only in view
  const loadavg = os.loadavg()[0];
  const problems = await problemsLabel(page);
  const err = await page.evaluate(([sel, p, t]) => window.__swTyping.begin(sel, p, t), [EDITOR, indent, text]);
  if (err) fail(`${cfg.name}: ${err}`);
  const rnd = mulberry32(1000 + round);
  const started = Date.now();
  for (const ch of text) {
    await page.keyboard.type(ch);
    await sleep(50 + Math.round(rnd() * 100));
  }
  const typedMs = Date.now() - started;
  await pollUntil(
    `${cfg.name}: all ${text.length} keystrokes of round ${round} shown in the editor`,
    async () => {
      const s = await page.evaluate(() => window.__swTyping.state());
      return s && s.keys === text.length && s.painted === text.length;
    },
    { timeout: 30_000, interval: 100 },
  ).catch(async (e) => {
    const s = await page.evaluate(() => window.__swTyping.state()).catch(() => null);
    fail(`${e.message} (state: ${JSON.stringify(s)})`);
  });
  const { keys, mutations } = await page.evaluate(() => window.__swTyping.end());
  const latency = keys.map((k) => k.tPaint - k.tKey);
  const inputDelay = keys.map((k) => k.tHandler - k.tKey); // queued before the first keydown listener ran
  const toDom = keys.map((k) => k.tDom - k.tKey); // until Monaco's render put the character into the DOM
  const eventTiming = keys.map((k) => k.eventTiming); // Chrome's Event Timing duration, null = under 16 ms
  const s = stats(latency);
  log(
    `${cfg.name.padEnd(9)} round ${round}: ${keys.length} keys in ${(typedMs / 1000).toFixed(1)} s, ` +
      `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms` +
      ` (${lenses} lens elements, problems: ${problems || '?'}${quiet ? '' : ', machine not quiet'})`,
  );
  return {
    round,
    config: cfg.name,
    text,
    indent: indent.length,
    quiet,
    lensesInDom: lenses,
    loadavg,
    problems,
    mutations,
    latency,
    inputDelay,
    toDom,
    eventTiming,
    typedMs,
  };
}

// ------------------------------------------------------------------------------------------ activation
async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await pollUntil(`the command "${title}"`, async () => {
    if (!(await input.isVisible())) {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5000 });
    }
    if ((await input.inputValue()) !== `>${title}`) await input.fill(`>${title}`);
    const row = rows.filter({ hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5000 });
    return true;
  });
}

/** Developer: Startup Performance, the Extension Activation Stats row of Scalewise (found with Ctrl+F). */
async function startupPerformanceRow(page) {
  await runCommand(page, 'Developer: Startup Performance');
  await pollUntil('the Startup Performance editor', async () =>
    ((await page.locator('.tabs-container .tab.active').first().getAttribute('aria-label')) ?? '').includes(
      'Startup Performance',
    ),
  );
  const lines = page.locator(`${EDITOR} .view-lines .view-line`);
  await pollUntil('the Startup Performance text', async () => (await lines.count()) > 3);
  await page
    .locator(`${EDITOR} .view-lines`)
    .first()
    .click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+F');
  const find = page.locator(`${EDITOR} .find-widget textarea, ${EDITOR} .find-widget input`).first();
  await find.waitFor({ state: 'visible', timeout: 10_000 });
  await find.fill(EXT_ID);
  await page.keyboard.press('Enter');
  const row = await pollUntil(
    `the ${EXT_ID} row of Extension Activation Stats`,
    async () => {
      for (const t of await lines.allInnerTexts()) {
        const cells = t
          .replace(/\u00a0/g, ' ')
          .split('|')
          .map((c) => c.trim());
        if (cells[1] === EXT_ID && cells.length >= 9) return cells.slice(1, -1);
      }
      await find.press('Enter'); // the next match
      return null;
    },
    { timeout: 20_000, interval: 500 },
  );
  await page.keyboard.press('Escape');
  const [, eager, load, call, finish, event, by] = row;
  return {
    eager: eager === 'true',
    codeLoadingTime: Number(load),
    activateCallTime: Number(call),
    activateResolvedTime: Number(finish),
    event,
    by,
  };
}

/** Developer: Show Running Extensions, the "Activation: N ms" text of the Scalewise row. */
async function runningExtensionsFigure(page) {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .extension').filter({ hasText: 'Scalewise' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  return (await row.locator('.activation-time').innerText()).trim();
}

// ------------------------------------------------------------------------------------------ main
async function main() {
  const missing = missingPrerequisites();
  if (missing.length) fail(missing.join('\n'));
  if (!fs.existsSync(VSIX)) fail(`vsix not found: ${VSIX} (npm run package, or --vsix=FILE)`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-vscode-bench-'));
  const workspace = path.join(work, 'workspace');
  fs.mkdirSync(workspace);
  const text = composeFile(SERVICES);
  fs.writeFileSync(path.join(workspace, FILE), text);
  const middle = `  svc${String(Math.floor(SERVICES / 2)).padStart(4, '0')}:`;
  const lines = text.split('\n');
  const svcLine = lines.indexOf(middle);
  const target = lines.findIndex((l, i) => i > svcLine && l.startsWith('      SERVICE_NAME: ')) + 1; // 1-based
  if (svcLine < 0 || target <= 0) fail(`no SERVICE_NAME line under ${middle.trim()} in the generated file`);
  log(
    `${FILE}: ${SERVICES} services, ${lines.length - 1} lines, ${(text.length / 1024).toFixed(0)} KB; typing below line ${target}`,
  );
  log(`${ROUNDS} rounds x ${BURST} keystrokes per configuration`);

  for (const cfg of CONFIGS) {
    const root = path.join(work, cfg.name);
    fs.mkdirSync(root);
    const profile = makeProfile(root, { ...QUIET_SETTINGS, ...cfg.settings });
    if (cfg.vsix) installVsix(VSIX, profile, (m) => log(`${cfg.name}: ${m}`));
    instances.push({ cfg, profile });
  }
  await Promise.all(
    instances.map(async (i) => {
      i.cs = await startCodeServer(i.profile, workspace, { log: (m) => log(`${i.cfg.name}: ${m}`) });
    }),
  );
  browser = await launchBrowser();
  for (const i of instances) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    i.page = await context.newPage();
    i.page.setDefaultTimeout(90_000);
    await i.page.addInitScript(pageRecorder);
  }
  // The workbenches load side by side (no Scalewise activation yet: it waits for a Compose file), then
  // the file is opened in one after another, so each activation is timed without another beside it.
  await Promise.all(
    instances.map((i) => openWorkbench(i.page, i.cs.base, workspace, FILE, (m) => log(`${i.cfg.name}: ${m}`))),
  );
  for (const i of instances) await prepare(i);
  const pgids = instances.map((i) => i.cs.pid);

  const bursts = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = CONFIGS.map((_, k) => instances[(k + r) % instances.length]);
    for (const inst of order) {
      for (const i of instances) if (i.cs.exited()) fail(`${i.cfg.name}: code-server exited`);
      bursts.push(await typeBurst(inst, r, target, pgids));
    }
  }

  const activation = {};
  for (const i of instances.filter((x) => x.cfg.vsix)) {
    await i.page.keyboard.press('Escape');
    const stats = await startupPerformanceRow(i.page);
    const shown = await runningExtensionsFigure(i.page).catch((e) => `(not read: ${e.message.split('\n')[0]})`);
    activation[i.cfg.name] = { ...stats, runningExtensions: shown };
    log(`${i.cfg.name}: activation ${JSON.stringify(activation[i.cfg.name])}`);
  }

  // ---------------------------------------------------------------- report
  const per = {};
  for (const cfg of CONFIGS) {
    const mine = bursts.filter((b) => b.config === cfg.name);
    per[cfg.name] = {
      latency: stats(mine.flatMap((b) => b.latency)),
      inputDelay: stats(mine.flatMap((b) => b.inputDelay)),
      toDom: stats(mine.flatMap((b) => b.toDom)),
      // keys Chrome did not report took under 16 ms: counted as 16, an upper bound
      eventTiming: stats(mine.flatMap((b) => b.eventTiming.map((v) => v ?? 16))),
      eventTimingUnder16: mine.flatMap((b) => b.eventTiming).filter((v) => v === null).length,
      roundMedians: mine.map((b) => stats(b.latency).median),
    };
  }
  const base = per.none.latency;
  const ratio = (c, k) => (base[k] ? per[c].latency[k] / base[k] : null);
  const f = (v, d = 1) => (v === null || v === undefined ? '–' : v.toFixed(d));
  const out = [];
  out.push(
    `Typing in a ${SERVICES}-service Compose file (${lines.length - 1} lines) in code-server 4.100.3 (VS Code 1.100),`,
  );
  out.push(
    `${ROUNDS} interleaved rounds x ${BURST} keystrokes per configuration; keydown -> frame showing the character, ms.`,
  );
  out.push('');
  out.push(
    '| configuration | keys | median | p95 | max | median / none | p95 / none | round medians | Event Timing median / p95 |',
  );
  out.push('|---|--:|--:|--:|--:|--:|--:|---|--:|');
  for (const cfg of CONFIGS) {
    const s = per[cfg.name].latency;
    const rounds = per[cfg.name].roundMedians.map((v) => f(v)).join(', ');
    const ratios = `${f(ratio(cfg.name, 'median'), 2)} | ${f(ratio(cfg.name, 'p95'), 2)}`;
    const et = per[cfg.name].eventTiming;
    const events = `${f(et.median, 0)} / ${f(et.p95, 0)}`;
    out.push(
      `| ${cfg.label} | ${s.n} | ${f(s.median)} | ${f(s.p95)} | ${f(s.max)} | ${ratios} | ${rounds} | ${events} |`,
    );
  }
  out.push('');
  out.push("Extension activation (VS Code's figures, ms):");
  out.push('');
  out.push(
    '| configuration | event | load code | call activate | Running Extensions shows | finish activate (promise resolved) |',
  );
  out.push('|---|---|--:|--:|---|--:|');
  for (const [name, a] of Object.entries(activation)) {
    out.push(
      `| ${name} | ${a.event} | ${a.codeLoadingTime} | ${a.activateCallTime} | ${a.runningExtensions} | ${a.activateResolvedTime} |`,
    );
  }
  const loads = bursts.map((b) => b.loadavg);
  out.push(
    '',
    `1-minute load average at the bursts' starts: ${f(Math.min(...loads))}-${f(Math.max(...loads))} (${os.cpus().length} CPUs).`,
  );
  const notQuiet = bursts.filter((b) => !b.quiet).length;
  if (notQuiet)
    out.push('', `${notQuiet} of ${bursts.length} bursts started without the machine going quiet within 60 s.`);
  console.log(out.join('\n'));

  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(
    OUT,
    JSON.stringify(
      {
        when: new Date().toISOString(),
        codeServer: '4.100.3',
        languageMode: Object.fromEntries(instances.map((i) => [i.cfg.name, i.language])),
        file: { services: SERVICES, lines: lines.length - 1, bytes: text.length, typedBelowLine: target },
        options: { keystrokes: KEYSTROKES, burst: BURST, rounds: ROUNDS, delayMs: [50, 150] },
        configs: CONFIGS.map(({ name, label, settings }) => ({ name, label, settings })),
        summary: per,
        ratios: Object.fromEntries(
          CONFIGS.map((c) => [c.name, { median: ratio(c.name, 'median'), p95: ratio(c.name, 'p95') }]),
        ),
        activation,
        bursts,
      },
      null,
      1,
    ),
  );
  log(`wrote ${OUT}`);
}

let code = 0;
try {
  await main();
} catch (e) {
  code = 1;
  if (interrupted) console.error(`vscode-bench: FAIL: interrupted by ${interrupted}`);
  else if (e instanceof E2EError) console.error(`vscode-bench: FAIL: ${e.message}`);
  else {
    const lines = String(e?.stack || e).split('\n');
    console.error(`vscode-bench: FAIL: ${lines.slice(0, 12).join('\n')}`);
  }
  for (const i of instances) {
    if (i.page) {
      const shot = path.join(ROOT, '.tmp', `vscode-bench-failure-${i.cfg.name}.png`);
      await i.page
        .screenshot({ path: shot, timeout: 10_000 })
        .then(() => console.error(`screenshot: ${shot}`))
        .catch(() => {});
    }
    if (i.cs) console.error(`${i.cfg.name} code-server log (tail):\n${tail(i.cs.logFile, 10)}`);
  }
} finally {
  await cleanup();
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s, exit ${code}`);
}
process.exit(code);
