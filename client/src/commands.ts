/** The command table: a handler for every `scalewise.*` command of protocol.ts, each a factory over the Ctx. */
import * as vscode from 'vscode';
import {
  Commands,
  FIX_ALL_KIND,
  ruleDocsUrl,
  ruleFileName,
  SERVER_SOURCE,
  type CommandId,
} from '../../server/src/protocol';
import type { Ctx } from './ctx';
import { fixAllSummary, fixedByRule, noSafeFixes, notChecked } from './fix-summary';
import { ruleItems } from './rule-items';
import { scaleCompose, scaleDrakrun, scaleKubernetes, scaleSwarm, switchContext } from './scale';

type Command = (ctx: Ctx) => (...args: unknown[]) => unknown;

/** The rule to show: a QuickPick of the server's rule table, those of the active file first. */
async function pickRule(ctx: Ctx): Promise<string | undefined> {
  let rules;
  try {
    rules = await ctx.rules();
  } catch (err) {
    // No server to ask: the rule id as text, as before there was a list.
    ctx.output.warn(`Scalewise: listing the rules failed (${String(err)}); asking for the rule id instead.`);
    const typed = await vscode.window.showInputBox({ prompt: 'Rule id, e.g. compose/container-name-blocks-scale' });
    return typed?.trim() || undefined;
  }
  const inFile = new Map<string, number>();
  const active = vscode.window.activeTextEditor?.document.uri;
  for (const d of active ? vscode.languages.getDiagnostics(active) : []) {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    if (d.source === SERVER_SOURCE && typeof code === 'string') inFile.set(code, (inFile.get(code) ?? 0) + 1);
  }
  ctx.output.debug(`Show Rule Documentation: ${rules.length} rules, ${inFile.size} of them in the active file.`);
  const items = ruleItems(rules, inFile).map((i): vscode.QuickPickItem & { ruleId?: string } =>
    'separator' in i ? { label: i.separator, kind: vscode.QuickPickItemKind.Separator } : i,
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Scalewise: Show Rule Documentation',
    placeHolder: `${rules.length} rules: type a rule id or words of its summary`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.ruleId;
}

async function showRuleDocs(ctx: Ctx, arg?: unknown): Promise<void> {
  const ruleId = (arg as { ruleId?: string } | undefined)?.ruleId ?? (await pickRule(ctx));
  if (!ruleId) return;
  // The pages ship inside the extension, so this works offline; the web page is the fallback.
  const local = vscode.Uri.joinPath(ctx.extension.extensionUri, 'docs', 'rules', `${ruleFileName(ruleId)}.md`);
  try {
    await vscode.workspace.fs.stat(local);
    await vscode.commands.executeCommand('markdown.showPreview', local);
  } catch {
    const url = (arg as { url?: string } | undefined)?.url ?? ruleDocsUrl(ruleId);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }
}

/** The next change of `uri`'s diagnostics, or `ms` later. */
function diagnosticsChanged(uri: vscode.Uri, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) done();
    });
  });
}

/** VS Code's cancellation, as it comes back from a command run in the workbench (by name: it crossed a process). */
function isCancellation(err: unknown): boolean {
  return err instanceof vscode.CancellationError || (err instanceof Error && err.name === 'Canceled');
}

/** Shows `message` as an information message (not awaited) and returns it. */
function inform(message: string): string {
  void vscode.window.showInformationMessage(message);
  return message;
}

/**
 * The safe fixes of the active file (the server's source.fixAll.scalewise action), then a message
 * saying what they fixed: the file's findings before and after, as the server lints each text.
 */
async function fixAll(ctx: Ctx): Promise<string> {
  // From the walkthrough (not a text editor), the one file beside it.
  const visible = vscode.window.visibleTextEditors.filter((e) => ['file', 'untitled'].includes(e.document.uri.scheme));
  const doc = (vscode.window.activeTextEditor ?? (visible.length === 1 ? visible[0] : undefined))?.document;
  if (!doc) {
    return inform('Scalewise: open a file to fix its problems.');
  }
  const kind = ctx.kindOf(doc.uri);
  if (kind === 'none' || kind === 'template') {
    return inform(notChecked(kind));
  }
  const before = await ctx.findings(doc.uri);
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  // VS Code cancels a code-action request when the file's providers change while it runs (an extension
  // activating: the Markdown one does when a rule page opens) or the text changes. Its command then
  // returns no actions or rejects with "Canceled". With findings in the file, ask again, at most
  // three times in all, before saying none is safe (the VS Code suite provokes this: main.3).
  const tries = before.length > 0 ? 3 : 1;
  let action: vscode.CodeAction | undefined;
  for (let attempt = 0; attempt < tries && !action; attempt++) {
    let actions: vscode.CodeAction[] | undefined;
    try {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        whole,
        FIX_ALL_KIND,
      );
    } catch (err) {
      if (!isCancellation(err) || attempt === tries - 1) throw err;
      ctx.output.debug(`Fix All: VS Code cancelled the code-action request (attempt ${attempt + 1}); asking again`);
    }
    action = actions?.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  }
  if (!action?.edit) {
    return inform(noSafeFixes(before));
  }
  if (!(await vscode.workspace.applyEdit(action.edit))) {
    const message = 'Scalewise: the file changed while the fixes were computed; run Fix All again.';
    void vscode.window.showWarningMessage(message);
    return message;
  }
  let after = await ctx.findings(doc.uri);
  if (fixedByRule(before, after).length === 0) {
    // Nothing went away: a pull that overtook the edit? Once more after the editor's own pull.
    await diagnosticsChanged(doc.uri, 3000);
    after = await ctx.findings(doc.uri);
  }
  ctx.output.debug(
    `Fix All on ${doc.uri.toString()}: findings before [${before.join(', ')}], after [${after.join(', ')}]`,
  );
  const message = fixAllSummary(before, after);
  ctx.output.info(message);
  return inform(message);
}

/** Beside the walkthrough, so that its Fix All step finds the example as the one visible file. */
async function openExample(ctx: Ctx): Promise<void> {
  const file = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'walkthrough', 'example-compose.yaml');
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
}

export const COMMANDS: Record<CommandId, Command> = {
  [Commands.restartServer]: (ctx) => async () => {
    await ctx.restart();
    void vscode.window.showInformationMessage('Scalewise language server restarted.');
  },
  [Commands.showOutput]: (ctx) => () => ctx.output.show(true),
  [Commands.fixAll]: (ctx) => () =>
    fixAll(ctx).catch((err: unknown) => {
      const message = `Scalewise: Fix All failed: ${err instanceof Error ? err.message : String(err)}`;
      ctx.output.error(message);
      void vscode.window.showErrorMessage(message);
      return message;
    }),
  [Commands.showRuleDocs]: (ctx) => (arg) => showRuleDocs(ctx, arg),
  [Commands.openExample]: (ctx) => () => openExample(ctx),
  [Commands.refreshClusterSize]: (ctx) => async () => {
    const r = await ctx.refreshClusterSize();
    if (r.ok) ctx.output.info(r.message);
    else ctx.output.warn(r.message);
    if (r.ok) void vscode.window.showInformationMessage(r.message);
    else
      void vscode.window.showWarningMessage(r.message, 'Show Output').then((choice) => choice && ctx.output.show(true));
  },
  // Each refuses in an untrusted workspace itself, beside package.json's `enablement`.
  [Commands.scaleKubernetes]: (ctx) => (arg) => scaleKubernetes(ctx, arg),
  [Commands.scaleCompose]: (ctx) => (arg) => scaleCompose(ctx, arg),
  [Commands.scaleSwarm]: (ctx) => (arg) => scaleSwarm(ctx, arg),
  [Commands.scaleDrakrun]: (ctx) => (arg) => scaleDrakrun(ctx, arg),
  [Commands.switchContext]: (ctx) => () => switchContext(ctx),
};
