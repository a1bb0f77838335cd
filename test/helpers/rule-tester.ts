/**
 * A RuleTester in the typescript-eslint style, on node:test. One test per case; each case lints
 * with only the rule under test and pins the exact findings, the messages (rendered from the
 * rule's own `meta.messages`, never hard-coded), the text after the safe fixes and after each fix
 * of the first finding. After the safe fixes the text is linted again and must have no safe fix left,
 * as `scalewise lint --fix` would leave it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, checkFix, fixFile, LineIndex, lint, mergeConfig } from '../../server/src/engine';
import type { RefusedFix } from '../../server/src/engine/fix-file';
import { modelineKind } from '../../server/src/engine/detect';
import { parseFile } from '../../server/src/engine/parse';
import { withinScope } from '../../server/src/engine/scope';
import type {
  FileKind,
  Finding,
  Fix,
  KindOrNone,
  LintResult,
  Rule,
  ScalewiseConfig,
  WorkspaceFacts,
} from '../../server/src/engine';

export interface ValidCase {
  name: string;
  code: string;
  /** The uri to lint under; defaults from the modeline's kind, else the rule's first kind. */
  file?: string;
  config?: Partial<ScalewiseConfig>;
  workspace?: WorkspaceFacts;
  /**
   * The kind detection must pick. Defaults to "one of the rule's kinds", so that a valid case
   * cannot pass only because the file was not recognised.
   */
  kind?: KindOrNone;
  /** Which files exist, for detection; by default every folder holds a Chart.yaml, so `values.yaml` is Helm values. */
  exists?: (absPath: string) => boolean;
}

export interface ExpectedError {
  messageId: string;
  /** 1-based, of the finding's start. */
  line: number;
  /** 1-based, of the finding's start. */
  column: number;
  endLine?: number;
  endColumn?: number;
  /** When given, must equal the finding's data exactly. */
  data?: Record<string, string | number>;
  /** When given, must equal the finding's severity (for rules that report below or above their default). */
  severity?: string;
  /** When given, must equal the finding's related places (1-based start and message), in order. */
  related?: { line: number; column: number; message: string }[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The text after applying the safe fixes (first safe fix per finding, as `--fix` does); null when none. */
  output?: string | null;
  /** The text after applying each fix of the first error, in order. Required when it has fixes. */
  suggestions?: string[];
  /** Each fix of the first error, applied alone, leaves no finding of the rule (re-linted). */
  suggestionsResolve?: boolean;
  /** Reasons (substrings) of the safe fixes `--fix` must refuse, in order; none by default. */
  refused?: string[];
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** A file name that detection maps to `kind`, for cases that name neither a file nor rely on content. */
export const FILE_FOR_KIND: Record<FileKind, string> = {
  compose: 'compose.yaml',
  swarm: 'stack.yml',
  'helm-values': 'values.yaml',
  'runai-config': 'runai-config.yaml',
  'k3s-config': '/etc/rancher/k3s/config.yaml',
  'k3s-install': 'install.sh',
  kubernetes: 'manifest.yaml',
  script: 'deploy.sh',
  prometheus: 'prometheus.yml',
  'drakrun-config': '/etc/drakrun/config.toml',
  'drakrun-ini': '/etc/drakrun/config.ini',
};

export function defaultFile(rule: Rule, c: ValidCase): string {
  if (c.file) return c.file;
  const fromModeline = modelineKind(c.code);
  if (fromModeline && fromModeline !== 'none' && fromModeline !== 'template') return FILE_FOR_KIND[fromModeline];
  return FILE_FOR_KIND[rule.meta.kinds[0]!];
}

export const inAChart = (absPath: string): boolean => /(^|\/)Chart\.yaml$/.test(absPath);

/**
 * Every lint of a case records what the rule read (engine/scope.ts) and fails when it read more
 * than its `meta.scope` promises, so an incremental engine can trust the declared scope.
 */
export function lintCase(rule: Rule, c: ValidCase, code = c.code): LintResult {
  const result = lint(code, {
    uri: defaultFile(rule, c),
    config: c.config ? mergeConfig(c.config) : undefined,
    workspace: c.workspace,
    exists: c.exists ?? inAChart,
    // The rules that supersede it run too, so the engine drops its findings where they report; only its own are kept below.
    only: [rule.meta.id, ...(rule.meta.supersededBy ?? [])],
    schemaDiagnostics: true,
    onRuleError: (id, err) => {
      throw new Error(`rule ${id} threw: ${(err as Error).stack ?? String(err)}`);
    },
    recordReads: true,
  });
  assertWithinScope(rule, result);
  return rule.meta.supersededBy?.length
    ? { ...result, findings: result.findings.filter((f) => f.ruleId === rule.meta.id) }
    : result;
}

export function assertWithinScope(rule: Rule, result: LintResult): void {
  const seen = result.reads?.[rule.meta.id];
  if (!seen) return;
  assert.ok(
    withinScope(seen.scope, rule.meta.scope),
    `${rule.meta.id} declares scope "${rule.meta.scope}" but reads at "${seen.scope}" scope: it ${seen.why}`,
  );
}

function assertKind(rule: Rule, c: ValidCase, result: LintResult): void {
  if (c.kind !== undefined) {
    assert.equal(result.kind, c.kind, `detected kind (${result.kindReason})`);
  } else {
    assert.ok(
      (rule.meta.kinds as readonly string[]).includes(result.kind),
      `file detected as "${result.kind}" (${result.kindReason}); ${rule.meta.id} applies to ${rule.meta.kinds.join(', ')}`,
    );
  }
}

const SAFETY_RANK = { suggestion: 1, safe: 2 } as const;

/** Every finding is the rule's own, renders its own message, and offers no stronger fix than `meta.fixable`. */
function assertWellFormed(rule: Rule, code: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    assert.equal(f.ruleId, rule.meta.id);
    const render = (rule.meta.messages as Record<string, (d: Record<string, string | number>) => string>)[f.messageId];
    assert.ok(render, `messageId "${f.messageId}" is not in meta.messages`);
    assert.equal(f.message, render(f.data ?? {}), 'message is rendered from meta.messages');
    assert.ok(
      f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= code.length,
      `range ${JSON.stringify(f.range)} inside the text`,
    );
    if (f.fixes.length > 0) {
      assert.ok(rule.meta.fixable, `${rule.meta.id} offers a fix but meta.fixable is not set`);
      for (const fix of f.fixes) {
        assert.ok(
          SAFETY_RANK[fix.safety] <= SAFETY_RANK[rule.meta.fixable],
          `a ${fix.safety} fix from a rule whose meta.fixable is ${rule.meta.fixable}`,
        );
        assert.ok(fix.title.length > 0, 'fix has a title');
        assert.ok(fix.edits.length > 0, 'fix has edits');
        assertNoOverlap(fix);
      }
    }
  }
}

function assertNoOverlap(fix: Fix): void {
  const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(sorted[i - 1]!.end <= sorted[i]!.start, `edits of "${fix.title}" overlap`);
  }
}

function yamlErrorCount(uri: string, text: string): number {
  const file = parseFile(uri, text);
  return file.documents.reduce((n, d) => n + d.doc.errors.length, 0);
}

/** A fix must never turn a well-formed YAML file into a broken one. */
function assertStillYaml(uri: string, before: string, after: string, what: string): void {
  if (!parseFile(uri, before).isYaml || yamlErrorCount(uri, before) > 0) return;
  assert.equal(yamlErrorCount(uri, after), 0, `${what} leaves invalid YAML:\n${after}`);
}

/** Every fix a rule offers passes the guard --fix and the editor apply (engine/fix-guard.ts). */
function assertGuarded(uri: string, before: string, fix: Fix): void {
  const file = parseFile(uri, before);
  if (!file.isYaml) return;
  const verdict = checkFix(file, fix.edits);
  assert.ok(verdict.ok, `fix "${fix.title}" is refused by the guard: ${verdict.reason}`);
}

function positions(code: string, f: Finding, withEnd: boolean): ExpectedError {
  const index = new LineIndex(code);
  const start = index.position(f.range.start);
  const out: ExpectedError = { messageId: f.messageId, line: start.line + 1, column: start.character + 1 };
  if (withEnd) {
    const end = index.position(f.range.end);
    out.endLine = end.line + 1;
    out.endColumn = end.character + 1;
  }
  return out;
}

/** The safe fixes, in passes, exactly as `scalewise lint --fix` applies them (engine/fix-file.ts). */
export function applySafeFixes(
  rule: Rule,
  c: ValidCase,
  code: string,
): { text: string; fixedAny: boolean; last: LintResult; refused: RefusedFix[] } {
  const outcome = fixFile(code, (t) => lintCase(rule, c, t));
  assert.ok(!outcome.unsettled, 'the safe fixes did not settle in 10 passes');
  return { text: outcome.text, fixedAny: outcome.applied.length > 0, last: outcome.result, refused: outcome.refused };
}

export function ruleTester(rule: Rule, tests: RuleTests): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of tests.valid) {
        test(c.name, () => {
          const result = lintCase(rule, c);
          assertKind(rule, c, result);
          assert.deepEqual(
            result.findings.map((f) => ({ ...positions(c.code, f, false), message: f.message })),
            [],
            'no findings expected',
          );
        });
      }
    });

    describe('invalid', () => {
      for (const c of tests.invalid) {
        test(c.name, () => {
          assert.ok(c.errors.length > 0, 'an invalid case lists at least one error');
          const result = lintCase(rule, c);
          assertKind(rule, c, result);
          assertWellFormed(rule, c.code, result.findings);

          // The exact list, compared in one go so a failure shows the whole difference.
          const actual = result.findings.map((f, i) => {
            const want = c.errors[i];
            const got = positions(c.code, f, want?.endLine !== undefined || want?.endColumn !== undefined);
            if (want?.data !== undefined) got.data = f.data ?? {};
            if (want?.severity !== undefined) got.severity = f.severity;
            if (want?.related !== undefined) {
              const index = new LineIndex(c.code);
              got.related = (f.related ?? []).map((r) => {
                const p = index.position(r.range.start);
                return { line: p.line + 1, column: p.character + 1, message: r.message };
              });
            }
            return got;
          });
          assert.deepEqual(
            actual,
            c.errors.map((e) => ({ ...e })),
            `findings of ${rule.meta.id}`,
          );

          const uri = defaultFile(rule, c);
          for (const f of result.findings) {
            for (const fix of f.fixes) {
              assertStillYaml(uri, c.code, applyEdits(c.code, fix.edits), `fix "${fix.title}"`);
              if (!c.refused) assertGuarded(uri, c.code, fix);
            }
          }

          // Safe fixes, then a re-lint that must leave nothing safe to fix.
          const hasSafe = result.findings.some((f) => f.fixes.some((x) => x.safety === 'safe'));
          const { text, fixedAny, last, refused } = applySafeFixes(rule, c, c.code);
          assert.equal(refused.length, (c.refused ?? []).length, `refused fixes: ${JSON.stringify(refused)}`);
          (c.refused ?? []).forEach((want, i) =>
            assert.match(
              refused[i]!.reason,
              new RegExp(want.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
              'why the fix is refused',
            ),
          );
          if (c.output === undefined) {
            assert.ok(!hasSafe, `the rule fixed the code; add output:\n${text}`);
          } else if (c.output === null) {
            assert.ok(!hasSafe && !fixedAny, `expected no safe fix, got:\n${text}`);
          } else {
            assert.ok(fixedAny, 'expected a safe fix');
            assert.equal(text, c.output, 'text after the safe fixes');
            assertStillYaml(uri, c.code, text, 'the safe fixes');
          }
          const left = last.findings.filter(
            (f) =>
              f.fixes.some((x) => x.safety === 'safe') &&
              !refused.some((r) => r.ruleId === f.ruleId && r.offset === f.range.start),
          );
          assert.deepEqual(
            left.map((f) => positions(text, f, false)),
            [],
            'a safe-fixable finding remains after fixing',
          );

          // Each fix of the first finding, applied alone.
          const first = result.findings[0];
          const applied = first ? first.fixes.map((fix) => applyEdits(c.code, fix.edits)) : [];
          if (c.suggestions === undefined) {
            assert.deepEqual(applied, [], 'the first finding has fixes; add suggestions');
          } else {
            assert.deepEqual(applied, c.suggestions, 'text after each fix of the first finding');
          }
          if (c.suggestionsResolve) {
            assert.ok(applied.length > 0, 'suggestionsResolve needs a fix');
            for (const text of applied) {
              const again = lintCase(rule, c, text).findings;
              assert.deepEqual(
                again.map((f) => f.message),
                [],
                `still reported after the fix:\n${text}`,
              );
            }
          }
        });
      }
    });
  });
}

/** The rule docs' template tag, so the tests and the docs write YAML examples the same way. */
export { yaml } from '../../server/src/engine/template-text';
