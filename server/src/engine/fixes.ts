/**
 * Applying fixes as text edits. Edits of one fix go together; a fix that overlaps an earlier
 * one is left for the next pass, as ESLint and markdownlint do. Both steps are linear in the
 * number of edits (a --fix of thousands of findings must not rebuild the text per edit).
 */
import type { Edit, Fix } from './types';

/**
 * Applies non-overlapping edits. At one offset, an insertion comes before a replacement that
 * starts there (the order of the edits in the list does not matter).
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let from = 0;
  for (const e of sorted) {
    parts.push(text.slice(from, Math.max(from, e.start)), e.text);
    from = Math.max(from, e.end);
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Whether two edits touch: they overlap, or both are at one offset and one of them inserts. */
function clash(a: Edit, b: Edit): boolean {
  return (a.start < b.end && b.start < a.end) || (a.start === b.start && (a.start === a.end || b.start === b.end));
}

/**
 * In document order, the items whose edits touch no edit already taken. Taken edits are kept
 * sorted; a fix's edits usually come after all taken ones, so an insertion is at the end.
 */
export function nonOverlapping<T>(items: readonly T[], editsOf: (item: T) => readonly Edit[]): T[] {
  const minStart = (item: T) => editsOf(item).reduce((m, e) => Math.min(m, e.start), Infinity);
  const ordered = items.map((item) => ({ item, at: minStart(item) })).sort((a, b) => a.at - b.at);
  const taken: Edit[] = [];
  // Index of the first taken edit starting at or after `offset` (taken edits are disjoint and sorted).
  const firstFrom = (offset: number) => {
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out: T[] = [];
  for (const { item } of ordered) {
    const edits = editsOf(item);
    const touches = edits.some((e) => {
      const i = firstFrom(e.start);
      // Only the edit just before can reach into e; those from i on start inside or after it.
      if (i > 0 && clash(e, taken[i - 1]!)) return true;
      for (let k = i; k < taken.length && taken[k]!.start <= e.end; k++) if (clash(e, taken[k]!)) return true;
      return false;
    });
    if (touches) continue;
    for (const e of edits) taken.splice(firstFrom(e.start), 0, e);
    out.push(item);
  }
  return out;
}

/** Picks the fixes that do not overlap, in document order, and applies them. */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: Fix[] } {
  const applied = nonOverlapping(fixes, (f) => f.edits);
  return {
    text: applyEdits(
      text,
      applied.flatMap((f) => f.edits),
    ),
    applied,
  };
}
