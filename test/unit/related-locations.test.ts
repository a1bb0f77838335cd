/**
 * A finding's related places (the other services that repeat a key) reach every edge: the LSP
 * diagnostic's relatedInformation, SARIF's relatedLocations and the JSON output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, lint } from '../../server/src/engine';
import { formatJson } from '../../server/src/formatters/json';
import { formatSarif } from '../../server/src/formatters/sarif';
import type { FileReport } from '../../server/src/formatters/types';
import { toDiagnostic } from '../../server/src/handlers/convert';

const STACK =
  '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    scale: 2\n  api:\n    image: api\n    scale: 3\n';
const URI = 'file:///w/stack.yml';

function finding() {
  const result = lint(STACK, { uri: URI, only: ['swarm/compose-only-keys'] });
  assert.equal(result.findings.length, 1, 'one finding for the key, not one per service');
  return { result, f: result.findings[0]! };
}

function report(): FileReport {
  const { result } = finding();
  return {
    path: 'stack.yml',
    kind: result.kind,
    kindReason: result.kindReason,
    findings: result.findings,
    hints: [],
    index: new LineIndex(STACK),
    fixed: 0,
    notes: [],
  };
}

test('LSP: the other places become relatedInformation in the same document', () => {
  const { f } = finding();
  const doc = TextDocument.create(URI, 'yaml', 1, STACK);
  const d = toDiagnostic(doc, f, 0);
  assert.deepEqual(d.relatedInformation, [
    {
      location: { uri: URI, range: { start: { line: 7, character: 4 }, end: { line: 7, character: 9 } } },
      message: 'scale also on service "api"',
    },
  ]);
});

test('LSP: a client that does not accept related information gets none', () => {
  const { f } = finding();
  const d = toDiagnostic(TextDocument.create(URI, 'yaml', 1, STACK), f, 0, { relatedInformation: false });
  assert.equal(d.relatedInformation, undefined);
});

test('SARIF: relatedLocations with ids, regions and messages', () => {
  const sarif = JSON.parse(formatSarif([report()], '0.0.0'));
  const result = sarif.runs[0].results[0];
  assert.deepEqual(result.relatedLocations, [
    {
      id: 1,
      physicalLocation: {
        artifactLocation: { uri: 'stack.yml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 8, startColumn: 5, endLine: 8, endColumn: 10 },
      },
      message: { text: 'scale also on service "api"' },
    },
  ]);
});

test('JSON: related places with line and column', () => {
  const json = JSON.parse(formatJson([report()]));
  assert.deepEqual(json[0].findings[0].related, [
    { message: 'scale also on service "api"', startLine: 8, startColumn: 5, endLine: 8, endColumn: 10 },
  ]);
});
