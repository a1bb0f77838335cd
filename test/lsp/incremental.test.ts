/**
 * The language server re-lints an edited document incrementally from its last result
 * (document-linter.ts passes it to the engine): whatever the edits, what it publishes for each
 * version is what a freshly opened document with the same text gets, and a change of settings
 * drops the last result (a lint with other severities starts afresh).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, type ScalewiseSettings } from '../../server/src/protocol';
import { fileUri, LspClient } from '../helpers/lsp-client';

function compose(services: number): string {
  const lines = ['services:'];
  for (let i = 0; i < services; i++) {
    lines.push(`  svc${i}:`, `    image: example/svc${i}:1`);
    if (i % 3 === 0) lines.push(`    container_name: svc${i}`);
    lines.push('    ports:', `      - "${8000 + (i % 7)}:80"`, '    deploy:', `      replicas: ${1 + (i % 3)}`);
  }
  return lines.join('\n') + '\n';
}

/** What a diagnostic says, without what only its document's uri makes different. */
function shown(ds: Diagnostic[]): unknown[] {
  return ds.map((d) => {
    // The data names the document's version (a fix applies to it only).
    const { version: _version, ...data } = (d.data ?? {}) as Record<string, unknown>;
    return { range: d.range, code: d.code, severity: d.severity, message: d.message, data };
  });
}

describe('incremental re-lint in the language server', () => {
  let client: LspClient;
  let dir: string;
  let severity: 'error' | 'warning' = 'error';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-incr-'));
    client = await LspClient.start({
      settings: (): Partial<ScalewiseSettings> => ({
        ...DEFAULT_SETTINGS,
        debounceMs: 0,
        rules: { 'compose/container-name-blocks-scale': severity },
      }),
    });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The diagnostics of the same text opened afresh, as a document of its own. */
  let fresh = 0;
  async function afresh(text: string): Promise<Diagnostic[]> {
    const u = fileUri(path.join(dir, `fresh${fresh++}`, 'compose.yaml'));
    await client.open(u, text);
    const ds = await client.diagnostics(u);
    await client.close(u);
    return ds;
  }

  test('every version of an edited document gets the diagnostics of a fresh lint of its text', async () => {
    const u = fileUri(path.join(dir, 'edited', 'compose.yaml'));
    let doc = TextDocument.create(u, 'yaml', 1, compose(30));
    await client.open(u, doc.getText());
    await client.diagnostics(u);
    const at = (needle: string) => doc.positionAt(doc.getText().indexOf(needle));
    const edits: (() => TextDocumentContentChangeEvent)[] = [
      // A replica count typed over, inside one service.
      () => ({ range: { start: at('replicas: 1'), end: at('replicas: 1') }, text: '    ' }),
      () => {
        const p = at('replicas: 2\n');
        return { range: { start: { line: p.line, character: 16 }, end: { line: p.line, character: 17 } }, text: '5' };
      },
      // A service's container_name deleted, then a new service, then a document marker and an anchor.
      () => ({ range: { start: at('    container_name: svc9'), end: at('    ports:\n      - "8002') }, text: '' }),
      () => ({
        range: { start: at('  svc20:'), end: at('  svc20:') },
        text: '  extra:\n    container_name: x\n    deploy: {replicas: 2}\n',
      }),
      () => ({ range: { start: at('  svc25:'), end: at('  svc25:') }, text: '---\n' }),
      () => ({ range: { start: at('---\n'), end: at('  svc25:') }, text: 'x-base: &b\n  restart: always\n' }),
    ];
    for (const edit of edits) {
      const change = edit();
      doc = TextDocument.update(doc, [change], doc.version + 1);
      await client.change(u, [change]);
      const ds = await client.diagnostics(u);
      assert.deepEqual(shown(ds), shown(await afresh(doc.getText())), `after ${JSON.stringify(change)}`);
    }
    // A change of settings: the next lint does not start from the last one, which had the old severity.
    severity = 'warning';
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const change = { range: { start: at('  svc1:'), end: at('  svc1:') }, text: '# note\n' };
    doc = TextDocument.update(doc, [change], doc.version + 1);
    await client.change(u, [change]);
    const ds = await client.diagnostics(u);
    assert.ok(
      ds.some((d) => d.code === 'compose/container-name-blocks-scale' && d.severity === 2),
      JSON.stringify(ds.map((d) => [d.code, d.severity])),
    );
    assert.deepEqual(shown(ds), shown(await afresh(doc.getText())));
  });
});
