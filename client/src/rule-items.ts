/**
 * The items of "Scalewise: Show Rule Documentation": the rules the server lists (RuleListRequest,
 * from the rule table), those of the active file first, the others by family. No `vscode` import,
 * so a unit test reads them as the user will.
 */
import type { RuleSummary } from '../../server/src/protocol';

export type RuleItem = { separator: string } | { ruleId: string; label: string; description: string; detail: string };

/** `compose/container-name-blocks-scale` -> `compose`. */
export const familyOf = (id: string): string => id.slice(0, Math.max(0, id.indexOf('/'))) || id;

function describe(rule: RuleSummary, inFile: number | undefined): string {
  const parts: string[] = [];
  if (inFile) parts.push(`${inFile} in this file`);
  parts.push(rule.defaultOff ? `${rule.defaultSeverity}, off by default` : rule.defaultSeverity);
  if (rule.fixable) parts.push(rule.fixable === 'safe' ? 'safe fix' : 'suggested fix');
  return parts.join(' · ');
}

/** `inFile`: the findings of the active file by rule id (its Scalewise diagnostics). */
export function ruleItems(rules: readonly RuleSummary[], inFile: ReadonlyMap<string, number> = new Map()): RuleItem[] {
  const item = (r: RuleSummary): RuleItem => ({
    ruleId: r.id,
    label: r.id,
    description: describe(r, inFile.get(r.id)),
    detail: r.summary,
  });
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const items: RuleItem[] = [];
  const here = sorted.filter((r) => inFile.has(r.id));
  if (here.length > 0) items.push({ separator: 'in this file' });
  for (const r of here) items.push(item(r));
  let family: string | undefined;
  for (const r of sorted) {
    if (inFile.has(r.id)) continue;
    if (familyOf(r.id) !== family) {
      family = familyOf(r.id);
      items.push({ separator: family });
    }
    items.push(item(r));
  }
  return items;
}
