/**
 * Activation: VS Code activates us on the first YAML or shell document (activationEvents), and
 * only then is the language server started.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  for (const [id, factory] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
  try {
    await ctx.start();
  } catch (err) {
    const message = `Scalewise could not start its language server: ${(err as Error).message}`;
    ctx.output.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice) ctx?.output.show();
    });
  }
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
}
