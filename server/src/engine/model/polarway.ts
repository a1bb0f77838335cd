/**
 * Polarway gRPC workers in a Compose file: which services are workers, their `POLARWAY_*`
 * environment (map or list form), their volume mounts, and the text edits the Polarway rules
 * share (an environment entry, a volume mount, a top-level volume). Never re-serialises anything.
 */
import { type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Edit, ParsedFile, Range, WorkspaceFacts } from '../types';
import {
  asMap,
  asSeq,
  get,
  getPair,
  isMap,
  isScalar,
  keyRange,
  keyText,
  nodeRange,
  pairs,
  stringValue,
} from '../yaml-ast';
import { composeServices, effectiveReplicas, isGlobal, type ComposeService } from './compose';
import { addEntriesEdit, afterNodeLine, appendBlockKeyEdit, appendToSeqEdit, eolAt, indentStep } from '../yaml-edit';
import { memoized } from './memo';

export const HANDLE_STORE = 'POLARWAY_HANDLE_STORE';
export const STATE_DIR = 'POLARWAY_STATE_DIR';
export const BIND_ADDRESS = 'POLARWAY_BIND_ADDRESS';
/** The named volume and mount path the fixes add (docs/distributed-mode.md uses `/state`). */
export const SHARED_VOLUME = 'polarway-state';
export const SHARED_PATH = '/state';

export interface EnvEntry {
  key: string;
  /** Undefined for a list entry without `=` (the value comes from the shell). */
  value?: string;
  /** The node holding the value (map form) or the whole `KEY=VALUE` item (list form). */
  node: Node;
  /** Where the value is written, for findings and replacements. */
  valueRange: Range;
}

export interface Environment {
  /** The `environment:` pair, when there is one. */
  pair: Pair | null;
  form: 'map' | 'list' | 'none';
  entries: Map<string, EnvEntry>;
}

export function environment(svc: ComposeService): Environment {
  const pair = getPair(svc.map, 'environment');
  const entries = new Map<string, EnvEntry>();
  const map = asMap(pair?.value, svc.doc);
  const seq = asSeq(pair?.value, svc.doc);
  if (map) {
    for (const p of pairs(map)) {
      const key = keyText(p);
      if (key === null) continue;
      const v = p.value as Node | null;
      const value = stringValue(v, svc.doc);
      const range = v && isScalar(v) && v.range ? nodeRange(v) : keyRange(p);
      entries.set(key, {
        key,
        ...(value !== undefined ? { value } : {}),
        node: (v ?? p.key) as Node,
        valueRange: range,
      });
    }
    return { pair, form: 'map', entries };
  }
  if (seq) {
    for (const item of seq.items) {
      const raw = stringValue(item, svc.doc);
      if (raw === undefined || !isScalar(item)) continue;
      const eq = raw.indexOf('=');
      const key = eq < 0 ? raw : raw.slice(0, eq);
      const r = nodeRange(item as Node);
      // Inside a quoted item the value starts after the quote.
      const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0;
      const plain = item.type === 'PLAIN' || quoted === 1;
      const valueRange =
        eq >= 0 && plain && !/\\/.test(raw)
          ? { start: r.start + quoted + eq + 1, end: r.start + quoted + raw.length }
          : r;
      entries.set(key, { key, ...(eq >= 0 ? { value: raw.slice(eq + 1) } : {}), node: item as Node, valueRange });
    }
    return { pair, form: 'list', entries };
  }
  return { pair, form: 'none', entries };
}

/** `${VAR:-default}` / `${VAR-default}` read as its default; other interpolations are unknown. */
export function interpolated(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.includes('$')) return value;
  const m = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}$]*)\}$/.exec(value);
  return m ? m[1] : undefined;
}

export interface Worker {
  svc: ComposeService;
  env: Environment;
  replicas: number;
}

/** A Polarway worker: the image names polarway, or the service sets a `POLARWAY_*` variable. */
export function isPolarwayWorker(svc: ComposeService, env = environment(svc)): boolean {
  const image = stringValue(get(svc.map, 'image', svc.doc), svc.doc) ?? '';
  if (/polarway/i.test(image)) return true;
  return [...env.entries.keys()].some((k) => k.startsWith('POLARWAY_'));
}

/** The Polarway workers of a file, with their effective replica counts (a global service counts as more than one). */
export function polarwayWorkers(file: ParsedFile, ws: WorkspaceFacts): Worker[] {
  return memoized(file, 'polarwayWorkers', (f) => readWorkers(f, ws), ws);
}

function readWorkers(file: ParsedFile, ws: WorkspaceFacts): Worker[] {
  const out: Worker[] = [];
  for (const svc of composeServices(file)) {
    const env = environment(svc);
    if (!isPolarwayWorker(svc, env)) continue;
    const replicas = isGlobal(svc) ? 2 : effectiveReplicas(svc, ws).count;
    out.push({ svc, env, replicas });
  }
  return out;
}

export interface Mount {
  /** `volume` (named), `bind` (a host path), `anonymous` (a volume only this container has), `tmpfs`. */
  type: 'volume' | 'bind' | 'anonymous' | 'tmpfs';
  source?: string;
  target: string;
  node: Node;
}

/** The service's mounts, short and long syntax. */
export function mounts(svc: ComposeService): Mount[] {
  const out: Mount[] = [];
  for (const item of asSeq(get(svc.map, 'volumes', svc.doc), svc.doc)?.items ?? []) {
    if (isMap(item)) {
      const type = stringValue(get(item, 'type', svc.doc), svc.doc) ?? 'volume';
      const source = stringValue(get(item, 'source', svc.doc), svc.doc);
      const target = stringValue(get(item, 'target', svc.doc), svc.doc);
      if (!target) continue;
      const t = type === 'bind' ? 'bind' : type === 'tmpfs' ? 'tmpfs' : source ? 'volume' : 'anonymous';
      out.push({ type: t, ...(source ? { source } : {}), target, node: item });
      continue;
    }
    const raw = stringValue(item, svc.doc);
    if (raw === undefined) continue;
    const parts = raw.split(':');
    if (parts.length === 1) {
      out.push({ type: 'anonymous', target: parts[0]!, node: item as Node });
      continue;
    }
    const [source, target] = parts as [string, string];
    const bind = /^[./~]/.test(source) || source.includes('/') || source.includes('$');
    out.push({ type: bind ? 'bind' : 'volume', source, target, node: item as Node });
  }
  for (const item of asSeq(get(svc.map, 'tmpfs', svc.doc), svc.doc)?.items ?? []) {
    const raw = stringValue(item, svc.doc);
    if (raw) out.push({ type: 'tmpfs', target: raw.split(':')[0]!, node: item as Node });
  }
  const single = stringValue(get(svc.map, 'tmpfs', svc.doc), svc.doc);
  if (single) out.push({ type: 'tmpfs', target: single.split(':')[0]!, node: get(svc.map, 'tmpfs', svc.doc)! });
  return out;
}

const norm = (p: string) => p.replace(/\/+$/, '') || '/';

/** The mount a path lives on: the one with the longest target that contains it. */
export function mountFor(all: readonly Mount[], p: string): Mount | undefined {
  const want = norm(p);
  let best: Mount | undefined;
  for (const m of all) {
    const t = norm(m.target);
    if ((want === t || want.startsWith(t === '/' ? '/' : `${t}/`)) && (!best || t.length > norm(best.target).length))
      best = m;
  }
  return best;
}

/** The edit that replaces an existing variable's value, in its own form (map or `KEY=value` item). */
export function replaceEnvEdit(text: string, env: Environment, key: string, value: string): Edit | null {
  const existing = env.entries.get(key);
  if (!existing) return null;
  if (env.form === 'list') {
    const r = nodeRange(existing.node);
    const raw = text.slice(r.start, r.end);
    const q = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
    return { ...r, text: `${q}${key}=${value}${q}` };
  }
  const raw = text.slice(existing.valueRange.start, existing.valueRange.end);
  const q = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
  return { ...existing.valueRange, text: `${q}${value}${q}` };
}

/** Same-offset insertions merged into one edit, in the order given, so every client applies them alike. */
export function mergeInsertions(edits: readonly (Edit | null)[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    if (!e) continue;
    const same = out.find((o) => o.start === o.end && e.start === e.end && o.start === e.start);
    if (same) {
      same.text += e.text;
      // Insertions into two different nodes: the merged edit may only add (fix-guard.ts).
      if (same.node && (!e.node || e.node.start !== same.node.start || e.node.end !== same.node.end)) delete same.node;
    } else out.push({ ...e });
  }
  return out;
}

/** Adds several variables at once (one edit per variable would collide at the same offset). */
export function setEnvEdits(
  text: string,
  svc: ComposeService,
  env: Environment,
  vars: readonly [string, string][],
): Edit[] | null {
  const edits: Edit[] = [];
  const missing: [string, string][] = [];
  for (const [k, v] of vars) {
    if (env.entries.has(k)) {
      const e = replaceEnvEdit(text, env, k, v);
      if (!e) return null;
      edits.push(e);
    } else missing.push([k, v]);
  }
  if (missing.length === 0) return edits;
  if (env.form === 'list') {
    const seq = asSeq(env.pair?.value, svc.doc);
    if (!seq) return null;
    const first = appendToSeqEdit(text, seq, `${missing[0]![0]}=${missing[0]![1]}`);
    if (!first) return null;
    if (seq.flow)
      first.text = missing.map(([k, v], i) => `${i === 0 && seq.items.length === 0 ? '' : ', '}${k}=${v}`).join('');
    else {
      const line = first.text.replace(/^(\r?\n)?/, '');
      const prefix = first.text.slice(0, first.text.length - line.length);
      const indent = /^ */.exec(line)![0];
      const eol = eolAt(text, first.start);
      first.text = prefix + missing.map(([k, v]) => `${indent}- ${k}=${v}${eol}`).join('');
    }
    edits.push(first);
    return edits;
  }
  const entries = missing.map(([key, value]) => ({ key, value }));
  const add = addEntriesEdit(text, svc.map, ['environment'], entries, { owner: svc.pair });
  if (!add) return null;
  edits.push(add);
  return edits;
}

/** Mounts `volume` at `target` in the service (appending to `volumes:` or creating it). */
export function addMountEdit(
  text: string,
  svc: ComposeService,
  volume: string,
  target: string,
  comment?: string,
): Edit | null {
  const pair = getPair(svc.map, 'volumes');
  if (pair) {
    const seq = asSeq(pair.value, svc.doc);
    return seq ? appendToSeqEdit(text, seq, `${volume}:${target}`, comment) : null;
  }
  return appendBlockKeyEdit(text, svc.map, 'volumes', [...(comment ? [`# ${comment}`] : []), `- ${volume}:${target}`]);
}

/** Declares a named volume at the top level when the file does not (creating `volumes:` if needed). */
export function addTopLevelVolumeEdit(text: string, doc: Document, root: YAMLMap, volume: string): Edit | null {
  const pair = getPair(root, 'volumes');
  if (pair) {
    const map = asMap(pair.value, doc);
    if (map && getPair(map, volume)) return null;
    // A flow map gets `volume: {}`; a block map, or `volumes:` with no value, a `volume:` line.
    return addEntriesEdit(text, root, ['volumes'], [[volume, map?.flow ? '{}' : '']]);
  }
  const last = root.items[root.items.length - 1] as Pair | undefined;
  if (root.flow || !last) return null;
  // A new top-level section, after a blank line.
  const at = afterNodeLine(text, last);
  const eol = eolAt(text, at);
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  return {
    start: at,
    end: at,
    text: `${prefix}${eol}volumes:${eol}${' '.repeat(indentStep(text, root))}${volume}:${eol}`,
  };
}

/** The document's root map holding `services:` for a service. */
export function rootOf(file: ParsedFile, svc: ComposeService): YAMLMap | null {
  const d = file.documents.find((x) => x.doc === svc.doc);
  return d ? asMap(d.root, d.doc) : null;
}

/** The state directory a worker uses, when it says (`POLARWAY_STATE_DIR`, its default read from `${VAR:-…}`). */
export function stateDir(w: Worker): string | undefined {
  return interpolated(w.env.entries.get(STATE_DIR)?.value);
}

/**
 * The edits that give a worker a shared handle store: `POLARWAY_HANDLE_STORE=external` (when
 * `setStore`), `POLARWAY_STATE_DIR=/state` when unset, the `polarway-state` volume mounted at
 * the state directory when nothing is mounted there, and the top-level volume when missing.
 * Null when the file cannot take them without a rewrite (flow maps, aliases).
 */
export function sharedStoreEdits(text: string, file: ParsedFile, w: Worker, setStore: boolean): Edit[] | null {
  const dir = stateDir(w) ?? SHARED_PATH;
  const vars: [string, string][] = [];
  if (setStore) vars.push([HANDLE_STORE, 'external']);
  if (!w.env.entries.has(STATE_DIR)) vars.push([STATE_DIR, SHARED_PATH]);
  const env = vars.length > 0 ? setEnvEdits(text, w.svc, w.env, vars) : [];
  if (!env) return null;
  const needsMount = !mountFor(mounts(w.svc), dir);
  // compose/scaled-stateful-volume knows a worker's state dir is shared on purpose: no suppression needed.
  const mount = needsMount ? addMountEdit(text, w.svc, SHARED_VOLUME, dir) : null;
  if (needsMount && !mount) return null;
  const root = rootOf(file, w.svc);
  const top = needsMount && root ? addTopLevelVolumeEdit(text, w.svc.doc, root, SHARED_VOLUME) : null;
  return mergeInsertions([...env, mount, top]);
}

/** `worker × 3, reader × 2`: what the worker count is made of, for messages. */
export function describeWorkers(workers: readonly Worker[]): string {
  return workers.map((w) => `${w.svc.name} × ${isGlobal(w.svc) ? 'one per node' : w.replicas}`).join(', ');
}

export function hasEnvFile(svc: ComposeService): boolean {
  return getPair(svc.map, 'env_file') !== null;
}
