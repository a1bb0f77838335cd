/**
 * The server's workspace scan over stdio in a generated workspace of 1,200 files (issue item 13):
 * requests are answered while the scan runs, a save updates the saved file's facts without a new
 * walk, a newer scan stops the running one, and a scan stops at its cap. Ordering is proven by
 * the log the server writes when a scan starts and ends, never by a time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { fileUri, LspClient } from '../helpers/lsp-client';
import { generateWorkspace, type GeneratedWorkspace } from './workspace-fixture';
import { paragraph } from '../../server/src/engine/template-text';

const HOST_PORT = 'compose/host-port-conflict';
const started = (c: LspClient) =>
  c.messages.filter((m) => /^\[scalewise\] workspace scan \(.*\) started$/.test(m)).length;
const done = (c: LspClient) => c.messages.filter((m) => /^\[scalewise\] workspace scan \(.*\) done: /.test(m));

function text(h: Hover | null): string {
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
}

describe('workspace scan of 1,200 files', () => {
  let dir: string;
  let ws: GeneratedWorkspace;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-scan-'));
    ws = generateWorkspace(dir);
    assert.equal(ws.files, 1200);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(
    paragraph(
      "a hover right after initialized is answered before the scan ends; the scripts' scale counts after it; a",
      'save updates one file, without a walk',
    ),
    async () => {
      const client = await LspClient.start({
        workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
        settings: { debounceMs: 0 },
        timeoutMs: 120_000,
      });
      try {
        const u = fileUri(ws.compose);
        const compose = fs.readFileSync(ws.compose, 'utf8');
        await client.open(u, compose);
        const onSvc0 = { textDocument: { uri: u }, position: { line: 1, character: 3 } };
        const first = text(await client.request<Hover | null>('textDocument/hover', onSvc0));
        // The answer came before the scan's end on the one stream the server writes.
        assert.equal(started(client), 1, client.log);
        assert.deepEqual(done(client), [], 'the hover was answered while the scan ran');
        assert.match(first, /\*\*svc0\*\*: 1 replica/);

        await client.waitFor('the scan to end', () => done(client).length === 1);
        assert.match(done(client)[0]!, /done: 1200 files \(1200 read/);
        const scaled = await client.diagnostics(u, (ds) =>
          ds.some((d) => d.code === HOST_PORT && /--scale svc0=2 in scale-0\.sh:3/.test(String(d.message))),
        );
        assert.ok(scaled.length >= 8, 'each scaled service with a host port');
        assert.match(
          text(await client.request<Hover | null>('textDocument/hover', onSvc0)),
          /\*\*svc0\*\*: 2 replicas \(--scale svc0=2 in scale-0\.sh:3\)/,
        );

        // Save a script, as VS Code does: didSave, and a Changed event from the file watcher.
        const s = fileUri(ws.script);
        await client.open(s, fs.readFileSync(ws.script, 'utf8'), 'shellscript');
        const edited = '#!/bin/sh\ndocker compose up -d --scale svc0=6\n';
        await client.change(s, [{ text: edited }]);
        fs.writeFileSync(ws.script, edited);
        await client.notify('textDocument/didSave', { textDocument: { uri: s } });
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: s, type: 2 }] });
        await client.waitFor("the saved script's update", () =>
          client.messages.some((m) => m === '[scalewise] workspace: scale-0.sh updated'),
        );
        await client.diagnostics(u, (ds) =>
          ds.some((d) => d.code === HOST_PORT && /--scale svc0=6 in scale-0\.sh:2/.test(String(d.message))),
        );
        // A request after the save is answered, and no second scan (no walk) ran.
        assert.match(text(await client.request<Hover | null>('textDocument/hover', onSvc0)), /6 replicas/);
        assert.equal(started(client), 1, client.log);
      } finally {
        await client.shutdown();
      }
    },
  );

  test('a newer scan (files created) stops the running one, which keeps what it read', async () => {
    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      settings: { debounceMs: 0 },
      timeoutMs: 120_000,
    });
    try {
      const created = path.join(dir, 'project-00/scripts/new.sh');
      fs.writeFileSync(created, 'docker compose up -d --scale svc19=5\n');
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(created), type: 1 }] });
      await client.waitFor('a scan to end', () => done(client).length === 1);
      assert.ok(
        client.messages.some((m) => /workspace scan \(start\) stopped: a newer scan started/.test(m)),
        client.log,
      );
      assert.match(done(client)[0]!, /workspace scan \(files created or deleted\) done: 1201 files/);
      assert.match(done(client)[0]!, /271 scale commands/);
    } finally {
      await client.shutdown();
      fs.rmSync(path.join(dir, 'project-00/scripts/new.sh'), { force: true });
    }
  });

  test('a scan stops at its cap of files, and says so', async () => {
    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      initializationOptions: { workspaceScan: { maxFiles: 100 } },
      timeoutMs: 120_000,
    });
    try {
      await client.waitFor('the scan to end', () => done(client).length === 1);
      assert.match(
        done(client)[0]!,
        /done: 100 files .*stopped at 100 files and [\d.]+ MB \(limits 100 files, 200 MB\): the other files contribute no facts/,
      );
    } finally {
      await client.shutdown();
    }
  });
});
