import type { FileReport } from './types';
import { region } from './types';

export interface TextOptions {
  color: boolean;
  hints: boolean;
}

const COLORS = { error: 31, warning: 33, info: 36, hint: 90, dim: 90, bold: 1 } as const;

export function formatText(reports: FileReport[], opts: TextOptions): string {
  const paint = (c: keyof typeof COLORS, s: string) => (opts.color ? `\x1b[${COLORS[c]}m${s}\x1b[0m` : s);
  const out: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixed = 0;
  for (const r of reports) {
    fixed += r.fixed;
    const hints = opts.hints ? r.hints.filter((h) => h.lens) : [];
    if (r.findings.length === 0 && hints.length === 0) continue;
    out.push(paint('bold', r.path) + paint('dim', `  (${r.kind}: ${r.kindReason})`));
    for (const f of r.findings) {
      counts[f.severity]++;
      const g = region(r.index, f);
      out.push(`  ${`${g.startLine}:${g.startColumn}`.padEnd(8)} ${paint(f.severity, f.severity.padEnd(7))} ${f.message}  ${paint('dim', f.ruleId)}`);
    }
    for (const h of hints) {
      const g = region(r.index, h);
      out.push(`  ${`${g.startLine}:${g.startColumn}`.padEnd(8)} ${paint('info', 'sizing '.padEnd(7))} ${h.title}`);
    }
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  out.push(
    `${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${total} finding${total === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.info} info, ${counts.hint} hint)${fixed > 0 ? `; ${fixed} fixed` : ''}`,
  );
  return out.join('\n') + '\n';
}
