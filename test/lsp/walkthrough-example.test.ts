/**
 * The walkthrough's example (media/walkthrough/example-compose.yaml), as "Scalewise: Open
 * Walkthrough Example" opens it: an unsaved document (`untitled:`), found to be Compose by its
 * modeline. Its steps promise findings, a Fix All that leaves the container_name, and a sizing
 * lens; this checks each against the server.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, DocumentDiagnosticReport, TextEdit } from 'vscode-languageserver-protocol';
import { fixAllSummary } from '../../client/src/fix-summary';
import { FIX_ALL_KIND, SERVER_SOURCE } from '../../server/src/protocol';
import { LspClient, PULL_CAPABILITIES, repoRoot } from '../helpers/lsp-client';

const EXAMPLE = fs.readFileSync(path.join(repoRoot(), 'media/walkthrough/example-compose.yaml'), 'utf8');
const uri = 'untitled:Untitled-1';

describe('the walkthrough example', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ capabilities: PULL_CAPABILITIES });
    await client.open(uri, EXAMPLE);
  });
  after(async () => {
    await client.shutdown();
  });

  async function findings(): Promise<{ code: string; line: number }[]> {
    const r = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(r.kind, 'full');
    return r.items
      .filter((d) => d.source === SERVER_SOURCE)
      .map((d) => ({ code: String(d.code), line: d.range.start.line }));
  }

  const lensTitles = async () => (await client.codeLenses(uri)).map((l) => [l.range.start.line, l.command?.title]);

  test('the findings of step 2, the Fix All of step 3 and the lenses of step 4', async () => {
    const before = await findings();
    assert.deepEqual(before, [
      { code: 'compose/obsolete-version', line: 3 },
      { code: 'compose/container-name-blocks-scale', line: 7 },
      { code: 'compose/legacy-resource-keys', line: 10 },
      { code: 'compose/legacy-resource-keys', line: 11 },
    ]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    const change = actions[0]?.edit?.documentChanges?.[0] as { edits: TextEdit[] } | undefined;
    assert.ok(change, 'a fix-all action');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, EXAMPLE), change.edits);
    await client.change(uri, [{ text: fixed }]);
    const after = await findings();
    assert.deepEqual(after, [{ code: 'compose/container-name-blocks-scale', line: 6 }]);
    const message = fixAllSummary(
      before.map((f) => f.code),
      after.map((f) => f.code),
    );
    assert.equal(
      message,
      'Scalewise fixed 3 problems: 2 × compose/legacy-resource-keys, 1 × compose/obsolete-version. 1 problem left (no safe fix).',
    );
    assert.match(fixed, /\n {6}resources:\n {8}limits:\n {10}memory: 256m\n {10}cpus: 0\.5\n$/);
    const lenses = await lensTitles();
    assert.deepEqual(lenses, [
      [3, '1 service, 3 containers: limits 1.5 cores, 768 MiB'],
      [4, '3 × (0.5 cores, 256 MiB) = 1.5 cores, 768 MiB'],
    ]);
    // Step 4 asks to change the replicas and read the lens again.
    const five = fixed.replace('replicas: 3', 'replicas: 5');
    await client.change(uri, [{ text: five }]);
    const fiveLenses = await lensTitles();
    assert.deepEqual(fiveLenses, [
      [3, '1 service, 5 containers: limits 2.5 cores, 1.25 GiB'],
      [4, '5 × (0.5 cores, 256 MiB) = 2.5 cores, 1.25 GiB'],
    ]);
    // What the steps' pages say is what the server says.
    const pages = ['open-example.md', 'see-finding.md', 'fix-all.md', 'sizing-lens.md']
      .map((f) => fs.readFileSync(path.join(repoRoot(), 'media/walkthrough', f), 'utf8'))
      .join('\n');
    for (const text of [message, ...lenses.map((l) => String(l[1])), ...fiveLenses.map((l) => String(l[1]))])
      assert.ok(pages.includes(text), `the walkthrough pages quote "${text}"`);
  });
});
