/**
 * What the VS Code commands of issue 12 ask the server, over stdio against the built server:
 * "Show Rule Documentation" lists the rule table (RuleListRequest), and "Fix All Safe Problems"
 * says what it fixed from pulls of the file's diagnostics before and after the fix-all edit,
 * as client/src/commands.ts does.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, DocumentDiagnosticReport, TextEdit } from 'vscode-languageserver-protocol';
import { fixAllSummary, noSafeFixes } from '../../client/src/fix-summary';
import { ruleItems } from '../../client/src/rule-items';
import { RULES } from '../../server/src/engine';
import {
  FIX_ALL_KIND,
  RuleListRequest,
  ruleFileName,
  SERVER_SOURCE,
  type RuleSummary,
} from '../../server/src/protocol';
import { LspClient, PULL_CAPABILITIES, repoRoot } from '../helpers/lsp-client';

const whole = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

const STACK = [
  '# scalewise: kind=swarm',
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    container_name: web',
  '    deploy:',
  '      replicas: 3',
  '      resources:',
  '        limits:',
  '          cpus: 0.5',
  '          memory: 256M',
  '  worker:',
  '    image: busybox:1.36',
  '    container_name: worker',
  '    deploy:',
  '      replicas: 2',
  '',
].join('\n');

describe('the client commands over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ capabilities: PULL_CAPABILITIES });
  });
  after(async () => {
    await client.shutdown();
  });

  /** The rule ids of the file's Scalewise findings, from a pull (ctx.ts `findings`). */
  async function findings(uri: string): Promise<string[]> {
    const r = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(r.kind, 'full');
    return r.items.flatMap((d) => (d.source === SERVER_SOURCE && typeof d.code === 'string' ? [d.code] : []));
  }

  async function fixAllAction(uri: string): Promise<CodeAction | undefined> {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: whole,
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    return actions.find((a) => a.kind === FIX_ALL_KIND);
  }

  test('the rule list is the rule table: every rule once, with its summary, severity and fix, and a page in docs/rules', async () => {
    const rules = await client.request<RuleSummary[]>(RuleListRequest.method, undefined);
    assert.deepEqual(
      rules.map((r) => r.id),
      RULES.map((r) => r.meta.id),
    );
    for (const [i, r] of rules.entries()) {
      const meta = RULES[i]!.meta;
      assert.equal(r.summary, meta.docs.summary);
      assert.equal(r.defaultSeverity, meta.defaultSeverity);
      assert.equal(r.fixable, meta.fixable ?? null);
      assert.deepEqual(r.kinds, [...meta.kinds]);
      assert.ok(fs.existsSync(path.join(repoRoot(), 'docs/rules', `${ruleFileName(r.id)}.md`)), r.id);
    }
    // The QuickPick: every rule once, under separators of its family.
    const items = ruleItems(rules);
    assert.equal(items.filter((i) => 'ruleId' in i).length, RULES.length);
    assert.ok(items.some((i) => 'separator' in i && i.separator === 'compose'));
  });

  test('Fix All: the message counts the findings the edit removed, by rule, and those left', async () => {
    const uri = 'file:///client-commands-test/stack.yml';
    await client.open(uri, STACK);
    const before = await findings(uri);
    assert.deepEqual([...before].sort(), [
      'compose/missing-resource-limits',
      'swarm/container-name-ignored',
      'swarm/container-name-ignored',
      'swarm/cpus-must-be-string',
    ]);
    const action = await fixAllAction(uri);
    assert.ok(action, 'a fix-all action');
    const change = action.edit?.documentChanges?.[0] as { edits: TextEdit[] } | undefined;
    assert.ok(change);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, STACK), change.edits);
    await client.change(uri, [{ text: fixed }]);
    const after = await findings(uri);
    assert.deepEqual(after, ['compose/missing-resource-limits']);
    assert.equal(
      fixAllSummary(before, after),
      'Scalewise fixed 3 problems: 2 × swarm/container-name-ignored, 1 × swarm/cpus-must-be-string. 1 problem left (no safe fix).',
    );
    // Run again: nothing safe is left to fix.
    assert.equal(await fixAllAction(uri), undefined);
    assert.equal(
      noSafeFixes(after),
      'No safe fixes in this file: its 1 problem needs a suggested fix or a change by hand.',
    );
  });
});
