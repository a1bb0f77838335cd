/**
 * The one entry point: text in, findings and sizing hints out. The language server and the CLI
 * are adapters around `lint()`.
 */
import { defaultConfig } from './config';
import { detectKind, filePathOf } from './detect';
import { parseFile } from './parse';
import { redHatYamlValidates, SCHEMA_FOR_KIND } from './schema';
import { LineIndex } from './positions';
import { RULES, SCHEMA_RULE_ID } from './rules';
import { sizingHints } from './sizing';
import { applySuppressions } from './suppress';
import type { FileKind, Finding, Fix, LintOptions, LintResult, ParsedFile, Rule, ScalewiseConfig, Severity, SizingHint } from './types';
import { emptyWorkspace } from './workspace';

export interface EngineOptions extends LintOptions {
  exists?: (absPath: string) => boolean;
  /** Called when a rule throws: a bug of ours, never the user's, so it is logged and skipped. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

export function severityFor(rule: Rule, config: ScalewiseConfig): Severity | 'off' {
  const configured = config.rules[rule.meta.id];
  if (configured) return configured;
  return rule.meta.defaultOff ? 'off' : rule.meta.defaultSeverity;
}

/** Lints to the end, synchronously (the CLI, tests). */
export function lint(text: string, options: EngineOptions): LintResult {
  const run = lintSteps(text, options);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

/**
 * The same lint, one step at a time: it yields after parsing and after each rule, so the
 * language server can let other messages in between, notice a cancellation or a newer version
 * of the document, and stop. Driving it to the end gives exactly what `lint()` gives.
 */
export function* lintSteps(text: string, options: EngineOptions): Generator<void, LintResult, void> {
  const config = options.config ?? defaultConfig();
  const workspace = options.workspace ?? emptyWorkspace();
  const file = parseFile(options.uri, text, { maxNestingDepth: config.limits?.maxNestingDepth });
  yield;
  const detection =
    options.kind !== undefined
      ? { kind: options.kind, reason: 'given' }
      : detectKind(file, { kindGlobs: config.kinds, workspace, exists: options.exists });
  const findings: Finding[] = [];
  const hints: SizingHint[] = [];
  const kind = detection.kind;
  if (kind === 'none') return { kind, kindReason: detection.reason, findings, hints, file };

  for (const rule of RULES) {
    if (!rule.meta.kinds.includes(kind)) continue;
    if (options.only && !options.only.includes(rule.meta.id)) continue;
    if (rule.meta.id === SCHEMA_RULE_ID && !schemaWanted(options, kind, file.uri)) continue;
    const severity = severityFor(rule, config);
    if (severity === 'off') continue;
    try {
      rule.check({
        file,
        kind,
        config,
        workspace,
        report: (d) => {
          findings.push({
            ruleId: rule.meta.id,
            messageId: d.messageId,
            message: rule.meta.messages[d.messageId](d.data ?? {}),
            // A configured severity wins; otherwise a rule may raise or lower its default per finding.
            severity: config.rules[rule.meta.id] ? severity : (d.severity ?? severity),
            range: d.range,
            fixes: withLineBreaks(file, d.fixes ?? []),
            ...(d.data ? { data: d.data } : {}),
            ...(d.related && d.related.length > 0 ? { related: d.related } : {}),
          });
        },
        hint: (h) => hints.push(h),
        message: (id, data) => rule.meta.messages[id](data ?? {}),
      });
    } catch (err) {
      options.onRuleError?.(rule.meta.id, err);
    }
    yield;
  }
  for (const h of sizingHints(file, kind, workspace)) hints.push(h);
  const index = new LineIndex(file.text);
  const kept = applySuppressions(file.text, findings, index).sort(
    (a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId),
  );
  hints.sort((a, b) => a.range.start - b.range.start);
  return { kind, kindReason: detection.reason, findings: kept, hints, file };
}

/** Whether our schema errors are wanted for this file (LintOptions.schemaDiagnostics). */
function schemaWanted(options: LintOptions, kind: FileKind, uri: string): boolean {
  if (options.schemaDiagnostics === false) return false;
  if (options.schemaDiagnostics !== 'unless-red-hat-yaml') return true;
  const schema = SCHEMA_FOR_KIND[kind];
  return schema === undefined || !redHatYamlValidates(filePathOf(uri), schema);
}

/**
 * Edits are written against `file.text`, whose breaks are LF or CRLF; a file that breaks its
 * lines with CR alone (or mostly CRLF) gets the new lines in its own style.
 */
function withLineBreaks(file: ParsedFile, fixes: Fix[]): Fix[] {
  if (file.eol === '\n' || fixes.every((f) => f.edits.every((e) => !/[\r\n]/.test(e.text)))) return fixes;
  return fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, text: e.text.replace(/\r\n|\r|\n/g, file.eol) })) }));
}
