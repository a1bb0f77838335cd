/**
 * The one owner of the language client, its output channel, the status bar and every
 * disposable (rust-analyzer's Ctx). Commands reach the client only through it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  LanguageClient,
  TransportKind,
  type RequestParam,
  type RequestType,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  ActiveContextsRequest,
  Commands,
  KindNotification,
  RefreshClusterSizeRequest,
  RuleListRequest,
  SERVER_SOURCE,
  WorkspaceTrustNotification,
  type InitializationOptions,
  type KindParams,
  type RefreshClusterSizeResult,
  type RuleSummary,
} from '../../server/src/protocol';
import { Config } from './config';
import { contextStatusFor, statusFor } from './status';

export const DOCUMENT_SELECTOR = [
  { language: 'yaml' },
  { language: 'dockercompose' },
  { language: 'shellscript' },
  // Makefiles and READMEs that run `docker compose … --scale` are checked against the Compose file.
  { language: 'makefile' },
  { language: 'markdown' },
  // Helm templates (and _helpers.tpl) are sent so that the status bar can say they are not linted:
  // the server makes any `helm` document kind template, which no rule reads (engine/detect.ts).
  { language: 'helm' },
  { scheme: 'file', pattern: '**/*.{yaml,yml}' },
  // DRAKVUF Sandbox: /etc/drakrun/config.toml and the legacy drakrun/ and drakcore/ config.ini.
  { language: 'toml' },
  { scheme: 'file', pattern: '**/config.{toml,ini}' },
];

export class Ctx implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Scalewise', { log: true });
  readonly config = new Config();
  private client: LanguageClient | undefined;
  private readonly status = vscode.window.createStatusBarItem('scalewise.status', vscode.StatusBarAlignment.Right, 100);
  /** Where a scale would act: the Kubernetes context / namespace and the Docker context (trusted workspaces only). */
  private readonly contexts = vscode.window.createStatusBarItem(
    'scalewise.contexts',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly kinds = new Map<string, KindParams>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.status.name = 'Scalewise';
    this.status.command = Commands.showOutput;
    this.contexts.name = 'Scalewise contexts';
    this.contexts.command = Commands.switchContext;
    this.disposables.push(
      this.output,
      this.status,
      this.contexts,
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.config.needsRestart(e)) void this.restart();
      }),
      // The server counts nodes and reads `kinds` from .scalewise.yaml only in a trusted workspace.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.grantTrust()),
    );
  }

  /** The start in progress: requests made meanwhile (a command right after activation) wait for it. */
  private starting: Promise<void> | undefined;

  start(): Promise<void> {
    this.starting ??= this.startClient().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startClient(): Promise<void> {
    if (this.client) return;
    const serverModule = this.extension.asAbsolutePath(path.join('server', 'out', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.stdio },
      debug: {
        module: serverModule,
        transport: TransportKind.stdio,
        options: { execArgv: ['--nolazy', '--inspect=6011'] },
      },
    };
    const initializationOptions: InitializationOptions = {
      redHatYamlPresent: vscode.extensions.getExtension('redhat.vscode-yaml') !== undefined,
      workspaceTrusted: vscode.workspace.isTrusted,
      // The scale commands confirm in a modal dialog here, then run the server's plan (client/src/scale.ts).
      confirmsScale: true,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      // One LogOutputChannel for everything: the server's window/logMessage at its level, and the LSP trace
      // (at the channel's Trace level, with scalewise.trace.server choosing messages or verbose).
      outputChannel: this.output,
      traceOutputChannel: this.output,
      initializationOptions,
      middleware: {
        window: {
          // The server's "Show documentation" (scalewise.ruleDocumentation) asks to show a rule's page;
          // a Markdown page opens as its preview here, as a reader expects, not as its source.
          showDocument: async (params, token, next) => {
            const uri = vscode.Uri.parse(params.uri);
            if (uri.scheme !== 'file' || !uri.path.endsWith('.md') || params.external) return next(params, token);
            await vscode.commands.executeCommand('markdown.showPreview', uri);
            return { success: true };
          },
        },
      },
      synchronize: {
        configurationSection: 'scalewise',
        fileEvents: vscode.workspace.createFileSystemWatcher(
          '**/{*.sh,*.bash,*.md,*.mk,Makefile,Chart.yaml,.scalewise.yaml,.scalewise.yml}',
        ),
      },
    };
    const client = new LanguageClient('scalewise', 'Scalewise', serverOptions, clientOptions);
    this.client = client;
    this.disposables.push(
      client.onNotification(KindNotification, (p) => {
        this.kinds.set(p.uri, p);
        this.updateStatus();
      }),
    );
    this.status.text = '$(sync~spin) Scalewise';
    this.status.show();
    await client.start();
    // Trust granted while the server started: it was told "untrusted".
    if (vscode.workspace.isTrusted && !initializationOptions.workspaceTrusted) this.grantTrust();
    this.output.info(
      `Scalewise ${this.extension.extension.packageJSON.version as string}: language server started (${serverModule}).`,
    );
    this.updateStatus();
    await this.updateContexts();
  }

  /** Asks the server; a request before the server runs is an error the caller shows. */
  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    return (await this.running()).sendRequest(type, params as RequestParam<P>);
  }

  private async running(): Promise<LanguageClient> {
    await this.starting?.catch(() => undefined);
    const client = this.client;
    if (!client?.isRunning()) throw new Error('The Scalewise language server is not running.');
    return client;
  }

  /** The kind the server found for a document (its last KindNotification), if it linted it. */
  kindOf(uri: vscode.Uri): string | undefined {
    return this.kinds.get(uri.toString())?.kind;
  }

  /** Every rule, from the server's rule table. */
  async rules(): Promise<RuleSummary[]> {
    return (await this.running()).sendRequest(RuleListRequest);
  }

  /**
   * The rule id of each Scalewise finding of an open document, from a pull of its diagnostics: the
   * server answers for the text it has now (the client sends pending changes before a request).
   */
  async findings(uri: vscode.Uri): Promise<string[]> {
    const client = await this.running();
    // The server answers a pull for the document's text of now: a lint a newer version overtook is
    // done again there (DocumentLinter.pull), never answered with ContentModified.
    const report = await client.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(uri) },
    });
    if (report.kind !== DocumentDiagnosticReportKind.Full) throw new Error('the server answered "unchanged"');
    return report.items.flatMap((d) => (d.source === SERVER_SOURCE && typeof d.code === 'string' ? [d.code] : []));
  }

  /** The contexts item: hidden while untrusted (the server reads nothing then) or when neither is known. */
  async updateContexts(): Promise<void> {
    if (!this.client?.isRunning() || !vscode.workspace.isTrusted) {
      this.contexts.hide();
      return;
    }
    try {
      const s = contextStatusFor(await this.client.sendRequest(ActiveContextsRequest));
      if (!s) {
        this.contexts.hide();
        return;
      }
      this.contexts.text = s.text;
      this.contexts.tooltip = s.tooltip;
      this.contexts.show();
    } catch (err) {
      this.output.warn(`Scalewise: reading the active contexts failed: ${String(err)}`);
      this.contexts.hide();
    }
  }

  /** Tells the running server; a server not running yet reads vscode.workspace.isTrusted when it starts. */
  private grantTrust(): void {
    const client = this.client;
    if (!client?.isRunning()) return;
    client.sendNotification(WorkspaceTrustNotification, { trusted: true }).then(
      () => this.updateContexts(),
      (err: unknown) => {
        this.output.error(
          `Scalewise: could not tell the server that the workspace is trusted (${String(err)}); restarting it.`,
        );
        void this.restart();
      },
    );
  }

  /** Asks the server to count the cluster's nodes again (read-only), for the Run:ai sizing rules. */
  async refreshClusterSize(): Promise<RefreshClusterSizeResult> {
    await this.starting?.catch(() => undefined);
    if (!this.client) return { ok: false, message: 'The Scalewise language server is not running.' };
    return this.client.sendRequest(RefreshClusterSizeRequest);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop();
  }

  private updateStatus(): void {
    const editor = vscode.window.activeTextEditor;
    const info = editor ? this.kinds.get(editor.document.uri.toString()) : undefined;
    if (!this.client) {
      this.status.hide();
      return;
    }
    const { text, tooltip } = statusFor(info);
    this.status.text = text;
    this.status.tooltip = tooltip;
    this.status.show();
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
