/**
 * Fix-all and quick fixes over the real server: the edits it returns are what --fix writes,
 * checked by the same guard, so codeActionsOnSave can never wipe or break a document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { FIX_ALL_KIND } from '../../server/src/protocol';
import { LspClient } from '../helpers/lsp-client';

const uri = (name: string) => `file:///fix-all-test/${name}`;

function apply(text: string, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0] as { edits: TextEdit[] } | undefined;
  assert.ok(change, `no edit in ${JSON.stringify(action)}`);
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), change.edits);
}

const whole = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

describe('fix-all over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.shutdown();
  });

  test('a document whose lines break with CR alone: fix-all removes the version line only, never the whole text', async () => {
    const text = 'version: "3.8"\rservices:\r  web:\r    image: nginx\r';
    const u = uri('cr/docker-compose.yml');
    await client.open(u, text);
    const diagnostics = await client.diagnostics(u);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [['compose/obsolete-version', 0]],
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: whole,
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    assert.equal(actions.length, 1);
    assert.equal(apply(text, actions[0]!), 'services:\r  web:\r    image: nginx\r');
    assert.match(actions[0]!.title, /\(1\)$/, 'the title says how many fixes');
  });

  test('fix-all leaves out a fix the guard refuses (an anchor still in use)', async () => {
    const text = 'version: &v "3.8"\nx-version: *v\nservices:\n  web:\n    image: nginx\n';
    const u = uri('anchored/docker-compose.yml');
    await client.open(u, text);
    await client.diagnostics(u);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: whole,
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    assert.deepEqual(actions, []);
  });

  test('a quick fix that would leave an alias without its anchor is not offered', async () => {
    const text =
      '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    container_name: &n web\n    hostname: *n\n';
    const u = uri('quick/stack.yml');
    await client.open(u, text);
    const d = (await client.diagnostics(u)).find((x: Diagnostic) => x.code === 'swarm/container-name-ignored');
    assert.ok(d);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(!titles.some((t) => t.startsWith('Remove container_name')), JSON.stringify(titles));
    assert.ok(
      titles.some((t) => t.startsWith('Disable swarm/container-name-ignored')),
      'the other actions are still there',
    );
  });
});
