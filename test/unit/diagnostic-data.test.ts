/**
 * What a diagnostic carries (handlers/convert.ts) and what the code-action handler reads back
 * (handlers/code-actions.ts): `data.version` and `data.index` name the finding of the lint result
 * the diagnostic came from; tags come from rule metadata, not from rule ids in the handler.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodeActionKind, DiagnosticTag, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lint, RULES, RULES_BY_ID } from '../../server/src/engine';
import type { Finding, LintResult } from '../../server/src/engine/types';
import { codeActions } from '../../server/src/handlers/code-actions';
import { toDiagnostic } from '../../server/src/handlers/convert';

const URI = 'file:///w/compose.yaml';
const TEXT = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';

function setup(version: number) {
  const doc = TextDocument.create(URI, 'yaml', version, TEXT);
  const result = lint(TEXT, { uri: URI });
  const relint = (text: string) => lint(text, { uri: URI });
  return { doc, result, relint };
}

function quickFixTitles(
  doc: TextDocument,
  result: LintResult,
  d: Diagnostic,
  relint: (t: string) => LintResult,
): string[] {
  const params: CodeActionParams = {
    textDocument: { uri: URI },
    range: d.range,
    context: { diagnostics: [d], only: [CodeActionKind.QuickFix] },
  };
  return codeActions(doc, result, params, relint)
    .map((a) => a.title)
    .filter((t) => !/^(Disable|Show documentation)/.test(t));
}

describe('code actions read data.version and data.index', () => {
  test('a diagnostic of the current version gets its finding’s fix', () => {
    const { doc, result, relint } = setup(3);
    const i = result.findings.findIndex((f) => f.ruleId === 'compose/obsolete-version');
    assert.ok(i >= 0);
    assert.deepEqual(quickFixTitles(doc, result, toDiagnostic(doc, result.findings[i]!, i), relint), [
      'Remove the obsolete version',
    ]);
  });

  test('a diagnostic of an older version of the document gets no fix (it named another text)', () => {
    const { doc, result, relint } = setup(3);
    const i = result.findings.findIndex((f) => f.ruleId === 'compose/obsolete-version');
    const older = toDiagnostic(TextDocument.create(URI, 'yaml', 2, TEXT), result.findings[i]!, i);
    assert.deepEqual(quickFixTitles(doc, result, older, relint), []);
  });

  test('two findings of one rule at one place: each diagnostic gets its own finding’s fix', () => {
    const { doc, result, relint } = setup(1);
    const i = result.findings.findIndex((f) => f.ruleId === 'compose/obsolete-version');
    const first = result.findings[i]!;
    const second: Finding = {
      ...first,
      messageId: 'obsoleteStack',
      fixes: first.fixes.map((f) => ({ ...f, title: 'Second fix' })),
    };
    const both: LintResult = { ...result, findings: [...result.findings, second] };
    const d = toDiagnostic(doc, second, both.findings.length - 1);
    assert.deepEqual(quickFixTitles(doc, both, d, relint), ['Second fix']);
  });

  test('a diagnostic without our data (another client’s copy) still finds its finding by place', () => {
    const { doc, result, relint } = setup(1);
    const i = result.findings.findIndex((f) => f.ruleId === 'compose/obsolete-version');
    const { data: _data, ...bare } = toDiagnostic(doc, result.findings[i]!, i);
    assert.deepEqual(quickFixTitles(doc, result, bare, relint), ['Remove the obsolete version']);
  });
});

describe('diagnostic tags come from rule metadata', () => {
  const TAG = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated } as const;

  test('compose/obsolete-version is tagged unnecessary in its metadata', () => {
    assert.deepEqual(RULES_BY_ID.get('compose/obsolete-version')?.meta.tags, ['unnecessary']);
  });

  test('every rule’s diagnostic carries the tags its metadata names, and no other', () => {
    const doc = TextDocument.create(URI, 'yaml', 1, TEXT);
    for (const rule of RULES) {
      const finding: Finding = {
        ruleId: rule.meta.id,
        messageId: Object.keys(rule.meta.messages)[0]!,
        message: 'm',
        severity: rule.meta.defaultSeverity,
        range: { start: 0, end: 1 },
        fixes: [],
      };
      const tags = toDiagnostic(doc, finding, 0).tags;
      assert.deepEqual(
        tags ?? [],
        (rule.meta.tags ?? []).map((t) => TAG[t]),
        rule.meta.id,
      );
    }
  });
});
