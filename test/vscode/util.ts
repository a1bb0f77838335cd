/**
 * What the extension tests share: the extension, the workspace, polling for a state (never a fixed
 * wait), and the CLI's own answer (`scalewise lint --format json`) to compare the editor with.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'scalewise.scalewise';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri.fsPath;
}

export const inWorkspace = (rel: string): vscode.Uri => vscode.Uri.file(path.join(workspaceRoot(), rel));

/** Polls `probe` every 100 ms until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(inWorkspace(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export const scalewiseDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'scalewise');

export const codeOf = (d: vscode.Diagnostic): string =>
  typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);

export interface CliFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
export interface CliFile {
  file: string;
  kind: string;
  findings: CliFinding[];
}

/** `scalewise lint <workspace> --format json`, run by the CLI of the extension under test (not blocking the host). */
export function cliLint(): Promise<CliFile[]> {
  const cli = path.join(extension().extensionPath, 'server', 'out', 'cli.js');
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [cli, 'lint', '.', '--format', 'json'],
      {
        cwd: workspaceRoot(),
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        maxBuffer: 1 << 26,
      },
      (err, stdout, stderr) => {
        // Exit code 1: findings at the failing level; anything else is the CLI failing.
        if (err && err.code !== 1) reject(new Error(`scalewise lint failed (${String(err.code)}): ${stderr}`));
        else resolve(JSON.parse(stdout) as CliFile[]);
      },
    ),
  );
}

const SEVERITY: Record<CliFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** A finding or a diagnostic as one comparable line: rule, severity, range (0-based, end exclusive), message. */
export const cliLine = (f: CliFinding): string =>
  `${f.ruleId} ${SEVERITY[f.severity]} ${f.startLine - 1}:${f.startColumn - 1}-${f.endLine - 1}:${f.endColumn - 1} ${f.message}`;
export const diagnosticLine = (d: vscode.Diagnostic): string =>
  `${codeOf(d)} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

export const hoverText = (hovers: vscode.Hover[]): string =>
  hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');

/** The position of the first `needle` in the document (after `after`, when given). */
export function positionOf(doc: vscode.TextDocument, needle: string, after = ''): vscode.Position {
  const text = doc.getText();
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, Math.max(0, from));
  if (from < 0 || at < 0) throw new Error(`"${needle}" not found in ${doc.uri.fsPath}`);
  return doc.positionAt(at);
}
