/**
 * LSP wiring only: the connection, settings, config and trust, the node count, and the handlers.
 * Open documents and their lints are document-linter.ts's, the workspace facts
 * workspace-index.ts's; all analysis is the engine's `lint()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  FileChangeType,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  ResponseError,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { assembleConfig, isCommandSource, isK3sConfigPath, lint, type EngineOptions } from './engine';
import { schemaDiagnosticsFor } from './engine/schema';
import { fileUriToPath, pathToFileUri } from './engine/uri';
import { ConfigFinder } from './files';
import { countedNodes, describeCount, NodeCounter, type NodeCountResult } from './cluster/node-count';
import { DocumentLinter, isConfigFile } from './document-linter';
import { codeActions, FixVerdicts } from './handlers/code-actions';
import { codeLenses, LensStore } from './handlers/code-lens';
import { hover } from './handlers/hover';
import { ruleList } from './handlers/rule-list';
import { snippetCompletions } from './handlers/completion';
import { runInfoCommand, shippedDocsDir } from './handlers/commands';
import { ScaleHandler } from './handlers/scale';
import { SCALE_ACTIONS } from './actions';
import { failure, type ActionFailure } from './actions/types';
import { stdioTransport } from './transport';
import { DEFAULT_SCAN_LIMITS, WorkspaceIndex, workerWalk } from './workspace-index';
import { paragraph } from './engine/template-text';
import {
  ActiveContextsRequest,
  DEFAULT_SETTINGS,
  PlanScaleRequest,
  ScaleChoicesRequest,
  UseDockerContextRequest,
  UseKubeContextRequest,
  FIX_ALL_KIND,
  RefreshClusterSizeRequest,
  RuleListRequest,
  type RefreshClusterSizeResult,
  SERVER_SOURCE,
  ServerCommands,
  WorkspaceTrustNotification,
  type ActiveContexts,
  type InitializationOptions,
  type PlanScaleResult,
  type ScaleChoicesResult,
  type ScaleCommandResult,
  type ScalewiseSettings,
} from './protocol';

function fsPathOf(uri: string): string | null {
  return fileUriToPath(uri);
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
  const to =
    (level: 'log' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      connection.console[level](format(...args));
  console.log = to('log');
  console.debug = to('log');
  console.info = to('info');
  console.warn = to('warn');
  console.error = to('error');
  return connection;
}

/** `--node-ipc`, `--socket`, `--pipe`: the library's own transports; otherwise stdio. */
function defaultConnection(): Connection {
  const other = process.argv
    .slice(2)
    .some((a) => a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  return other ? createConnection(ProposedFeatures.all) : createStdioConnection();
}

export function startServer(connection: Connection = defaultConnection()): void {
  const settingsCache = new Map<string, Promise<ScalewiseSettings>>();
  let configFinder = new ConfigFinder();
  let workspaceRoots: string[] = [];
  let hasConfigurationCapability = false;
  let showDocumentSupport = false;
  let snippetSupport = false;
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
  const safe =
    <A extends unknown[], R>(name: string, empty: R, fn: (...args: A) => R | Promise<R>) =>
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
        .then((v: Partial<ScalewiseSettings> | null) => ({
          ...DEFAULT_SETTINGS,
          ...(v ?? {}),
          codeLens: { ...DEFAULT_SETTINGS.codeLens, ...(v?.codeLens ?? {}) },
        }))
        .catch(() => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  /** Everything a lint of `uri` reads but its text and the workspace facts (the linter adds those). */
  async function lintOptions(uri: string, languageId: string | undefined): Promise<Omit<EngineOptions, 'workspace'>> {
    const settings = await getSettings(uri);
    const fsPath = fsPathOf(uri);
    const nearest = fsPath ? configFinder.find(fsPath) : null;
    const { config, fileKindsIgnored } = assembleConfig({
      settings: {
        rules: settings.rules as never,
        kinds: settings.kinds as never,
        ...(settings.limits ? { limits: settings.limits } : {}),
      },
      file: nearest?.loaded.config ?? {},
      ignoreFileKinds: !trusted,
      counted: countNodesOn ? countedNodes(nodeCount) : undefined,
    });
    if (fileKindsIgnored && nearest && !kindsIgnored.has(nearest.path)) {
      log(`ignoring kinds of ${nearest.path}: the workspace is not trusted`);
      kindsIgnored.add(nearest.path);
    }
    return {
      uri: fsPath ?? uri,
      config,
      schemaDiagnostics: schemaDiagnosticsFor(settings.schemaDiagnostics, init.redHatYamlPresent === true),
      exists: (p) => fs.existsSync(p),
      // `helm` makes a template (engine/detect.ts).
      ...(languageId ? { languageId } : {}),
      onRuleError: (id, e) =>
        connection.console.error(`[scalewise] rule ${id} failed on ${uri}: ${(e as Error).stack ?? String(e)}`),
    };
  }

  const linter = new DocumentLinter(connection, {
    log,
    fire,
    settings: getSettings,
    options: lintOptions,
    closed: (uri) => settingsCache.delete(uri),
  });
  const documents = linter.documents;
  const lensStore = new LensStore();
  const fixVerdicts = new FixVerdicts();
  documents.onDidClose((e) => lensStore.forget(e.document.uri));

  // Scale actions (handlers/scale.ts): refused before anything is read while untrusted.
  const scale = new ScaleHandler({
    connection,
    registry: SCALE_ACTIONS,
    trusted: () => trusted,
    clientConfirms: () => init.confirmsScale === true,
    cwd: () => workspaceRoots[0] ?? process.cwd(),
    log,
    refreshLenses: () => {
      lensStore.invalidate();
      if (linter.features.lensRefresh) fire('code lens refresh', connection.sendRequest(CodeLensRefreshRequest.type));
    },
  });

  /**
   * What scripts scale, what the Compose files define, the k3s config groups, the manifests'
   * workloads and HPAs: scanned asynchronously and capped (workspace-index.ts), so requests are
   * answered meanwhile; a saved file updates its own facts, and only the documents that read
   * what changed are linted again.
   */
  let index: WorkspaceIndex | undefined;
  // Beside server.js in server/out (esbuild.mjs); a bundle elsewhere (a test's) walks on this thread.
  const walkWorker = path.join(__dirname, 'walk-worker.js');
  const walkOffThread = fs.existsSync(walkWorker) ? workerWalk(walkWorker) : undefined;
  function createIndex(): WorkspaceIndex {
    const limits = { ...DEFAULT_SCAN_LIMITS, ...(init.workspaceScan ?? {}) };
    return new WorkspaceIndex(
      () => workspaceRoots,
      {
        openDocument: (file) => {
          const d = linter.get(pathToFileUri(file));
          return d ? { text: d.getText(), version: d.version } : undefined;
        },
        idle: () => linter.runs.idle(),
        log,
        changed: (facts) => linter.workspaceChanged(facts),
        ...(walkOffThread ? { walk: walkOffThread } : {}),
      },
      limits,
    );
  }

  /** A saved Compose file that scripts target changes what their findings are. */
  function isKnownComposeFile(uri: string): boolean {
    const p = fsPathOf(uri);
    return p !== null && (linter.workspace().composeFiles ?? []).some((f) => f.path === path.resolve(p));
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = Boolean(caps.workspace?.configuration);
    showDocumentSupport = caps.window?.showDocument?.support === true;
    snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    const pullDiagnostics = Boolean(caps.textDocument?.diagnostic);
    linter.features = {
      pullDiagnostics,
      relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation !== false,
      lensRefresh: Boolean(caps.workspace?.codeLens?.refreshSupport),
      diagnosticRefresh: Boolean(caps.workspace?.diagnostics?.refreshSupport),
    };
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
        // Snippets for the file's kind (handlers/completion.ts); no trigger characters: they start keys.
        completionProvider: {},
        codeLensProvider: { resolveProvider: true },
        executeCommandProvider: { commands: Object.values(ServerCommands) },
        ...(pullDiagnostics
          ? {
              diagnosticProvider: {
                identifier: SERVER_SOURCE,
                interFileDependencies: true,
                workspaceDiagnostics: false,
              },
            }
          : {}),
      },
      serverInfo: {
        name: 'scalewise',
        version: typeof SCALEWISE_VERSION === 'string' ? SCALEWISE_VERSION : '0.0.0-dev',
      },
    };
  });

  async function readCountNodes(): Promise<boolean> {
    if (!hasConfigurationCapability) return false;
    try {
      const v = (await connection.workspace.getConfiguration({ section: 'scalewise.cluster' })) as {
        countNodes?: boolean;
      } | null;
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
      if (nodeCount) linter.relintAll();
      nodeCount = undefined;
      if (wanted) log('node counting is off: the workspace is not trusted (scalewise.cluster.countNodes is on)');
      return wanted ? 'untrusted' : 'off';
    }
    if (!refresh && nodeCount) return nodeCount;
    const r = await (refresh ? nodeCounter.refresh() : nodeCounter.get());
    nodeCount = r;
    if (r.ok) log(`cluster size: ${describeCount(r)}`);
    else
      connection.console.warn(
        `[scalewise] cluster size: ${describeCount(r)}; the Run:ai sizing rules use .scalewise.yaml only`,
      );
    linter.relintAll();
    return r;
  }

  connection.onRequest(
    RefreshClusterSizeRequest,
    safe(
      'refresh cluster size',
      { ok: false, message: 'Counting the nodes failed; see the Scalewise output.' } as RefreshClusterSizeResult,
      async (): Promise<RefreshClusterSizeResult> => {
        const r = await updateNodeCount(true);
        if (r === 'off')
          return { ok: false, message: 'Node counting is off: turn on the setting scalewise.cluster.countNodes.' };
        if (r === 'untrusted')
          return {
            ok: false,
            message: paragraph(
              'Node counting is off in an untrusted workspace: trust the workspace to count the nodes of the',
              'cluster.',
            ),
          };
        return { ok: r.ok, message: `Scalewise: ${describeCount(r)}.` };
      },
    ),
  );

  const scaleFailed: ActionFailure = failure('error', 'Scalewise: the scale action failed; see the Scalewise output.');
  const infoHost = { connection, showDocument: () => showDocumentSupport, docsDir: shippedDocsDir() };
  connection.onExecuteCommand(
    safe('execute command', scaleFailed, async (p) => {
      if (await runInfoCommand(infoHost, p.command, p.arguments)) return null;
      if (ScaleHandler.commands.includes(p.command)) return scale.executeCommand(p);
      throw new ResponseError(ErrorCodes.InvalidParams, `Scalewise has no command ${JSON.stringify(p.command)}.`);
    }),
  );
  connection.onRequest(
    PlanScaleRequest,
    safe('plan scale', scaleFailed, (p): Promise<PlanScaleResult> => scale.planScale(p)),
  );
  connection.onRequest(
    ScaleChoicesRequest,
    safe('scale choices', scaleFailed, (p): Promise<ScaleChoicesResult> => scale.choices(p)),
  );
  connection.onRequest(
    ActiveContextsRequest,
    safe('active contexts', { trusted: false } as ActiveContexts, () => scale.activeContexts()),
  );
  connection.onRequest(
    UseKubeContextRequest,
    safe('use context', { trusted: false } as ActiveContexts, (p) => scale.useKubeContext(p)),
  );
  connection.onRequest(RuleListRequest, safe('rule list', [], ruleList));
  connection.onRequest(
    UseDockerContextRequest,
    safe('docker context', scaleFailed, (p): Promise<ScaleCommandResult> => scale.useDockerContext(p)),
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
    linter.relintAll();
    fire('node count', updateNodeCount(false));
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    linter.relintAll();
    fire('node count', updateNodeCount(false));
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => isConfigFile(c.uri))) {
      configFinder = new ConfigFinder();
      linter.relintAll();
    }
    // A file created or deleted changes what the walk finds; a changed one only its own facts.
    // VS Code sends Changed for every save of a watched file, beside didSave: no walk for those.
    const changed = params.changes.filter((c) => !isConfigFile(c.uri));
    if (changed.some((c) => c.type !== FileChangeType.Changed || !index?.knows(fsPathOf(c.uri) ?? '')))
      index?.requestScan('files created or deleted');
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

  documents.onDidSave((e) => {
    if (isConfigFile(e.document.uri)) {
      configFinder = new ConfigFinder();
      linter.relintAll();
    } else {
      // The saved file's own facts, without a walk; a file the index does not know yet needs a scan.
      const p = fsPathOf(e.document.uri);
      if (!p || !index || linter.isOutOfSync(e.document.uri)) return;
      if (index.update(p, e.document.getText(), e.document.version)) log(`workspace: ${path.basename(p)} updated`);
      else if (
        isCommandSource(p) ||
        isK3sConfigPath(p) ||
        isKnownComposeFile(e.document.uri) ||
        linter.lastKind(e.document.uri) === 'kubernetes'
      )
        index.requestScan(`${path.basename(p)} saved`);
    }
  });

  connection.languages.diagnostics.on(
    safe('pull diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (params, token) =>
      linter.pull(params, token),
    ),
  );

  connection.onCodeAction(
    safe('code actions', [], async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      const result = doc && !isConfigFile(doc.uri) ? await linter.lint(doc, token) : null;
      if (!doc || !result) return [];
      const options = linter.optionsOf(doc.uri);
      return codeActions(doc, result, params, (text) => lint(text, options ?? { uri: result.file.uri }), fixVerdicts);
    }),
  );

  connection.onHover(
    safe('hover', null, async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      const result = doc && !isConfigFile(doc.uri) ? await linter.lint(doc, token) : null;
      return doc && result ? hover(doc, result, params.position) : null;
    }),
  );

  connection.onCompletion(
    safe('completion', [], async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      const result = doc && !isConfigFile(doc.uri) ? await linter.lint(doc, token) : null;
      return doc && result ? snippetCompletions(doc, result.kind, params.position, snippetSupport) : [];
    }),
  );

  connection.onCodeLens(
    safe('code lens', [], async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || isConfigFile(doc.uri)) return [];
      if (!(await getSettings(doc.uri)).codeLens.enable) return [];
      const result = await linter.lint(doc, token);
      return result
        ? lensStore.lenses(doc, result, () => [...codeLenses(doc, result), ...scale.lenses(doc, result)])
        : [];
    }),
  );

  // Nothing to fail: the lens's command comes from the stored answer, or ContentModified.
  connection.onCodeLensResolve((lens) => lensStore.resolve(lens));

  linter.listen(connection);
  connection.listen();
}

declare const SCALEWISE_VERSION: string;
