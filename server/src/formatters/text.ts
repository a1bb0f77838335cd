import type { FileReport } from './types';
import { lineCol, region } from './types';
import { prose } from '../engine/template-text';

export interface TextOptions {
  color: boolean;
  hints: boolean;
}

const COLORS = { error: 31, warning: 33, info: 36, hint: 90, dim: 90, bold: 1 } as const;

/**
 * File names, messages and hint titles carry text from the files (service names, keys, values):
 * control characters in them would drive the terminal (`\e[2J` clears it and could print a fake
 * clean summary), a newline would break `path:line:col`, and bidirectional overrides would
 * reorder what is shown (CVE-2021-42574, "Trojan Source"). They are shown as escapes.
 */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export function formatText(reports: FileReport[], opts: TextOptions): string {
  const paint = (c: keyof typeof COLORS, s: string) => (opts.color ? `\x1b[${COLORS[c]}m${s}\x1b[0m` : s);
  const safe = terminalSafe;
  const out: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixed = 0;
  let checked = 0;
  let skipped = 0;
  for (const r of reports) {
    fixed += r.fixed;
    if (r.skipped !== undefined) {
      skipped++;
      out.push(paint('bold', safe(r.path)) + paint('dim', `  (not linted: ${safe(r.skipped)})`));
      for (const n of r.notes)
        out.push(`  ${paint(n.level === 'error' ? 'error' : 'dim', n.level.padEnd(7))} ${safe(n.message)}`);
      out.push('');
      continue;
    }
    checked++;
    const hints = opts.hints ? r.hints.filter((h) => h.lens) : [];
    if (r.findings.length === 0 && hints.length === 0 && r.notes.length === 0) continue;
    out.push(paint('bold', safe(r.path)) + paint('dim', `  (${r.kind}: ${safe(r.kindReason)})`));
    for (const f of r.findings) {
      counts[f.severity]++;
      const g = region(r.index, f);
      out.push(
        `  ${`${g.startLine}:${g.startColumn}`.padEnd(8)} ${paint(f.severity, f.severity.padEnd(7))} ${safe(f.message)}  ${paint('dim', f.ruleId)}`,
      );
    }
    for (const h of hints) {
      const g = region(r.index, h);
      out.push(
        `  ${`${g.startLine}:${g.startColumn}`.padEnd(8)} ${paint('info', 'sizing '.padEnd(7))} ${safe(h.title)}`,
      );
    }
    for (const n of r.notes) {
      const at =
        n.offset === undefined ? '' : `${lineCol(r.index, n.offset).line}:${lineCol(r.index, n.offset).column}`;
      out.push(
        `  ${at.padEnd(8)} ${paint(n.level === 'error' ? 'error' : 'dim', n.level.padEnd(7))} ${safe(n.message)}`,
      );
    }
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  out.push(
    prose`
      ${checked} file${checked === 1 ? '' : 's'} checked: ${total} finding${total === 1 ? '' : 's'}
      (${counts.error} error, ${counts.warning} warning, ${counts.info} info, ${counts.hint}
      hint)${fixed > 0 ? `; ${fixed} fixed` : ''}${skipped > 0 ? `; ${skipped} not linted` : ''}
    `,
  );
  return out.join('\n') + '\n';
}
