/**
 * The checks every fix passes before it is written or offered: the fixed text must parse at
 * least as well as before (no new syntax error, no alias left without its anchor, no new
 * duplicate key), and nothing may change outside the node each edit means to change. Fixes are
 * plain text edits (never a re-serialisation), so bytes outside the edits stay by construction;
 * these checks catch edits that are wrong about where a node ends or what refers to it.
 */
import type { Node, Pair } from 'yaml';
import type { Edit, ParsedFile, Range } from './types';
import { isAlias, isMap, isPair, isScalar, isSeq, keyText } from './yaml-ast';

/** How well a text parses: the problems a YAML reader (go-yaml, PyYAML) would stop at. */
export interface ParseQuality {
  syntaxErrors: number;
  /** Aliases with no anchor before them in their document. */
  danglingAliases: string[];
  duplicateKeys: number;
  /** The first syntax error's message, for the reason a fix is refused. */
  firstError?: string;
}

interface ShapeNode {
  key: string;
  range: Range;
  /** What the value is, without its formatting: type, tag, anchor, scalar value, alias target. */
  sig: string;
  children: ShapeNode[];
  /** The node is an item of a sequence (its key is an index that shifts when items go). */
  inSeq: boolean;
  /** For a pair: where its key ends (an edit of the key renames the pair within its map). */
  keyEnd?: number;
  /** The range of the value node (for a pair, its value; for a document, its root). */
  value?: Range;
  /** For an alias, the anchor name it refers to. */
  alias?: string;
}

function valueRange(node: unknown): Range | undefined {
  const r = (node as Node | null)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

export interface Shape {
  roots: ShapeNode[];
  quality: ParseQuality;
}

const SEP = '\u0000';

/** One walk over the file: its value tree (bounded, aliases never followed) and its parse quality. */
export function shapeOf(file: ParsedFile): Shape {
  const quality: ParseQuality = { syntaxErrors: 0, danglingAliases: [], duplicateKeys: 0 };
  const roots: ShapeNode[] = [];
  file.documents.forEach((d, i) => {
    quality.syntaxErrors += d.doc.errors.length;
    if (quality.firstError === undefined && d.doc.errors.length > 0)
      quality.firstError = d.doc.errors[0]!.message.split('\n')[0];
    const anchors = new Map<string, ShapeNode>();
    const root: ShapeNode = {
      key: `#${i}`,
      range: d.range,
      sig: 'doc',
      children: [],
      inSeq: false,
      value: valueRange(d.root),
    };
    roots.push(root);
    const aliases: { shape: ShapeNode; target: ShapeNode | undefined }[] = [];
    walk(d.root, root, anchors, aliases, quality);
    // An alias is what it points at: its signature is the content of the target, so moving an
    // anchor (with the same value) changes nothing, while pointing at other content does.
    const memo = new Map<ShapeNode, number>();
    for (const a of aliases) a.shape.sig = a.target ? `*${deepHash(a.target, memo)}` : '*?';
  });
  return { roots, quality };
}

/** FNV-1a over a node's signature and its children's keys and hashes; aliases in it by their own (already final) signature. */
function deepHash(root: ShapeNode, memo: Map<ShapeNode, number>): number {
  const cached = memo.get(root);
  if (cached !== undefined) return cached;
  // Iterative post-order: a deep tree must not overflow the stack.
  const order: ShapeNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (memo.has(n)) continue;
    order.push(n);
    for (const c of n.children) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    let h = fnv(0x811c9dc5, n.sig.startsWith('*') ? '*' : n.sig);
    for (const c of n.children) h = fnv(fnv(h, c.key), String(memo.get(c) ?? 0));
    memo.set(n, h);
  }
  return memo.get(root)!;
}

function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function sigOf(node: unknown): string {
  if (node === null || node === undefined) return 'null';
  const n = node as Node & { tag?: string; anchor?: string };
  const props = `${n.tag ?? ''}|${n.anchor ?? ''}`;
  // `key:`, `key: ~` and `key: null` are the same empty value.
  if (isScalar(n))
    return n.value === null && props === '|' ? 'null' : `s|${props}|${typeof n.value}:${String(n.value)}`;
  if (isMap(n)) return `m|${props}`;
  if (isSeq(n)) return `q|${props}`;
  return `?|${props}`;
}

function walk(
  top: unknown,
  into: ShapeNode,
  anchors: Map<string, ShapeNode>,
  aliases: { shape: ShapeNode; target: ShapeNode | undefined }[],
  quality: ParseQuality,
): void {
  // Iterative pre-order, which is document order: an anchor is registered when its node is
  // reached, so an alias points at the latest anchor of its name before it, as YAML resolves it.
  const stack: { node: unknown; shape: ShapeNode }[] = [{ node: top, shape: into }];
  while (stack.length > 0) {
    const { node, shape } = stack.pop()!;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) quality.danglingAliases.push(node.source);
      aliases.push({ shape, target });
      shape.sig = '*';
      shape.alias = node.source;
      continue;
    }
    shape.sig = sigOf(node);
    const n = node as (Node & { anchor?: string }) | null;
    if (n && n.anchor) anchors.set(n.anchor, shape);
    const children: { node: unknown; shape: ShapeNode }[] = [];
    if (isMap(node)) {
      const seen = new Map<string, number>();
      (node.items as Pair[]).forEach((p, idx) => {
        if (!isPair(p)) return;
        const k = keyText(p) ?? `?${idx}`;
        const count = seen.get(k) ?? 0;
        seen.set(k, count + 1);
        if (count > 0 && k !== '<<') quality.duplicateKeys++;
        const key = count === 0 ? k : `${k}#${count}`;
        const child: ShapeNode = {
          key,
          range: pairRange(p),
          sig: '',
          children: [],
          inSeq: false,
          keyEnd: (p.key as Node | null)?.range?.[1],
          value: valueRange(p.value),
        };
        shape.children.push(child);
        children.push({ node: p.value, shape: child });
      });
    } else if (isSeq(node)) {
      node.items.forEach((item, idx) => {
        const r = (item as Node | null)?.range;
        const child: ShapeNode = {
          key: String(idx),
          range: r ? { start: r[0], end: r[2] } : shape.range,
          sig: '',
          children: [],
          inSeq: true,
          value: valueRange(item),
        };
        shape.children.push(child);
        children.push({ node: item, shape: child });
      });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

function pairRange(p: Pair): Range {
  const k = (p.key as Node | null)?.range;
  const v = (p.value as Node | null)?.range;
  const start = k?.[0] ?? v?.[0] ?? 0;
  const end = v?.[1] ?? k?.[1] ?? start;
  return { start, end };
}

function flatten(shape: Shape, aliases?: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const stack: { n: ShapeNode; path: string }[] = shape.roots.map((n) => ({ n, path: n.key }));
  while (stack.length > 0) {
    const { n, path } = stack.pop()!;
    out.set(path, n.sig);
    if (aliases && n.alias !== undefined) aliases.set(path, n.alias);
    for (const c of n.children) stack.push({ n: c, path: `${path}${SEP}${c.key}` });
  }
  return out;
}

/**
 * The path of the node an edit means to change: the smallest node holding its declared `node`,
 * or else the edit's own range. An edit of a pair's key (a rename) changes the map around it, and
 * an item of a sequence widens to its sequence, whose later items shift. Null for an insertion
 * that declares no node: those are checked to only add (checkEdits).
 */
function intendedPath(shape: Shape, edit: Edit): string | null {
  if (!edit.node && edit.start === edit.end) return null;
  const want = edit.node ?? { start: edit.start, end: edit.end };
  let level = shape.roots;
  let path: string | null = null;
  let widened: string | null = null;
  for (;;) {
    const hit = findHolding(level, want);
    if (!hit) break;
    const parent: string | null = path;
    path = parent === null ? hit.key : `${parent}${SEP}${hit.key}`;
    widened = hit.inSeq || (!edit.node && hit.keyEnd !== undefined && want.end <= hit.keyEnd) ? parent : null;
    // A declared node is a pair's range or a collection's: stop at the node that is exactly it
    // (a map and its only pair can have the same range; the map is the outer one).
    if (edit.node && (same(hit.value, want) || same(hit.range, want))) break;
    level = hit.children;
  }
  return widened ?? path;
}

function same(a: Range | undefined, b: Range): boolean {
  return a !== undefined && a.start === b.start && a.end === b.end;
}

/** Siblings are in document order and do not overlap: the last one starting at or before the range is the only candidate. */
function findHolding(level: readonly ShapeNode[], want: Range): ShapeNode | undefined {
  let lo = 0;
  let hi = level.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = level[mid]!.range.start;
    if (s <= want.start) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return undefined;
  const r = level[best]!.range;
  return r.start <= want.start && want.end <= r.end ? level[best] : undefined;
}

export interface GuardVerdict {
  ok: boolean;
  reason?: string;
}

/**
 * Compares the file before and after a set of edits (already applied and re-parsed into `after`).
 * `before` must be the parse of the text the edits were computed on.
 */
export function checkEdits(before: Shape, after: Shape, edits: readonly Edit[]): GuardVerdict {
  const b = before.quality;
  const a = after.quality;
  if (a.syntaxErrors > b.syntaxErrors)
    return { ok: false, reason: `the fixed text would not parse: ${a.firstError ?? 'syntax error'}` };
  if (a.danglingAliases.length > b.danglingAliases.length) {
    const had = new Set(b.danglingAliases);
    const lost = a.danglingAliases.find((x) => !had.has(x)) ?? a.danglingAliases[0]!;
    return {
      ok: false,
      reason: `alias *${lost} would refer to no anchor (the anchor &${lost} is removed or moved after it)`,
    };
  }
  if (a.duplicateKeys > b.duplicateKeys) return { ok: false, reason: 'the fixed text would repeat a key' };
  const allowed = new Set<string>();
  let insertions = false;
  for (const e of edits) {
    const p = intendedPath(before, e);
    if (p !== null) allowed.add(p);
    else insertions = true;
  }
  // Edits that change a shared anchor on purpose (lint() marks them, and makes them suggestions):
  // the aliases of that anchor read the change too.
  const declared = new Set(edits.flatMap((e) => e.anchors ?? []));
  const aliasOf = new Map<string, string>();
  const was = flatten(before, declared.size > 0 ? aliasOf : undefined);
  const now = flatten(after);
  const outside = (path: string) => {
    for (let p: string = path; ;) {
      if (allowed.has(p)) return false;
      const cut = p.lastIndexOf(SEP);
      if (cut === -1) return true;
      p = p.slice(0, cut);
    }
  };
  for (const [path, sig] of was) {
    const to = now.get(path);
    if (to === sig || !outside(path)) continue;
    const alias = aliasOf.get(path);
    if (alias !== undefined && declared.has(alias) && to !== undefined && to.startsWith('*') && to !== '*?') continue;
    // An insertion may fill an empty value (`deploy:` with nothing after it) with a collection.
    if (insertions && sig === 'null' && to !== undefined && /^[mq]\|/.test(to)) continue;
    return {
      ok: false,
      reason: `an edit reaches beyond the node it changes (${readable(path)} would ${to === undefined ? 'disappear' : 'change'})`,
    };
  }
  // New paths: inside the nodes the edits change, or added by an insertion (which only adds).
  if (!insertions) {
    for (const path of now.keys()) {
      if (!was.has(path) && outside(path))
        return { ok: false, reason: `an edit reaches beyond the node it changes (${readable(path)} would appear)` };
    }
  }
  return { ok: true };
}

function readable(path: string): string {
  const parts = path.split(SEP);
  const docs = parts[0] === '#0' ? parts.slice(1) : parts;
  return docs.length === 0 ? 'the document' : docs.join('.');
}
