/**
 * Code actions answer from the cached analysis (issue 11): the fix guard parses the fixed text
 * whole, and fix-all re-lints it, so their outcomes are kept with the lint result they were
 * computed for (handlers/code-actions.ts FixVerdicts). Asking again for the same result checks
 * and re-lints nothing; a new result (another version) is checked afresh.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeActionParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFix, lint } from '../../server/src/engine';
import type { LintResult } from '../../server/src/engine/types';
import { codeActions, FixVerdicts } from '../../server/src/handlers/code-actions';
import { toDiagnostic } from '../../server/src/handlers/convert';
import { FIX_ALL_KIND } from '../../server/src/protocol';

const URI = 'file:///w/docker-compose.yml';
const TEXT =
  'version: "3.8"\nservices:\n  web:\n    image: nginx\n    container_name: web\n    deploy:\n      replicas: 3\n';

function counting() {
  const calls = { checks: 0, relints: 0 };
  const verdicts = new FixVerdicts((...args: Parameters<typeof checkFix>) => {
    calls.checks++;
    return checkFix(...args);
  });
  const relint = (text: string): LintResult => {
    calls.relints++;
    return lint(text, { uri: URI });
  };
  return { calls, verdicts, relint };
}

function quickFixParams(doc: TextDocument, result: LintResult): CodeActionParams {
  const diagnostics = result.findings.map((f, i) => toDiagnostic(doc, f, i));
  return { textDocument: { uri: URI }, range: diagnostics[0]!.range, context: { diagnostics } };
}

describe('FixVerdicts', () => {
  test('quick fixes of one lint result are checked once, whatever the number of requests', () => {
    const { calls, verdicts, relint } = counting();
    const doc = TextDocument.create(URI, 'yaml', 1, TEXT);
    const result = lint(TEXT, { uri: URI });
    const fixes = result.findings.reduce((n, f) => n + f.fixes.length, 0);
    assert.ok(fixes >= 2, `the fixture has fixes to check (${fixes})`);
    const first = codeActions(doc, result, quickFixParams(doc, result), relint, verdicts);
    assert.equal(calls.checks, fixes);
    const again = codeActions(doc, result, quickFixParams(doc, result), relint, verdicts);
    assert.equal(calls.checks, fixes, 'no check for a result already checked');
    assert.deepEqual(again, first);
    // Another version of the document: another result, checked afresh.
    const next = lint(TEXT, { uri: URI });
    const doc2 = TextDocument.create(URI, 'yaml', 2, TEXT);
    codeActions(doc2, next, quickFixParams(doc2, next), relint, verdicts);
    assert.equal(calls.checks, 2 * fixes);
  });

  test('fix-all re-lints once per lint result', () => {
    const { calls, verdicts, relint } = counting();
    const doc = TextDocument.create(URI, 'yaml', 1, TEXT);
    const result = lint(TEXT, { uri: URI });
    const params: CodeActionParams = {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    };
    const first = codeActions(doc, result, params, relint, verdicts);
    assert.equal(first.length, 1, JSON.stringify(first));
    const relints = calls.relints;
    assert.ok(relints > 0);
    assert.deepEqual(codeActions(doc, result, params, relint, verdicts), first);
    assert.equal(calls.relints, relints, 'no re-lint for a result already fixed');
  });
});
