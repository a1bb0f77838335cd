/**
 * Activation: VS Code activates us on the first YAML or shell document (activationEvents). The
 * commands are registered at once; the language server starts right after `activate()` returns,
 * so activation (which VS Code waits for, and shows in "Running Extensions") does not include
 * spawning the server and the `initialize` handshake. Commands that need the server wait for
 * that start (Ctx.request).
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { Ctx } from './ctx';

/** performance.now() at the first line of client/out/extension.js (esbuild.mjs banner); undefined when not bundled. */
declare const SCALEWISE_MODULE_START: number | undefined;

let ctx: Ctx | undefined;

const sinceModuleStart = () =>
  typeof SCALEWISE_MODULE_START === 'number' ? Math.round(performance.now() - SCALEWISE_MODULE_START) : undefined;

export function activate(context: vscode.ExtensionContext): void {
  const current = new Ctx(context);
  ctx = current;
  context.subscriptions.push(current);
  for (const [id, factory] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(current)));
  }
  setImmediate(() => {
    current.start().then(
      () => current.output.appendLine(`Scalewise: language server ready ${sinceModuleStart() ?? '?'} ms after load.`),
      (err: unknown) => {
        const message = `Scalewise could not start its language server: ${(err as Error).message}`;
        current.output.appendLine(message);
        void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
          if (choice) current.output.show();
        });
      },
    );
  });
  // How long activation took, from the first line of the bundle to here (issue 11: at most 50 ms).
  current.output.appendLine(`Scalewise: activated in ${sinceModuleStart() ?? '?'} ms (module load and activate()).`);
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
}
