/**
 * The code-lens middleware that answers VS Code with the lenses near the viewport only (see
 * lens-lines.ts for why), and asks for lenses again when the editor scrolls past the window.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { lensesNear, lensWindow, needsNewWindow, type LineSpan } from './lens-lines';

/** After a scroll, wait this long for it to settle before asking for the lenses of the new window. */
const SCROLL_SETTLE_MS = 60;

function visibleSpans(uri: string): LineSpan[] {
  const spans: LineSpan[] = [];
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document.uri.toString() !== uri) continue;
    for (const r of editor.visibleRanges) spans.push({ start: r.start.line, end: r.end.line });
  }
  return spans;
}

export class LensWindow implements vscode.Disposable {
  /** Per document, the windows its last lens answer was cut to (absent: it got all its lenses). */
  private readonly answered = new Map<string, LineSpan[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[];

  /** `refresh` makes VS Code ask for the document's lenses again (the client feature's change event). */
  constructor(private readonly refresh: (document: vscode.TextDocument) => void) {
    this.disposables = [
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e.textEditor)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) this.scrolled(editor);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())),
    ];
  }

  readonly middleware: Pick<Middleware, 'provideCodeLenses'> = {
    provideCodeLenses: async (document, token, next) => {
      const lenses = await next(document, token);
      if (!lenses) return lenses;
      const uri = document.uri.toString();
      const windows = lensWindow(visibleSpans(uri));
      const shown = lensesNear(lenses, windows);
      if (shown.length === lenses.length) this.answered.delete(uri);
      else this.answered.set(uri, windows);
      return shown;
    },
  };

  private scrolled(editor: vscode.TextEditor): void {
    const uri = editor.document.uri.toString();
    const answered = this.answered.get(uri);
    if (!answered || !needsNewWindow(answered, visibleSpans(uri))) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.refresh(editor.document);
      }, SCROLL_SETTLE_MS),
    );
  }

  private forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.answered.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
