/**
 * The server's commands that only show something (protocol.ts `ServerCommands`): a sizing lens's
 * detail and a rule's documentation. They use standard LSP requests only (`window/showMessage`,
 * `window/showDocument`), so they work in any editor; scale commands are handlers/scale.ts's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageType, type Connection } from 'vscode-languageserver/node';
import { RULES_BY_ID } from '../engine';
import { pathToFileUri } from '../engine/uri';
import { ruleFileName, ServerCommands, type RuleDocsArgs, type SizingDetailsArgs } from '../protocol';

export interface InfoCommandHost {
  connection: Connection;
  /** The client supports `window/showDocument` (`capabilities.window.showDocument.support`). */
  showDocument(): boolean;
  /** Where the rule pages are shipped (`docs/rules` beside the server's bundle), if anywhere. */
  docsDir?: string;
}

/** The rule pages beside the bundle: server/out/server.js and server/out/cli.js → docs/rules. */
export function shippedDocsDir(): string | undefined {
  const dir = path.join(__dirname, '..', '..', 'docs', 'rules');
  return fs.existsSync(dir) ? dir : undefined;
}

const say = (host: InfoCommandHost, type: MessageType, message: string) =>
  host.connection.sendNotification('window/showMessage', { type, message });

/** Runs `command` when it is one of these; false when it is not (another handler's). */
export async function runInfoCommand(host: InfoCommandHost, command: string, args: unknown[] = []): Promise<boolean> {
  if (command === ServerCommands.showSizing) {
    const a = args[0] as Partial<SizingDetailsArgs> | undefined;
    if (typeof a?.title !== 'string') {
      await say(host, MessageType.Error, 'scalewise.sizingDetails takes one argument: { title, detail? }.');
      return true;
    }
    await say(host, MessageType.Info, typeof a.detail === 'string' ? `${a.title}\n\n${a.detail}` : a.title);
    return true;
  }
  if (command === ServerCommands.ruleDocumentation) {
    await ruleDocs(host, args[0] as Partial<RuleDocsArgs> | undefined);
    return true;
  }
  return false;
}

async function ruleDocs(host: InfoCommandHost, a: Partial<RuleDocsArgs> | undefined): Promise<void> {
  const rule = typeof a?.ruleId === 'string' ? RULES_BY_ID.get(a.ruleId) : undefined;
  if (!rule) {
    await say(host, MessageType.Error, `Scalewise has no rule ${JSON.stringify(a?.ruleId)}.`);
    return;
  }
  const id = rule.meta.id;
  const url = rule.meta.docsUrl;
  if (host.showDocument()) {
    // The page shipped with the server reads offline; the web page otherwise.
    const local = host.docsDir ? path.join(host.docsDir, `${ruleFileName(id)}.md`) : undefined;
    const shown =
      local && fs.existsSync(local)
        ? await host.connection.window.showDocument({ uri: pathToFileUri(local), takeFocus: true })
        : await host.connection.window.showDocument({ uri: url, external: true });
    if (shown.success) return;
  }
  await say(host, MessageType.Info, `${id}: ${rule.meta.docs.summary}\nDocumentation: ${url}`);
}
