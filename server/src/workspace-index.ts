/**
 * The language server's workspace facts (issue item 13): what scripts scale, what the Compose
 * files define, the k3s config groups and the Kubernetes workloads and HPAs, built without
 * blocking the server and kept per file.
 *
 * A full scan walks the roots, then reads and scans the files one at a time, asynchronously,
 * with a turn of the event loop at least every few milliseconds: requests are answered while it
 * runs. It stops when a newer scan starts, and at a cap of files and bytes (logged). What each
 * file contributes is kept with its modification time and size (or the open document's
 * version), so a rescan reads only what changed, and a saved file updates its own entry and the
 * aggregate, without a walk.
 *
 * Which files count is files.ts's (`composeCandidates`, `k3sConfigCandidates`,
 * `kubernetesCandidates`, which the CLI's `collectWorkspaceFacts` reads synchronously): command
 * sources from the walk; for Compose the walked YAML, the YAML in the folders above each command
 * source and the stack files; for k3s every file of a walked file's config group; for Kubernetes
 * the walked YAML and the YAML beside it; for DRAKVUF's legacy INI files each one's pair.
 */
import * as fs from 'node:fs';
import { readTextFile } from './read-file';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { emptyWorkspace, scanCommands, scanComposeFile } from './engine/scale-commands';
import { scanKubernetesFile } from './engine';
import type {
  ComposeFileFacts,
  KubernetesHpaFacts,
  KubernetesWorkloadFacts,
  ScaleCommand,
  WorkspaceFacts,
} from './engine/types';
import {
  composeCandidates,
  drakrunIniCandidates,
  k3sConfigCandidates,
  kubernetesCandidates,
  walk,
  type Listing,
} from './files';
import { prose } from './engine/template-text';

export interface ScanLimits {
  /** Files read per scan; the rest contribute nothing (logged). */
  maxFiles: number;
  /** Bytes read per scan (the sum of the files' sizes). */
  maxBytes: number;
  /** A file larger than this is skipped, as files.ts does (2 MiB). */
  maxFileBytes: number;
  /** The longest the scan keeps the event loop before it lets messages in. */
  sliceMs: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  maxFiles: 20_000,
  maxBytes: 200 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024,
  sliceMs: 8,
};

type Role = 'commands' | 'compose' | 'k3s' | 'kubernetes' | 'drakrun';

interface Entry {
  /** `mtime:size` of the file read, or `open:VERSION` for an open document's text. */
  stamp: string;
  commands?: { scaleCommands: ScaleCommand[]; stackFiles: string[] };
  compose?: ComposeFileFacts | null;
  k3s?: { path: string; text: string };
  drakrun?: { path: string; text: string };
  kubernetes?: { workloads: KubernetesWorkloadFacts[]; hpas: KubernetesHpaFacts[] };
}

export interface ScanReport {
  files: number;
  /** Files read and scanned again (the others were unchanged). */
  read: number;
  bytes: number;
  ms: number;
  walkMs: number;
  /** Why the scan stopped short, when it did. */
  capped?: string;
}

export interface IndexHost {
  /** The text and version of an open document, which wins over the file on disk. */
  openDocument(file: string): { text: string; version: number } | undefined;
  /** Resolves when the server has no request work in flight: the scan gives way to requests. */
  idle?(): Promise<void>;
  log(message: string): void;
  /** A new aggregate: the server swaps it in and re-lints. */
  changed(facts: WorkspaceFacts, why: string): void;
  /** Walks a root (files.ts `walk` by default, synchronously): the server walks on a worker thread. */
  walk?(root: string): Promise<Walked>;
}

/** What the scan reads of a walk. */
export interface Walked {
  files: string[];
  commandSources: string[];
}

/**
 * A walk on a worker thread running `script` (server/out/walk-worker.js): the event loop stays free
 * for messages however many folders there are. A worker that cannot start or fails falls back to
 * the walk on this thread, which is slower to give way but finds the same files.
 */
export function workerWalk(script: string): (root: string) => Promise<Walked> {
  return (root) =>
    new Promise<Walked>((resolve) => {
      let settled = false;
      const fallback = () => {
        if (settled) return;
        settled = true;
        resolve(walk(root));
      };
      let worker: Worker;
      try {
        worker = new Worker(script, { workerData: { root } });
      } catch {
        fallback();
        return;
      }
      worker.once('message', (w: Walked) => {
        settled = true;
        resolve(w);
      });
      worker.once('error', fallback);
      worker.once('exit', fallback);
    });
}

class Cancelled extends Error {}

/** The longest the scan waits for requests before it takes a slice anyway, so typing cannot starve it. */
const MAX_GIVE_WAY_MS = 200;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  /** Each role's files, in the order of the last full scan. */
  private order: Record<Role, string[]> = { commands: [], compose: [], k3s: [], kubernetes: [], drakrun: [] };
  private known = new Set<string>();
  /** The folders whose YAML files the last full scan read for Kubernetes facts; none after a capped scan. */
  private kubernetesDirs: string[] = [];
  private generation = 0;
  private running: Promise<ScanReport | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => readonly string[],
    private readonly host: IndexHost,
    private readonly limits: ScanLimits = DEFAULT_SCAN_LIMITS,
  ) {}

  /** The aggregate of the last scan and updates. */
  facts(): WorkspaceFacts {
    const facts = emptyWorkspace();
    for (const f of this.order.commands) {
      const c = this.entries.get(f)?.commands;
      if (c) {
        for (const x of c.scaleCommands) facts.scaleCommands.push(x);
        for (const x of c.stackFiles) facts.stackFiles.push(x);
      }
    }
    const compose = this.order.compose
      .map((f) => this.entries.get(f)?.compose)
      .filter((c): c is ComposeFileFacts => !!c);
    if (compose.length > 0) facts.composeFiles = compose;
    facts.k3sConfigFiles = this.order.k3s
      .map((f) => this.entries.get(f)?.k3s)
      .filter((k): k is { path: string; text: string } => !!k);
    const drakrun = this.order.drakrun
      .map((f) => this.entries.get(f)?.drakrun)
      .filter((k): k is { path: string; text: string } => !!k);
    if (drakrun.length > 0) facts.drakrunIniFiles = drakrun;
    const workloads: KubernetesWorkloadFacts[] = [];
    const hpas: KubernetesHpaFacts[] = [];
    for (const f of this.order.kubernetes) {
      const k = this.entries.get(f)?.kubernetes;
      if (k) {
        for (const x of k.workloads) workloads.push(x);
        for (const x of k.hpas) hpas.push(x);
      }
    }
    facts.kubernetesWorkloads = workloads;
    facts.kubernetesHpas = hpas;
    facts.kubernetesScannedDirs = this.kubernetesDirs;
    return facts;
  }

  /** A full scan soon; requests within `delayMs` of each other make one scan, which stops a running one. */
  requestScan(why: string, delayMs = 50): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.scan(why);
    }, delayMs);
  }

  /** A full scan now; a running scan stops at its next turn. Resolves when it ends (undefined if it was stopped). */
  scan(why: string): Promise<ScanReport | undefined> {
    const gen = ++this.generation;
    const run = this.fullScan(gen, why).catch((err: unknown) => {
      if (err instanceof Cancelled) {
        this.host.log(`workspace scan (${why}) stopped: a newer scan started`);
        return undefined;
      }
      this.host.log(`workspace scan (${why}) failed: ${(err as Error).stack ?? String(err)}`);
      return undefined;
    });
    this.running = run;
    return run;
  }

  /** The scan in flight, if any (tests and shutdown). */
  get inFlight(): Promise<ScanReport | undefined> | undefined {
    return this.running;
  }

  /**
   * A saved file's new text, without a walk. True when the file is one the index knows and its
   * entry was updated; false when only a full scan can tell what it contributes (a new file).
   */
  update(file: string, text: string, version: number): boolean {
    const abs = path.resolve(file);
    const roles = this.rolesOf(abs);
    if (roles.length === 0) return false;
    const old = this.entries.get(abs);
    const entry = this.scanText(abs, text, roles, `open:${version}`);
    this.entries.set(abs, entry);
    // Saving without a change to what the file contributes re-lints nothing.
    if (old && factsOf(old) === factsOf(entry)) return true;
    this.host.changed(this.facts(), `${path.basename(abs)} saved`);
    // New stack files are Compose candidates the last scan did not read.
    if (old?.commands?.stackFiles.join('\n') !== entry.commands?.stackFiles.join('\n'))
      this.requestScan(`stack files of ${path.basename(abs)} changed`);
    return true;
  }

  /** Files the last scan read for one role or another. */
  knows(file: string): boolean {
    return this.rolesOf(path.resolve(file)).length > 0;
  }

  private rolesOf(abs: string): Role[] {
    if (!this.known.has(abs)) return [];
    return (Object.keys(this.order) as Role[]).filter((r) => this.order[r].includes(abs));
  }

  private async fullScan(gen: number, why: string): Promise<ScanReport> {
    const started = performance.now();
    let slice = started;
    const check = async () => {
      if (performance.now() - slice >= this.limits.sliceMs) {
        await nextTurn();
        // Requests first: a lint in flight (a hover, diagnostics) runs without sharing the loop with the scan.
        await Promise.race([this.host.idle?.(), new Promise((resolve) => setTimeout(resolve, MAX_GIVE_WAY_MS))]);
        slice = performance.now();
      }
      if (gen !== this.generation) throw new Cancelled();
    };
    this.host.log(`workspace scan (${why}) started`);
    // The walk reads folders only (files.ts, shared with the CLI): on a worker thread in the server, so
    // messages are answered while it runs; one turn per root.
    const walked: Walked[] = [];
    let walkMs = 0;
    for (const root of this.roots()) {
      const t = performance.now();
      walked.push(this.host.walk ? await this.host.walk(root) : walk(root));
      walkMs += performance.now() - t;
      await nextTurn();
      slice = performance.now();
      if (gen !== this.generation) throw new Cancelled();
    }
    const report: ScanReport = { files: 0, read: 0, bytes: 0, ms: 0, walkMs: Math.round(walkMs) };
    const walkedFiles = walked.reduce((n, w) => n + w.files.length, 0);
    this.host.log(`workspace scan (${why}) walked ${walkedFiles} files in ${report.walkMs} ms`);
    const seen = new Map<string, Role[]>();
    const next: Record<Role, string[]> = { commands: [], compose: [], k3s: [], kubernetes: [], drakrun: [] };
    const add = (file: string, role: Role) => {
      const abs = path.resolve(file);
      const roles = seen.get(abs);
      if (roles?.includes(role)) return;
      if (roles) roles.push(role);
      else seen.set(abs, [role]);
      next[role].push(abs);
    };
    const dirs = new DirLister(check);

    // Command sources first: their stack files are Compose candidates.
    for (const w of walked) for (const f of w.commandSources) add(f, 'commands');
    const counted = new Set<string>();
    await this.readAll(next.commands, () => ['commands'], seen, counted, report, check);
    const stackFiles = next.commands.flatMap((f) => this.entries.get(f)?.commands?.stackFiles ?? []);

    // The candidates of each role as files.ts lists them for the CLI, a folder listing per turn.
    for (const w of walked)
      for (const f of await dirs.drive(composeCandidates(w.files, w.commandSources, []))) add(f, 'compose');
    for (const f of stackFiles) add(f, 'compose');
    const kubernetesDirs = new Set<string>();
    for (const w of walked) {
      for (const f of await dirs.drive(k3sConfigCandidates(w.files))) add(f, 'k3s');
      for (const f of await dirs.drive(drakrunIniCandidates(w.files))) add(f, 'drakrun');
      const k8s = await dirs.drive(kubernetesCandidates(w.files));
      for (const f of k8s.files) add(f, 'kubernetes');
      for (const d of k8s.dirs) kubernetesDirs.add(d);
    }
    // Each file once, for all its roles (a YAML file is a Compose and a Kubernetes candidate).
    const rest = [...new Set([...next.compose, ...next.k3s, ...next.kubernetes, ...next.drakrun])].filter((f) =>
      seen.has(f),
    );
    await this.readAll(rest, (f) => seen.get(f)!.filter((r) => r !== 'commands'), seen, counted, report, check);

    // Swap in: entries of files no longer seen go; files past a cap are in no role.
    for (const role of Object.keys(next) as Role[]) next[role] = next[role].filter((f) => seen.has(f));
    this.order = next;
    this.known = new Set(seen.keys());
    // Past a cap some of these folders' files were not read: what is missing cannot be told.
    this.kubernetesDirs = report.capped ? [] : [...kubernetesDirs];
    for (const f of [...this.entries.keys()]) if (!seen.has(f)) this.entries.delete(f);
    report.ms = Math.round(performance.now() - started);
    const facts = this.facts();
    this.host.log(
      prose`
        workspace scan (${why}) done: ${report.files} files (${report.read} read,
        ${(report.bytes / 1024 / 1024).toFixed(1)} MB) in ${report.ms} ms, walk ${report.walkMs} ms; 
      ` +
        prose`
          ${facts.scaleCommands.length} scale commands, ${facts.stackFiles.length} stack files,
          ${facts.composeFiles?.length ?? 0} Compose files, ${facts.kubernetesWorkloads?.length ?? 0}
          workloads
        ` +
        (report.capped ? `; ${report.capped}` : ''),
    );
    this.host.changed(facts, 'workspace scan');
    return report;
  }

  /**
   * Reads the files (each with the roles it has in this scan) that changed since the last scan,
   * within the caps; each file is read once whatever its roles. A file past a cap is dropped
   * from `seen` and from the role lists.
   */
  private async readAll(
    files: readonly string[],
    roles: (file: string) => Role[],
    seen: Map<string, Role[]>,
    counted: Set<string>,
    report: ScanReport,
    check: () => Promise<void>,
  ): Promise<void> {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      await check();
      if (report.capped) {
        seen.delete(file);
        continue;
      }
      const wanted = roles(file);
      const open = this.host.openDocument(file);
      let stamp: string;
      let size: number;
      if (open) {
        stamp = `open:${open.version}`;
        size = Buffer.byteLength(open.text, 'utf8');
      } else {
        let st: fs.Stats;
        try {
          // Synchronous within a slice: a local stat or read takes microseconds, a promise a turn of the loop.
          st = fs.statSync(file);
        } catch {
          this.entries.delete(file);
          continue; // missing: contributes nothing
        }
        if (!st.isFile() || st.size > this.limits.maxFileBytes) {
          this.entries.delete(file);
          continue;
        }
        stamp = `${st.mtimeMs}:${st.size}`;
        size = st.size;
      }
      if (!counted.has(file)) {
        if (report.files + 1 > this.limits.maxFiles || report.bytes + size > this.limits.maxBytes) {
          report.capped = prose`
            stopped at ${report.files} files and ${(report.bytes / 1024 / 1024).toFixed(1)} MB (limits
            ${this.limits.maxFiles} files, ${(this.limits.maxBytes / 1024 / 1024).toFixed(0)} MB): the other
            files contribute no facts
          `;
          seen.delete(file);
          continue;
        }
        counted.add(file);
        report.files++;
        report.bytes += size;
      }
      const entry = this.entries.get(file);
      const current = entry && entry.stamp === stamp ? entry : undefined;
      const missing = wanted.filter((r) => current?.[r] === undefined);
      if (missing.length === 0) continue;
      let text: string;
      if (open) text = open.text;
      else {
        // The one reader of files (read-file.ts): a regular file within the cap, decoded as go-yaml reads it.
        const read = readTextFile(file, this.limits.maxFileBytes);
        if (!read.ok) {
          this.entries.delete(file);
          continue;
        }
        text = read.text;
      }
      report.read++;
      this.entries.set(file, { ...(current ?? {}), ...this.scanText(file, text, missing, stamp) });
    }
  }

  /** What `file` contributes in each role, from its text. */
  private scanText(file: string, text: string, roles: Role[], stamp: string): Entry {
    const entry: Entry = { stamp };
    for (const role of roles) {
      if (role === 'commands') {
        const own = scanCommands(file, text, emptyWorkspace());
        entry.commands = { scaleCommands: own.scaleCommands, stackFiles: own.stackFiles };
      } else if (role === 'compose') {
        entry.compose = scanComposeFile(file, text, emptyWorkspace()).composeFiles?.[0] ?? null;
      } else if (role === 'k3s') {
        entry.k3s = { path: file, text };
      } else if (role === 'drakrun') {
        entry.drakrun = { path: file, text };
      } else {
        const own = scanKubernetesFile(file, text, {} as WorkspaceFacts);
        entry.kubernetes = { workloads: own.kubernetesWorkloads ?? [], hpas: own.kubernetesHpas ?? [] };
      }
    }
    return entry;
  }
}

function factsOf(e: Entry): string {
  return JSON.stringify({ ...e, stamp: undefined });
}

/** Folder listings, once per scan, asynchronously. */
class DirLister {
  private readonly cache = new Map<string, string[]>();

  constructor(private readonly check: () => Promise<void>) {}

  async list(dir: string): Promise<string[]> {
    await this.check();
    let names = this.cache.get(dir);
    if (!names) {
      try {
        names = fs.readdirSync(dir);
      } catch {
        names = [];
      }
      this.cache.set(dir, names);
    }
    return names;
  }

  /** Runs a files.ts Listing, each folder it asks for listed after a check (which may give the loop away). */
  async drive<T>(listing: Listing<T>): Promise<T> {
    let step = listing.next([]);
    while (!step.done) step = listing.next(await this.list(step.value));
    return step.value;
  }
}
