/**
 * LSP wiring only: documents, settings, scheduling. All analysis is the engine's `lint()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  FileChangeType,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES, emptyWorkspace, isCommandSource, lint, mergeConfig, parseConfig, type EngineOptions } from './engine';
import { schemaDiagnosticsFor } from './engine/schema';
import { lintSteps } from './engine/lint';
import { fileUriToPath, pathToFileUri } from './engine/uri';
import type { LintResult, ScalewiseConfig, WorkspaceFacts } from './engine/types';
import { ConfigFinder } from './files';
import { isK3sConfigPath } from './engine/model/k3s';
import { countedClusterFacts, describeCount, NodeCounter, type NodeCountResult } from './cluster/node-count';
import { codeActions } from './handlers/code-actions';
import { codeLenses } from './handlers/code-lens';
import { toDiagnostic, toRange } from './handlers/convert';
import { hover } from './handlers/hover';
import { drive, isContentModified, SharedRuns, Stopped, stoppedError } from './lint-runs';
import { stdioTransport } from './transport';
import { DEFAULT_SCAN_LIMITS, WorkspaceIndex } from './workspace-index';
import {
  DEFAULT_SETTINGS,
  FIX_ALL_KIND,
  KindNotification,
  RefreshClusterSizeRequest,
  type RefreshClusterSizeResult,
  SERVER_SOURCE,
  WorkspaceTrustNotification,
  type InitializationOptions,
  type ScalewiseSettings,
} from './protocol';

const CONFIG_DOCS_URL = 'https://github.com/scalewise/scalewise/blob/main/docs/configuration.md';

function fsPathOf(uri: string): string | null {
  return fileUriToPath(uri);
}

/**
 * Why an incremental change cannot be applied, or undefined when it can. TextDocument.update
 * takes any number: a fractional, null or negative position made offsets fractional or NaN,
 * the text corrupt, and later positions `null` in what we sent back.
 */
function badChange(c: TextDocumentContentChangeEvent): string | undefined {
  if (!c || typeof c !== 'object' || typeof (c as { text?: unknown }).text !== 'string') return 'a change without text';
  if (!('range' in c) || c.range === undefined) return 'rangeLength' in c && c.rangeLength !== undefined ? 'a rangeLength without a range' : undefined;
  const r = c.range as unknown as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | null;
  const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (!r || !r.start || !r.end || ![r.start.line, r.start.character, r.end.line, r.end.character].every(ok)) return `a range that is not made of non-negative integers: ${JSON.stringify(c.range)}`;
  if (c.rangeLength !== undefined && !ok(c.rangeLength)) return `rangeLength ${JSON.stringify(c.rangeLength)}`;
  return undefined;
}

/**
 * stdin/stdout through our transport (transport.ts): frames that cannot be read are skipped, and
 * requests before `initialize` or after `shutdown` are answered as the specification says.
 * vscode-languageserver does two things itself only for the streams it opens (`--stdio`): exit
 * when the input ends, and send console output to the log instead of stdout; so do we.
 */
export function createStdioConnection(): Connection {
  const transport = stdioTransport();
  const connection = createConnection(ProposedFeatures.all, transport.reader, transport.writer);
  transport.report((message) => connection.console.warn(`[scalewise] ${message}`));
  const end = () => process.exit(transport.reader.shutDown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  const to = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => connection.console[level](format(...args));
  console.log = to('log');
  console.debug = to('log');
  console.info = to('info');
  console.warn = to('warn');
  console.error = to('error');
  return connection;
}

/** `--node-ipc`, `--socket`, `--pipe`: the library's own transports; otherwise stdio. */
function defaultConnection(): Connection {
  const other = process.argv.slice(2).some((a) => a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  return other ? createConnection(ProposedFeatures.all) : createStdioConnection();
}

export function startServer(connection: Connection = defaultConnection()): void {
  /** Documents whose text we no longer know: a change was rejected; a whole-text change or reopening mends them. */
  const outOfSync = new Set<string>();
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, text) => {
      outOfSync.delete(uri);
      return TextDocument.create(uri, languageId, version, text);
    },
    update: (doc, changes, version) => {
      const why = !Array.isArray(changes) ? 'contentChanges that are not a list' : !Number.isInteger(version) ? `version ${JSON.stringify(version)}` : changes.map(badChange).find((x) => x !== undefined);
      if (why !== undefined) {
        outOfSync.add(doc.uri);
        connection.console.error(`[scalewise] rejected a change of ${doc.uri} (version ${String(version)}): ${why}. The server no longer knows the text and offers nothing for it until the editor sends the whole document.`);
        return doc;
      }
      if (outOfSync.has(doc.uri)) {
        // Edits against text we do not have: only a whole-document change tells us the text again.
        const full = changes.map((c) => !('range' in c) || c.range === undefined).lastIndexOf(true);
        if (full < 0) return doc;
        outOfSync.delete(doc.uri);
        connection.console.log(`[scalewise] ${doc.uri} is in sync again (version ${version})`);
        return TextDocument.update(doc, changes.slice(full), version);
      }
      return TextDocument.update(doc, changes, version);
    },
  });
  const settingsCache = new Map<string, Promise<ScalewiseSettings>>();
  const results = new Map<string, { version: number; generation: number; result: LintResult }>();
  /** The options a document was last linted with, so fix-all re-lints its fixed text the same way. */
  const lintOptionsFor = new Map<string, EngineOptions>();
  /** The lint in flight per document, shared by the requests that wait for it. */
  const runs = new SharedRuns<LintResult | null>();
  /** Bumped when what every lint depends on changes (settings, workspace facts, node count). */
  let generation = 0;
  const timers = new Map<string, NodeJS.Timeout>();
  const lastChange = new Map<string, number>();
  let configFinder = new ConfigFinder();
  let workspace: WorkspaceFacts = emptyWorkspace();
  let workspaceRoots: string[] = [];
  let hasConfigurationCapability = false;
  let pullDiagnostics = false;
  let relatedInformation = true;
  let lensRefresh = false;
  let diagnosticRefresh = false;
  let init: InitializationOptions = {};
  // scalewise.cluster.countNodes: a read-only count of the nodes of the active kubeconfig context,
  // once at start and on "Refresh Cluster Size"; never per lint.
  const nodeCounter = new NodeCounter();
  let countNodesOn = false;
  let nodeCount: NodeCountResult | undefined;
  /**
   * Workspace trust, from the client (InitializationOptions.workspaceTrusted, then
   * WorkspaceTrustNotification); a client that says nothing is trusted. Untrusted: no node count,
   * no `kinds` from the workspace's `.scalewise.yaml`.
   */
  let trusted = true;
  const kindsIgnored = new Set<string>();

  const log = (msg: string) => connection.console.log(`[scalewise] ${msg}`);
  /** Fire-and-forget without an unhandled rejection (which would end the process). */
  const fire = (what: string, p: Promise<unknown>) => {
    p.catch((err: unknown) => connection.console.error(`[scalewise] ${what} failed: ${String(err)}`));
  };
  const safe = <A extends unknown[], R>(name: string, empty: R, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ResponseError) throw err; // a deliberate LSP answer, such as "cancelled"
        // Never throw at the user: log, and return an empty answer so stale results clear.
        connection.console.error(`[scalewise] ${name} failed: ${(err as Error).stack ?? String(err)}`);
        return empty;
      }
    };

  function getSettings(uri: string): Promise<ScalewiseSettings> {
    if (!hasConfigurationCapability) return Promise.resolve(DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'scalewise' })
        .then((v: Partial<ScalewiseSettings> | null) => ({ ...DEFAULT_SETTINGS, ...(v ?? {}), codeLens: { ...DEFAULT_SETTINGS.codeLens, ...(v?.codeLens ?? {}) } }))
        .catch(() => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  /**
   * What scripts scale, what the Compose files define, the k3s config groups, the manifests'
   * workloads and HPAs: scanned asynchronously and capped (workspace-index.ts), so requests are
   * answered meanwhile; a saved file updates its own facts.
   */
  let index: WorkspaceIndex | undefined;
  function createIndex(): WorkspaceIndex {
    const limits = { ...DEFAULT_SCAN_LIMITS, ...(init.workspaceScan ?? {}) };
    return new WorkspaceIndex(
      () => workspaceRoots,
      {
        openDocument: (file) => {
          const d = documents.get(pathToUri(file));
          return d && !outOfSync.has(d.uri) ? { text: d.getText(), version: d.version } : undefined;
        },
        idle: () => runs.idle(),
        log,
        changed: (facts) => {
          workspace = facts;
          // Documents linted before (or during) the scan were linted without these facts.
          relintAll();
        },
      },
      limits,
    );
  }

  /** A saved Compose file that scripts target changes what their findings are. */
  function isKnownComposeFile(uri: string): boolean {
    const p = fsPathOf(uri);
    return p !== null && (workspace.composeFiles ?? []).some((f) => f.path === path.resolve(p));
  }

  /**
   * The lint of the document's current version: the cached one, the one in flight, or a new run.
   * Rejects with RequestCancelled when `token` is cancelled, with ContentModified when a newer
   * version arrives first.
   */
  async function lintDocument(doc: TextDocument, token?: CancellationToken): Promise<LintResult | null> {
    if (outOfSync.has(doc.uri)) return null;
    const version = doc.version;
    const cached = results.get(doc.uri);
    if (cached && cached.version === version && cached.generation === generation) return cached.result;
    const gen = generation;
    try {
      const result = await runs.join(doc.uri, `${version}#${gen}`, (abandoned) => runLint(doc.uri, version, doc.getText(), gen, abandoned), token);
      // Positions are converted with the document's text: it must still be the text linted.
      if (doc.version !== version || outOfSync.has(doc.uri)) throw new Stopped('modified');
      return result;
    } catch (err) {
      throw err instanceof Stopped ? stoppedError(err) : err;
    }
  }

  async function runLint(uri: string, version: number, text: string, gen: number, abandoned: () => boolean): Promise<LintResult | null> {
    const stop = () => (abandoned() ? 'cancelled' : documents.get(uri)?.version !== version || outOfSync.has(uri) ? 'modified' : undefined);
    try {
      return await lintVersion(uri, version, text, gen, stop);
    } catch (err) {
      if (err instanceof Stopped) log(`lint of ${uri} v${version} stopped: ${err.message}`);
      throw err;
    }
  }

  async function lintVersion(uri: string, version: number, text: string, gen: number, stop: () => 'cancelled' | 'modified' | undefined): Promise<LintResult | null> {
    const settings = await getSettings(uri);
    const early = stop();
    if (early) throw new Stopped(early);
    if (!settings.enable) return null;
    const fsPath = fsPathOf(uri);
    const nearest = fsPath ? configFinder.find(fsPath) : null;
    let fileConfig: Partial<ScalewiseConfig> = nearest?.loaded.config ?? {};
    if (!trusted && nearest && Object.keys(nearest.loaded.config.kinds).length > 0) {
      // As VS Code ignores the restricted setting scalewise.kinds in an untrusted workspace.
      fileConfig = { ...nearest.loaded.config, kinds: {} };
      if (!kindsIgnored.has(nearest.path)) log(`ignoring kinds of ${nearest.path}: the workspace is not trusted`);
      kindsIgnored.add(nearest.path);
    }
    const written = mergeConfig({ rules: settings.rules as never, kinds: settings.kinds as never, ...(settings.limits ? { limits: settings.limits } : {}) }, fileConfig);
    // A written cluster.nodes wins over the count (countedClusterFacts).
    const config = countNodesOn && nodeCount ? mergeConfig(written, { cluster: countedClusterFacts(nodeCount, written.cluster) }) : written;
    const schemaDiagnostics = schemaDiagnosticsFor(settings.schemaDiagnostics, init.redHatYamlPresent === true);
    const started = Date.now();
    const languageId = documents.get(uri)?.languageId;
    const options: EngineOptions = {
      uri: fsPath ?? uri,
      config,
      workspace,
      schemaDiagnostics,
      exists: (p) => fs.existsSync(p),
      // `helm` makes a template (engine/detect.ts).
      ...(languageId ? { languageId } : {}),
      onRuleError: (id, e) => connection.console.error(`[scalewise] rule ${id} failed on ${uri}: ${(e as Error).stack ?? String(e)}`),
    };
    lintOptionsFor.set(uri, options);
    const result = await drive(lintSteps(text, options), stop);
    const ms = Date.now() - started;
    if (ms > 200) log(`linting ${uri} took ${ms} ms`);
    if (gen === generation) results.set(uri, { version, generation: gen, result });
    fire('kind notification', connection.sendNotification(KindNotification, { uri, kind: result.kind, reason: result.kindReason, problems: result.findings.length }));
    return result;
  }

  function isConfigFile(uri: string): boolean {
    return CONFIG_FILE_NAMES.includes(path.basename(fsPathOf(uri) ?? uri));
  }

  function configDiagnostics(doc: TextDocument): Diagnostic[] {
    return parseConfig(doc.getText()).problems.map((p) => ({
      range: toRange(doc, p.range),
      severity: DiagnosticSeverity.Error,
      source: SERVER_SOURCE,
      code: 'config/invalid',
      codeDescription: { href: CONFIG_DOCS_URL },
      message: `${p.message}${p.path ? ` (${p.path})` : ''}`,
    }));
  }

  async function diagnosticsFor(doc: TextDocument, token?: CancellationToken): Promise<Diagnostic[]> {
    if (outOfSync.has(doc.uri)) return [];
    if (isConfigFile(doc.uri)) return configDiagnostics(doc);
    const result = await lintDocument(doc, token);
    return result ? result.findings.map((f, i) => toDiagnostic(doc, f, i, { relatedInformation })) : [];
  }

  async function publish(doc: TextDocument): Promise<void> {
    if (outOfSync.has(doc.uri)) {
      // Nothing we found still holds; no version, for we do not know the editor's.
      await connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      return;
    }
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = await diagnosticsFor(doc);
    } catch (err) {
      // A newer version came in while we worked; its own run will publish.
      if (isContentModified(err)) return;
      throw err;
    }
    if (documents.get(doc.uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
  }

  function schedule(doc: TextDocument, delay?: number): void {
    if (pullDiagnostics) return;
    clearTimeout(timers.get(doc.uri));
    fire('scheduling', getSettings(doc.uri).then((s) => {
      clearTimeout(timers.get(doc.uri));
      timers.set(
        doc.uri,
        setTimeout(() => {
          timers.delete(doc.uri);
          const current = documents.get(doc.uri);
          if (current) fire('diagnostics', safe('diagnostics', undefined, publish)(current));
        }, delay ?? s.debounceMs),
      );
    }));
  }

  function relintAll(): void {
    results.clear();
    generation++;
    // Lenses depend on workspace facts too (a --scale in a script); the client re-asks on refresh.
    if (lensRefresh) fire('code lens refresh', connection.sendRequest(CodeLensRefreshRequest.type));
    if (pullDiagnostics && diagnosticRefresh) fire('diagnostic refresh', connection.languages.diagnostics.refresh());
    else for (const d of documents.all()) schedule(d, 0);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = Boolean(caps.workspace?.configuration);
    pullDiagnostics = Boolean(caps.textDocument?.diagnostic);
    relatedInformation = caps.textDocument?.publishDiagnostics?.relatedInformation !== false;
    lensRefresh = Boolean(caps.workspace?.codeLens?.refreshSupport);
    diagnosticRefresh = Boolean(caps.workspace?.diagnostics?.refreshSupport);
    init = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = init.workspaceTrusted !== false;
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => fsPathOf(f.uri)).filter((p): p is string => p !== null);
    if (workspaceRoots.length === 0 && params.rootUri) {
      const root = fsPathOf(params.rootUri);
      if (root) workspaceRoots.push(root);
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: SERVER_SOURCE, interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'scalewise', version: typeof SCALEWISE_VERSION === 'string' ? SCALEWISE_VERSION : '0.0.0-dev' },
    };
  });

  async function readCountNodes(): Promise<boolean> {
    if (!hasConfigurationCapability) return false;
    try {
      const v = (await connection.workspace.getConfiguration({ section: 'scalewise.cluster' })) as { countNodes?: boolean } | null;
      return v?.countNodes === true;
    } catch {
      return false;
    }
  }

  /**
   * Counts (or recounts) when the setting is on and the workspace is trusted; the result is
   * logged, never thrown. Untrusted: nothing runs (no exec plugin, no request), whatever the
   * user-level setting says.
   */
  async function updateNodeCount(refresh: boolean): Promise<NodeCountResult | 'off' | 'untrusted'> {
    const wanted = await readCountNodes();
    countNodesOn = wanted && trusted;
    if (!countNodesOn) {
      if (nodeCount) relintAll();
      nodeCount = undefined;
      if (wanted) log('node counting is off: the workspace is not trusted (scalewise.cluster.countNodes is on)');
      return wanted ? 'untrusted' : 'off';
    }
    if (!refresh && nodeCount) return nodeCount;
    const r = await (refresh ? nodeCounter.refresh() : nodeCounter.get());
    nodeCount = r;
    if (r.ok) log(`cluster size: ${describeCount(r)}`);
    else connection.console.warn(`[scalewise] cluster size: ${describeCount(r)}; the Run:ai sizing rules use .scalewise.yaml only`);
    relintAll();
    return r;
  }

  connection.onRequest(
    RefreshClusterSizeRequest,
    safe('refresh cluster size', { ok: false, message: 'Counting the nodes failed; see the Scalewise output.' } as RefreshClusterSizeResult, async (): Promise<RefreshClusterSizeResult> => {
      const r = await updateNodeCount(true);
      if (r === 'off') return { ok: false, message: 'Node counting is off: turn on the setting scalewise.cluster.countNodes.' };
      if (r === 'untrusted') return { ok: false, message: 'Node counting is off in an untrusted workspace: trust the workspace to count the nodes of the cluster.' };
      return { ok: r.ok, message: `Scalewise: ${describeCount(r)}.` };
    }),
  );

  connection.onInitialized(() => {
    fire('node count', updateNodeCount(false));
    index = createIndex();
    fire('workspace scan', index.scan('start'));
  });

  connection.onNotification(WorkspaceTrustNotification, (p) => {
    const now = p?.trusted === true;
    if (now === trusted) return;
    trusted = now;
    log(`the workspace is ${trusted ? 'trusted' : 'not trusted'} now`);
    kindsIgnored.clear();
    relintAll();
    fire('node count', updateNodeCount(false));
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    relintAll();
    fire('node count', updateNodeCount(false));
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => isConfigFile(c.uri))) {
      configFinder = new ConfigFinder();
      relintAll();
    }
    // A file created or deleted changes what the walk finds; a changed one only its own facts.
    // VS Code sends Changed for every save of a watched file, beside didSave: no walk for those.
    const changed = params.changes.filter((c) => !isConfigFile(c.uri));
    if (changed.some((c) => c.type !== FileChangeType.Changed || !index?.knows(fsPathOf(c.uri) ?? ''))) index?.requestScan('files created or deleted');
    else for (const c of changed) if (!documents.get(c.uri)) updateFromDisk(c.uri);
  });

  /** A known file changed on disk while not open: read it and update its facts. */
  function updateFromDisk(uri: string): void {
    const p = fsPathOf(uri);
    if (!p || !index) return;
    const target = index;
    fire(
      'reading a changed file',
      fs.promises.readFile(p, 'utf8').then(
        (text) => {
          target.update(p, text, -1);
        },
        () => target.requestScan(`${path.basename(p)} is unreadable`),
      ),
    );
  }

  documents.onDidChangeContent((e) => {
    lastChange.set(e.document.uri, Date.now());
    schedule(e.document);
  });
  documents.onDidSave((e) => {
    if (isConfigFile(e.document.uri)) {
      configFinder = new ConfigFinder();
      relintAll();
    } else {
      // The saved file's own facts, without a walk; a file the index does not know yet needs a scan.
      const p = fsPathOf(e.document.uri);
      if (!p || !index || outOfSync.has(e.document.uri)) return;
      if (index.update(p, e.document.getText(), e.document.version)) log(`workspace: ${path.basename(p)} updated`);
      else if (isCommandSource(p) || isK3sConfigPath(p) || isKnownComposeFile(e.document.uri) || results.get(e.document.uri)?.result.kind === 'kubernetes') index.requestScan(`${path.basename(p)} saved`);
    }
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    lastChange.delete(e.document.uri);
    results.delete(e.document.uri);
    lintOptionsFor.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    if (!pullDiagnostics) fire('clearing diagnostics', connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  });

  connection.languages.diagnostics.on(
    safe('pull diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params, token) => {
      // The client pulls on every change; wait out the typing burst, and give up when a newer pull replaced this one.
      const since = Date.now() - (lastChange.get(params.textDocument.uri) ?? 0);
      const debounce = (await getSettings(params.textDocument.uri)).debounceMs;
      if (since < debounce) await new Promise((resolve) => setTimeout(resolve, debounce - since));
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded by a newer edit', { retriggerRequest: true });
      // A pull is for the document, not a version: when a newer version overtakes the lint, answer for that one.
      for (;;) {
        const doc = documents.get(params.textDocument.uri);
        try {
          return { kind: DocumentDiagnosticReportKind.Full, items: doc ? await diagnosticsFor(doc, token) : [] };
        } catch (err) {
          if (!isContentModified(err)) throw err;
        }
      }
    }),
  );

  connection.onCodeAction(
    safe('code actions', [], async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      const result = doc && !isConfigFile(doc.uri) ? await lintDocument(doc, token) : null;
      if (!doc || !result) return [];
      const options = lintOptionsFor.get(doc.uri);
      return codeActions(doc, result, params, (text) => lint(text, options ?? { uri: result.file.uri }));
    }),
  );

  connection.onHover(
    safe('hover', null, async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      const result = doc && !isConfigFile(doc.uri) ? await lintDocument(doc, token) : null;
      return doc && result ? hover(doc, result, params.position) : null;
    }),
  );

  connection.onCodeLens(
    safe('code lens', [], async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || isConfigFile(doc.uri)) return [];
      if (!(await getSettings(doc.uri)).codeLens.enable) return [];
      const result = await lintDocument(doc, token);
      return result ? codeLenses(doc, result) : [];
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function pathToUri(p: string): string {
  return pathToFileUri(p);
}

declare const SCALEWISE_VERSION: string;
