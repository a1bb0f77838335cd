/**
 * LSP wiring only: documents, settings, scheduling. All analysis is the engine's `lint()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES, emptyWorkspace, isCommandSource, lint, mergeConfig, parseConfig, scanCommands } from './engine';
import type { LintResult, WorkspaceFacts } from './engine/types';
import { addComposeFacts, addK3sConfigFacts, addKubernetesFacts, ConfigFinder, walk } from './files';
import { isK3sConfigPath } from './engine/model/k3s';
import { countedClusterFacts, describeCount, NodeCounter, type NodeCountResult } from './cluster/node-count';
import { codeActions } from './handlers/code-actions';
import { codeLenses } from './handlers/code-lens';
import { toDiagnostic, toRange } from './handlers/convert';
import { hover } from './handlers/hover';
import { DEFAULT_SETTINGS, FIX_ALL_KIND, KindNotification, RefreshClusterSizeRequest, type RefreshClusterSizeResult, SERVER_SOURCE, type InitializationOptions, type KindParams, type ScalewiseSettings } from './protocol';

const CONFIG_DOCS_URL = 'https://github.com/scalewise/scalewise/blob/main/docs/configuration.md';

function fsPathOf(uri: string): string | null {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : null;
  } catch {
    return null;
  }
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<ScalewiseSettings>>();
  const results = new Map<string, { version: number; result: LintResult }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastChange = new Map<string, number>();
  let configFinder = new ConfigFinder();
  let workspace: WorkspaceFacts = emptyWorkspace();
  let workspaceRoots: string[] = [];
  let hasConfigurationCapability = false;
  let pullDiagnostics = false;
  let lensRefresh = false;
  let diagnosticRefresh = false;
  let init: InitializationOptions = {};
  // scalewise.cluster.countNodes: a read-only count of the nodes of the active kubeconfig context,
  // once at start and on "Refresh Cluster Size"; never per lint.
  const nodeCounter = new NodeCounter();
  let countNodesOn = false;
  let nodeCount: NodeCountResult | undefined;

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

  function scanWorkspace(): void {
    const facts = emptyWorkspace();
    const read = (file: string) => documents.get(pathToUri(file))?.getText() ?? fs.readFileSync(file, 'utf8');
    for (const root of workspaceRoots) {
      const walked = walk(root);
      for (const file of walked.commandSources) {
        try {
          scanCommands(file, read(file), facts);
        } catch {
          // unreadable: contributes nothing
        }
      }
      // What the Compose files define, so a script's `--scale` can be checked against its target.
      addComposeFacts(facts, walked.files, walked.commandSources, read);
      // The k3s config.yaml and its drop-ins, so each one is linted with the settings of the others.
      addK3sConfigFacts(facts, walked.files, read);
      // Workloads and HPAs of the manifests, so an HPA is read against a Deployment in another file.
      addKubernetesFacts(facts, walked.files, read);
    }
    workspace = facts;
  }

  /** A saved Compose file that scripts target changes what their findings are. */
  function isKnownComposeFile(uri: string): boolean {
    const p = fsPathOf(uri);
    return p !== null && (workspace.composeFiles ?? []).some((f) => f.path === path.resolve(p));
  }

  async function lintDocument(doc: TextDocument): Promise<LintResult | null> {
    const cached = results.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.result;
    const settings = await getSettings(doc.uri);
    if (!settings.enable) return null;
    const fsPath = fsPathOf(doc.uri);
    const nearest = fsPath ? configFinder.find(fsPath) : null;
    const written = mergeConfig({ rules: settings.rules as never, kinds: settings.kinds as never, ...(settings.limits ? { limits: settings.limits } : {}) }, nearest?.loaded.config ?? {});
    // A written cluster.nodes wins over the count (countedClusterFacts).
    const config = countNodesOn && nodeCount ? mergeConfig(written, { cluster: countedClusterFacts(nodeCount, written.cluster) }) : written;
    const schemaDiagnostics = settings.schemaDiagnostics === 'always' || (settings.schemaDiagnostics === 'auto' && !init.redHatYamlPresent);
    const started = Date.now();
    const result = lint(doc.getText(), {
      uri: fsPath ?? doc.uri,
      config,
      workspace,
      schemaDiagnostics,
      exists: (p) => fs.existsSync(p),
      onRuleError: (id, e) => connection.console.error(`[scalewise] rule ${id} failed on ${doc.uri}: ${(e as Error).stack ?? String(e)}`),
    });
    const ms = Date.now() - started;
    if (ms > 200) log(`linting ${doc.uri} took ${ms} ms`);
    results.set(doc.uri, { version: doc.version, result });
    fire('kind notification', connection.sendNotification(KindNotification, { uri: doc.uri, kind: result.kind, reason: result.kindReason, problems: result.findings.length } satisfies KindParams));
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

  async function diagnosticsFor(doc: TextDocument): Promise<Diagnostic[]> {
    if (isConfigFile(doc.uri)) return configDiagnostics(doc);
    const result = await lintDocument(doc);
    return result ? result.findings.map((f, i) => toDiagnostic(doc, f, i)) : [];
  }

  async function publish(doc: TextDocument): Promise<void> {
    const diagnostics = await diagnosticsFor(doc);
    // The document may have changed while we worked; its own run will publish.
    if (documents.get(doc.uri)?.version !== doc.version) return;
    await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
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
    // Lenses depend on workspace facts too (a --scale in a script); the client re-asks on refresh.
    if (lensRefresh) fire('code lens refresh', connection.sendRequest(CodeLensRefreshRequest.type));
    if (pullDiagnostics && diagnosticRefresh) fire('diagnostic refresh', connection.languages.diagnostics.refresh());
    else for (const d of documents.all()) schedule(d, 0);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = Boolean(caps.workspace?.configuration);
    pullDiagnostics = Boolean(caps.textDocument?.diagnostic);
    lensRefresh = Boolean(caps.workspace?.codeLens?.refreshSupport);
    diagnosticRefresh = Boolean(caps.workspace?.diagnostics?.refreshSupport);
    init = (params.initializationOptions ?? {}) as InitializationOptions;
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

  /** Counts (or recounts) when the setting is on; the result is logged, never thrown. */
  async function updateNodeCount(refresh: boolean): Promise<NodeCountResult | undefined> {
    countNodesOn = await readCountNodes();
    if (!countNodesOn) {
      nodeCount = undefined;
      return undefined;
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
      if (!r) return { ok: false, message: 'Node counting is off: turn on the setting scalewise.cluster.countNodes.' };
      return { ok: r.ok, message: `Scalewise: ${describeCount(r)}.` };
    }),
  );

  connection.onInitialized(() => {
    fire('node count', updateNodeCount(false));
    try {
      scanWorkspace();
    } catch (err) {
      connection.console.error(`[scalewise] workspace scan failed: ${String(err)}`);
    }
    log(`workspace: ${workspace.scaleCommands.length} scale commands, ${workspace.stackFiles.length} stack files`);
    // Documents opened before the scan finished were linted without these facts.
    relintAll();
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    relintAll();
    fire('node count', updateNodeCount(false));
  });

  connection.onDidChangeWatchedFiles(() => {
    configFinder = new ConfigFinder();
    scanWorkspace();
    relintAll();
  });

  documents.onDidChangeContent((e) => {
    lastChange.set(e.document.uri, Date.now());
    schedule(e.document);
  });
  documents.onDidSave((e) => {
    if (isConfigFile(e.document.uri)) {
      configFinder = new ConfigFinder();
      relintAll();
    } else if (isCommandSource(fsPathOf(e.document.uri) ?? '') || isKnownComposeFile(e.document.uri) || isK3sConfigPath(fsPathOf(e.document.uri) ?? '') || results.get(e.document.uri)?.result.kind === 'kubernetes') {
      scanWorkspace();
      relintAll();
    }
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    lastChange.delete(e.document.uri);
    results.delete(e.document.uri);
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
      const doc = documents.get(params.textDocument.uri);
      return { kind: DocumentDiagnosticReportKind.Full, items: doc ? await diagnosticsFor(doc) : [] };
    }),
  );

  connection.onCodeAction(
    safe('code actions', [], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const result = doc && !isConfigFile(doc.uri) ? await lintDocument(doc) : null;
      return doc && result ? codeActions(doc, result, params) : [];
    }),
  );

  connection.onHover(
    safe('hover', null, async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const result = doc && !isConfigFile(doc.uri) ? await lintDocument(doc) : null;
      return doc && result ? hover(doc, result, params.position) : null;
    }),
  );

  connection.onCodeLens(
    safe('code lens', [], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || isConfigFile(doc.uri)) return [];
      if (!(await getSettings(doc.uri)).codeLens.enable) return [];
      const result = await lintDocument(doc);
      return result ? codeLenses(doc, result) : [];
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function pathToUri(p: string): string {
  return `file://${p.split(path.sep).map(encodeURIComponent).join('/')}`;
}

declare const SCALEWISE_VERSION: string;
