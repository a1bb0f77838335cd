/** Lints as the engine tests expect (test/unit/engine-*.test.ts): a rule that throws fails the test. */
import assert from 'node:assert/strict';
import { LineIndex, lint, type EngineOptions, type KindOrNone, type LintResult } from '../../server/src/engine';

/** Lints and fails the test if any rule throws (a rule crash is our bug, whatever the input). */
export function check(text: string, options: Partial<EngineOptions> & { uri?: string } = {}): LintResult {
  const crashes: string[] = [];
  const result = lint(text, {
    uri: 'compose.yaml',
    schemaDiagnostics: true,
    ...options,
    onRuleError: (id, err) => crashes.push(`${id}: ${(err as Error).stack ?? String(err)}`),
  });
  assert.deepEqual(crashes, [], 'no rule threw');
  for (const f of result.findings) {
    assert.ok(
      f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length,
      `${f.ruleId} range ${JSON.stringify(f.range)} inside the text`,
    );
  }
  return result;
}

export function kindOf(uri: string, text: string, options: Partial<EngineOptions> = {}): KindOrNone {
  return check(text, { uri, ...options }).kind;
}

export function at(text: string, offset: number): string {
  const p = new LineIndex(text).position(offset);
  return `${p.line + 1}:${p.character + 1}`;
}

export function summary(result: LintResult): string[] {
  return result.findings.map((f) => `${at(result.file.text, f.range.start)} ${f.ruleId}`);
}

export const SERVICES = 'services:\n  web:\n    image: nginx\n';
