/**
 * Small, alias-safe helpers over the `yaml` CST-backed AST. Rules read nodes through these so
 * that an alias is followed one hop at a time (never expanded), and every value keeps its range.
 */
import * as Y from 'yaml';
import type { Alias, Document, Node, Pair, YAMLMap, YAMLSeq, Scalar } from 'yaml';
import { LineIndex } from './positions';
import { atoi, goYamlNumber } from './go-yaml-number';
import type { Range } from './types';

export type AnyNode = Node | null | undefined;

/*
 * The type guards, copied once. The bundler turns `import { isMap } from 'yaml'` (a CommonJS
 * package) into a property getter that runs on every call; on a 200-service file the getters alone
 * took about 7% of lint time. Import the guards from here, not from 'yaml'.
 */
export const isAlias: typeof Y.isAlias = Y.isAlias;
export const isMap: typeof Y.isMap = Y.isMap;
export const isPair: typeof Y.isPair = Y.isPair;
export const isScalar: typeof Y.isScalar = Y.isScalar;
export const isSeq: typeof Y.isSeq = Y.isSeq;

/** An anchored node of a document and how many aliases refer to it. */
export interface AnchoredNode {
  name: string;
  node: Node;
  range: Range;
  aliases: number;
  /** The index (in `AnchorIndex.anchored`) of the nearest anchored node around this one, or -1. */
  parent: number;
}

export interface AnchorIndex {
  /** In document order, which is the order of their starts (anchored nodes nest or are disjoint). */
  anchored: AnchoredNode[];
  /** Aliases with no anchor of their name before them. */
  dangling: Alias[];
}

/**
 * What every alias of a parsed document refers to, found in one walk per document. `yaml`'s own
 * `Alias.resolve()` walks the whole document on each call: asked once per alias, a Compose file
 * of 3,000 services that each merge `<<: *base` took over 80 s. Filled by `anchorIndex`.
 */
const aliasTargets = new WeakMap<object, Node | null>();
const anchorIndexes = new WeakMap<object, AnchorIndex>();

/**
 * The anchors and aliases of a document, built once and kept while the document lives. An alias
 * refers to the nearest anchor of its name before it in document order, as YAML (and `yaml`'s
 * `Alias.resolve`, go-yaml, PyYAML) resolve it; an anchor counts from its node on, so an alias
 * inside the node it names refers to that node (a cycle, which readers bound).
 */
export function anchorIndex(doc: Document): AnchorIndex {
  const known = anchorIndexes.get(doc);
  if (known) return known;
  const index: AnchorIndex = { anchored: [], dangling: [] };
  const current = new Map<string, AnchoredNode>();
  // Iterative pre-order (a key before its value): document order, however deep the file nests.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isAlias(n)) {
      const target = current.get(n.source);
      aliasTargets.set(n, target ? target.node : null);
      if (target) target.aliases++;
      else index.dangling.push(n);
      continue;
    }
    if (!n || typeof n !== 'object') continue;
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor && (n as Node).range) {
      const entry: AnchoredNode = {
        name: anchor,
        node: n as Node,
        range: nodeRange(n as Node),
        aliases: 0,
        parent: -1,
      };
      index.anchored.push(entry);
      current.set(anchor, entry);
    }
    if (isMap(n) || isSeq(n)) {
      const items = n.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (isPair(item)) stack.push(item.value, item.key);
        else stack.push(item);
      }
    }
  }
  // Parents, with a stack of the anchored nodes still open at each start.
  const open: number[] = [];
  index.anchored.forEach((a, i) => {
    while (open.length > 0 && index.anchored[open[open.length - 1]!]!.range.end <= a.range.start) open.pop();
    a.parent = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(i);
  });
  anchorIndexes.set(doc, index);
  return index;
}

/** Follows aliases (bounded, so a cycle cannot hang us). */
export function deref(node: unknown, doc?: Document): Node | null {
  let current = node;
  for (let hops = 0; hops < 16 && isAlias(current); hops++) {
    let target = aliasTargets.get(current);
    if (target === undefined && doc) {
      anchorIndex(doc);
      target = aliasTargets.get(current);
    }
    // Not an alias of this document: it refers to nothing here.
    if (target === undefined || target === null) return null;
    current = target;
  }
  return isAlias(current) ? null : ((current as Node | null | undefined) ?? null);
}

/**
 * The anchored nodes, shared by at least one alias, that hold `range` (an edit's node): an edit
 * there changes what every one of those aliases reads. Innermost first.
 */
export function sharedAnchorsAround(doc: Document, range: Range): AnchoredNode[] {
  const { anchored } = anchorIndex(doc);
  // The last anchored node starting at or before the range; only it and its parents can hold it.
  let lo = 0;
  let hi = anchored.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (anchored[mid]!.range.start <= range.start) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const out: AnchoredNode[] = [];
  for (let i = at; i >= 0; i = anchored[i]!.parent) {
    const a = anchored[i]!;
    if (a.range.start <= range.start && range.end <= a.range.end && a.aliases > 0) out.push(a);
  }
  return out;
}

export function asMap(node: unknown, doc: Document): YAMLMap | null {
  const n = deref(node, doc);
  return isMap(n) ? n : null;
}

export function asSeq(node: unknown, doc: Document): YAMLSeq | null {
  const n = deref(node, doc);
  return isSeq(n) ? n : null;
}

export function asScalar(node: unknown, doc: Document): Scalar | null {
  const n = deref(node, doc);
  return isScalar(n) ? n : null;
}

export function keyText(pair: Pair): string | null {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) {
    return String(k.value);
  }
  return null;
}

/**
 * A YAML merge key: a plain, untagged `<<` (or one tagged `!!merge`). A quoted `"<<"` is an
 * ordinary key, as go-yaml reads it (decode.go `isMerge`).
 */
export function isMergeKey(pair: Pair): boolean {
  const k = pair.key;
  if (!isScalar(k) || k.type !== 'PLAIN') return false;
  return k.tag === 'tag:yaml.org,2002:merge' || (!k.tag && k.value === '<<');
}

/** The pairs of a map as written, `<<` merge keys included: for layout (indentation, the first key). */
export function ownPairs(map: YAMLMap | null): Pair[] {
  return map ? (map.items as Pair[]).filter((p) => isPair(p)) : [];
}

interface MergedView {
  pairs: Pair[];
  byKey: Map<string, Pair>;
}

/** Per map with a merge key, its merged pairs; null for a map without one. Maps are never changed after parsing. */
const mergedViews = new WeakMap<YAMLMap, MergedView | null>();
/** The map a pair merged into another map is written in. */
const pairOwners = new WeakMap<Pair, YAMLMap>();

/** Merges through more maps than this (each merging the next) are not followed: the stack is bounded. */
const MAX_MERGE_DEPTH = 64;

/** The maps a merge key's value names: one map (or an alias of one), or a sequence of them. Others are not maps to merge (go-yaml fails on them). */
function mergeSources(value: unknown, doc: Document | undefined): YAMLMap[] {
  const v = deref(value, doc);
  if (isMap(v)) return [v];
  if (!isSeq(v)) return [];
  const out: YAMLMap[] = [];
  for (const item of v.items) {
    const m = deref(item, doc);
    if (isMap(m)) out.push(m);
  }
  return out;
}

function mergedView(map: YAMLMap, doc: Document | undefined, depth: number): MergedView | null {
  const known = mergedViews.get(map);
  if (known !== undefined) return known;
  let merge: Pair | undefined;
  for (const p of map.items as Pair[]) if (isPair(p) && isMergeKey(p)) merge = p;
  if (!merge) {
    mergedViews.set(map, null);
    return null;
  }
  // As go-yaml v3 (decode.go `mapping`, `merge`) and so compose-go, kubectl, helm and k3s read it:
  // the keys written in the map win, then the merged maps in order, an earlier one winning over a
  // later one; a merged map's own merge keys apply inside it. With several `<<` keys (which go-yaml
  // rejects as duplicates) the last one counts, as in go-yaml's loop.
  const view: MergedView = { pairs: [], byKey: new Map() };
  // Placed before the merged maps are read: a map that merges itself (through an alias) adds nothing twice.
  mergedViews.set(map, view);
  for (const p of map.items as Pair[]) {
    if (!isPair(p) || isMergeKey(p)) continue;
    view.pairs.push(p);
    const k = keyText(p);
    if (k !== null && !view.byKey.has(k)) view.byKey.set(k, p);
  }
  if (depth >= MAX_MERGE_DEPTH) return view;
  for (const source of mergeSources(merge.value, doc)) {
    const from = source === map ? [] : (mergedView(source, doc, depth + 1)?.pairs ?? ownPairs(source));
    for (const p of from) {
      const k = keyText(p);
      if (k === null || view.byKey.has(k)) continue;
      view.byKey.set(k, p);
      view.pairs.push(p);
      if (!pairOwners.has(p)) pairOwners.set(p, source);
    }
  }
  return view;
}

/**
 * The pairs of a map as the tools read it: its own keys in order, then the keys its `<<` merge
 * keys bring in that it does not set itself (from the anchor's text: findings and edits point
 * where the value is written). The `<<` pairs themselves are not listed. For layout, `ownPairs`.
 */
export function pairs(map: YAMLMap | null, doc?: Document): Pair[] {
  if (!map) return [];
  return mergedView(map, doc, 0)?.pairs ?? ownPairs(map);
}

/** The map a pair is written in: `map` itself, or the map it was merged from. */
export function ownerOf(map: YAMLMap, pair: Pair): YAMLMap {
  return pairOwners.get(pair) ?? map;
}

/** The pair of `key`: written in the map, else merged into it (`<<: *anchor`). */
export function getPair(map: YAMLMap | null, key: string, doc?: Document): Pair | null {
  if (!map) return null;
  let merges = false;
  for (const p of map.items as Pair[]) {
    if (!isPair(p)) continue;
    if (keyText(p) === key && !isMergeKey(p)) return p;
    if (!merges && isMergeKey(p)) merges = true;
  }
  return merges ? (mergedView(map, doc, 0)?.byKey.get(key) ?? null) : null;
}

export function get(map: YAMLMap | null, key: string, doc: Document): Node | null {
  const p = getPair(map, key, doc);
  return p ? deref(p.value, doc) : null;
}

/** Walks string keys (maps) and numeric indexes (sequences). */
export function getPath(node: unknown, path: readonly (string | number)[], doc: Document): Node | null {
  let current: Node | null = deref(node, doc);
  for (const step of path) {
    if (current === null) return null;
    if (typeof step === 'number') {
      current = isSeq(current) ? deref(current.items[step], doc) : null;
    } else {
      current = isMap(current) ? get(current, step, doc) : null;
    }
  }
  return current;
}

/** The plain JS value of a scalar (string, number, boolean, null) or undefined for collections. */
export function scalarValue(node: unknown, doc: Document): unknown {
  const s = asScalar(node, doc);
  return s ? s.value : undefined;
}

export function stringValue(node: unknown, doc: Document): string | undefined {
  const v = scalarValue(node, doc);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * A scalar's value as go-yaml, and so docker compose, kubectl, helm, k3s and Prometheus, read it:
 * an unquoted, untagged number from its source text by go-yaml's rules (`017` is 15, `1_000` is
 * 1000, `1e999` a string; go-yaml-number.ts), anything else as parsed. Number readers use this,
 * not `scalarValue`, whose numbers follow the YAML 1.2 core schema.
 */
export function goValue(node: unknown, doc: Document): unknown {
  const s = asScalar(node, doc);
  if (!s) return undefined;
  if (s.type === 'PLAIN' && !s.tag && typeof s.source === 'string') {
    const n = goYamlNumber(s.source);
    if (n !== undefined) return n;
    // A core-schema number that go-yaml keeps as text (`1e999`).
    if (typeof s.value === 'number') return s.source;
  }
  return s.value;
}

/**
 * An integer value as go-yaml reads it (a whole float such as `3.0` counts), or a quoted one
 * (`"3"`) as compose-go converts it, with strconv.Atoi: decimal, so `"017"` is 17.
 */
export function intValue(node: unknown, doc: Document): number | undefined {
  const v = goValue(node, doc);
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  return typeof v === 'string' ? atoi(v) : undefined;
}

export function nodeRange(node: AnyNode | Pair, fallback: Range = { start: 0, end: 0 }): Range {
  if (!node) return fallback;
  if (isPair(node)) {
    const k = node.key as Node | null;
    const v = node.value as Node | null;
    const start = k?.range?.[0] ?? v?.range?.[0];
    const end = v?.range?.[1] ?? k?.range?.[1];
    return start === undefined || end === undefined ? fallback : { start, end };
  }
  const r = (node as Node).range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** The range of a pair's key, which is where a finding about "this key" belongs. */
export function keyRange(pair: Pair, fallback?: Range): Range {
  return nodeRange(pair.key as Node, fallback);
}

/** The line index of the text `lineOf` was last asked about. */
let lastLines: LineIndex | undefined;

/**
 * The 0-based line of an offset. Callers ask for one offset per workload of the same text:
 * counting line breaks from offset 0 each time was quadratic (2,000 Deployments in one file:
 * seconds), so the line starts of the last text are kept and searched (the same text object
 * compares in O(1)).
 */
export function lineOf(text: string, offset: number): number {
  if (lastLines?.text !== text) lastLines = new LineIndex(text);
  return lastLines.position(offset).line;
}

/** Every mapping in a document, depth-first, through sequences too (containers, sub-chart values). Bounded. */
export function* mappings(root: unknown, doc: Document, maxDepth = 64): Generator<{ map: YAMLMap; path: string[] }> {
  const stack: { node: unknown; path: string[] }[] = [{ node: root, path: [] }];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const n = deref(node, doc);
    if (seen.has(n) || path.length > maxDepth) continue;
    if (isSeq(n)) {
      seen.add(n);
      for (let i = n.items.length - 1; i >= 0; i--) stack.push({ node: n.items[i], path: [...path, String(i)] });
      continue;
    }
    if (!isMap(n)) continue;
    seen.add(n);
    yield { map: n, path };
    const children = pairs(n, doc);
    for (let i = children.length - 1; i >= 0; i--) {
      const k = stringValue(children[i]!.key, doc) ?? '?';
      stack.push({ node: children[i]!.value, path: [...path, k] });
    }
  }
}
