/** The one edit distance (Levenshtein), behind every "did you mean" (k3s flags, service names, schema keys). */

/**
 * Insertions, deletions and substitutions, one each. With a `cap`, a pair whose lengths already
 * differ by `cap` or more returns `cap` without the table: callers that only want distances below a
 * bound skip the work.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}
