/** The command table: every `scalewise.*` command, each a factory over the Ctx. */
import * as vscode from 'vscode';
import { ClientCommands } from '../../server/src/protocol';
import type { Ctx } from './ctx';

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
  const local = vscode.Uri.joinPath(ctx.extension.extensionUri, 'docs', 'rules', `${ruleId.replace(/\//g, '-')}.md`);
  try {
    await vscode.workspace.fs.stat(local);
    await vscode.commands.executeCommand('markdown.showPreview', local);
  } catch {
    url ??= `https://github.com/scalewise/scalewise/blob/main/docs/rules/${ruleId.replace(/\//g, '-')}.md`;
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }
}

export const COMMANDS: Record<string, Command> = {
  'scalewise.restartServer': (ctx) => async () => {
    await ctx.restart();
    void vscode.window.showInformationMessage('Scalewise language server restarted.');
  },
  'scalewise.showOutput': (ctx) => () => ctx.output.show(true),
  'scalewise.fixAll': () => async () => {
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.scalewise', apply: 'first' });
  },
  [ClientCommands.showRuleDocs]: (ctx) => (arg) => showRuleDocs(ctx, arg),
  'scalewise.refreshClusterSize': (ctx) => async () => {
    const r = await ctx.refreshClusterSize();
    ctx.output.appendLine(r.message);
    if (r.ok) void vscode.window.showInformationMessage(r.message);
    else void vscode.window.showWarningMessage(r.message, 'Show Output').then((choice) => choice && ctx.output.show(true));
  },
};
