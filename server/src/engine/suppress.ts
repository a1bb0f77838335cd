/**
 * Inline suppression:
 *   # scalewise-disable-next-line rule-a, rule-b   (the next line that is not blank or a comment)
 *   # scalewise-disable-file rule-a                (the whole file; no ids = every rule)
 */
import type { Finding } from './types';
import { LineIndex } from './positions';
import { FORMER_RULE_IDS } from './rules';

const NEXT_LINE = /#\s*scalewise-disable-next-line\b(.*)$/;
const FILE = /#\s*scalewise-disable-file\b(.*)$/;

function ids(rest: string): Set<string> | 'all' {
  const list = rest
    .replace(/\s--\s.*$/, '') // `-- reason` is a comment on the comment
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((id) => FORMER_RULE_IDS.get(id) ?? id); // a renamed rule answers to its former id
  return list.length === 0 ? 'all' : new Set(list);
}

function covers(set: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return set === 'all' || (set !== undefined && set.has(ruleId));
}

/** Adds `add` to `into` in place (no copy per comment: 30,000 of them in a row were quadratic). */
function merge(into: Set<string> | 'all' | undefined, add: Set<string> | 'all'): Set<string> | 'all' {
  if (into === 'all' || add === 'all') return 'all';
  if (!into) return new Set(add);
  for (const id of add) into.add(id);
  return into;
}

const SKIPPED = /^\s*(#|$)/;

export function applySuppressions(text: string, findings: Finding[], index = new LineIndex(text)): Finding[] {
  if (!text.includes('scalewise-disable')) return findings;
  // Split as LineIndex counts lines, without the CR of CRLF files (else `$` never matches).
  const lines = text.split(/\r?\n/);
  const byLine = new Map<number, Set<string> | 'all'>();
  let fileWide: Set<string> | 'all' | undefined;
  // The comments still waiting for their line: one pass, each line read once, instead of a look
  // ahead from every comment over all the comments after it.
  let pending: Set<string> | 'all' | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A line that is not blank or a comment is the one the comments above it mean (a code line
    // may end with its own disable-next-line comment, which then waits for the next one).
    if (pending !== undefined && !SKIPPED.test(line)) {
      byLine.set(i, pending);
      pending = undefined;
    }
    const file = FILE.exec(line);
    if (file) fileWide = merge(fileWide, ids(file[1]!));
    const next = NEXT_LINE.exec(line);
    if (next) pending = merge(pending, ids(next[1]!));
  }
  return findings.filter(
    (f) => !covers(fileWide, f.ruleId) && !covers(byLine.get(index.position(f.range.start).line), f.ruleId),
  );
}
