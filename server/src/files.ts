/**
 * Finding the files to lint and the facts around them, for the CLI (and the server's workspace
 * scan): folders recursively, without node_modules, .git and what .gitignore ignores.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSource, globToRegExp } from './engine/detect';
import { CONFIG_FILE_NAMES, parseConfig, type LoadedConfig } from './engine/config';
import { emptyWorkspace, isCommandSource, scanCommands, scanComposeFile } from './engine/workspace';
import type { WorkspaceFacts } from './engine/types';
import { scanKubernetesFile } from './engine/model/k8s-hpa';
import { isK3sConfigPath, k3sConfigGroup } from './engine/model/k3s';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);
const LINTABLE = /\.(ya?ml|sh|bash|mk|md|markdown)$/i;
/** Makefiles and Justfiles are linted too: a `--scale` in them is checked against the Compose file. */
const LINTABLE_NAMES = /^(Makefile|makefile|GNUmakefile|Justfile)$/;
/** Scripts and docs read for `--scale` and `docker stack deploy`; bigger files are skipped. */
const MAX_COMMAND_SOURCE_BYTES = 2 * 1024 * 1024;

interface IgnoreRule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function readIgnore(dir: string): IgnoreRule[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.startsWith('/') || line.slice(0, -1).includes('/');
    line = line.replace(/^\//, '');
    // An anchored pattern matches from the .gitignore's folder only.
    rules.push({ re: anchored ? new RegExp(`^${globSource(line)}$`) : globToRegExp(line), negate, dirOnly });
  }
  return rules;
}

interface Scope {
  dir: string;
  rules: IgnoreRule[];
}

function ignored(scopes: Scope[], abs: string, isDir: boolean): boolean {
  let result = false;
  for (const s of scopes) {
    const rel = path.relative(s.dir, abs).split(path.sep).join('/');
    for (const r of s.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.re.test(rel)) result = !r.negate;
    }
  }
  return result;
}

export interface Discovered {
  files: string[];
  /** Scripts, Makefiles and READMEs seen while walking. */
  commandSources: string[];
}

export function walk(root: string, into: Discovered = { files: [], commandSources: [] }, scopes: Scope[] = []): Discovered {
  const here = [...scopes, { dir: root, rules: readIgnore(root) }];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return into;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const abs = path.join(root, e.name);
    if (e.isDirectory()) {
      if (!ALWAYS_SKIPPED.has(e.name) && !ignored(here, abs, true)) walk(abs, into, here);
    } else if (e.isFile() && !ignored(here, abs, false)) {
      if (LINTABLE.test(e.name) || LINTABLE_NAMES.test(e.name)) into.files.push(abs);
      if (isCommandSource(abs)) into.commandSources.push(abs);
    }
  }
  return into;
}

/** Expands the CLI's paths and globs into files; unknown paths are returned as errors. */
export function discover(args: string[], cwd: string): Discovered & { missing: string[] } {
  const out: Discovered & { missing: string[] } = { files: [], commandSources: [], missing: [] };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    if (/[*?]/.test(arg)) {
      const re = globToRegExp(arg.replace(/^\.\//, ''));
      const all = walk(cwd);
      const hits = all.files.filter((f) => re.test(path.relative(cwd, f).split(path.sep).join('/')));
      if (hits.length === 0) out.missing.push(arg);
      // Loops, not push(...hits): a spread of a long list overflows the stack.
      for (const f of hits) out.files.push(f);
      for (const f of all.commandSources) out.commandSources.push(f);
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
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export function workspaceFacts(commandSources: string[]): WorkspaceFacts {
  const facts = emptyWorkspace();
  for (const file of commandSources) {
    try {
      if (fs.statSync(file).size > MAX_COMMAND_SOURCE_BYTES) continue;
      scanCommands(file, fs.readFileSync(file, 'utf8'), facts);
    } catch {
      // An unreadable script just contributes nothing.
    }
  }
  return facts;
}

/**
 * Adds what the Compose files define to `facts`, for rules that read a script against the file
 * it targets: the YAML files given, and every YAML file in the folders above each command
 * source (Compose looks for its file from the working directory up). `read` lets the server
 * pass an open editor's text.
 */
export function addComposeFacts(
  facts: WorkspaceFacts,
  files: readonly string[],
  commandSources: readonly string[],
  read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8'),
): WorkspaceFacts {
  const candidates = new Set(files.filter((f) => /\.ya?ml$/i.test(f)).map((f) => path.resolve(f)));
  const seenDirs = new Set<string>();
  for (const source of commandSources) {
    let dir = path.dirname(path.resolve(source));
    for (let i = 0; i < 8 && !seenDirs.has(dir); i++) {
      seenDirs.add(dir);
      for (const name of safeReaddir(dir)) if (/\.ya?ml$/i.test(name)) candidates.add(path.join(dir, name));
      const parent = path.dirname(dir);
      if (parent === dir || fs.existsSync(path.join(dir, '.git'))) break;
      dir = parent;
    }
  }
  for (const f of facts.stackFiles) candidates.add(path.resolve(f));
  for (const file of candidates) {
    try {
      if (fs.statSync(file).size > MAX_COMMAND_SOURCE_BYTES) continue;
      scanComposeFile(file, read(file), facts);
    } catch {
      // unreadable or missing: contributes nothing
    }
  }
  return facts;
}

/**
 * Adds the k3s config files around the k3s config files given: for each `config.yaml` or
 * `config.yaml.d/*.yaml`, the group's `config.yaml` and every drop-in beside it, so that a rule
 * linting one of them sees the effective settings (k3s merges them in name order).
 */
export function addK3sConfigFacts(facts: WorkspaceFacts, files: readonly string[], read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): WorkspaceFacts {
  const list = (facts.k3sConfigFiles ??= []);
  const seen = new Set(list.map((f) => f.path));
  const groups = new Set<string>();
  for (const file of files) if (isK3sConfigPath(file)) groups.add(k3sConfigGroup(file).base);
  for (const base of groups) {
    const dropins = `${base}.d`;
    const candidates = [base, ...safeReaddir(dropins).filter((n) => /\.ya?ml$/i.test(n)).map((n) => path.join(dropins, n))];
    for (const file of candidates) {
      if (seen.has(file)) continue;
      try {
        if (!fs.statSync(file).isFile() || fs.statSync(file).size > MAX_COMMAND_SOURCE_BYTES) continue;
        list.push({ path: file, text: read(file) });
        seen.add(file);
      } catch {
        // missing or unreadable: contributes nothing
      }
    }
  }
  return facts;
}

/**
 * Adds the workloads and HorizontalPodAutoscalers of the Kubernetes manifests among `files`, and
 * of the YAML files beside each of them (so `scalewise lint k8s/hpa.yaml` still sees the
 * Deployment in `k8s/deployment.yaml`), for rules that read an HPA against its target.
 */
export function addKubernetesFacts(facts: WorkspaceFacts, files: readonly string[], read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): WorkspaceFacts {
  const candidates = new Set<string>();
  const dirs = new Set<string>();
  for (const f of files) {
    if (!/\.ya?ml$/i.test(f)) continue;
    const abs = path.resolve(f);
    candidates.add(abs);
    dirs.add(path.dirname(abs));
  }
  for (const dir of dirs) for (const name of safeReaddir(dir)) if (/\.ya?ml$/i.test(name)) candidates.add(path.join(dir, name));
  const parts: KubernetesPart[] = [];
  for (const file of candidates) {
    try {
      if (!fs.statSync(file).isFile() || fs.statSync(file).size > MAX_COMMAND_SOURCE_BYTES) continue;
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
  return facts;
}

type KubernetesPart = { path: string; text: string; workloads: NonNullable<WorkspaceFacts['kubernetesWorkloads']>; hpas: NonNullable<WorkspaceFacts['kubernetesHpas']> };

/**
 * What one file contributes, remembered by its text: the server rescans the workspace when a
 * manifest is saved, and re-parsing 3,000 unchanged manifests took about 1.7 s each time.
 */
const kubernetesParts = new Map<string, KubernetesPart>();

function kubernetesPart(file: string, text: string): KubernetesPart {
  const cached = kubernetesParts.get(file);
  if (cached && cached.text === text) return cached;
  const own = scanKubernetesFile(file, text, {} as WorkspaceFacts);
  const part = { path: path.resolve(file), text, workloads: own.kubernetesWorkloads ?? [], hpas: own.kubernetesHpas ?? [] };
  kubernetesParts.set(file, part);
  return part;
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
        if (fs.existsSync(candidate)) {
          const hit = { path: candidate, loaded: parseConfig(fs.readFileSync(candidate, 'utf8')) };
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
