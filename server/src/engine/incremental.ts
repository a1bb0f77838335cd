/**
 * Incremental re-parsing: the ParsedFile of a new text from the ParsedFile of the previous text
 * of the same document, re-parsing only what the edit touched. The result is the AST a full
 * `parseFile` gives for everything the engine reads (node types, values, ranges, anchors,
 * aliases, tags, document ranges, errors and warnings); comments are not read by the engine
 * (suppressions read the text) and may sit on another node than a full parse puts them.
 *
 * The changed region comes from the common prefix and suffix of the two texts, so it works for
 * any sequence of LSP changes and needs no change events. Then, most precise first:
 *
 * - `entry`: the change lies inside one entry of a block map at depth 1 or 2 (a top-level key,
 *   or a service under `services:`), from its key's line to the next sibling's. Only that entry
 *   is parsed again, under a stand-in parent key at the same indentation, and spliced in. Taken
 *   when the document had no errors or warnings, the entry parses alone into exactly one pair
 *   whose key starts where the old one did, and neither text of the entry holds `&`, `*` or `<<`
 *   (an anchor there would change what aliases elsewhere read).
 * - `documents`: the documents of a stream the change touches (a boundary touched takes both
 *   neighbours) are parsed again as one slice, which must start at a `---` line and parse without
 *   errors (an error could run over a boundary); the later documents are shifted.
 * - `full`: otherwise, and whenever a `%` directive or a `...` line is in either text.
 *
 * Nothing of the previous AST is changed: the previous result may still be read (a hover, a code
 * lens of the old version, a model a handler keeps). Nodes before the change are shared with the
 * new AST (their ranges hold); nodes after it are copied with shifted ranges; only the ancestors
 * of the changed entry are new objects. No engine WeakMap goes wrong by the sharing: alias
 * targets of a shared alias lie before it (so they are shared too), merged views of a shared map
 * only reach anchors before it, and `anchorIndex` is built again for each new Document.
 */
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { composeWithin, nestingLimit } from './nesting';
import {
  COMPOSE_OPTIONS,
  lineBreakOf,
  looksLikeConfigText,
  looksLikeShell,
  MAX_LINT_BYTES,
  normaliseLoneCr,
  parsedDocument,
  parseFile,
  type ParseOptions,
} from './parse';
import type { ParsedDocument, ParsedFile } from './types';
import { anchorIndex, isAlias, isMap, isMergeKey, isPair, isScalar, isSeq } from './yaml-ast';

export type ReparseHow = 'same' | 'entry' | 'documents' | 'full';

export interface Reparsed {
  file: ParsedFile;
  how: ReparseHow;
  /** Why the more precise ways were not taken (for the tests' statistics and a log line). */
  why?: string;
}

/** The edit between two texts: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function changedRegion(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < max - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** `parseFile(previous.uri, original, options)`, re-parsing only what changed since `previous`. */
export function reparseFile(previous: ParsedFile, original: string, options: ParseOptions = {}): Reparsed {
  const text = normaliseLoneCr(original);
  const eol = lineBreakOf(original, text);
  if (text === previous.text && eol === previous.eol) return { file: previous, how: 'same' };
  const full = (why: string): Reparsed => ({ file: parseFile(previous.uri, original, options), how: 'full', why });
  const uri = previous.uri;
  if (!previous.isYaml || previous.tooDeep || previous.documents.length === 0) return full('no YAML parsed before');
  if (looksLikeShell(uri, text) || looksLikeConfigText(uri) || text.length > MAX_LINT_BYTES)
    return full('not parsed as YAML');
  // Directives carry over to the next document; `...` ends one without a `---`: the slices below assume neither.
  if (hasDirectivesOrEnds(previous.text) || hasDirectivesOrEnds(text)) return full('a % directive or a ... line');
  const change = changedRegion(previous.text, text);
  const limit = nestingLimit(options.maxNestingDepth);
  const splice = new Splice(previous.text, text, change, limit);
  const docs = previous.documents;
  const last = docs.length - 1;
  // The documents the change touches; one that only touches a boundary takes both neighbours.
  let first = docs.findIndex((d) => d.range.end >= change.start);
  if (first < 0) first = last;
  let end = first;
  while (end < last && docs[end + 1]!.range.start <= change.oldEnd) end++;
  const aliases = text.includes('*');
  let why = '';
  if (first === end) {
    const entry = splice.entry(docs[first]!);
    if (typeof entry !== 'string') {
      const documents = [...docs.slice(0, first), entry, ...splice.shifted(docs.slice(first + 1))];
      if (aliases) for (const d of documents.slice(first)) anchorIndex(d.doc);
      return { file: { uri, text, eol, documents, isYaml: true }, how: 'entry' };
    }
    why = entry;
    if (docs.length === 1) return full(why);
  }
  const from = first === 0 ? 0 : docs[first]!.range.start;
  const to = end === last ? previous.text.length : docs[end]!.range.end;
  const slice = splice.documents(from, to, first > 0);
  if (typeof slice === 'string') return full(why ? `${why}; ${slice}` : slice);
  const documents = [...docs.slice(0, first), ...slice, ...splice.shifted(docs.slice(end + 1))];
  if (aliases) for (const d of documents.slice(first)) anchorIndex(d.doc);
  return { file: { uri, text, eol, documents, isYaml: true }, how: 'documents', ...(why ? { why } : {}) };
}

function hasDirectivesOrEnds(text: string): boolean {
  return text.startsWith('%') || text.startsWith('...') || text.includes('\n%') || text.includes('\n...');
}

const NODE_TYPE = Symbol.for('yaml.node.type');

type Range3 = [number, number, number];

interface Entry {
  /** The index of the pair in its map. */
  index: number;
  /** Its key's line start, and the next sibling's (or the parent entry's end). */
  start: number;
  end: number;
  /** The column of its key. */
  col: number;
}

/** One edit's splice: the texts, the change and the shifts. */
class Splice {
  readonly delta: number;

  constructor(
    private readonly before: string,
    private readonly after: string,
    private readonly change: TextChange,
    private readonly limit: number,
  ) {
    this.delta = change.newEnd - change.oldEnd;
  }

  /** The documents re-parsed from the old text's `[from, to)` (as it reads now), or why not. */
  documents(from: number, to: number, atMarker: boolean): ParsedDocument[] | string {
    if (from > this.change.start || this.change.oldEnd > to) return 'the change is outside the documents';
    // The slice starts where the previous document ended: at a `---` line, which must still be one.
    if (atMarker && !isMarkerAt(this.after, from)) return 'a document boundary changed';
    // And ends where the next one starts, at a `---` line the edit may have joined to the line before.
    const until = to + this.delta;
    if (until < this.after.length && (this.after.charCodeAt(until - 1) !== 10 || !isMarkerAt(this.after, until)))
      return 'a document boundary changed';
    const composed = composeWithin(this.after.slice(from, until), this.limit, COMPOSE_OPTIONS);
    if (composed.overflow) return 'the changed documents nest too deep';
    if (composed.documents.some((d) => d.errors.length > 0)) return 'the changed documents have errors';
    return composed.documents.map((doc) => {
      shiftInPlace(doc.contents, from);
      shiftDocument(doc, from);
      return parsedDocument(doc);
    });
  }

  /** Documents after the change, with their ranges shifted (copies: the old ones may still be read). */
  shifted(docs: readonly ParsedDocument[]): ParsedDocument[] {
    if (this.delta === 0) return [...docs];
    return docs.map((d) => {
      const doc = copyOf(d.doc);
      doc.contents = shiftedCopy(d.doc.contents, this.delta) as typeof doc.contents;
      doc.range = shiftRange(d.doc.range, this.delta);
      doc.errors = d.doc.errors.map((e) => withPos(e, this.delta));
      doc.warnings = d.doc.warnings.map((e) => withPos(e, this.delta));
      return parsedDocument(doc);
    });
  }

  /** The document with the one entry that holds the change parsed again, or why not. */
  entry(d: ParsedDocument): ParsedDocument | string {
    const { doc } = d;
    if (doc.errors.length > 0 || doc.warnings.length > 0) return 'the document had errors';
    const root = doc.contents;
    if (!isMap(root) || root.flow) return 'the document is not a block map';
    const outer = this.entryIn(root, d.range.end);
    if (typeof outer === 'string') return outer;
    const parent = root.items[outer.index]!;
    const inner = isMap(parent.value) && !parent.value.flow ? this.entryIn(parent.value, outer.end) : 'not a map';
    if (
      typeof inner !== 'string' &&
      parent.value &&
      !(parent.value as YAMLMap).anchor &&
      !(parent.value as YAMLMap).tag
    ) {
      const spliced = this.reparse(doc, root, outer, inner);
      if (typeof spliced !== 'string') return spliced;
    }
    return this.reparse(doc, root, outer, undefined);
  }

  /** The entry of a block map whose text holds the whole change, or why there is none. */
  private entryIn(map: YAMLMap, parentEnd: number): Entry | string {
    const items = map.items as Pair[];
    const { start, oldEnd } = this.change;
    // The last pair whose key line starts at or before the change.
    let lo = 0;
    let hi = items.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = keyStart(items[mid]);
      if (k === undefined) return 'a pair without a key';
      if (lineStart(this.before, k) <= start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at < 0) return 'the change is before the first key';
    const entry = this.keyLine(items[at]);
    if (!entry) return 'a key that does not start its line';
    const next = at + 1 < items.length ? this.keyLine(items[at + 1]) : { start: parentEnd, col: 0 };
    if (!next) return 'a key that does not start its line';
    if (oldEnd > next.start) return 'the change spans several entries';
    return { index: at, start: entry.start, end: next.start, col: entry.col };
  }

  /** Where a pair's key line starts and the key's column, when only spaces are before the key. */
  private keyLine(pair: Pair | undefined): { start: number; col: number } | undefined {
    const k = keyStart(pair);
    if (k === undefined || !isScalar(pair!.key) || isMergeKey(pair!)) return undefined;
    const start = lineStart(this.before, k);
    for (let i = start; i < k; i++) if (this.before.charCodeAt(i) !== 32) return undefined;
    return { start, col: k - start };
  }

  /**
   * The entry parsed alone and spliced in: `outer` is the entry of the document's root map; with
   * `inner`, the entry of the map that is `outer`'s value, parsed under a stand-in key `x:` at
   * `outer`'s column, so that its indentation reads as it does in the file.
   */
  private reparse(
    doc: Document.Parsed,
    root: YAMLMap,
    outer: Entry,
    inner: Entry | undefined,
  ): ParsedDocument | string {
    const e = inner ?? outer;
    // What follows the entry must still start a line: an edit that ends at the next key's line may have joined it on.
    const until = e.end + this.delta;
    if (until < this.after.length && this.after.charCodeAt(until - 1) !== 10)
      return 'the entry runs into the next line';
    const oldText = this.before.slice(e.start, e.end);
    const newText = this.after.slice(e.start, e.end + this.delta);
    if (/[&*]|<</.test(oldText) || /[&*]|<</.test(newText)) return 'anchors, aliases or merge keys in the entry';
    const prefix = inner ? `${' '.repeat(outer.col)}x:\n` : '';
    // What follows the entry decides where the trailing comments of its last node end: a stand-in
    // for it follows the entry's text too (a key at the column of the next line's key, or `---`).
    const next = this.follower(until);
    if (next === undefined) return 'no key after the entry';
    const sibling = next.col === e.col;
    const uncle = inner !== undefined && next.col === outer.col;
    if (next.col >= 0 && !sibling && !uncle) return 'the next key is at another column';
    const composed = composeWithin(prefix + newText + next.text, this.limit, COMPOSE_OPTIONS);
    if (composed.overflow) return 'the entry nests too deep';
    const [alone, ...others] = composed.documents;
    if (!alone || others.length !== (next.text === '---\n' ? 1 : 0)) return 'the entry does not parse as one document';
    if (composed.documents.some((d) => d.errors.length > 0 || d.warnings.length > 0)) return 'the entry has errors';
    const top = alone.contents;
    if (!isMap(top) || top.flow || top.items.length !== (inner ? (uncle ? 2 : 1) : sibling ? 2 : 1))
      return 'the entry is not one pair';
    const held = inner ? (top.items[0] as Pair).value : top;
    if (!isMap(held) || held.flow || held.items.length !== (sibling ? 2 : 1)) return 'the entry is not one pair';
    const pair = held.items[0] as Pair;
    if (!isScalar(pair.key) || isMergeKey(pair) || keyStart(pair) !== prefix.length + e.col)
      return 'the entry is not one pair at its place';
    const standIn = (uncle ? top : held).items[1] as Pair | undefined;
    if (next.col >= 0 && keyStart(standIn) !== prefix.length + newText.length + next.col)
      return 'the entry runs into the next key';
    const offset = e.start - prefix.length;
    shiftInPlace(pair, offset);
    const ranges = new Ranges(e.start, e.end, this.delta, offset);
    let spliced: YAMLMap;
    if (inner) {
      const outerPair = root.items[outer.index] as Pair;
      const map = outerPair.value as YAMLMap;
      const value = this.withItem(map, inner.index, pair, ranges.of(map.range, held.range));
      const around = copyOf(outerPair);
      around.value = value;
      spliced = this.withItem(root, outer.index, around, ranges.of(root.range, top.range));
    } else spliced = this.withItem(root, outer.index, pair, ranges.of(root.range, top.range));
    const fresh = copyOf(doc);
    fresh.contents = spliced as typeof fresh.contents;
    fresh.range = ranges.of(doc.range, alone.range);
    fresh.errors = [];
    fresh.warnings = [];
    return parsedDocument(fresh);
  }

  /** What follows an entry ending at `until` of the new text: the end, a `---` line, or a key at a column. */
  private follower(until: number): { text: string; col: number } | undefined {
    if (until >= this.after.length) return { text: '', col: -1 };
    if (isMarkerAt(this.after, until)) return { text: '---\n', col: -1 };
    let col = 0;
    while (this.after.charCodeAt(until + col) === 32) col++;
    const c = this.after.charCodeAt(until + col);
    if (Number.isNaN(c) || c === 10 || c === 13 || c === 35 || c === 9) return undefined;
    return { text: `${' '.repeat(col)}y:\n`, col };
  }

  /** A copy of `map` with item `index` replaced and the items after it shifted. */
  private withItem(map: YAMLMap, index: number, item: Pair, range: Range3): YAMLMap {
    const copy = copyOf(map);
    const items = map.items.slice(0, index) as unknown[];
    items.push(item);
    for (let i = index + 1; i < map.items.length; i++) items.push(shiftedCopy(map.items[i], this.delta));
    copy.items = items as YAMLMap['items'];
    copy.range = range;
    return copy;
  }
}

/** The new range of an ancestor of a re-parsed entry, from its old range and its stand-in's in the entry's parse. */
class Ranges {
  constructor(
    private readonly start: number,
    private readonly end: number,
    private readonly delta: number,
    private readonly offset: number,
  ) {}

  of(old: Range3 | null | undefined, standIn: Range3 | null | undefined): Range3 {
    const r = old ?? [0, 0, 0];
    return [this.at(r, standIn, 0), this.at(r, standIn, 1), this.at(r, standIn, 2)];
  }

  private at(old: Range3, standIn: Range3 | null | undefined, i: 0 | 1 | 2): number {
    const v = old[i];
    if (v < this.start) return v;
    if (v > this.end || !standIn) return v + this.delta;
    // An offset inside the entry, or at its end (a map or document that ends with it), is where the entry's parse puts it.
    return standIn[i] + this.offset;
  }
}

function keyStart(pair: Pair | undefined): number | undefined {
  const k = pair?.key as Node | null | undefined;
  return k && (k as Node).range ? (k as Node).range![0] : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Whether a `---` document marker starts at `offset` (a line start). */
function isMarkerAt(text: string, offset: number): boolean {
  if (!text.startsWith('---', offset)) return false;
  const c = text.charCodeAt(offset + 3);
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13;
}

/** A shallow copy of a node, pair or document: the same class, the same (shared) children. */
function copyOf<T extends object>(n: T): T {
  const copy = Object.create(Object.getPrototypeOf(n) as object) as T;
  // Not enumerable: the node type (what isMap and the like read) and a collection's schema.
  Object.defineProperty(copy, NODE_TYPE, { value: (n as Record<symbol, unknown>)[NODE_TYPE] });
  const schema = Object.getOwnPropertyDescriptor(n, 'schema');
  if (schema && !schema.enumerable) Object.defineProperty(copy, 'schema', schema);
  return Object.assign(copy, n);
}

function shiftRange(r: Range3, by: number): Range3 {
  return [r[0] + by, r[1] + by, r[2] + by];
}

/** A deep copy of a node with every range shifted. */
function shiftedCopy(n: unknown, by: number): unknown {
  if (!n || typeof n !== 'object') return n;
  if (isAlias(n)) {
    // An alias's `tag` is a non-enumerable accessor: copied with its descriptor.
    const copy = Object.create(Object.getPrototypeOf(n) as object, Object.getOwnPropertyDescriptors(n)) as typeof n;
    if (n.range) copy.range = shiftRange(n.range, by);
    return copy;
  }
  if (isPair(n)) {
    const copy = copyOf(n);
    copy.key = shiftedCopy(n.key, by);
    copy.value = shiftedCopy(n.value, by);
    return copy;
  }
  const node = n as Node;
  const copy = copyOf(node);
  if (node.range) copy.range = shiftRange(node.range, by);
  if (isMap(node) || isSeq(node))
    (copy as typeof node).items = (node.items as unknown[]).map((i) => shiftedCopy(i, by)) as never;
  return copy;
}

/** Shifts the ranges of freshly parsed nodes, which nobody else holds. */
function shiftInPlace(n: unknown, by: number): void {
  if (!n || typeof n !== 'object') return;
  if (isPair(n)) {
    shiftInPlace(n.key, by);
    shiftInPlace(n.value, by);
    return;
  }
  const node = n as Node;
  if (node.range) node.range = shiftRange(node.range, by);
  if (isMap(node) || isSeq(node)) for (const i of node.items as unknown[]) shiftInPlace(i, by);
}

function shiftDocument(doc: Document.Parsed, by: number): void {
  doc.range = shiftRange(doc.range, by);
  for (const e of doc.errors) e.pos = [e.pos[0] + by, e.pos[1] + by];
  for (const w of doc.warnings) w.pos = [w.pos[0] + by, w.pos[1] + by];
}

function withPos<E extends { pos: [number, number] }>(e: E, by: number): E {
  const copy = Object.create(Object.getPrototypeOf(e) as object, Object.getOwnPropertyDescriptors(e)) as E;
  copy.pos = [e.pos[0] + by, e.pos[1] + by];
  return copy;
}
