/**
 * The walkthrough and the icon of package.json (issue 12): one walkthrough of four steps whose
 * media exist and ship in the vsix, whose links and completion events name commands that exist,
 * and a 128×128 PNG icon that scripts/make-icon.mjs draws.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Commands } from '../../server/src/protocol';
import { repoRoot } from '../helpers/lsp-client';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; svg?: string; image?: string; altText?: string };
  completionEvents?: string[];
}
interface Manifest {
  icon?: string;
  contributes: { walkthroughs?: { id: string; title: string; steps: Step[] }[] };
}
const root = repoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const walkthroughs = manifest.contributes.walkthroughs ?? [];
const steps = walkthroughs.flatMap((w) => w.steps);
const media = steps.flatMap((s) => [s.media.markdown, s.media.svg, s.media.image].filter((m) => m !== undefined));
/** VS Code's own commands the steps may run. */
const BUILT_IN = ['workbench.actions.view.problems'];

test('one walkthrough of four steps: open an example, see a finding, apply a fix, read a sizing lens', () => {
  assert.equal(walkthroughs.length, 1);
  assert.deepEqual(
    steps.map((s) => s.id),
    ['openExample', 'seeFinding', 'fixAll', 'sizingLens'],
  );
  assert.equal(media.length, 4, 'each step has media');
  for (const m of media) assert.ok(fs.statSync(path.join(root, m)).size > 0, `${m} exists`);
});

test("the steps' links and completion events name commands that exist", () => {
  const table = Object.values(Commands) as string[];
  const named = steps.flatMap((s) => [
    ...[...s.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!),
    ...(s.completionEvents ?? []).flatMap((e) => (e.startsWith('onCommand:') ? [e.slice('onCommand:'.length)] : [])),
  ]);
  assert.ok(named.includes(Commands.openExample) && named.includes(Commands.fixAll));
  assert.deepEqual(
    named.filter((c) => !table.includes(c) && !BUILT_IN.includes(c)),
    [],
  );
  for (const s of steps) assert.ok(/\]\(command:/.test(s.description), `${s.id} has a button`);
});

test('the icon is a 128×128 RGBA PNG, the one scripts/make-icon.mjs draws', () => {
  assert.equal(manifest.icon, 'media/icon.png');
  const png = fs.readFileSync(path.join(root, 'media/icon.png'));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]], [128, 128, 8, 6]);
  const check = spawnSync(process.execPath, [path.join(root, 'scripts/make-icon.mjs'), '--check'], {
    encoding: 'utf8',
  });
  assert.equal(check.status, 0, check.stderr);
});

test('the vsix ships the icon, the walkthrough media and the example (vsce ls, .vscodeignore)', () => {
  const ls = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  assert.equal(ls.status, 0, ls.stderr);
  const files = new Set(ls.stdout.split('\n').filter(Boolean));
  for (const f of ['media/icon.png', 'media/walkthrough/example-compose.yaml', ...media]) assert.ok(files.has(f), f);
  assert.ok(!files.has('scripts/make-icon.mjs'), 'the script stays out');
});
