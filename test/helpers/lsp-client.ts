/**
 * A small LSP client for tests: spawns the real built server over stdio and speaks JSON-RPC to it
 * through vscode-jsonrpc (Content-Length framing, request ids). It answers the server's own
 * requests (workspace/configuration with the settings a test chooses, registerCapability, the
 * refresh requests), records every notification, and waits for a state with a deadline instead
 * of sleeping: each waiter re-checks its condition whenever the server sends something.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  createMessageConnection,
  ErrorCodes,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeLens,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS, type ScalewiseSettings } from '../../server/src/protocol';

/** The repository root: the nearest folder above this bundle with Scalewise's package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'scalewise')
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no scalewise package.json above ${__dirname}`);
    dir = parent;
  }
}

/** How to start the server: the bundle the extension runs, or the CLI's `lsp --stdio`. */
export type ServerEntry = 'server' | 'cli';

export type SettingsFor = (scopeUri: string | undefined, section: string | undefined) => unknown;

export interface StartOptions {
  entry?: ServerEntry;
  /** What workspace/configuration answers; a function can answer per document. */
  settings?: Partial<ScalewiseSettings> | SettingsFor;
  /** Replaces the default client capabilities. */
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  workspaceFolders?: WorkspaceFolder[] | null;
  /** Default deadline for requests and waiters. */
  timeoutMs?: number;
  /** The server's working directory (default: the repository). */
  cwd?: string;
  /** The server's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** False: spawn only; the test sends `initialize` itself (`initialize()`), or not at all. */
  initialize?: boolean;
}

export interface Notification {
  method: string;
  params: unknown;
}

/** Push diagnostics, as a client that supports versions, tags and code descriptions declares them. */
export const PUSH_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: {
      versionSupport: true,
      codeDescriptionSupport: true,
      dataSupport: true,
      tagSupport: { valueSet: [1, 2] },
      relatedInformation: true,
    },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
      dataSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeLens: {},
  },
};

/** As PUSH_CAPABILITIES, plus pull diagnostics (textDocument/diagnostic) and the refresh requests. */
export const PULL_CAPABILITIES: ClientCapabilities = {
  ...PUSH_CAPABILITIES,
  workspace: {
    ...PUSH_CAPABILITIES.workspace,
    diagnostics: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    ...PUSH_CAPABILITIES.textDocument,
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
  },
};

export class LspClient {
  readonly notifications: Notification[] = [];
  /** Methods of the requests the server sent us, in order. */
  readonly serverRequests: string[] = [];
  /** The same requests with their parameters. */
  readonly serverRequestsWithParams: Notification[] = [];
  /**
   * Answers for server requests the client does not answer itself (`window/showMessageRequest`):
   * the test sets one per method; its value (or promise) is the response.
   */
  readonly answers = new Map<string, (params: unknown) => unknown>();
  /** Every publishDiagnostics, per document, oldest first. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  initializeResult!: InitializeResult;
  initializeParams!: InitializeParams;
  settings: Partial<ScalewiseSettings> | SettingsFor;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  stderr = '';

  private readonly events = new EventEmitter();
  private readonly versions = new Map<string, number>();
  private readonly logs: string[] = [];
  private exited: Promise<void>;

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: MessageConnection,
    readonly timeoutMs: number,
    settings: Partial<ScalewiseSettings> | SettingsFor,
  ) {
    this.settings = settings;
    this.events.setMaxListeners(0);
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        this.events.emit('change');
        resolve();
      });
    });
    // Writing to a server that died must fail the waiting test, not the test process.
    proc.stdin!.on('error', () => undefined);
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
    });

    connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as PublishDiagnosticsParams;
        const list = this.published.get(p.uri) ?? [];
        list.push(p);
        this.published.set(p.uri, list);
      } else if (method === 'window/logMessage' || method === 'window/showMessage') {
        this.logs.push((params as { message: string }).message);
      }
      this.events.emit('change');
    });
    // vscode-jsonrpc keeps `$/progress` from the generic handler; a token nobody registered comes here.
    connection.onUnhandledProgress((params) => {
      this.notifications.push({ method: '$/progress', params });
      this.events.emit('change');
    });
    connection.onRequest((method, params) => {
      this.serverRequests.push(method);
      this.serverRequestsWithParams.push({ method, params });
      this.events.emit('change');
      const answer = this.answers.get(method);
      if (answer) return answer(params);
      switch (method) {
        case 'workspace/configuration': {
          const items = (params as { items: { scopeUri?: string; section?: string }[] }).items;
          return items.map((item) => this.settingsFor(item.scopeUri, item.section));
        }
        case 'client/registerCapability':
        case 'client/unregisterCapability':
        case 'workspace/diagnostic/refresh':
        case 'workspace/codeLens/refresh':
        case 'window/workDoneProgress/create':
          return null;
        default:
          return new ResponseError(ErrorCodes.MethodNotFound, `test client does not handle ${method}`);
      }
    });
    connection.listen();
  }

  /** Spawns the server, then initialize + initialized (unless `initialize: false`). */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const root = repoRoot();
    const entry = options.entry ?? 'server';
    const args =
      entry === 'server'
        ? [path.join(root, 'server/out/server.js'), '--stdio']
        : [path.join(root, 'server/out/cli.js'), 'lsp', '--stdio'];
    if (!fs.existsSync(args[0]!)) throw new Error(`${args[0]} is missing: run node esbuild.mjs first`);
    const proc = spawn(process.execPath, args, {
      cwd: options.cwd ?? root,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createMessageConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    const client = new LspClient(proc, connection, options.timeoutMs ?? 20_000, options.settings ?? { debounceMs: 20 });
    client.initializeParams = {
      processId: process.pid,
      clientInfo: { name: 'scalewise-test-client' },
      rootUri: null,
      capabilities: options.capabilities ?? PUSH_CAPABILITIES,
      initializationOptions: options.initializationOptions,
      workspaceFolders: options.workspaceFolders ?? null,
    };
    if (options.initialize === false) return client;
    try {
      await client.initialize();
    } catch (err) {
      client.kill();
      throw err;
    }
    return client;
  }

  /** initialize (with the parameters `start` was given), then initialized. */
  async initialize(): Promise<InitializeResult> {
    this.initializeResult = await this.request<InitializeResult>('initialize', this.initializeParams);
    await this.notify('initialized', {});
    return this.initializeResult;
  }

  /** Writes bytes to the server's stdin as they are, beside the connection's own framing. */
  writeRaw(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.proc.stdin!.write(bytes, (err) => (err ? reject(err) : resolve())));
  }

  /** Resolves when the server process has exited. */
  waitForExit(): Promise<void> {
    return this.exited;
  }

  private settingsFor(scopeUri: string | undefined, section: string | undefined): unknown {
    if (typeof this.settings === 'function') return this.settings(scopeUri, section);
    const s = { ...DEFAULT_SETTINGS, ...this.settings };
    return section === 'scalewise' ? s : section === undefined ? { scalewise: s } : null;
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return this.exitCode === null && this.exitSignal === null;
  }

  /** What the server logged, for failure messages. */
  get log(): string {
    return [...this.logs, this.stderr].join('\n');
  }

  /** The window/logMessage and window/showMessage texts, in order. */
  get messages(): readonly string[] {
    return this.logs;
  }

  async request<R>(method: string, params: unknown, timeoutMs = this.timeoutMs): Promise<R> {
    const cancel = new CancellationTokenSource();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancel.cancel();
        reject(
          new Error(
            `${method} got no answer in ${timeoutMs} ms (server ${this.alive ? 'alive' : `exited ${this.exitCode ?? this.exitSignal}`})\n${this.log}`,
          ),
        );
      }, timeoutMs);
    });
    const died = this.exited.then(() => {
      throw new Error(`server exited (${this.exitCode ?? this.exitSignal}) before answering ${method}\n${this.log}`);
    });
    died.catch(() => undefined); // only the race below may observe it
    try {
      return await Promise.race([
        this.connection.sendRequest(method, params, cancel.token) as Promise<R>,
        deadline,
        died,
      ]);
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }

  /**
   * The document's code lenses with their commands: textDocument/codeLens, then codeLens/resolve
   * for each lens that came without one, as an editor resolves the lenses it shows.
   */
  async codeLenses(uri: string, timeoutMs = this.timeoutMs): Promise<CodeLens[]> {
    const lenses = await this.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } }, timeoutMs);
    return Promise.all(
      (lenses ?? []).map((l) => (l.command ? l : this.request<CodeLens>('codeLens/resolve', l, timeoutMs))),
    );
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /**
   * Resolves with the first truthy value of `check`, evaluated now and after every message from
   * the server; rejects at the deadline (or when the server exits) with `what` and the server log.
   */
  waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = this.timeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.events.off('change', onChange);
        fn();
      };
      const onChange = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (err) {
          done(() => reject(err as Error));
          return;
        }
        if (value) done(() => resolve(value as T));
        else if (!this.alive)
          done(() =>
            reject(
              new Error(`server exited (${this.exitCode ?? this.exitSignal}) while waiting for ${what}\n${this.log}`),
            ),
          );
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.log}`))),
        timeoutMs,
      );
      this.events.on('change', onChange);
      onChange();
    });
  }

  /** The latest diagnostics published for `uri`, or undefined if none yet. */
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.published.get(uri)?.at(-1);
  }

  /**
   * Waits until the latest publishDiagnostics for `uri` is for the document's current version
   * (or, when given, satisfies `accept`), and returns its diagnostics.
   */
  async diagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    const p = await this.waitFor(
      `diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`,
      () => {
        const last = this.latestDiagnostics(uri);
        if (!last) return undefined;
        if (version !== undefined && last.version !== undefined && last.version !== version) return undefined;
        return !accept || accept(last.diagnostics) ? last : undefined;
      },
      timeoutMs,
    );
    return p.diagnostics;
  }

  version(uri: string): number {
    const v = this.versions.get(uri);
    if (v === undefined) throw new Error(`${uri} is not open`);
    return v;
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends one didChange with these content changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** shutdown + exit; kills the process when it does not go by itself within the deadline. */
  async shutdown(timeoutMs = 5_000): Promise<void> {
    if (this.alive) {
      try {
        await this.request('shutdown', null, timeoutMs);
        await this.notify('exit', null);
      } catch {
        // A dead or stuck server is killed below.
      }
      const gone = await Promise.race([
        this.exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(r, timeoutMs, false).unref()),
      ]);
      if (!gone) this.kill();
    }
    await this.exited;
    this.connection.dispose();
  }

  kill(): void {
    if (this.alive) this.proc.kill('SIGKILL');
  }
}

/** A `file://` URI for an absolute path. */
export function fileUri(p: string): string {
  return `file://${p.split(path.sep).map(encodeURIComponent).join('/')}`;
}
