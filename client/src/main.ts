/**
 * The extension proper, loaded by extension.ts right after activation: the language client, the
 * command handlers, the status bar. Its own bundle (client/out/main.js, about 450 KB minified with
 * vscode-languageclient), so VS Code's activation loads only the few lines of extension.ts.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { Ctx } from './ctx';
import type { CommandId } from '../../server/src/protocol';

export interface Loaded {
  ctx: Ctx;
  /** Runs a command registered by extension.ts. */
  run(id: string, args: unknown[]): unknown;
}

/** Builds the Ctx and starts the language server; `ready` logs how long the start took. */
export function load(context: vscode.ExtensionContext, ready: () => string): Loaded {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  for (const [id, factory] of Object.entries(COMMANDS)) handlers.set(id, factory(ctx));
  ctx.start().then(
    () => ctx.output.info(`Scalewise: language server ready ${ready()}.`),
    (err: unknown) => {
      const message = `Scalewise could not start its language server: ${(err as Error).message}`;
      ctx.output.error(message);
      void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
        if (choice) ctx.output.show();
      });
    },
  );
  return {
    ctx,
    run(id, args) {
      const handler = handlers.get(id as CommandId);
      if (!handler) throw new Error(`Scalewise has no handler for the command ${id}`);
      return handler(...args);
    },
  };
}
