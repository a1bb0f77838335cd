/**
 * What "Scalewise: Fix All Safe Problems in This File" says afterwards, from the rule ids of the
 * file's findings before and after the fixes (the server's lint of each text). No `vscode` import,
 * so a unit test and an LSP test read it as the user will.
 */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function counts(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

/** The findings that went away, by rule: most first, then by id. */
export function fixedByRule(before: readonly string[], after: readonly string[]): [string, number][] {
  const left = counts(after);
  const fixed: [string, number][] = [];
  for (const [id, n] of counts(before)) {
    const gone = n - (left.get(id) ?? 0);
    if (gone > 0) fixed.push([id, gone]);
  }
  return fixed.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** After the fix-all edit was applied. */
export function fixAllSummary(before: readonly string[], after: readonly string[]): string {
  const fixed = fixedByRule(before, after);
  const total = fixed.reduce((s, [, n]) => s + n, 0);
  const remain = after.length === 0 ? '' : ` ${plural(after.length, 'problem')} left (no safe fix).`;
  if (total === 0) return `Scalewise applied its safe fixes, but no problem went away.${remain}`;
  const list = fixed.map(([id, n]) => `${n} × ${id}`).join(', ');
  return `Scalewise fixed ${plural(total, 'problem')}: ${list}.${remain}`;
}

/** When the server offered no fix-all action. */
export function noSafeFixes(before: readonly string[]): string {
  if (before.length === 0) return 'Scalewise found no problems in this file.';
  const verb = before.length === 1 ? 'needs' : 'need';
  return `No safe fixes in this file: its ${plural(before.length, 'problem')} ${verb} a suggested fix or a change by hand.`;
}

/** A file Scalewise does not lint: `none` (not a kind it checks) or `template` (Helm, Jinja). */
export function notChecked(kind: 'none' | 'template'): string {
  return kind === 'template'
    ? 'Scalewise does not lint templates: this file becomes YAML only when it is rendered.'
    : 'Scalewise does not check this file, so it has nothing to fix here.';
}
