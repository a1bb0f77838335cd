/** Engine findings -> LSP diagnostics, at the edge. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES_BY_ID } from '../engine';
import type { Finding, RuleTag, Severity } from '../engine/types';
import { SERVER_SOURCE, type DiagnosticData } from '../protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TAG: Record<RuleTag, DiagnosticTag> = {
  unnecessary: DiagnosticTag.Unnecessary,
  deprecated: DiagnosticTag.Deprecated,
};

export function toRange(doc: TextDocument, r: { start: number; end: number }): Range {
  const end = Math.max(r.end, r.start);
  return { start: doc.positionAt(r.start), end: doc.positionAt(end) };
}

/**
 * `index`: the finding's place in `findings` of the lint result of `doc.version` (DiagnosticData).
 * `relatedInformation`: the client accepts it (InitializeParams
 * `textDocument.publishDiagnostics.relatedInformation`); assumed unless told otherwise.
 */
export function toDiagnostic(
  doc: TextDocument,
  f: Finding,
  index: number,
  client: { relatedInformation?: boolean } = {},
): Diagnostic {
  const rule = RULES_BY_ID.get(f.ruleId);
  const data: DiagnosticData = { ruleId: f.ruleId, messageId: f.messageId, version: doc.version, index };
  const d: Diagnostic = {
    range: toRange(doc, f.range),
    severity: SEVERITY[f.severity],
    source: SERVER_SOURCE,
    code: f.ruleId,
    message: f.message,
    data,
  };
  if (rule) d.codeDescription = { href: rule.meta.docsUrl };
  if (f.related && f.related.length > 0 && client.relatedInformation !== false) {
    d.relatedInformation = f.related.map((r) => ({
      location: { uri: doc.uri, range: toRange(doc, r.range) },
      message: r.message,
    }));
  }
  if (rule?.meta.tags?.length) d.tags = rule.meta.tags.map((t) => TAG[t]);
  return d;
}
