/**
 * Finding the files to lint and the facts around them, for the CLI (and the server's workspace
 * scan): folders recursively, without node_modules, .git and what .gitignore ignores.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileGlob } from './engine/glob';
import { CONFIG_FILE_NAMES, defaultConfig, parseConfig, type LoadedConfig } from './engine/config';
import type { Document } from 'yaml';
import {
  composeCandidateAbove,
  emptyWorkspace,
  isCommandSource,
  mayBeCompose,
  scanCommands,
  scanComposeDocument,
  scanComposeFile,
} from './engine/scale-commands';
import type { ComposeFileFacts, WorkspaceFacts } from './engine/types';
import { MAX_SMALL_FILE_BYTES, readTextFile } from './read-file';
import { drakrunIniPair, isK3sConfigPath, k3sConfigGroup, scanKubernetesFile } from './engine';
import { matchIgnore, parseGitignore, type IgnoreRule } from './gitignore';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);
const LINTABLE = /\.(ya?ml|sh|bash|mk|md|markdown)$/i;
/** Makefiles and Justfiles are linted too: a `--scale` in them is checked against the Compose file. */
const LINTABLE_NAMES = /^(Makefile|makefile|GNUmakefile|Justfile)$/;
/** DRAKVUF Sandbox's `config.toml` and legacy `config.ini` (detect.ts tells them from other such files). */
const DRAKRUN_NAMES = /^config\.(toml|ini)$/;
/** Scripts and docs read for `--scale` and `docker stack deploy`; bigger files are skipped. */
const MAX_COMMAND_SOURCE_BYTES = 2 * 1024 * 1024;

/** More than the patterns gitignore.ts reads (1000 × 1024 characters) plus room for comments. */
const MAX_GITIGNORE_BYTES = 4 * 1024 * 1024;

function readIgnore(dir: string, notes: WalkNote[]): IgnoreRule[] {
  const file = path.join(dir, '.gitignore');
  const read = readRegularFile(file, MAX_GITIGNORE_BYTES);
  if (read === null) return [];
  let text = read.text;
  if (read.truncated) {
    text = text.slice(0, text.lastIndexOf('\n') + 1); // no pattern cut in half
    notes.push({
      file,
      line: text.split('\n').length,
      message: `only the first ${MAX_GITIGNORE_BYTES / 1024 / 1024} MiB of a .gitignore are read`,
    });
  }
  const parsed = parseGitignore(text, file);
  for (const n of parsed.notes) notes.push(n);
  return parsed.rules;
}

/**
 * Up to `maxBytes` of a regular file, or null. Not through a symlink (git does not follow a
 * symlinked .gitignore either: "unable to access … Too many levels of symbolic links"), and
 * opened without blocking, so a FIFO or a device named .gitignore cannot hang the walk.
 */
function readRegularFile(file: string, maxBytes: number): { text: string; truncated: boolean } | null {
  let fd: number;
  try {
    // Both flags are undefined on Windows, which has no FIFOs in the tree and no O_NOFOLLOW.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return null;
    const buf = Buffer.alloc(Math.min(stat.size, maxBytes));
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { text: buf.toString('utf8', 0, got), truncated: stat.size > maxBytes };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

interface Scope {
  dir: string;
  rules: readonly IgnoreRule[];
}

/** The last matching rule wins; the .gitignore nearest the path is asked first (gitignore(5)). */
function ignored(scopes: readonly Scope[], abs: string, name: string, isDir: boolean): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const s = scopes[i]!;
    const verdict = matchIgnore(s.rules, relativeTo(s.dir, abs), isDir, name);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

/** `abs` below `dir`, `/`-separated; a slice in the walk, where `abs` is `dir` joined with names. */
function relativeTo(dir: string, abs: string): string {
  const rel = abs.startsWith(dir) && abs[dir.length] === path.sep ? abs.slice(dir.length + 1) : path.relative(dir, abs);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/**
 * Folders deeper than this below the walked folder are not walked, with a note. git has no limit,
 * but each entry is checked against the .gitignore of every folder above it: 400 levels with a
 * .gitignore in each took 9 s to walk, and the file system allows about 2,000. Real repositories
 * stay far below (Java sources sit about 15 deep; node_modules is skipped).
 */
const MAX_WALK_DEPTH = 100;

/** What the walk skipped and why, for the CLI to print as `file[:line]: message`. */
export interface WalkNote {
  file: string;
  line?: number;
  message: string;
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface Discovered {
  files: string[];
  /** Scripts, Makefiles and READMEs seen while walking. */
  commandSources: string[];
  /** What the walk did not enter or read, and why (symbolic links, unreadable folders). */
  skipped: Skipped[];
  /** .gitignore patterns beyond the limits of gitignore.ts, and folders beyond MAX_WALK_DEPTH. */
  notes?: WalkNote[];
}

/** The file is one the linter would read if it were a regular file (a symlink to one is skipped and said so). */
function lintable(name: string): boolean {
  return LINTABLE.test(name) || LINTABLE_NAMES.test(name) || DRAKRUN_NAMES.test(name);
}

export function walk(
  root: string,
  into: Discovered = { files: [], commandSources: [], skipped: [] },
  scopes: Scope[] = [],
  depth = 0,
): Discovered {
  const notes = (into.notes ??= []);
  if (depth > MAX_WALK_DEPTH) {
    notes.push({ file: root, message: `folders more than ${MAX_WALK_DEPTH} levels deep are not walked` });
    return into;
  }
  const rules = readIgnore(root, notes);
  const here = rules.length > 0 ? [...scopes, { dir: root, rules }] : scopes;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (err) {
    into.skipped.push({
      path: root,
      reason: `folder not read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    });
    return into;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const abs = path.join(root, e.name);
    if (e.isDirectory()) {
      if (!ALWAYS_SKIPPED.has(e.name) && !ignored(here, abs, e.name, true)) walk(abs, into, here, depth + 1);
    } else if (e.isFile() && !ignored(here, abs, e.name, false)) {
      if (lintable(e.name)) into.files.push(abs);
      if (isCommandSource(abs)) into.commandSources.push(abs);
    } else if (e.isSymbolicLink() && lintable(e.name) && !ignored(here, abs, e.name, false)) {
      // Links are not followed in folders (they may point anywhere, or at a device); naming one lints its target.
      into.skipped.push({
        path: abs,
        reason: 'a symbolic link; links are not followed in folders (name it to lint its target)',
      });
    }
  }
  return into;
}

/** Expands the CLI's paths and globs into files; unknown paths are returned as errors. */
export function discover(args: string[], cwd: string): Discovered & { missing: string[] } {
  const out: Discovered & { missing: string[] } = { files: [], commandSources: [], skipped: [], missing: [] };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    // `[` and `{` make a glob too, unless the argument names a file or folder as written.
    if (/[*?]/.test(arg) || (/[[{]/.test(arg) && !fs.existsSync(abs))) {
      const glob = compileGlob(arg.replace(/^\.\//, ''), { dialect: 'path', tail: true });
      const all = walk(cwd);
      const hits = all.files.filter((f) => glob.test(path.relative(cwd, f).split(path.sep).join('/')));
      if (hits.length === 0) out.missing.push(arg);
      // Loops, not push(...hits): a spread of a long list overflows the stack.
      for (const f of hits) out.files.push(f);
      for (const f of all.commandSources) out.commandSources.push(f);
      for (const sk of all.skipped)
        if (glob.test(path.relative(cwd, sk.path).split(path.sep).join('/'))) out.skipped.push(sk);
      for (const n of all.notes ?? []) (out.notes ??= []).push(n);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      out.missing.push(arg);
      continue;
    }
    if (stat.isDirectory()) walk(abs, out);
    else {
      out.files.push(abs);
      // A single file still sees the scripts beside it.
      for (const sibling of safeReaddir(path.dirname(abs))) {
        const s = path.join(path.dirname(abs), sibling);
        if (isCommandSource(s)) out.commandSources.push(s);
      }
    }
  }
  out.files = [...new Set(out.files)];
  out.commandSources = [...new Set(out.commandSources)];
  const seen = new Set<string>();
  out.skipped = out.skipped.filter((sk) => !seen.has(sk.path) && seen.add(sk.path) !== undefined);
  // Each glob walks the working folder again: the same .gitignore notes come back.
  out.notes = [...new Map((out.notes ?? []).map((n) => [`${n.file}:${n.line}:${n.message}`, n])).values()];
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The text of a file read for workspace facts (a script, a Compose file a script targets, a
 * k3s drop-in, a manifest beside the one linted): a regular file within the cap, else it throws
 * and the caller lets it contribute nothing.
 */
export function readFactsFile(file: string): string {
  const r = readTextFile(file, MAX_COMMAND_SOURCE_BYTES);
  if (!r.ok) throw new Error(`${file}: ${r.reason}`);
  return r.text;
}

/**
 * The workspace facts of the files and command sources found: what the scripts scale, what the
 * Compose files they target define, the k3s config groups, the manifests' workloads and HPAs.
 * The CLI's, synchronous; the server's index (workspace-index.ts) reads the same files through the
 * same candidate lists, asynchronously and kept per file. `read` lets a caller pass open editors' text.
 */
export function collectWorkspaceFacts(
  files: readonly string[],
  commandSources: readonly string[],
  read: (file: string) => string = readFactsFile,
): WorkspaceFacts {
  const facts = emptyWorkspace();
  for (const file of commandSources) {
    try {
      scanCommands(file, read(file), facts);
    } catch {
      // An unreadable script just contributes nothing.
    }
  }
  addComposeFacts(facts, files, commandSources, read);
  addK3sConfigFacts(facts, files, read);
  addKubernetesFacts(facts, files, read);
  addDrakrunIniFacts(facts, files, read);
  return facts;
}

/** Hands over a linted file's parse: its path, size on disk, text and first document (when parsed as the facts parse). */
export type ComposeOffer = (file: string, size: number, text: string, doc: Document.Parsed | undefined) => void;

/**
 * `collectWorkspaceFacts` for a run that lints the files it scans (the CLI): the Compose facts
 * are read only when a rule first reads `composeFiles`, and each file linted before that hands
 * over the document its lint parsed (`offer`), so a Compose file is parsed once, not twice (the
 * second parse was a third of `scalewise lint` on a folder of Compose files). The facts are the
 * ones `collectWorkspaceFacts` gives: same candidates, same order, same texts.
 */
export function collectWorkspaceFactsOnce(
  files: readonly string[],
  commandSources: readonly string[],
  read: (file: string) => string = readFactsFile,
): { facts: WorkspaceFacts; offer: ComposeOffer } {
  const facts = emptyWorkspace();
  for (const file of commandSources) {
    try {
      scanCommands(file, read(file), facts);
    } catch {
      // An unreadable script just contributes nothing.
    }
  }
  const candidates = listSync(composeCandidates(files, commandSources, facts.stackFiles));
  const wanted = new Set(candidates);
  /** Per candidate, what its lint's parse gave (null: not a Compose file). */
  const offered = new Map<string, ComposeFileFacts | null>();
  let built: ComposeFileFacts[] | undefined;
  const build = (): ComposeFileFacts[] => {
    const list: WorkspaceFacts = emptyWorkspace();
    for (const file of candidates) {
      const known = offered.get(file);
      if (known === undefined) {
        try {
          scanComposeFile(file, read(file), list);
        } catch {
          // unreadable or missing: contributes nothing
        }
      } else if (known !== null) (list.composeFiles ??= []).push(known);
    }
    return list.composeFiles ?? [];
  };
  // Absent until read, as collectWorkspaceFacts leaves it when no candidate is a Compose file.
  Object.defineProperty(facts, 'composeFiles', {
    enumerable: true,
    configurable: true,
    get: () => {
      built ??= build();
      return built.length > 0 ? built : undefined;
    },
    set: (value: ComposeFileFacts[] | undefined) => {
      built = value ?? [];
    },
  });
  addK3sConfigFacts(facts, files, read);
  // Read when a rule first asks (an HPA's target): a cached run that lints nothing reads no manifest.
  let kubernetes: WorkspaceFacts | undefined;
  const kubernetesFacts = () => (kubernetes ??= addKubernetesFacts(emptyWorkspace(), files, read));
  for (const key of ['kubernetesWorkloads', 'kubernetesHpas', 'kubernetesScannedDirs'] as const)
    Object.defineProperty(facts, key, {
      enumerable: true,
      configurable: true,
      get: () => kubernetesFacts()[key],
      set: (value: never) => void (kubernetesFacts()[key] = value),
    });
  addDrakrunIniFacts(facts, files, read);
  const offer = (file: string, size: number, text: string, doc: Document.Parsed | undefined): void => {
    const abs = path.resolve(file);
    if (built !== undefined || !wanted.has(abs) || offered.has(abs)) return;
    // The facts read a file of at most MAX_COMMAND_SOURCE_BYTES; a bigger one contributes nothing.
    if (size > MAX_COMMAND_SOURCE_BYTES || !mayBeCompose(text)) return void offered.set(abs, null);
    // Not parsed as the facts parse it (a lone CR, another nesting limit): the text is scanned now,
    // before a --fix may change the file on disk.
    const found = doc ? scanComposeDocument(abs, doc, emptyWorkspace()) : scanComposeFile(abs, text, emptyWorkspace());
    offered.set(abs, found.composeFiles?.[0] ?? null);
  };
  return { facts, offer };
}

/**
 * A look through folders for the files that contribute facts: it yields each folder it needs
 * listed and is given the folder's names back, so the same lookup runs synchronously
 * (`listSync`, the CLI) or a folder at a time between turns of the event loop (the server's index).
 */
export type Listing<T> = Generator<string, T, readonly string[]>;

/** Drives a Listing with readdirSync (a folder that cannot be read has no names). */
export function listSync<T>(listing: Listing<T>): T {
  let step = listing.next([]);
  while (!step.done) step = listing.next(safeReaddir(step.value));
  return step.value;
}

const isYamlName = (f: string) => /\.ya?ml$/i.test(f);

/**
 * The Compose files scripts may target: the YAML files given, any YAML file in each command
 * source's own folder and Compose's own file names in the folders above it (Compose looks for its
 * file from the working directory up, to a `.git`), then the stack files the scripts name.
 */
export function* composeCandidates(
  files: readonly string[],
  commandSources: readonly string[],
  stackFiles: readonly string[],
): Listing<string[]> {
  const candidates = new Set(files.filter(isYamlName).map((f) => path.resolve(f)));
  const seenDirs = new Set<string>();
  for (const source of commandSources) {
    let dir = path.dirname(path.resolve(source));
    // Once per folder and way: any YAML where a script is, Compose's own names where one is below.
    for (let i = 0; i < 8 && !seenDirs.has(`${i === 0 ? 'own' : 'above'}:${dir}`); i++) {
      seenDirs.add(`${i === 0 ? 'own' : 'above'}:${dir}`);
      const names = yield dir;
      for (const name of names) if (composeCandidateAbove(name, i)) candidates.add(path.join(dir, name));
      const parent = path.dirname(dir);
      if (parent === dir || names.includes('.git')) break;
      dir = parent;
    }
  }
  for (const f of stackFiles) candidates.add(path.resolve(f));
  return [...candidates];
}

/**
 * The k3s config files around the k3s config files given: for each `config.yaml` or
 * `config.yaml.d/*.yaml`, the group's `config.yaml` and every drop-in beside it, so that a rule
 * linting one of them sees the effective settings (k3s merges them in name order).
 */
export function* k3sConfigCandidates(files: readonly string[]): Listing<string[]> {
  const groups = new Set<string>();
  for (const file of files) if (isK3sConfigPath(file)) groups.add(k3sConfigGroup(file).base);
  const out: string[] = [];
  for (const base of groups) {
    out.push(base);
    const dropins = `${base}.d`;
    for (const name of yield dropins) if (isYamlName(name)) out.push(path.join(dropins, name));
  }
  return out;
}

/**
 * The Kubernetes manifests among `files` and the YAML files beside each of them (so
 * `scalewise lint k8s/hpa.yaml` still sees the Deployment in `k8s/deployment.yaml`), and the
 * folders whose YAML files were all candidates.
 */
export function* kubernetesCandidates(files: readonly string[]): Listing<{ files: string[]; dirs: string[] }> {
  const candidates = new Set<string>();
  const dirs = new Set<string>();
  for (const f of files) {
    if (!isYamlName(f)) continue;
    const abs = path.resolve(f);
    candidates.add(abs);
    dirs.add(path.dirname(abs));
  }
  for (const dir of dirs) for (const name of yield dir) if (isYamlName(name)) candidates.add(path.join(dir, name));
  return { files: [...candidates], dirs: [...dirs] };
}

/** Adds what the Compose files scripts may target define to `facts` (composeCandidates). */
export function addComposeFacts(
  facts: WorkspaceFacts,
  files: readonly string[],
  commandSources: readonly string[],
  read: (file: string) => string = readFactsFile,
): WorkspaceFacts {
  for (const file of listSync(composeCandidates(files, commandSources, facts.stackFiles))) {
    try {
      scanComposeFile(file, read(file), facts);
    } catch {
      // unreadable or missing: contributes nothing
    }
  }
  return facts;
}

/** Adds the k3s config files around the k3s config files given (k3sConfigCandidates). */
export function addK3sConfigFacts(
  facts: WorkspaceFacts,
  files: readonly string[],
  read: (file: string) => string = readFactsFile,
): WorkspaceFacts {
  const list = (facts.k3sConfigFiles ??= []);
  const seen = new Set(list.map((f) => f.path));
  for (const file of listSync(k3sConfigCandidates(files))) {
    if (seen.has(file)) continue;
    try {
      list.push({ path: file, text: read(file) });
      seen.add(file);
    } catch {
      // missing or unreadable: contributes nothing
    }
  }
  return facts;
}

/**
 * DRAKVUF Sandbox v0.18's two INI files around the ones given: for `…/drakrun/config.ini` it and
 * `…/drakcore/config.ini` beside it, and back (model/drakrun.ts `drakrunIniPair`), so that linting
 * one compares it with the other. No folder is listed: the other file's path is known.
 */
export function* drakrunIniCandidates(files: readonly string[]): Listing<string[]> {
  const out = new Set<string>();
  for (const file of files) {
    const pair = drakrunIniPair(path.resolve(file));
    if (!pair) continue;
    out.add(path.resolve(file));
    out.add(path.resolve(pair.other));
  }
  return [...out];
}

/** Adds the legacy DRAKVUF INI files around the ones given (drakrunIniCandidates). */
export function addDrakrunIniFacts(
  facts: WorkspaceFacts,
  files: readonly string[],
  read: (file: string) => string = readFactsFile,
): WorkspaceFacts {
  const found = listSync(drakrunIniCandidates(files));
  if (found.length === 0) return facts;
  const list = (facts.drakrunIniFiles ??= []);
  const seen = new Set(list.map((f) => f.path));
  for (const file of found) {
    if (seen.has(file)) continue;
    try {
      list.push({ path: file, text: read(file) });
      seen.add(file);
    } catch {
      // missing or unreadable: contributes nothing
    }
  }
  return facts;
}

/** Adds the workloads and HorizontalPodAutoscalers of the manifests among and beside `files` (kubernetesCandidates). */
export function addKubernetesFacts(
  facts: WorkspaceFacts,
  files: readonly string[],
  read: (file: string) => string = readFactsFile,
): WorkspaceFacts {
  const found = listSync(kubernetesCandidates(files));
  const parts: KubernetesPart[] = [];
  for (const file of found.files) {
    try {
      parts.push(kubernetesPart(file, read(file)));
    } catch {
      // missing or unreadable: contributes nothing
    }
  }
  // Entries of these files from an earlier call are replaced, in one pass (per file it was quadratic).
  const replaced = new Set(parts.map((p) => p.path));
  const workloads = (facts.kubernetesWorkloads ?? []).filter((w) => !replaced.has(w.path));
  const hpas = (facts.kubernetesHpas ?? []).filter((h) => !replaced.has(h.path));
  for (const p of parts) {
    for (const w of p.workloads) workloads.push(w);
    for (const h of p.hpas) hpas.push(h);
  }
  facts.kubernetesWorkloads = workloads;
  facts.kubernetesHpas = hpas;
  // Every YAML file of these folders was a candidate; one that could not be read contributes nothing either way.
  facts.kubernetesScannedDirs = [...new Set([...(facts.kubernetesScannedDirs ?? []), ...found.dirs])];
  return facts;
}

type KubernetesPart = {
  path: string;
  workloads: NonNullable<WorkspaceFacts['kubernetesWorkloads']>;
  hpas: NonNullable<WorkspaceFacts['kubernetesHpas']>;
};

/** What one file contributes: its workloads and HPAs. */
function kubernetesPart(file: string, text: string): KubernetesPart {
  const own = scanKubernetesFile(file, text, {} as WorkspaceFacts);
  return { path: path.resolve(file), workloads: own.kubernetesWorkloads ?? [], hpas: own.kubernetesHpas ?? [] };
}

/** Whether something is there, without following a symlink (a link to /dev/zero is there, and refused when read). */
function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The nearest `.scalewise.yaml` above a file, parsed once per folder. */
export class ConfigFinder {
  private readonly cache = new Map<string, { path: string; loaded: LoadedConfig } | null>();

  find(file: string): { path: string; loaded: LoadedConfig } | null {
    let dir = path.dirname(path.resolve(file));
    const visited: string[] = [];
    for (;;) {
      if (this.cache.has(dir)) {
        const hit = this.cache.get(dir)!;
        for (const v of visited) this.cache.set(v, hit);
        return hit;
      }
      visited.push(dir);
      for (const name of CONFIG_FILE_NAMES) {
        const candidate = path.join(dir, name);
        if (exists(candidate)) {
          const read = readTextFile(candidate, MAX_SMALL_FILE_BYTES);
          const loaded: LoadedConfig = read.ok
            ? parseConfig(read.text)
            : {
                config: defaultConfig(),
                problems: [{ range: { start: 0, end: 0 }, message: `cannot read ${name}: ${read.reason}`, path: '' }],
              };
          const hit = { path: candidate, loaded };
          for (const v of visited) this.cache.set(v, hit);
          return hit;
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir || fs.existsSync(path.join(dir, '.git'))) {
        for (const v of visited) this.cache.set(v, null);
        return null;
      }
      dir = parent;
    }
  }
}
