import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { escapeMarkdown, RULES_BY_ID, valueFacts } from '../engine';
import type { LintResult } from '../engine/types';
import { toRange } from './convert';

/** Rule docs for a finding under the cursor, sizing details, and how a value reads. */
export function hover(doc: TextDocument, result: LintResult, position: Position): Hover | null {
  const offset = doc.offsetAt(position);
  const parts: string[] = [];
  let range: { start: number; end: number } | undefined;
  for (const f of result.findings) {
    if (offset < f.range.start || offset > Math.max(f.range.end, f.range.start + 1)) continue;
    const rule = RULES_BY_ID.get(f.ruleId);
    if (!rule) continue;
    // The message quotes the file (names, keys, values): escaped, so nothing in it renders as Markdown.
    parts.push(
      `**${f.ruleId}**: ${rule.meta.docs.summary}\n\n${escapeMarkdown(f.message)}\n\n[Rule documentation](${rule.meta.docsUrl})`,
    );
    range ??= f.range;
  }
  for (const h of result.hints) {
    if (!h.detail || offset < h.range.start || offset > h.range.end) continue;
    parts.push(h.detail);
    range ??= h.range;
  }
  const facts = valueFacts(result.file, result.kind, offset);
  if (facts) {
    parts.push(facts.markdown);
    range ??= facts.range;
  }
  if (parts.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    ...(range ? { range: toRange(doc, range) } : {}),
  };
}
