/** The command table: a handler for every `scalewise.*` command of protocol.ts, each a factory over the Ctx. */
import * as vscode from 'vscode';
import { Commands, FIX_ALL_KIND, ruleDocsUrl, ruleFileName, type CommandId } from '../../server/src/protocol';
import type { Ctx } from './ctx';
import { scaleCompose, scaleDrakrun, scaleKubernetes, scaleSwarm, switchContext } from './scale';

type Command = (ctx: Ctx) => (...args: unknown[]) => unknown;

async function showRuleDocs(ctx: Ctx, arg?: unknown): Promise<void> {
  let ruleId = (arg as { ruleId?: string } | undefined)?.ruleId;
  let url = (arg as { url?: string } | undefined)?.url;
  if (!ruleId) {
    const picked = await vscode.window.showInputBox({ prompt: 'Rule id, e.g. compose/container-name-blocks-scale' });
    if (!picked) return;
    ruleId = picked.trim();
  }
  // The pages ship inside the extension, so this works offline; the web page is the fallback.
  const local = vscode.Uri.joinPath(ctx.extension.extensionUri, 'docs', 'rules', `${ruleFileName(ruleId)}.md`);
  try {
    await vscode.workspace.fs.stat(local);
    await vscode.commands.executeCommand('markdown.showPreview', local);
  } catch {
    url ??= ruleDocsUrl(ruleId);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }
}

export const COMMANDS: Record<CommandId, Command> = {
  [Commands.restartServer]: (ctx) => async () => {
    await ctx.restart();
    void vscode.window.showInformationMessage('Scalewise language server restarted.');
  },
  [Commands.showOutput]: (ctx) => () => ctx.output.show(true),
  [Commands.fixAll]: () => async () => {
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: FIX_ALL_KIND, apply: 'first' });
  },
  [Commands.showRuleDocs]: (ctx) => (arg) => showRuleDocs(ctx, arg),
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
