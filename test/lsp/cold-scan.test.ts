/**
 * Cold start in a large workspace (issue 11, item 4): the first diagnostics of a document opened
 * right after `initialized` do not wait for the workspace scan, the walk of the folders does not
 * hold up the messages that arrive meanwhile, and once the scan has read the scripts the
 * diagnostics are refined. Order is read from the one stream the server writes (its log lines and
 * the publishes, in the order they arrived), never from a time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { fileUri, LspClient } from '../helpers/lsp-client';
import { generateWorkspace, type GeneratedWorkspace } from './workspace-fixture';

const HOST_PORT = 'compose/host-port-conflict';
const isWalked = (m: string) => /^\[scalewise\] workspace scan \(start\) walked \d+ files/.test(m);
const isDone = (m: string) => /^\[scalewise\] workspace scan \(start\) done: /.test(m);
const scaledByScript = (ds: readonly Diagnostic[]) =>
  ds.some((d) => d.code === HOST_PORT && /--scale svc0=2 in scale-0\.sh:3/.test(String(d.message)));

describe('cold start in a workspace of 4,000 files', () => {
  let dir: string;
  let ws: GeneratedWorkspace;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-cold-'));
    ws = generateWorkspace(dir, 100);
    assert.equal(ws.files, 4000);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a request is answered while the folders are walked; first diagnostics before the scan ends, refined after it', async () => {
    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      settings: { debounceMs: 0 },
      timeoutMs: 120_000,
    });
    try {
      // Sent right after `initialized`: the walk of 4,000 files has just begun.
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: fileUri(path.join(dir, 'not-open.yaml')) },
        position: { line: 0, character: 0 },
      });
      assert.equal(hover, null);
      assert.ok(!client.messages.some(isWalked), `answered before the walk ended:\n${client.log}`);

      const u = fileUri(ws.compose);
      await client.open(u, fs.readFileSync(ws.compose, 'utf8'));
      const first = await client.diagnostics(u);
      assert.ok(!client.messages.some(isDone), `the first diagnostics came before the scan ended:\n${client.log}`);
      assert.ok(!scaledByScript(first), 'no script facts yet');

      await client.waitFor('the scan to end', () => client.messages.some(isDone));
      const refined = await client.diagnostics(u, scaledByScript);
      assert.ok(refined.length > first.length, 'the scripts add findings');
      const onSvc0 = { textDocument: { uri: u }, position: { line: 1, character: 3 } };
      const h = await client.request<Hover | null>('textDocument/hover', onSvc0);
      assert.match(
        (h?.contents as MarkupContent).value,
        /\*\*svc0\*\*: 2 replicas \(--scale svc0=2 in scale-0\.sh:3\)/,
      );
    } finally {
      await client.shutdown();
    }
  });
});
