/**
 * Small, alias-safe helpers over the `yaml` CST-backed AST. Rules read nodes through these so
 * that an alias is followed one hop at a time (never expanded), and every value keeps its range.
 */
import * as Y from 'yaml';
import type { Alias, Document, Node, Pair, YAMLMap, YAMLSeq, Scalar } from 'yaml';
import { LineIndex } from './positions';
import { atoi, goYamlNumber } from './go-yaml-number';
import type { Edit, Range } from './types';

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
      const entry: AnchoredNode = { name: anchor, node: n as Node, range: nodeRange(n as Node), aliases: 0, parent: -1 };
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

/** `re` (sticky) matched at `offset`, or null. */
function at(re: RegExp, text: string, offset: number): RegExpExecArray | null {
  re.lastIndex = offset;
  return re.exec(text);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndIncludingNewline(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The comments that belong to a block pair when it moves. */
export interface PairComments {
  /** Own-line comments right above the pair (no blank line between), as written, without indentation. */
  above: string[];
  /** Where the first of them starts (the pair's line start when there is none). */
  aboveStart: number;
  /** The comment after the value on its last line (`# …`), if any. */
  trailing?: string;
}

export function pairComments(text: string, map: YAMLMap, pair: Pair): PairComments {
  const r = nodeRange(pair);
  const first = lineStart(text, r.start);
  if (map.flow || text.slice(first, r.start).trim() !== '') return { above: [], aboveStart: first };
  // Not past the previous pair: a `#` line inside its block scalar is text.
  const index = map.items.indexOf(pair);
  const limit = index > 0 ? nodeRange(map.items[index - 1] as Pair).end : 0;
  const above: string[] = [];
  let aboveStart = first;
  while (aboveStart > 0) {
    const prev = lineStart(text, aboveStart - 1);
    const line = text.slice(prev, aboveStart).replace(/\r?\n$/, '');
    if (prev < limit || !/^[ \t]*#/.test(line)) break;
    above.unshift(line.trim());
    aboveStart = prev;
  }
  const last = lineEndIncludingNewline(text, Math.max(r.start, r.end - 1));
  const trailing = /^[ \t]*(#[^\r\n]*?)[ \t]*\r?\n?$/.exec(text.slice(r.end, last))?.[1];
  return { above, aboveStart, ...(trailing ? { trailing } : {}) };
}

/** Where a removal that ends at `end` (a line start) should end so that it leaves no blank line
 * at the file's start and no two blank lines where there was one on each side. */
function blankLinesAfter(text: string, start: number, end: number): number {
  const blank = /[ \t]*\r?\n/y;
  const fileStart = start === 0 || (start === 1 && text[0] === '\uFEFF');
  const prev = start > 0 ? lineStart(text, start - 1) : start;
  const blankBefore = start > 0 && at(blank, text, prev)?.[0].length === start - prev;
  for (let m = at(blank, text, end); m && (fileStart || blankBefore); m = at(blank, text, end)) {
    end += m[0].length;
    if (!fileStart) break;
  }
  return end;
}

/**
 * The edit that deletes one pair of a mapping and nothing else: in block style its whole lines
 * (with a comment on the same line, which belongs to it), in flow style the pair and one comma.
 * Comments on the lines above and below stay, and so do comments on lines of their own inside
 * the removed value (they describe the file, not the value). A blank line after it goes too when
 * it would start the file or make two blank lines of the one before and the one after. The edit
 * declares the pair as the node it changes, so fixing refuses it if it would change anything else
 * (fix-guard.ts). When the pair moves elsewhere, `takeComments` removes the comments right above
 * it too (they move with it) and `keepTrailingComment` leaves its trailing comment as a line of its own.
 */
export function removePairEdit(text: string, within: YAMLMap, pair: Pair, move: { takeComments?: boolean; keepTrailingComment?: boolean } = {}): Edit {
  // A pair merged in (`<<: *anchor`) is removed where it is written.
  const map = ownerOf(within, pair);
  const r = nodeRange(pair);
  const node = { start: r.start, end: r.end };
  if (map.flow) {
    let end = r.end;
    // Matched at the offset (sticky), not on a slice of the rest of the text for every fix.
    const after = at(/\s*,\s*/y, text, end);
    if (after) {
      end += after[0].length;
      return { start: r.start, end, text: '', node };
    }
    // The last pair: the comma before it goes. Looked for backwards from the pair; a regexp over
    // the text before it read the file from the start for every fix.
    let start = r.start;
    while (start > 0 && /\s/.test(text[start - 1]!)) start--;
    return { start: text[start - 1] === ',' ? start - 1 : r.start, end, text: '', node };
  }
  // The value's range may stop before a comment on its last line; that comment goes with it.
  const end = lineEndIncludingNewline(text, Math.max(r.start, r.end - 1));
  const start = lineStart(text, r.start);
  const before = text.slice(start, r.start);
  const eol = text[end - 2] === '\r' ? '\r\n' : '\n';
  const comments = move.takeComments || move.keepTrailingComment ? pairComments(text, map, pair) : undefined;
  const trailing = move.keepTrailingComment && comments?.trailing ? `${' '.repeat(r.start - start)}${comments.trailing}${eol}` : '';
  const kept = trailing + ownLineComments(text, pair, lineEndIncludingNewline(text, r.start), end);
  // A byte-order mark before the first key stays; the rest of the line goes. So does the `? `
  // of an explicit key (`? name` on one line, `: value` on the next).
  if (/^\uFEFF?[ \t]*(\?[ \t]+)?$/.test(before)) {
    const from = move.takeComments && comments ? comments.aboveStart : before.startsWith('\uFEFF') ? start + 1 : start;
    const s = from === 0 && text.startsWith('\uFEFF') ? 1 : from;
    return { start: s, end: kept === '' ? blankLinesAfter(text, s, end) : end, text: kept, node };
  }
  // `- key: v` as the first pair of a sequence item: keep the dash, drop only the pair.
  return { start: r.start, end: text[end - 1] === '\n' ? end - 1 : end, text: kept === '' ? '' : `${eol}${kept.replace(/\r?\n$/, '')}`, node };
}

/**
 * The lines between `from` and `to` that hold only a comment, outside quoted and block scalars
 * of the pair (where `#` is text), as they are written.
 */
function ownLineComments(text: string, pair: Pair, from: number, to: number): string {
  if (from >= to || !text.slice(from, to).includes('#')) return '';
  const literal: Range[] = [];
  const stack: unknown[] = [pair.value];
  for (let guard = 0; stack.length > 0 && guard < 100_000; guard++) {
    const n = stack.pop();
    if (isScalar(n)) {
      if (n.range && n.type !== 'PLAIN') literal.push({ start: n.range[0], end: n.range[1] });
    } else if (isMap(n) || isSeq(n)) {
      for (const item of n.items as unknown[]) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
  let out = '';
  for (let at = from; at < to; ) {
    const nl = text.indexOf('\n', at);
    const next = nl === -1 || nl + 1 > to ? to : nl + 1;
    const line = text.slice(at, next);
    const hash = at + line.search(/\S/);
    if (/^[ \t]*#/.test(line) && !literal.some((l) => l.start <= hash && hash < l.end)) out += line;
    at = next;
  }
  if (out !== '' && !out.endsWith('\n')) out += text.slice(0, to).endsWith('\r\n') ? '\r\n' : '\n';
  return out;
}

/**
 * Where a node's properties (`&anchor`, `!tag`) start, which its range leaves out: `!!int 2` has
 * the range of `2`. An edit that replaces a tagged value must replace the tag too, or `!!int "2"`
 * is still the number 2.
 */
export function propsStart(text: string, node: Node): number {
  const r = node.range;
  if (!r) return 0;
  const n = node as Node & { tag?: string; anchor?: string };
  if (!n.anchor && !n.tag) return r[0];
  let at = r[0];
  // At most an anchor and a tag, each a token of its own, separated by spaces (or a line break).
  for (let props = 0; props < 2; props++) {
    let i = at;
    while (i > 0 && /[ \t\n\r]/.test(text[i - 1]!)) i--;
    let j = i;
    while (j > 0 && !/[ \t\n\r[\]{},]/.test(text[j - 1]!)) j--;
    if (j === i || (text[j] !== '!' && text[j] !== '&')) break;
    at = j;
  }
  return at;
}

/** Indentation (spaces) of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return at(/[ \t]*/y, text, start)?.[0] ?? '';
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
