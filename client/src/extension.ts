/**
 * Activation: VS Code activates us on the first YAML or shell document (activationEvents) and waits
 * for `activate()`, which it shows in "Running Extensions" (issue 11: at most 50 ms). So this module
 * is a few lines with no library in it: it registers the commands package.json contributes (a
 * command that activated us runs as soon as `activate()` returns, so they must exist by then) and
 * loads the extension proper (main.ts, its own bundle with the language client) on the next turn of
 * the event loop. A command invoked before that waits for the load.
 */
import * as vscode from 'vscode';
import type { load, Loaded } from './main';

/** performance.now() at the first line of client/out/extension.js (esbuild.mjs banner); undefined when not bundled. */
declare const SCALEWISE_MODULE_START: number | undefined;

let loaded: Promise<Loaded> | undefined;

const sinceModuleStart = () =>
  typeof SCALEWISE_MODULE_START === 'number' ? `${Math.round(performance.now() - SCALEWISE_MODULE_START)} ms` : '?';

export function activate(context: vscode.ExtensionContext): void {
  const whenLoaded = new Promise<Loaded>((resolve, reject) =>
    setImmediate(() => {
      try {
        // Not bundled into this file (esbuild.mjs marks it external): it is client/out/main.js.
        const main = require('./main.js') as { load: typeof load };
        resolve(main.load(context, () => `${sinceModuleStart()} after load`));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    }),
  );
  loaded = whenLoaded;
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } })
    .contributes?.commands;
  for (const { command } of contributed ?? []) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, (...args: unknown[]) => whenLoaded.then((m) => m.run(command, args))),
    );
  }
  // How long activation took, from the first line of the bundle to here.
  const activation = sinceModuleStart();
  whenLoaded.then(
    (m) => m.ctx.output.info(`Scalewise: activated in ${activation} (module load and activate()).`),
    (err: unknown) => void vscode.window.showErrorMessage(`Scalewise could not load: ${(err as Error).message}`),
  );
}

export async function deactivate(): Promise<void> {
  await (await loaded?.catch(() => undefined))?.ctx.stop();
}
