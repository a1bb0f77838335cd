/**
 * The server's workspace index (server/src/workspace-index.ts) gives the facts the CLI's
 * synchronous scan gives (files.ts), for the examples and a generated workspace; a save
 * changes the saved file's facts only, and a rescan reads only what changed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WorkspaceFacts } from '../../server/src/engine';
import { collectWorkspaceFacts, walk } from '../../server/src/files';
import {
  DEFAULT_SCAN_LIMITS,
  WorkspaceIndex,
  type ScanLimits,
  type ScanReport,
} from '../../server/src/workspace-index';
import { repoRoot } from '../helpers/lsp-client';
import { generateWorkspace, type GeneratedWorkspace } from './workspace-fixture';

/** What the server's scan gave before it was made asynchronous: files.ts, as the CLI uses it. */
function synchronousFacts(root: string): WorkspaceFacts {
  const walked = walk(root);
  return collectWorkspaceFacts(walked.files, walked.commandSources, (f) => fs.readFileSync(f, 'utf8'));
}

function indexOf(root: string, limits?: ScanLimits) {
  const state: { facts?: WorkspaceFacts; changes: string[]; log: string[] } = { changes: [], log: [] };
  const index = new WorkspaceIndex(
    () => [root],
    {
      openDocument: () => undefined,
      log: (m) => state.log.push(m),
      changed: (facts, why) => {
        state.facts = facts;
        state.changes.push(why);
      },
    },
    limits,
  );
  return { index, state };
}

describe('workspace index', () => {
  let dir: string;
  let ws: GeneratedWorkspace;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-index-'));
    ws = generateWorkspace(dir);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, root] of [
    ['examples/', () => path.join(repoRoot(), 'examples')],
    ['the generated 1,200 files', () => dir],
  ] as const) {
    test(`the facts of ${name} are the synchronous scan's`, async () => {
      const { index, state } = indexOf(root());
      const report = await index.scan('test');
      assert.ok(report);
      assert.deepEqual(state.facts, synchronousFacts(root()));
    });
  }

  test('the DRAKVUF Sandbox v0.18 INI pair of examples/drakvuf is in the facts (walk order), each file with its text', async () => {
    const legacy = path.join(repoRoot(), 'examples', 'drakvuf', 'legacy', 'etc');
    const { index, state } = indexOf(path.join(repoRoot(), 'examples'));
    await index.scan('test');
    assert.deepEqual(
      state.facts?.drakrunIniFiles?.map((f) => [f.path, f.text]),
      ['drakcore', 'drakrun'].map((c) => {
        const file = path.join(legacy, c, 'config.ini');
        return [file, fs.readFileSync(file, 'utf8')];
      }),
    );
  });

  test('the folders read for Kubernetes facts are known after a full scan, and none after a capped one (nothing can be said missing)', async () => {
    const k8s = path.join(repoRoot(), 'examples', 'decentralized-learning', 'k8s');
    const full = indexOf(path.join(repoRoot(), 'examples'));
    await full.index.scan('test');
    assert.ok(
      full.state.facts?.kubernetesScannedDirs?.includes(k8s),
      `${k8s} in ${JSON.stringify(full.state.facts?.kubernetesScannedDirs)}`,
    );
    const capped = indexOf(path.join(repoRoot(), 'examples'), { ...DEFAULT_SCAN_LIMITS, maxFiles: 3 });
    await capped.index.scan('test');
    assert.deepEqual(capped.state.facts?.kubernetesScannedDirs, []);
  });

  test("a save updates that file's facts; saving it unchanged re-lints nothing; a rescan reads only the changed file", async () => {
    const { index, state } = indexOf(dir);
    await index.scan('test');
    assert.equal(state.changes.length, 1);
    const script = '#!/bin/sh\ndocker compose up -d --scale svc0=9\n';
    assert.equal(index.update(ws.script, script, 2), true);
    assert.equal(state.changes.at(-1), 'scale-0.sh saved');
    assert.ok(
      state.facts!.scaleCommands.some((c) => c.service === 'svc0' && c.replicas === 9 && c.where === 'scale-0.sh:2'),
    );
    assert.equal(index.update(ws.script, script, 3), true);
    assert.equal(state.changes.length, 2, 'same facts: no change reported');
    assert.equal(index.update(path.join(dir, 'nowhere/new.sh'), script, 1), false, 'a file the scan did not see');

    fs.writeFileSync(ws.script, script);
    const report = (await index.scan('again')) as ScanReport;
    assert.equal(report.files, 1200);
    assert.equal(report.read, 1, 'only the saved script was read again');
    assert.deepEqual(state.facts, synchronousFacts(dir));
  });
});
