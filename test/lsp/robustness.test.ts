/**
 * The real language server over stdio, kept alive by hostile documents: a document nested
 * thousands of levels deep, edited several times (each edit used to be a fresh chance for V8 to
 * abort the process, and the editor restarted it into the same crash).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { fileUri, LspClient } from '../helpers/lsp-client';

const flow = (depth: number) => `services: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
const block = (depth: number) =>
  ['services:', ...Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}a${i}:`)].join('\n') + ' 1\n';

const codes = (ds: Diagnostic[]) =>
  ds.map((d) => `${String(d.code)}: ${typeof d.message === 'string' ? d.message.slice(0, 40) : ''}`);

describe('language server on deeply nested documents', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lsp-deep-'));
    client = await LspClient.start({ settings: { ...DEFAULT_SETTINGS, debounceMs: 10 } });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('survives edits of a document nested 2,500 to 11,000 deep, reporting the limit each time', async () => {
    const uri = fileUri(path.join(dir, 'compose.yaml'));
    await client.open(uri, flow(2500));
    const tooDeep = (ds: Diagnostic[]) =>
      ds.length === 1 &&
      ds[0]!.code === 'yaml/syntax-error' &&
      /nests deeper than the limit of 256/.test(String(ds[0]!.message));
    assert.ok(tooDeep(await client.diagnostics(uri)), 'the limit finding');
    for (const text of [
      flow(3000),
      flow(2800),
      flow(5500),
      `services: ${'['.repeat(11_000)}\n`,
      block(3000),
      flow(3000),
    ]) {
      await client.change(uri, [{ text }]);
      const ds = await client.diagnostics(uri);
      assert.ok(tooDeep(ds), `${JSON.stringify(codes(ds))}\n${client.log.slice(-2000)}`);
      // The requests an editor sends on every edit.
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
      await client.request('textDocument/codeLens', { textDocument: { uri } });
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
        context: { diagnostics: ds },
      });
    }
    // Back to an ordinary file: linted as usual, by the same process.
    await client.change(uri, [
      { text: 'services:\n  web:\n    image: nginx\n    container_name: web\n    deploy: {replicas: 3}\n' },
    ]);
    const ds = await client.diagnostics(uri);
    assert.ok(
      ds.some((d) => d.code === 'compose/container-name-blocks-scale'),
      JSON.stringify(codes(ds)),
    );
    assert.ok(client.alive, 'the server is still running');
    assert.ok(!/RegExpCompiler|call stack|FATAL/.test(client.log), client.log.slice(-2000));
  });

  test('scalewise.limits.maxNestingDepth raises the limit for the documents it covers', async () => {
    const raised = await LspClient.start({
      settings: { ...DEFAULT_SETTINGS, debounceMs: 10, limits: { maxNestingDepth: 400 } },
    });
    try {
      const uri = fileUri(path.join(dir, 'raised', 'compose.yaml'));
      await raised.open(uri, flow(300));
      const ds = await raised.diagnostics(uri);
      assert.ok(!ds.some((d) => /nests deeper/.test(String(d.message))), JSON.stringify(codes(ds)));
    } finally {
      await raised.shutdown();
    }
  });
});
