/**
 * The one entry point: text in, findings and sizing hints out. The language server and the CLI
 * are adapters around `lint()`.
 */
import { defaultConfig } from './config';
import { detectKind, filePathOf } from './detect';
import { reparseFile } from './incremental';
import { parseFile } from './parse';
import { redHatYamlValidates, SCHEMA_FOR_KIND } from './schema';
import { ruleModels } from './models';
import { LineIndex } from './positions';
import { RULES, SCHEMA_RULE_ID } from './rules';
import { ReadRecorder } from './scope';
import { sizingHints } from './sizing';
import { applySuppressions } from './suppress';
import type {
  FileKind,
  Finding,
  Fix,
  LintOptions,
  ObservedReads,
  LintResult,
  ParsedFile,
  Rule,
  ScalewiseConfig,
  Severity,
  SizingHint,
} from './types';
import { emptyWorkspace } from './scale-commands';
import { sharedAnchorsAround } from './yaml-ast';

export interface EngineOptions extends LintOptions {
  exists?: (absPath: string) => boolean;
  /** The editor's language id (`helm` makes a template, see detect.ts). */
  languageId?: string;
  /** Called when a rule throws: a bug of ours, never the user's, so it is logged and skipped. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

export function severityFor(rule: Rule, config: ScalewiseConfig): Severity | 'off' {
  const configured = configuredSeverity(rule, config);
  if (configured) return configured;
  return rule.meta.defaultOff ? 'off' : rule.meta.defaultSeverity;
}

/** The severity the config gives the rule: under its id, else under a former id (a renamed rule). */
function configuredSeverity(rule: Rule, config: ScalewiseConfig): Severity | 'off' | undefined {
  return config.rules[rule.meta.id] ?? rule.meta.formerIds?.map((id) => config.rules[id]).find((s) => s !== undefined);
}

/** Lints to the end, synchronously (the CLI, tests). */
export function lint(text: string, options: EngineOptions, previous?: LintResult): LintResult {
  const run = lintSteps(text, options, previous);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

/**
 * The same lint, one step at a time: it yields after parsing and after each rule, so the
 * language server can let other messages in between, notice a cancellation or a newer version
 * of the document, and stop. Driving it to the end gives exactly what `lint()` gives.
 *
 * `previous` is the result of the last lint of the same document with the same options (config,
 * kind, language id, workspace facts): only what the edit since then touched is parsed again
 * (incremental.ts), and the same text gives `previous` itself. The caller vouches for the options.
 */
export function* lintSteps(
  text: string,
  options: EngineOptions,
  previous?: LintResult,
): Generator<void, LintResult, void> {
  const config = options.config ?? defaultConfig();
  const workspace = options.workspace ?? emptyWorkspace();
  const parseOptions = { maxNestingDepth: config.limits?.maxNestingDepth };
  let file: ParsedFile;
  if (previous && previous.file.uri === options.uri) {
    const reparsed = reparseFile(previous.file, text, parseOptions);
    if (reparsed.how === 'same') return previous;
    file = reparsed.file;
  } else file = parseFile(options.uri, text, parseOptions);
  yield;
  const detection =
    options.kind !== undefined
      ? { kind: options.kind, reason: 'given' }
      : detectKind(file, {
          kindGlobs: config.kinds,
          workspace,
          exists: options.exists,
          ...(options.languageId ? { languageId: options.languageId } : {}),
        });
  const findings: Finding[] = [];
  const hints: SizingHint[] = [];
  const kind = detection.kind;
  // A template is not the YAML the tools will read: neither its syntax nor its manifests are judged (template.ts).
  if (kind === 'none' || kind === 'template') return { kind, kindReason: detection.reason, findings, hints, file };

  // Asked once per file, not per fix (a scan of the text per finding was quadratic): no `*`, no alias.
  const aliases = file.text.includes('*');
  const models = ruleModels(file, kind, workspace);
  const reads: Record<string, ObservedReads> | undefined = options.recordReads ? {} : undefined;
  for (const rule of RULES) {
    if (!rule.meta.kinds.includes(kind)) continue;
    if (
      options.only &&
      !options.only.includes(rule.meta.id) &&
      !rule.meta.formerIds?.some((id) => options.only!.includes(id))
    )
      continue;
    if (rule.meta.id === SCHEMA_RULE_ID && !schemaWanted(options, kind, file.uri)) continue;
    const named =
      options.onlyEnables === true && options.only !== undefined && configuredSeverity(rule, config) === undefined;
    const severity = named ? rule.meta.defaultSeverity : severityFor(rule, config);
    if (severity === 'off') continue;
    const recorder = reads ? new ReadRecorder(file) : undefined;
    try {
      rule.check({
        file: recorder ? recorder.fileView() : file,
        kind,
        config,
        workspace: recorder ? recorder.workspaceView(workspace) : workspace,
        models: recorder ? ruleModels(file, kind, workspace, recorder) : models,
        report: (d) => {
          recorder?.report(d.range);
          findings.push({
            ruleId: rule.meta.id,
            messageId: d.messageId,
            message: renderMessage(rule, d.messageId, d.data),
            // A configured severity wins; otherwise a rule may raise or lower its default per finding.
            severity: configuredSeverity(rule, config) ? severity : (d.severity ?? severity),
            range: d.range,
            fixes: throughSharedAnchors(file, aliases, withLineBreaks(file, d.fixes ?? [])),
            ...(d.data ? { data: d.data } : {}),
            ...(d.related && d.related.length > 0 ? { related: d.related } : {}),
          });
        },
        hint: (h) => hints.push(h),
        message: (id, data) => renderMessage(rule, id, data),
      });
    } catch (err) {
      options.onRuleError?.(rule.meta.id, err);
    }
    if (reads && recorder) reads[rule.meta.id] = recorder.observed;
    yield;
  }
  for (const h of sizingHints(file, kind, workspace, config.cluster)) hints.push(h);
  const index = new LineIndex(file.text);
  // Before suppressions, as the rule's own check was: a comment that silences the other rule silences both.
  const kept = applySuppressions(file.text, dropSuperseded(findings), index).sort(
    (a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId),
  );
  hints.sort((a, b) => a.range.start - b.range.start);
  return { kind, kindReason: detection.reason, findings: kept, hints, file, ...(reads ? { reads } : {}) };
}

/**
 * The findings without those a finding of a rule in their rule's `meta.supersededBy` stands for:
 * one at the same range. Decided from what was reported, so a rule never needs to know whether
 * another one is on.
 */
function dropSuperseded(findings: Finding[]): Finding[] {
  const superseded = new Map(
    RULES.filter((r) => r.meta.supersededBy?.length).map((r) => [r.meta.id, r.meta.supersededBy!]),
  );
  if (superseded.size === 0 || !findings.some((f) => superseded.has(f.ruleId))) return findings;
  const at = new Set(findings.map((f) => `${f.ruleId}@${f.range.start}:${f.range.end}`));
  return findings.filter(
    (f) => !superseded.get(f.ruleId)?.some((by) => at.has(`${by}@${f.range.start}:${f.range.end}`)),
  );
}

/** Whether our schema errors are wanted for this file (LintOptions.schemaDiagnostics). */
/** A rule's message by id; an id the rule does not declare is a bug in the rule, reported as its error. */
function renderMessage(rule: Rule, id: string, data: Record<string, string | number> | undefined): string {
  const message = rule.meta.messages[id];
  if (!message) throw new Error(`${rule.meta.id} reported messageId "${id}", which its meta.messages does not declare`);
  return message(data ?? {});
}

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
  return fixes.map((f) => ({
    ...f,
    edits: f.edits.map((e) => ({ ...e, text: e.text.replace(/\r\n|\r|\n/g, file.eol) })),
  }));
}

/** The document of a stream that holds an offset (documents are in order and do not overlap). */
function documentAt(file: ParsedFile, offset: number): ParsedFile['documents'][number] | undefined {
  const docs = file.documents;
  let lo = 0;
  let hi = docs.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid]!.range.start <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at >= 0 ? docs[at] : undefined;
}

/**
 * A fix whose edit lands inside an anchored node that aliases share (`x-base: &base`, then
 * `<<: *base` in several services) changes every service that reads the anchor, not only the
 * one it was reported for. It becomes a suggestion (never applied by fix-all or `--fix`) whose
 * title says so; its edits declare the anchors, so the guard lets their aliases change.
 */
function throughSharedAnchors(file: ParsedFile, aliases: boolean, fixes: Fix[]): Fix[] {
  if (fixes.length === 0 || !aliases) return fixes;
  return fixes.map((fix) => {
    const uses = new Map<string, number>();
    const edits = fix.edits.map((e) => {
      const target = e.node ?? e;
      const doc = documentAt(file, target.start);
      const shared = doc ? sharedAnchorsAround(doc.doc, target) : [];
      if (shared.length === 0) return e;
      for (const a of shared) uses.set(a.name, Math.max(uses.get(a.name) ?? 0, a.aliases));
      return { ...e, anchors: shared.map((a) => a.name) };
    });
    if (uses.size === 0) return fix;
    const what = [...uses]
      .map(([name, n]) => `the anchor &${name} used by ${n} ${n === 1 ? 'place' : 'places'}`)
      .join(' and ');
    return { ...fix, safety: 'suggestion' as const, title: `${fix.title} (changes ${what})`, edits };
  });
}
