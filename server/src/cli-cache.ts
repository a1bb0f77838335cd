/**
 * `scalewise lint --cache`: what a lint found, kept per file between runs (ESLint's `--cache`,
 * in `.scalewisecache`). An entry is used again only when everything the lint read is as it was:
 * the file's bytes, the effective config and options, this build of Scalewise, the workspace
 * facts its rules read (by the hash of the files those facts come from) and the answers to the
 * "is this file there" questions it asked (a Chart.yaml beside it). A cache file that cannot be
 * read as one (corrupt, truncated, another tool's) is ignored and written anew; it is written
 * whole or not at all (a temporary file renamed over it).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, SizingHint, WorkspaceFacts } from './engine';
import {
  composeCandidates,
  drakrunIniCandidates,
  k3sConfigCandidates,
  kubernetesCandidates,
  listSync,
  type Listing,
} from './files';
import type { FileNote } from './formatters/types';

/** ESLint's is `.eslintcache`. */
export const DEFAULT_CACHE_FILE = '.scalewisecache';
/** The format of the file; a file of another format is ignored. */
const FORMAT = 'scalewise-lint-cache/1';

/** What a lint of one file gave, as the CLI reports it (the path and line index are made anew). */
export interface CachedResult {
  /** Not a file Scalewise reads: no report at all. */
  none?: true;
  kind?: string;
  kindReason?: string;
  findings?: Finding[];
  hints?: SizingHint[];
  notes?: FileNote[];
  skipped?: string;
}

interface Entry {
  /** sha256 of the file's bytes. */
  content: string;
  /** sha256 of the effective config and the options that change what is found. */
  options: string;
  /** Per group of workspace facts the lint read, the hash of the files they come from. */
  facts: Record<string, string>;
  /** The paths the lint asked about, and whether they were there. */
  exists: [string, boolean][];
  result: CachedResult;
}

/** Where the cache is: `--cache-location` a file, or a folder (then `.scalewisecache` in it); default in `cwd`. */
export function cacheFileOf(location: string | undefined, cwd: string): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const abs = path.resolve(cwd, location);
  if (/[\\/]$/.test(location)) return path.join(abs, DEFAULT_CACHE_FILE);
  try {
    if (fs.statSync(abs).isDirectory()) return path.join(abs, DEFAULT_CACHE_FILE);
  } catch {
    // not there yet: a file
  }
  return abs;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The workspace facts a rule may read, by the group of files they come from. */
const FACT_GROUPS: Record<string, string> = {
  scaleCommands: 'scripts',
  stackFiles: 'scripts',
  composeFiles: 'compose',
  k3sConfigFiles: 'k3s',
  kubernetesWorkloads: 'kubernetes',
  kubernetesHpas: 'kubernetes',
  kubernetesScannedDirs: 'kubernetes',
  drakrunIniFiles: 'drakrun',
};

/**
 * The hash of the files each group of workspace facts is made from: the candidate paths in
 * order (a file added or removed changes them) and each one's bytes. Computed once per run and
 * group, when an entry needs it: a group no entry depends on reads nothing.
 */
export class FactsFingerprints {
  private readonly done = new Map<string, string>();
  private readonly bytes = new Map<string, string>();

  constructor(
    private readonly files: readonly string[],
    private readonly commandSources: readonly string[],
    private readonly stackFiles: () => readonly string[],
  ) {}

  of(group: string): string {
    let fp = this.done.get(group);
    if (fp === undefined) {
      fp = this.compute(group);
      this.done.set(group, fp);
    }
    return fp;
  }

  private compute(group: string): string {
    const list = (listing: Listing<string[]>) => this.hashFiles(listSync(listing));
    switch (group) {
      case 'scripts':
        return this.hashFiles(this.commandSources);
      case 'compose':
        // The stack files come from the scripts, and so do the folders looked through.
        return sha256(
          `${this.of('scripts')}\n${list(composeCandidates(this.files, this.commandSources, this.stackFiles()))}`,
        );
      case 'k3s':
        return list(k3sConfigCandidates(this.files));
      case 'kubernetes': {
        const found = listSync(kubernetesCandidates(this.files));
        return sha256(`${found.dirs.join('\n')}\n${this.hashFiles(found.files)}`);
      }
      case 'drakrun':
        return list(drakrunIniCandidates(this.files));
      default:
        // A fact this cache does not know: every file that makes facts.
        return sha256(['scripts', 'compose', 'k3s', 'kubernetes', 'drakrun'].map((g) => this.of(g)).join('\n'));
    }
  }

  private hashFiles(files: readonly string[]): string {
    const h = createHash('sha256');
    for (const f of files) h.update(`${f}\0${this.hashOne(f)}\n`);
    return h.digest('hex');
  }

  private hashOne(file: string): string {
    let fp = this.bytes.get(file);
    if (fp === undefined) {
      try {
        // A link is read as the facts read it: not followed (the facts then contribute nothing).
        fp = fs.lstatSync(file).isFile() ? sha256(fs.readFileSync(file)) : 'not a file';
      } catch (err) {
        fp = `unreadable: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
      this.bytes.set(file, fp);
    }
    return fp;
  }
}

/** The facts of `ws` a lint reads, by group, recorded through a view of them. */
export function recordFactReads(ws: WorkspaceFacts): { view: WorkspaceFacts; groups: Set<string> } {
  const groups = new Set<string>();
  const note = (key: string | symbol) => {
    if (typeof key === 'string') groups.add(FACT_GROUPS[key] ?? `other:${key}`);
  };
  const view = new Proxy(ws, {
    get(target, key, receiver) {
      note(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      note(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) note(key);
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      note(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  return { view, groups };
}

/** The `exists` answers a lint asked for, recorded. */
export function recordExists(exists: (p: string) => boolean): {
  exists: (p: string) => boolean;
  asked: Map<string, boolean>;
} {
  const asked = new Map<string, boolean>();
  return {
    asked,
    exists: (p) => {
      const there = exists(p);
      asked.set(p, there);
      return there;
    },
  };
}

export class LintCache {
  private entries: Record<string, Entry>;
  private changed = false;

  private constructor(
    readonly file: string,
    private readonly build: string,
    entries: Record<string, Entry> | undefined,
  ) {
    this.entries = entries ?? Object.create(null);
    // An unreadable or foreign cache is replaced by this run's.
    if (!entries) this.changed = true;
  }

  /** The cache at `file` for this build; an empty one when the file is missing or is not one. */
  static load(file: string, build: string): LintCache {
    let entries: Record<string, Entry> | undefined;
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        format?: unknown;
        build?: unknown;
        entries?: unknown;
      };
      if (data && data.format === FORMAT && typeof data.entries === 'object' && data.entries !== null) {
        // Another build may find other things in the same bytes: its entries are dropped.
        entries = data.build === build ? Object.assign(Object.create(null), data.entries as object) : undefined;
      }
    } catch {
      // missing, unreadable, truncated, not JSON: an empty cache
    }
    return new LintCache(file, build, entries);
  }

  /** The result kept for `file` when all it depended on is as it was. */
  lookup(
    file: string,
    content: string,
    options: string,
    facts: FactsFingerprints,
    exists: (p: string) => boolean,
  ): CachedResult | undefined {
    const e = this.entries[file];
    if (!isEntry(e) || e.content !== content || e.options !== options) return undefined;
    for (const [group, fp] of Object.entries(e.facts)) if (facts.of(group) !== fp) return undefined;
    for (const [p, there] of e.exists) if (exists(p) !== there) return undefined;
    return e.result;
  }

  store(file: string, entry: Entry): void {
    this.entries[file] = entry;
    this.changed = true;
  }

  /** Drops what is kept for `file` (its lint failed: the next run tries again). */
  forget(file: string): void {
    if (!(file in this.entries)) return;
    delete this.entries[file];
    this.changed = true;
  }

  /** Writes the cache when it changed; a failure is returned, never thrown (the lint itself ran). */
  save(): string | undefined {
    if (!this.changed) return undefined;
    const bytes = JSON.stringify({ format: FORMAT, build: this.build, entries: this.entries });
    const tmp = path.join(
      path.dirname(this.file),
      `.${path.basename(this.file)}.${process.pid}-${Date.now().toString(36)}.tmp`,
    );
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, bytes, { flag: 'wx' });
      fs.renameSync(tmp, this.file);
      this.changed = false;
      return undefined;
    } catch (err) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // nothing was created
      }
      return `cannot write the cache ${this.file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    }
  }
}

function isEntry(e: unknown): e is Entry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Partial<Entry>;
  return (
    typeof x.content === 'string' &&
    typeof x.options === 'string' &&
    typeof x.facts === 'object' &&
    x.facts !== null &&
    Object.values(x.facts).every((v) => typeof v === 'string') &&
    Array.isArray(x.exists) &&
    x.exists.every((a) => Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'boolean') &&
    typeof x.result === 'object' &&
    x.result !== null
  );
}

/** A kept result, checked for the shape the report needs (a hand-edited cache must not crash the run). */
export function usableResult(r: CachedResult): boolean {
  if (r.none === true) return true;
  return (
    typeof r.kind === 'string' &&
    typeof r.kindReason === 'string' &&
    Array.isArray(r.findings) &&
    Array.isArray(r.hints) &&
    Array.isArray(r.notes) &&
    (r.skipped === undefined || typeof r.skipped === 'string')
  );
}

/** What identifies this build of Scalewise: its version and the bytes of the running bundle. */
export function buildId(version: string): string {
  let bundle = '';
  try {
    bundle = sha256(fs.readFileSync(__filename));
  } catch {
    // not bundled (ts-node and the like): the version alone
  }
  return `${version}+${bundle}`;
}
