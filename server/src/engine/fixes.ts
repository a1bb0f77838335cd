/**
 * Applying fixes as text edits. Edits of one fix go together; a fix that overlaps an earlier
 * one is left for the next pass, as ESLint and markdownlint do.
 */
import type { Edit, Fix } from './types';

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Picks the fixes that do not overlap, in document order, and applies them. */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: Fix[] } {
  const ordered = [...fixes].sort((a, b) => minStart(a) - minStart(b));
  const taken: Edit[] = [];
  const applied: Fix[] = [];
  for (const fix of ordered) {
    const clash = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start)));
    if (clash) continue;
    for (const e of fix.edits) taken.push(e);
    applied.push(fix);
  }
  return { text: applyEdits(text, taken), applied };
}

function minStart(fix: Fix): number {
  let min = Infinity;
  for (const e of fix.edits) min = Math.min(min, e.start);
  return min;
}
