import type { FileReport } from './types';
import { region } from './types';

export function formatJson(reports: FileReport[]): string {
  return (
    JSON.stringify(
      reports.map((r) => ({
        file: r.path,
        kind: r.kind,
        kindReason: r.kindReason,
        fixed: r.fixed,
        findings: r.findings.map((f) => ({
          ruleId: f.ruleId,
          messageId: f.messageId,
          severity: f.severity,
          message: f.message,
          ...region(r.index, f),
          fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety })),
        })),
        hints: r.hints.map((h) => ({ title: h.title, ...region(r.index, h) })),
      })),
      null,
      2,
    ) + '\n'
  );
}
