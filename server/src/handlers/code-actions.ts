/**
 * Quick fixes from the finding's own fixes (matched by rule id and range, never by message
 * text), "disable for this line / file", "show documentation", and source.fixAll.scalewise.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFix, fixFile, RULES_BY_ID } from '../engine';
import { shapeOf, type Shape } from '../engine/fix-guard';
import type { Edit, Finding, Fix, LintResult, ParsedFile } from '../engine/types';
import { FIX_ALL_KIND, SERVER_SOURCE, ServerCommands, type DiagnosticData, type RuleDocsArgs } from '../protocol';
import { toRange } from './convert';

function workspaceEdit(doc: TextDocument, edits: readonly Edit[]): WorkspaceEdit {
  const textEdits: TextEdit[] = edits.map((e) => ({ range: toRange(doc, e), newText: e.text }));
  // Versioned, so the client refuses the edit if the document changed since we computed it.
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: textEdits }] };
}

function isDiagnosticData(x: unknown): x is DiagnosticData {
  const d = x as Partial<DiagnosticData> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.version === 'number' &&
    Number.isInteger(d.index) &&
    typeof d.messageId === 'string'
  );
}

/**
 * The finding a diagnostic stands for in `result` (the lint result of `doc.version`), or
 * undefined. Our data names it: a diagnostic of another version gets none (its place and fixes
 * were for another text), and `index` tells apart findings of one rule at one place. A
 * diagnostic without our data (a client that drops it) is found by rule id and start.
 */
function findingFor(doc: TextDocument, result: LintResult, d: Diagnostic): Finding | undefined {
  const start = doc.offsetAt(d.range.start);
  const at = (f: Finding | undefined): f is Finding =>
    f !== undefined && f.ruleId === d.code && doc.offsetAt(doc.positionAt(f.range.start)) === start;
  if (isDiagnosticData(d.data)) {
    if (d.data.version !== doc.version) return undefined;
    const f = result.findings[d.data.index];
    if (at(f) && f.messageId === d.data.messageId) return f;
  }
  return result.findings.find(at);
}

/** `# scalewise-disable-next-line id` above the line, merged into an existing one. */
export function disableLineEdit(doc: TextDocument, line: number, ruleId: string): Edit {
  const text = doc.getText();
  const lineStart = doc.offsetAt({ line, character: 0 });
  if (line > 0) {
    const prevStart = doc.offsetAt({ line: line - 1, character: 0 });
    const prev = text.slice(prevStart, lineStart).replace(/\r?\n$/, '');
    const m = /^(\s*#\s*scalewise-disable-next-line\s+)(.*)$/.exec(prev);
    if (m) return { start: prevStart + prev.length, end: prevStart + prev.length, text: `, ${ruleId}` };
  }
  const plainIndent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  return { start: lineStart, end: lineStart, text: `${plainIndent}# scalewise-disable-next-line ${ruleId}\n` };
}

export function disableFileEdit(doc: TextDocument, ruleId: string): Edit {
  const text = doc.getText();
  // After a shebang or modeline, which must stay first.
  let at = 0;
  while (/^(#!|#\s*scalewise:\s*kind=)/.test(text.slice(at))) {
    const nl = text.indexOf('\n', at);
    if (nl === -1) return { start: text.length, end: text.length, text: `\n# scalewise-disable-file ${ruleId}\n` };
    at = nl + 1;
  }
  return { start: at, end: at, text: `# scalewise-disable-file ${ruleId}\n` };
}

/**
 * The outcomes of the fix guard and of fix-all, kept with the lint result they were computed for.
 * A check parses the fixed text whole (seconds for a 2,000-service file on a busy machine) and
 * fix-all re-lints it, while an editor asks for the code actions at the cursor on every move and
 * every new set of diagnostics: a result the linter has cached is checked once. Keyed by the
 * objects themselves (weakly), so an outcome lives exactly as long as the result it belongs to.
 */
export class FixVerdicts {
  private readonly files = new WeakMap<ParsedFile, { shape?: Shape; ok: WeakMap<Fix, boolean> }>();
  private readonly fixAll = new WeakMap<LintResult, CodeAction | null>();

  constructor(private readonly check: typeof checkFix = checkFix) {}

  /** Whether `fix` (a fix of a finding of `file`'s lint) passes the guard `--fix` applies. */
  passes(file: ParsedFile, fix: Fix): boolean {
    let entry = this.files.get(file);
    if (!entry) this.files.set(file, (entry = { ok: new WeakMap() }));
    let ok = entry.ok.get(fix);
    if (ok === undefined) {
      entry.shape ??= shapeOf(file);
      ok = this.check(file, fix.edits, entry.shape).ok;
      entry.ok.set(fix, ok);
    }
    return ok;
  }

  /** The fix-all action of `result`, computed once. */
  fixAllOf(result: LintResult, compute: () => CodeAction | null): CodeAction | null {
    if (this.fixAll.has(result)) return this.fixAll.get(result) ?? null;
    const action = compute();
    this.fixAll.set(result, action);
    return action;
  }
}

/**
 * `relint` lints a text as this document is linted (same uri, config and workspace): fix-all
 * re-lints after each pass to check every fix did what it says.
 */
export function codeActions(
  doc: TextDocument,
  result: LintResult,
  params: CodeActionParams,
  relint: (text: string) => LintResult,
  verdicts: FixVerdicts = new FixVerdicts(),
): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== SERVER_SOURCE || typeof d.code !== 'string') continue;
      const finding = findingFor(doc, result, d);
      const ruleId = d.code;
      if (finding) {
        for (const fix of finding.fixes) {
          // Offered only if it passes the same guard as --fix.
          if (result.file.isYaml && !verdicts.passes(result.file, fix)) continue;
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: fix.safety === 'safe',
            edit: workspaceEdit(doc, fix.edits),
          });
        }
      }
      actions.push({
        title: `Disable ${ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: workspaceEdit(doc, [disableLineEdit(doc, d.range.start.line, ruleId)]),
      });
      actions.push({
        title: `Disable ${ruleId} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: workspaceEdit(doc, [disableFileEdit(doc, ruleId)]),
      });
      const rule = RULES_BY_ID.get(ruleId);
      if (rule) {
        actions.push({
          title: `Show documentation for ${ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: {
            title: 'Show rule documentation',
            // The server's command, for every editor (VS Code registers it from executeCommandProvider).
            command: ServerCommands.ruleDocumentation,
            arguments: [{ ruleId, url: rule.meta.docsUrl } satisfies RuleDocsArgs],
          },
        });
      }
    }
  }
  if (wants(FIX_ALL_KIND) && (only?.length ?? 0) > 0) {
    const fixAll = verdicts.fixAllOf(result, () => fixAllAction(doc, result, relint));
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/**
 * The safe fixes of the file, in passes and checked as `scalewise lint --fix` applies them: the
 * edits turn the document into what --fix would write, and nothing else (never a whole-document
 * replacement built from a text the guard has not seen).
 */
export function fixAllAction(
  doc: TextDocument,
  result: LintResult,
  relint: (text: string) => LintResult,
): CodeAction | null {
  if (!result.findings.some((f) => f.fixes.some((x) => x.safety === 'safe'))) return null;
  const outcome = fixFile(doc.getText(), relint, { initial: result });
  if (outcome.applied.length === 0 || outcome.text === doc.getText()) return null;
  return {
    title: `Fix all safe Scalewise problems (${outcome.applied.length})`,
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(doc, outcome.edits),
  };
}
