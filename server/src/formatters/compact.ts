import type { FileReport } from './types';
import { lineCol, region } from './types';
import { terminalSafe } from './text';

/**
 * One line per finding, `file:line:col: level rule message`, the shape ESLint's `compact` and
 * compilers use: grep-able, and what the `scalewise` problem matcher in package.json reads. Notes
 * (a fix refused, a file not linted) come out the same way with the rule `scalewise`.
 */
export function formatCompact(reports: FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const file = terminalSafe(r.path);
    for (const f of r.findings) {
      const g = region(r.index, f);
      out.push(`${file}:${g.startLine}:${g.startColumn}: ${f.severity} ${f.ruleId} ${terminalSafe(f.message)}`);
    }
    if (r.skipped !== undefined) out.push(`${file}:1:1: note scalewise not linted: ${terminalSafe(r.skipped)}`);
    for (const n of r.notes) {
      const at = n.offset === undefined ? { line: 1, column: 1 } : lineCol(r.index, n.offset);
      out.push(`${file}:${at.line}:${at.column}: ${n.level} scalewise ${terminalSafe(n.message)}`);
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

/** GitHub's workflow-command escaping: the message escapes % CR LF, a property also `:` and `,`. */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GH_LEVEL = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): each finding becomes an
 * annotation on the pull request's diff. Hints become notices like infos; GitHub has no fourth level.
 * Format: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export function formatGithub(reports: FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    for (const f of r.findings) {
      const g = region(r.index, f);
      const props = [
        `file=${ghProperty(r.path)}`,
        `line=${g.startLine}`,
        `col=${g.startColumn}`,
        `endLine=${g.endLine}`,
        `endColumn=${g.endColumn}`,
        `title=${ghProperty(`scalewise ${f.ruleId}`)}`,
      ];
      out.push(`::${GH_LEVEL[f.severity]} ${props.join(',')}::${ghData(f.message)}`);
    }
    for (const n of r.notes)
      out.push(`::${n.level === 'error' ? 'error' : 'notice'} file=${ghProperty(r.path)}::${ghData(n.message)}`);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
