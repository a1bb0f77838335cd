import type { FileReport } from './types';
import { lineCol, region } from './types';

function lineColOf(r: FileReport, offset: number): { line: number; column: number } {
  return lineCol(r.index, offset);
}

export function formatJson(reports: FileReport[]): string {
  return (
    JSON.stringify(
      reports.map((r) => ({
        file: r.path,
        kind: r.kind,
        kindReason: r.kindReason,
        fixed: r.fixed,
        ...(r.skipped !== undefined ? { skipped: r.skipped } : {}),
        notes: r.notes.map((n) => ({
          level: n.level,
          message: n.message,
          ...(n.offset !== undefined ? lineColOf(r, n.offset) : {}),
        })),
        findings: r.findings.map((f) => ({
          ruleId: f.ruleId,
          messageId: f.messageId,
          severity: f.severity,
          message: f.message,
          ...region(r.index, f),
          fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety })),
          ...(f.related && f.related.length > 0
            ? { related: f.related.map((rel) => ({ message: rel.message, ...region(r.index, rel) })) }
            : {}),
        })),
        hints: r.hints.map((h) => ({ title: h.title, ...region(r.index, h) })),
      })),
      null,
      2,
    ) + '\n'
  );
}
