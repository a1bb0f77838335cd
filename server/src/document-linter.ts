/**
 * The open documents and their lints: text and versions (a change that cannot be applied puts a
 * document out of sync), the debounce, the lint runs shared by the requests that wait for them,
 * the cached results and publishing. What a lint depends on beyond the text comes from the host
 * (`options`: settings, `.scalewise.yaml`, the node count) and from the workspace facts, which this
 * class keeps: each lint records which facts it read, so new facts re-lint only the documents
 * that read what changed.
 */
import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES, emptyWorkspace, parseConfig, type EngineOptions } from './engine';
import { lintSteps } from './engine/lint';
import type { LintResult, WorkspaceFacts } from './engine/types';
import { fileUriToPath } from './engine/uri';
import { toDiagnostic, toRange } from './handlers/convert';
import { drive, isContentModified, SharedRuns, Stopped, stoppedError } from './lint-runs';
import { KindNotification, SERVER_SOURCE, type KindParams, type ScalewiseSettings } from './protocol';
import { prose } from './engine/template-text';

const CONFIG_DOCS_URL = 'https://github.com/scalewise/scalewise/blob/main/docs/configuration.md';

type FactKey = keyof WorkspaceFacts;

export interface LinterHost {
  log(message: string): void;
  /** Fire-and-forget without an unhandled rejection. */
  fire(what: string, p: Promise<unknown>): void;
  settings(uri: string): Promise<ScalewiseSettings>;
  /** The engine options of a lint of `uri`, but the workspace facts (this class adds them). */
  options(uri: string, languageId: string | undefined): Promise<Omit<EngineOptions, 'workspace'>>;
  /** A document closed: the host forgets what it keeps for it (its settings). */
  closed(uri: string): void;
}

export interface ClientFeatures {
  pullDiagnostics: boolean;
  relatedInformation: boolean;
  lensRefresh: boolean;
  diagnosticRefresh: boolean;
}

interface Cached {
  version: number;
  generation: number;
  docGeneration: number;
  result: LintResult;
  /** The workspace facts the lint read. */
  facts: ReadonlySet<FactKey>;
  /** The options but the facts, as text: the next lint re-parses incrementally from this one only with the same. */
  optionsKey: string;
}

/** What of the engine options a result depends on (the functions only log or ask the disk, as detection does each time). */
function optionsKey(o: Omit<EngineOptions, 'workspace'>): string {
  return JSON.stringify([
    o.uri,
    o.kind,
    o.languageId,
    o.schemaDiagnostics,
    o.only,
    o.onlyEnables,
    o.recordReads,
    o.config,
  ]);
}

/**
 * Why an incremental change cannot be applied, or undefined when it can. TextDocument.update
 * takes any number: a fractional, null or negative position made offsets fractional or NaN,
 * the text corrupt, and later positions `null` in what we sent back.
 */
function badChange(c: TextDocumentContentChangeEvent): string | undefined {
  if (!c || typeof c !== 'object' || typeof (c as { text?: unknown }).text !== 'string') return 'a change without text';
  if (!('range' in c) || c.range === undefined)
    return 'rangeLength' in c && c.rangeLength !== undefined ? 'a rangeLength without a range' : undefined;
  const r = c.range as unknown as {
    start?: { line?: unknown; character?: unknown };
    end?: { line?: unknown; character?: unknown };
  } | null;
  const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (!r || !r.start || !r.end || ![r.start.line, r.start.character, r.end.line, r.end.character].every(ok))
    return `a range that is not made of non-negative integers: ${JSON.stringify(c.range)}`;
  if (c.rangeLength !== undefined && !ok(c.rangeLength)) return `rangeLength ${JSON.stringify(c.rangeLength)}`;
  return undefined;
}

/** The facts as a lint sees them, recording which of them it reads. */
function recording(facts: WorkspaceFacts, read: Set<FactKey>): WorkspaceFacts {
  return new Proxy(facts, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key as FactKey);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key as FactKey);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const k of Reflect.ownKeys(target)) if (typeof k === 'string') read.add(k as FactKey);
      return Reflect.ownKeys(target);
    },
  });
}

/** The facts that differ between two aggregates. */
export function changedFacts(before: WorkspaceFacts, after: WorkspaceFacts): Set<FactKey> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as FactKey[]);
  const out = new Set<FactKey>();
  for (const k of keys)
    if (before[k] !== after[k] && JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.add(k);
  return out;
}

export function isConfigFile(uri: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.basename(fileUriToPath(uri) ?? uri));
}

export class DocumentLinter {
  /** Documents whose text we no longer know: a change was rejected; a whole-text change or reopening mends them. */
  private readonly outOfSync = new Set<string>();
  readonly documents: TextDocuments<TextDocument>;
  private readonly results = new Map<string, Cached>();
  /** The options a document was last linted with, so fix-all re-lints its fixed text the same way. */
  private readonly lintOptions = new Map<string, EngineOptions>();
  /** The lint in flight per document, shared by the requests that wait for it. */
  readonly runs = new SharedRuns<LintResult | null>();
  /** Bumped when what every lint depends on changes (settings, config files, node count, trust). */
  private generation = 0;
  /** Bumped per document when facts it read (or may have read) change. */
  private readonly docGeneration = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastChange = new Map<string, number>();
  private facts: WorkspaceFacts = emptyWorkspace();
  features: ClientFeatures = {
    pullDiagnostics: false,
    relatedInformation: true,
    lensRefresh: false,
    diagnosticRefresh: false,
  };

  constructor(
    private readonly connection: Connection,
    private readonly host: LinterHost,
  ) {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, text) => {
        this.outOfSync.delete(uri);
        return TextDocument.create(uri, languageId, version, text);
      },
      update: (doc, changes, version) => this.update(doc, changes, version),
    });
    this.documents.onDidChangeContent((e) => {
      this.lastChange.set(e.document.uri, Date.now());
      this.schedule(e.document);
    });
    this.documents.onDidClose((e) => {
      const uri = e.document.uri;
      clearTimeout(this.timers.get(uri));
      this.timers.delete(uri);
      this.lastChange.delete(uri);
      this.results.delete(uri);
      this.lintOptions.delete(uri);
      this.docGeneration.delete(uri);
      this.host.closed(uri);
      if (!this.features.pullDiagnostics)
        this.host.fire('clearing diagnostics', this.connection.sendDiagnostics({ uri, diagnostics: [] }));
    });
  }

  private update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const why = !Array.isArray(changes)
      ? 'contentChanges that are not a list'
      : !Number.isInteger(version)
        ? `version ${JSON.stringify(version)}`
        : changes.map(badChange).find((x) => x !== undefined);
    if (why !== undefined) {
      this.outOfSync.add(doc.uri);
      this.connection.console.error(prose`
        [scalewise] rejected a change of ${doc.uri} (version ${String(version)}): ${why}. The server no longer
        knows the text and offers nothing for it until the editor sends the whole document.
      `);
      return doc;
    }
    if (this.outOfSync.has(doc.uri)) {
      // Edits against text we do not have: only a whole-document change tells us the text again.
      const full = changes.map((c) => !('range' in c) || c.range === undefined).lastIndexOf(true);
      if (full < 0) return doc;
      this.outOfSync.delete(doc.uri);
      this.host.log(`${doc.uri} is in sync again (version ${version})`);
      return TextDocument.update(doc, changes.slice(full), version);
    }
    return TextDocument.update(doc, changes, version);
  }

  /** The document, when its text is known. */
  get(uri: string): TextDocument | undefined {
    const d = this.documents.get(uri);
    return d && !this.outOfSync.has(uri) ? d : undefined;
  }

  isOutOfSync(uri: string): boolean {
    return this.outOfSync.has(uri);
  }

  /** The workspace facts lints read. */
  workspace(): WorkspaceFacts {
    return this.facts;
  }

  /** The kind of the document's last lint, if any. */
  lastKind(uri: string): string | undefined {
    return this.results.get(uri)?.result.kind;
  }

  optionsOf(uri: string): EngineOptions | undefined {
    return this.lintOptions.get(uri);
  }

  /**
   * The lint of the document's current version: the cached one, the one in flight, or a new run.
   * Rejects with RequestCancelled when `token` is cancelled, with ContentModified when a newer
   * version arrives first.
   */
  async lint(doc: TextDocument, token?: CancellationToken): Promise<LintResult | null> {
    if (this.outOfSync.has(doc.uri)) return null;
    const version = doc.version;
    const gen = this.generation;
    const docGen = this.docGeneration.get(doc.uri) ?? 0;
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === version && cached.generation === gen && cached.docGeneration === docGen)
      return cached.result;
    try {
      const result = await this.runs.join(
        doc.uri,
        `${version}#${gen}.${docGen}`,
        (abandoned) => this.run(doc.uri, version, doc.getText(), gen, docGen, abandoned),
        token,
      );
      // Positions are converted with the document's text: it must still be the text linted.
      if (doc.version !== version || this.outOfSync.has(doc.uri)) throw new Stopped('modified');
      return result;
    } catch (err) {
      throw err instanceof Stopped ? stoppedError(err) : err;
    }
  }

  private async run(
    uri: string,
    version: number,
    text: string,
    gen: number,
    docGen: number,
    abandoned: () => boolean,
  ): Promise<LintResult | null> {
    const stop = () =>
      abandoned()
        ? 'cancelled'
        : this.documents.get(uri)?.version !== version || this.outOfSync.has(uri)
          ? 'modified'
          : undefined;
    try {
      const settings = await this.host.settings(uri);
      const early = stop();
      if (early) throw new Stopped(early);
      if (!settings.enable) return null;
      const base = await this.host.options(uri, this.documents.get(uri)?.languageId);
      const late = stop();
      if (late) throw new Stopped(late);
      const read = new Set<FactKey>();
      const options: EngineOptions = { ...base, workspace: recording(this.facts, read) };
      this.lintOptions.set(uri, options);
      const key = optionsKey(base);
      // The last result of this document, when nothing but its text changed since: the engine
      // re-parses only what the edit touched (engine/incremental.ts). A change of settings, config,
      // kind or facts bumped a generation or changed the key, and the lint starts afresh.
      const cached = this.results.get(uri);
      const previous =
        cached && cached.generation === gen && cached.docGeneration === docGen && cached.optionsKey === key
          ? cached
          : undefined;
      const started = Date.now();
      const result = await drive(lintSteps(text, options, previous?.result), stop);
      const ms = Date.now() - started;
      if (ms > 200) this.host.log(`linting ${uri} took ${ms} ms`);
      if (gen === this.generation && docGen === (this.docGeneration.get(uri) ?? 0)) {
        // The same text gives the previous result back without running a rule: it read what that one read.
        const facts = previous && result === previous.result ? previous.facts : read;
        this.results.set(uri, { version, generation: gen, docGeneration: docGen, result, facts, optionsKey: key });
      }
      this.host.fire(
        'kind notification',
        this.connection.sendNotification(KindNotification, {
          uri,
          kind: result.kind,
          reason: result.kindReason,
          problems: result.findings.length,
        } satisfies KindParams),
      );
      return result;
    } catch (err) {
      if (err instanceof Stopped) this.host.log(`lint of ${uri} v${version} stopped: ${err.message}`);
      throw err;
    }
  }

  private configDiagnostics(doc: TextDocument): Diagnostic[] {
    return parseConfig(doc.getText()).problems.map((p) => ({
      range: toRange(doc, p.range),
      severity: DiagnosticSeverity.Error,
      source: SERVER_SOURCE,
      code: 'config/invalid',
      codeDescription: { href: CONFIG_DOCS_URL },
      message: `${p.message}${p.path ? ` (${p.path})` : ''}`,
    }));
  }

  async diagnostics(doc: TextDocument, token?: CancellationToken): Promise<Diagnostic[]> {
    if (this.outOfSync.has(doc.uri)) return [];
    if (isConfigFile(doc.uri)) return this.configDiagnostics(doc);
    const result = await this.lint(doc, token);
    return result
      ? result.findings.map((f, i) => toDiagnostic(doc, f, i, { relatedInformation: this.features.relatedInformation }))
      : [];
  }

  private async publish(doc: TextDocument): Promise<void> {
    if (this.outOfSync.has(doc.uri)) {
      // Nothing we found still holds; no version, for we do not know the editor's.
      await this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      return;
    }
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = await this.diagnostics(doc);
    } catch (err) {
      // A newer version came in while we worked; its own run will publish.
      if (isContentModified(err)) return;
      throw err;
    }
    if (this.documents.get(doc.uri)?.version !== version) return;
    await this.connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
  }

  private schedule(doc: TextDocument, delay?: number): void {
    if (this.features.pullDiagnostics) return;
    const uri = doc.uri;
    clearTimeout(this.timers.get(uri));
    this.host.fire(
      'scheduling',
      this.host.settings(uri).then((s) => {
        clearTimeout(this.timers.get(uri));
        this.timers.set(
          uri,
          setTimeout(() => {
            this.timers.delete(uri);
            const current = this.documents.get(uri);
            if (current) {
              this.host.fire(
                'diagnostics',
                this.publish(current).catch((err: unknown) => {
                  if (err instanceof ResponseError) throw err;
                  // Never throw at the user: log it.
                  this.connection.console.error(
                    `[scalewise] diagnostics failed: ${(err as Error).stack ?? String(err)}`,
                  );
                }),
              );
            }
          }, delay ?? s.debounceMs),
        );
      }),
    );
  }

  /** Re-lints the documents (all of them when none are named) and asks the client to refresh. */
  private relint(docs: readonly TextDocument[]): void {
    // Lenses depend on workspace facts too (a --scale in a script); the client re-asks on refresh.
    if (this.features.lensRefresh)
      this.host.fire('code lens refresh', this.connection.sendRequest(CodeLensRefreshRequest.type));
    if (this.features.pullDiagnostics && this.features.diagnosticRefresh)
      this.host.fire('diagnostic refresh', this.connection.languages.diagnostics.refresh());
    else for (const d of docs) this.schedule(d, 0);
  }

  /** What every lint depends on changed (settings, a config file, the node count, trust). */
  relintAll(): void {
    this.results.clear();
    this.generation++;
    this.relint(this.documents.all());
  }

  /**
   * New workspace facts: the documents whose last lint read a fact that changed (or that have no
   * lint yet, or one in flight, which may have read anything) are linted again; the others keep theirs.
   */
  workspaceChanged(next: WorkspaceFacts): void {
    const changed = changedFacts(this.facts, next);
    this.facts = next;
    if (changed.size === 0) return;
    const affected: TextDocument[] = [];
    for (const d of this.documents.all()) {
      const cached = this.results.get(d.uri);
      if (cached && ![...changed].some((k) => cached.facts.has(k))) continue;
      this.results.delete(d.uri);
      this.docGeneration.set(d.uri, (this.docGeneration.get(d.uri) ?? 0) + 1);
      affected.push(d);
    }
    const all = this.documents.all().length;
    this.host.log(prose`
      workspace facts changed (${[...changed].join(', ')}): re-linting ${affected.length} of ${all} open
      document${all === 1 ? '' : 's'}${affected.length > 0 ? `: ${affected.map((d) => path.basename(fileUriToPath(d.uri) ?? d.uri)).join(', ')}` : ''}
    `);
    if (affected.length > 0) this.relint(affected);
  }

  /** A pull of the document's diagnostics: after the typing burst, for its current version. */
  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    // The client pulls on every change; wait out the typing burst, and give up when a newer pull replaced this one.
    const since = Date.now() - (this.lastChange.get(params.textDocument.uri) ?? 0);
    const debounce = (await this.host.settings(params.textDocument.uri)).debounceMs;
    if (since < debounce) await new Promise((resolve) => setTimeout(resolve, debounce - since));
    if (token.isCancellationRequested)
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded by a newer edit', { retriggerRequest: true });
    // A pull is for the document, not a version: when a newer version overtakes the lint, answer for that one.
    for (;;) {
      const doc = this.documents.get(params.textDocument.uri);
      try {
        return { kind: DocumentDiagnosticReportKind.Full, items: doc ? await this.diagnostics(doc, token) : [] };
      } catch (err) {
        if (!isContentModified(err)) throw err;
      }
    }
  }

  listen(connection: Connection): void {
    this.documents.listen(connection);
  }
}
