/**
 * Inline suppression:
 *   # scalewise-disable-next-line rule-a, rule-b   (the next line that is not blank or a comment)
 *   # scalewise-disable-file rule-a                (the whole file; no ids = every rule)
 */
import type { Finding } from './types';
import { LineIndex } from './positions';

const NEXT_LINE = /#\s*scalewise-disable-next-line\b(.*)$/;
const FILE = /#\s*scalewise-disable-file\b(.*)$/;

function ids(rest: string): Set<string> | 'all' {
  const list = rest
    .replace(/\s--\s.*$/, '') // `-- reason` is a comment on the comment
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length === 0 ? 'all' : new Set(list);
}

function covers(set: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return set === 'all' || (set !== undefined && set.has(ruleId));
}

export function applySuppressions(text: string, findings: Finding[], index = new LineIndex(text)): Finding[] {
  if (!text.includes('scalewise-disable')) return findings;
  // Split as LineIndex counts lines, without the CR of CRLF files (else `$` never matches).
  const lines = text.split(/\r?\n/);
  const byLine = new Map<number, Set<string> | 'all'>();
  const fileWide: (Set<string> | 'all')[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const file = FILE.exec(line);
    if (file) fileWide.push(ids(file[1]!));
    const next = NEXT_LINE.exec(line);
    if (!next) continue;
    let target = i + 1;
    while (target < lines.length && /^\s*(#|$)/.test(lines[target]!)) target++;
    const merged = byLine.get(target);
    const add = ids(next[1]!);
    byLine.set(target, merged === 'all' || add === 'all' ? 'all' : new Set([...(merged ?? []), ...add]));
  }
  return findings.filter((f) => {
    if (fileWide.some((s) => covers(s, f.ruleId))) return false;
    return !covers(byLine.get(index.position(f.range.start).line), f.ruleId);
  });
}
