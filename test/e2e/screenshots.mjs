#!/usr/bin/env node
// The README's screenshots, taken from the real editor (code-server + headless Chromium, the packaged
// .vsix installed): `npm run screenshots` (under scripts/docker-setup.sh, for the scale dialog).
//
//   docs/images/quick-fix.png      a finding in polis/docker-compose.yml with its quick-fix menu (Ctrl+.)
//   docs/images/sizing-hover.png   the sizing hover on `replicas: 3` in polarway/docker-compose.yml (opened as compose.yaml)
//   docs/images/scale-confirm.png  Scalewise: Scale Compose Service… at its confirmation, against the real engine
//
// Every step polls for a state (test/e2e/code-server.mjs); nothing is scaled (the dialog is cancelled).
// Environment: SCALEWISE_VSIX (default <repo>/scalewise.vsix), SCALEWISE_SCREENSHOT_DIR (default docs/images),
// DOCKER_HOST and SCALEWISE_TEST_IMAGE (scripts/docker-setup.sh sets both).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  QUIET_SETTINGS,
  ROOT,
  closeBrowser,
  installVsix,
  launchBrowser,
  makeProfile,
  missingPrerequisites,
  openWorkbench,
  pollUntil,
  quickOpen,
  startCodeServer,
} from './code-server.mjs';

const VSIX = path.resolve(process.env.SCALEWISE_VSIX || path.join(ROOT, 'scalewise.vsix'));
const OUT = path.resolve(process.env.SCALEWISE_SCREENSHOT_DIR || path.join(ROOT, 'docs', 'images'));
const IMAGE = process.env.SCALEWISE_TEST_IMAGE || 'scalewise-test/tiny:latest';
const t0 = Date.now();
const log = (msg) => console.log(`screenshots [${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

function docker(args, cwd) {
  const r = spawnSync(args[0], args.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Ctrl+G to `line:col`, waiting for the status bar to say the cursor is there. */
async function goTo(page, line, col) {
  const selection = page.locator('#status\\.editor\\.selection').first();
  const input = page.locator('.quick-input-widget input');
  const want = `Ln ${line}, Col ${col}`;
  await pollUntil(`the cursor at ${want}`, async () => {
    if ((await selection.innerText({ timeout: 2000 })).includes(want)) return true;
    if (!(await input.isVisible())) {
      await page
        .locator('.monaco-editor .view-lines')
        .first()
        .click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+G');
      await input.waitFor({ state: 'visible', timeout: 5000 });
    }
    await input.fill(`:${line}:${col}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5000 });
    return (await selection.innerText({ timeout: 2000 })).includes(want);
  });
}

async function shoot(page, name) {
  const fading = page.locator('.notifications-toasts .notification-toast:not(.notification-fade-in-done)');
  await pollUntil('toasts to settle', async () => (await fading.count()) === 0, { timeout: 5000 }).catch(() => {});
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  log(`saved ${path.relative(ROOT, file)}`);
}

async function main() {
  const missing = missingPrerequisites();
  if (missing.length) throw new Error(missing.join('\n'));
  if (!fs.existsSync(VSIX)) throw new Error(`no ${VSIX}: npm run package first`);
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-shots-'));
  const workspace = path.join(tmp, 'examples');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  // Each file opened by name must have its own (quickOpen knows the tab by its name): Compose reads compose.yaml too.
  fs.renameSync(
    path.join(workspace, 'polarway', 'docker-compose.yml'),
    path.join(workspace, 'polarway', 'compose.yaml'),
  );
  // A small Compose project running on the real engine, for the scale dialog.
  const demo = path.join(workspace, 'scale-demo');
  fs.mkdirSync(demo);
  fs.writeFileSync(
    path.join(demo, 'docker-compose.scale.yml'),
    `services:\n  web:\n    image: ${IMAGE}\n    command: ["/bin/sleep", "3600"]\n    deploy:\n      resources:\n` +
      `        limits:\n          cpus: "0.25"\n          memory: 64M\n`,
  );
  docker(['docker-compose', '-f', 'docker-compose.scale.yml', 'up', '-d'], demo);
  const profile = makeProfile(path.join(tmp, 'profile'), { ...QUIET_SETTINGS, 'window.zoomLevel': 0 });
  installVsix(VSIX, profile, log);
  const cs = await startCodeServer(profile, workspace, { log });
  let browser;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    const page = await context.newPage();
    await openWorkbench(page, cs.base, workspace, 'polis', log);

    // 1. A finding and its quick fix: the cursor on `container_name`, Ctrl+.
    await quickOpen(page, 'polis/docker-compose.yml', log);
    await pollUntil('squiggles', async () => (await page.locator('.monaco-editor .squiggly-error').count()) > 0);
    await goTo(page, 10, 5);
    const menu = page.locator('.action-widget');
    await pollUntil('the quick-fix menu', async () => {
      if (!(await menu.isVisible())) await page.keyboard.press('Control+.');
      return (await menu.locator('.monaco-list-row.action').count()) > 1;
    });
    await shoot(page, 'quick-fix.png');
    await page.keyboard.press('Escape');

    // 2. The sizing hover on a replicas value: the mouse over the `3` of `replicas: 3`.
    await quickOpen(page, 'polarway/compose.yaml', log);
    const text = fs.readFileSync(path.join(workspace, 'polarway', 'compose.yaml'), 'utf8').split('\n');
    await goTo(page, text.findIndex((l) => /^\s+replicas: 3/.test(l)) + 1, 1); // scrolls it into view
    // Monaco renders spaces as no-break spaces: \s matches both.
    const row = page
      .locator('.monaco-editor .view-line')
      .filter({ hasText: /replicas:\s3/ })
      .first();
    await row.waitFor({ state: 'visible' });
    const hover = page.locator('.monaco-hover:not(.hidden)');
    await pollUntil('the sizing hover', async () => {
      if (!(await hover.isVisible())) {
        const token = row.locator('span span').filter({ hasText: /^3$/ }).first();
        await page.mouse.move(0, 0);
        await token.hover();
      }
      // The picture is taken as soon as the hover shows the sizing, while the mouse is still on the value.
      if (!/3 replicas/.test(await hover.innerText({ timeout: 2000 }))) return false;
      log(`hover: ${(await hover.innerText()).replace(/\s+/g, ' ')}`);
      await page.screenshot({ path: path.join(OUT, 'sizing-hover.png') });
      return true;
    });
    await page.keyboard.press('Escape');

    // 3. Scale Compose Service… from the palette: pick web, type 3, the confirmation (then Cancel).
    await quickOpen(page, 'scale-demo/docker-compose.scale.yml', log);
    const input = page.locator('.quick-input-widget input');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await page.keyboard.press('F1');
    await input.fill('>Scalewise: Scale Compose Service');
    await rows.filter({ hasText: 'Scale Compose Service' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await rows.filter({ hasText: 'web' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await pollUntil('the count box', async () => (await input.getAttribute('aria-label'))?.includes('replicas'), {
      timeout: 30_000,
    }).catch(() => {});
    await input.fill('3');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    await pollUntil('the plan in the dialog', async () => {
      const text = await dialog.innerText();
      return /→ 3/.test(text);
    });
    await shoot(page, 'scale-confirm.png');
    await page.keyboard.press('Escape');
  } finally {
    await closeBrowser(browser);
    await cs.stop();
    spawnSync('docker-compose', ['-f', 'docker-compose.scale.yml', 'down', '-t', '0'], {
      cwd: demo,
      stdio: 'ignore',
    });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => log('done'),
  (err) => {
    console.error(err?.stack ?? String(err));
    process.exit(1);
  },
);
