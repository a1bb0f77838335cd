import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES_BY_ID, valueFacts } from '../engine';
import type { LintResult, Range } from '../engine/types';
import { toRange } from './convert';

const inside = (offset: number, r: Range) => offset >= r.start && offset <= r.end;

/**
 * Rule docs for a finding under the cursor, sizing details, and how a value reads. A finding's
 * message is not repeated: the editor shows it with the diagnostic (VS Code in the same hover,
 * Neovim in its diagnostic float), so the hover adds what the diagnostic lacks, the rule's summary
 * and its documentation. The sizing detail of a service or workload shows on its name and on its
 * replica count.
 */
export function hover(doc: TextDocument, result: LintResult, position: Position): Hover | null {
  const offset = doc.offsetAt(position);
  const parts: string[] = [];
  let range: Range | undefined;
  const rules = new Set<string>();
  for (const f of result.findings) {
    if (offset < f.range.start || offset > Math.max(f.range.end, f.range.start + 1)) continue;
    const rule = RULES_BY_ID.get(f.ruleId);
    // Two findings of one rule at one place (two ports, say) share the rule's summary.
    if (!rule || rules.has(f.ruleId)) continue;
    rules.add(f.ruleId);
    parts.push(`**${f.ruleId}**: ${rule.meta.docs.summary}\n\n[Rule documentation](${rule.meta.docsUrl})`);
    range ??= f.range;
  }
  for (const h of result.hints) {
    if (!h.detail) continue;
    const at = inside(offset, h.range) ? h.range : h.also?.find((r) => inside(offset, r));
    if (!at) continue;
    parts.push(h.detail);
    range ??= at;
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
