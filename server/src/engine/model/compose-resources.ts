/**
 * Compose resource settings (`deploy.resources` and the service-level legacy keys) and the one
 * edit the resource rules need: adding keys under `deploy.resources.<section>` of a service,
 * creating the maps that are missing, merging into those that exist, in the file's own
 * indentation and line endings. Never re-serialises anything.
 */
import { type Node, type Pair, type YAMLMap } from 'yaml';
import type { Edit } from '../types';
import { asMap, deref, get, getPair, getPath, isAlias, isMap, isScalar, keyRange, nodeRange } from '../yaml-ast';
import type { ComposeService } from './compose';

/**
 * Service-level keys and their place in `deploy.resources` (compose-spec 05-services.md §cpus,
 * §mem_limit, §mem_reservation, §pids_limit; compose-go loader/validate.go checks each pair).
 */
export const LEGACY_RESOURCE_KEYS = [
  { key: 'cpus', section: 'limits', target: 'cpus', unit: 'cpus' },
  { key: 'mem_limit', section: 'limits', target: 'memory', unit: 'bytes' },
  { key: 'mem_reservation', section: 'reservations', target: 'memory', unit: 'bytes' },
  { key: 'pids_limit', section: 'limits', target: 'pids', unit: 'count' },
] as const;

export type LegacyResourceKey = (typeof LEGACY_RESOURCE_KEYS)[number];

export type ResourceSection = 'limits' | 'reservations';
export type ResourceField = 'cpus' | 'memory' | 'pids';

/** One resource of a service as Compose reads it: `deploy.resources.<section>.<field>` and the legacy key that means the same. */
export interface ResourceSetting {
  /** `deploy.resources.<section>.<field>` (through aliases and merge keys), or null. */
  deploy: Node | null;
  /** The service-level key for the same setting (`cpus`, `mem_limit`, `mem_reservation`, `pids_limit`), if there is one. */
  legacyKey: LegacyResourceKey | undefined;
  /** Its pair when written (even with an empty value), and its value. */
  legacyPair: Pair | null;
  legacy: Node | null;
  /** What applies: the `deploy` value, else the legacy one (compose-go rejects the two when they differ). */
  value: Node | null;
}

/** The one reader of service limits and reservations: rules and sizing ask it, not the YAML. */
export function composeResource(svc: ComposeService, section: ResourceSection, field: ResourceField): ResourceSetting {
  const deploy = get(asMap(getPath(svc.map, ['deploy', 'resources', section], svc.doc), svc.doc), field, svc.doc);
  const legacyKey = LEGACY_RESOURCE_KEYS.find((k) => k.section === section && k.target === field);
  const legacyPair = legacyKey ? getPair(svc.map, legacyKey.key, svc.doc) : null;
  const legacy = legacyPair ? deref(legacyPair.value, svc.doc) : null;
  return { deploy, legacyKey, legacyPair, legacy, value: deploy ?? legacy };
}

export interface Entry {
  key: string;
  /** The value exactly as it is to appear in the file (quoted if it must be a string). */
  value: string;
  /** Comment lines to put above it, and a comment after it: those of a moved key (block style only). */
  comments?: readonly string[];
  trailing?: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** How far the file indents a map's keys below their parent key (2 unless the service shows otherwise). */
function indentStep(text: string, svc: ComposeService): number {
  const first = svc.map.items[0] as Pair | undefined;
  if (svc.map.flow || !first?.key) return 2;
  const step = column(text, keyRange(first).start) - column(text, keyRange(svc.pair).start);
  return step > 0 ? step : 2;
}

/** Where a new last line of a block map goes: after the line its last pair ends on. */
function afterLastPair(text: string, map: YAMLMap): number {
  const last = map.items[map.items.length - 1] as Pair;
  const end = nodeRange(last).end;
  return end > 0 && text[end - 1] === '\n' ? end : lineEnd(text, end);
}

function blockLines(path: readonly string[], entries: readonly Entry[], col: number, step: number, comment: string | undefined, eol: string): string {
  const lines: string[] = [];
  path.forEach((k, i) => lines.push(`${' '.repeat(col + i * step)}${k}:`));
  for (const e of entries) {
    const indent = ' '.repeat(col + path.length * step);
    for (const c of e.comments ?? []) lines.push(`${indent}${c}`);
    lines.push(`${indent}${e.key}: ${e.value}${e.trailing ? ` ${e.trailing}` : ''}`);
  }
  // The comment marks the map the user has to complete: the innermost new key, else the first entry.
  if (comment) {
    const at = path.length > 0 ? path.length - 1 : lines.findIndex((l) => !l.trimStart().startsWith('#'));
    lines[at] += ` # ${comment}`;
  }
  return lines.map((l) => l + eol).join('');
}

function flowItems(path: readonly string[], entries: readonly Entry[]): string {
  const leaf = entries.map((e) => `${e.key}: ${e.value}`).join(', ');
  if (path.length === 0) return leaf;
  return `${path[0]}: ${path.slice(1).reduceRight((acc, k) => `{${k}: ${acc}}`, `{${leaf}}`)}`;
}

function addToMap(text: string, map: YAMLMap, step: number, path: readonly string[], entries: readonly Entry[], comment: string | undefined): Edit | null {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const items = map.items as Pair[];
  if (map.flow) {
    const r = nodeRange(map);
    if (items.length > 0) return { start: nodeRange(items[items.length - 1]!).end, end: nodeRange(items[items.length - 1]!).end, text: `, ${flowItems(path, entries)}`, node: r };
    const close = r.end - 1;
    if (text[close] !== '}') return null;
    return { start: close, end: close, text: flowItems(path, entries), node: r };
  }
  if (items.length === 0) return null;
  const col = column(text, keyRange(items[0]!).start);
  const at = afterLastPair(text, map);
  const prefix = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, text: prefix + blockLines(path, entries, col, step, comment, eol), node: nodeRange(map) };
}

/**
 * The edit that adds `entries` under `path` (e.g. `['deploy', 'resources', 'limits']`) of a
 * service, creating missing maps and skipping entries whose key exists. Null when there is
 * nothing to add or the text cannot take it without a rewrite (an alias, a scalar in the way).
 * `comment` goes on the innermost map line created (block style only).
 */
export function addEntriesEdit(text: string, svc: ComposeService, path: readonly string[], entries: readonly Entry[], comment?: string): Edit | null {
  const step = indentStep(text, svc);
  let map: YAMLMap = svc.map;
  for (let i = 0; i < path.length; i++) {
    const pair = getPair(map, path[i]!);
    if (!pair) return addToMap(text, map, step, path.slice(i), entries, comment);
    const v = pair.value;
    // Editing through an alias would change every service that shares the anchor.
    if (isAlias(v)) return null;
    const pairKeyCol = column(text, keyRange(pair).start);
    if (isMap(v)) {
      if (v.items.length === 0 && !v.flow) return null;
      map = v;
      continue;
    }
    // `deploy:` with nothing after it: the rest goes on the lines below the key.
    if ((v === null || (isScalar(v) && v.value === null && (v.source ?? '') === '')) && !map.flow) {
      const at = lineEnd(text, keyRange(pair).end);
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
      return { start: at, end: at, text: prefix + blockLines(path.slice(i + 1), entries, pairKeyCol + step, step, comment, eol), node: nodeRange(pair) };
    }
    return null;
  }
  const missing = entries.filter((e) => !getPair(map, e.key));
  if (missing.length === 0) return null;
  return addToMap(text, map, step, [], missing, comment);
}

/** The source text of a value node, as written (quotes and all). */
export function sourceText(text: string, node: unknown): string {
  const r = nodeRange(node as never);
  return text.slice(r.start, r.end);
}
