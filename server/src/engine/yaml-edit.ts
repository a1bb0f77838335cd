/**
 * The one room for text edits of YAML: small, comment-keeping edits on offsets (insert entries
 * into a block or flow mapping, append to a list, remove or move a pair, replace a scalar), in
 * the file's own indentation and line breaks. Never re-serialises anything. Every model and rule
 * builds its fixes from these; test/unit/yaml-edit.test.ts is their table of edge cases.
 */
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Edit, Range } from './types';
import {
  getPair,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  keyRange,
  nodeRange,
  ownerOf,
  ownPairs,
  pairs,
} from './yaml-ast';

/** `re` (sticky) matched at `offset`, or null. */
function at(re: RegExp, text: string, offset: number): RegExpExecArray | null {
  re.lastIndex = offset;
  return re.exec(text);
}

/** Where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where the line holding `offset` ends, after its line break (the text's end on the last line). */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The 0-based column of `offset`; a byte-order mark at the file's start is not a column. */
export function columnOf(text: string, offset: number): number {
  const start = lineStart(text, offset);
  return offset - (start === 0 && text.startsWith('\uFEFF') && offset > 0 ? 1 : start);
}

/** Indentation (spaces) of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return at(/\uFEFF?[ \t]*/y, text, start)?.[0].replace('\uFEFF', '') ?? '';
}

/**
 * The line break for new lines inserted at `offset`: that of the line before, else the file's
 * (CRLF when it has any; parse.ts has turned lone CRs into LFs).
 */
export function eolAt(text: string, offset: number): string {
  if (offset > 0 && text[offset - 1] === '\n') return text[offset - 2] === '\r' ? '\r\n' : '\n';
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Where a new line after a node goes: after the line its last character is on (a comment there stays on it). */
export function afterNodeLine(text: string, node: Node | Pair): number {
  const r = nodeRange(node);
  return r.end > 0 && text[r.end - 1] === '\n' ? r.end : lineEnd(text, Math.max(r.start, r.end - 1));
}

/** The line break to put before lines inserted at `offset`: one when it is the end of a last line without one. */
function breakBefore(text: string, offset: number): string {
  return offset === text.length && text.length > 0 && !text.endsWith('\n') ? eolAt(text, offset) : '';
}

/** The first key of a block map as written, or undefined for a flow or empty map. */
function firstBlockKey(map: unknown): Pair | undefined {
  return isMap(map) && !map.flow ? ownPairs(map)[0] : undefined;
}

/**
 * How far the file indents a map's keys below their parent key, near `map`: below `owner` (the
 * pair whose value `map` is written as, when given), else below the first key of `map` whose value
 * is a block map written there (an alias's anchor is elsewhere), else 2.
 */
export function indentStep(text: string, map: YAMLMap | null, owner?: Pair | null): number {
  const step = (pair: Pair) => {
    const first = pair.value === map || !isAlias(pair.value) ? firstBlockKey(pair.value) : undefined;
    return first ? columnOf(text, keyRange(first).start) - columnOf(text, keyRange(pair).start) : 0;
  };
  if (owner && owner.value === map && step(owner) > 0) return step(owner);
  for (const p of ownPairs(map)) if (step(p) > 0) return step(p);
  return 2;
}

/** An entry to insert: a key and its value exactly as it is to appear in the file (quoted if it must be a string). */
export interface Entry {
  key: string;
  /** Empty for a key with no value (`name:`). */
  value: string;
  /** Comment lines to put above it, and a comment after it: those of a moved key (block style only). */
  comments?: readonly string[];
  trailing?: string;
}

/** An entry, or `[key, value]`. */
export type EntryLike = Entry | readonly [string, string];

function entryOf(e: EntryLike): Entry {
  return Array.isArray(e) ? { key: e[0] as string, value: e[1] as string } : (e as Entry);
}

const kv = (e: Entry) => (e.value === '' ? `${e.key}:` : `${e.key}: ${e.value}`);

function blockLines(
  path: readonly string[],
  entries: readonly Entry[],
  col: number,
  step: number,
  comment: string | undefined,
  eol: string,
): string {
  const lines: string[] = [];
  path.forEach((k, i) => lines.push(`${' '.repeat(col + i * step)}${k}:`));
  const indent = ' '.repeat(col + path.length * step);
  for (const e of entries) {
    for (const c of e.comments ?? []) lines.push(`${indent}${c}`);
    lines.push(`${indent}${kv(e)}${e.trailing ? ` ${e.trailing}` : ''}`);
  }
  // The comment marks the map the user has to complete: the innermost new key, else the first entry.
  if (comment) {
    const i = path.length > 0 ? path.length - 1 : lines.findIndex((l) => !l.trimStart().startsWith('#'));
    lines[i] += ` # ${comment}`;
  }
  return lines.map((l) => l + eol).join('');
}

function flowItems(path: readonly string[], entries: readonly Entry[]): string {
  const leaf = entries.map((e) => (e.value === '' ? `${e.key}: null` : kv(e))).join(', ');
  if (path.length === 0) return leaf;
  return `${path[0]}: ${path.slice(1).reduceRight((acc, k) => `{${k}: ${acc}}`, `{${leaf}}`)}`;
}

/** The offset of a flow collection's closing bracket, or -1. */
function closingBracket(text: string, node: Node, bracket: '}' | ']'): number {
  let i = nodeRange(node).end - 1;
  while (i > 0 && /\s/.test(text[i]!)) i--;
  return text[i] === bracket ? i : -1;
}

function addToMap(
  text: string,
  map: YAMLMap,
  step: number,
  path: readonly string[],
  entries: readonly Entry[],
  comment: string | undefined,
  atFirst = false,
): Edit | null {
  const items = ownPairs(map);
  const node = nodeRange(map);
  if (map.flow) {
    if (atFirst && items[0]) {
      const start = keyRange(items[0]).start;
      return { start, end: start, text: `${flowItems(path, entries)}, `, node };
    }
    const last = items[items.length - 1];
    if (last) {
      const end = nodeRange(last).end;
      return { start: end, end, text: `, ${flowItems(path, entries)}`, node };
    }
    const close = closingBracket(text, map, '}');
    return close < 0 ? null : { start: close, end: close, text: flowItems(path, entries), node };
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return null;
  const col = columnOf(text, keyRange(first).start);
  if (atFirst) {
    // At the key itself, which may follow the dash of a list item (`- url: x`): the key moves to
    // a line of its own at its column. Comment lines above it stay above (they head the map).
    const start = keyRange(first).start;
    const lines = blockLines(path, entries, col, step, comment, eolAt(text, start));
    return { start, end: start, text: lines.slice(col) + ' '.repeat(col), node };
  }
  const offset = afterNodeLine(text, last);
  return {
    start: offset,
    end: offset,
    text: breakBefore(text, offset) + blockLines(path, entries, col, step, comment, eolAt(text, offset)),
    node,
  };
}

/** `key:` with nothing after it (or only a comment). */
function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null && (v.source ?? '') === '');
}

export interface AddEntriesOptions {
  /** The indentation step for new maps; by default the file's near `map` (see indentStep). */
  step?: number;
  /** The pair whose value `map` is, for the default step. */
  owner?: Pair | null;
  /** A comment (without `#`) for the innermost map line created, else the first entry (block style only). */
  comment?: string;
  /** Put the new entries (or the first missing map of the path) before the map's first key instead of after its last. */
  first?: boolean;
}

/**
 * The edit that adds `entries` under `path` of `map` (e.g. `['deploy', 'resources', 'limits']`),
 * creating the maps that are missing and merging into those that exist: block maps get lines at
 * their keys' indentation after the line their last pair ends on (a comment there stays on it),
 * flow maps `, key: value` (or their first entry before `}`), a key with nothing after it
 * (`deploy:`) the lines below it; with `first`, right before the map's first key (below comment
 * lines above it) instead. Entries whose key is set are skipped. Null when there is
 * nothing to add or the text cannot take it as one plain insertion: an alias or a scalar on the
 * path. A key merged in (`<<: *anchor`) is followed where it is written; fix-guard.ts refuses
 * the edit when other aliases of that anchor would read it.
 */
export function addEntriesEdit(
  text: string,
  map: YAMLMap,
  path: readonly string[],
  entries: readonly EntryLike[],
  options: AddEntriesOptions = {},
): Edit | null {
  const step = options.step ?? indentStep(text, map, options.owner);
  const all = entries.map(entryOf);
  let current: YAMLMap = map;
  for (let i = 0; i < path.length; i++) {
    const pair = getPair(current, path[i]!);
    if (!pair) return addToMap(text, current, step, path.slice(i), all, options.comment, options.first);
    const v = pair.value;
    // Editing through an alias would change every map that shares the anchor.
    if (isAlias(v)) return null;
    if (isMap(v)) {
      if (v.items.length === 0 && !v.flow) return null;
      current = v;
      continue;
    }
    // `deploy:` with nothing after it: the rest goes on the lines below the key.
    const owner = ownerOf(current, pair);
    if (isEmptyValue(v) && !owner.flow) {
      const offset = lineEnd(text, keyRange(pair).end);
      const col = columnOf(text, keyRange(pair).start) + step;
      return {
        start: offset,
        end: offset,
        text:
          breakBefore(text, offset) +
          blockLines(path.slice(i + 1), all, col, step, options.comment, eolAt(text, offset)),
        node: nodeRange(pair),
      };
    }
    return null;
  }
  const missing = all.filter((e) => !getPair(current, e.key));
  return missing.length === 0 ? null : addToMap(text, current, step, [], missing, options.comment, options.first);
}

/**
 * The edit that appends `item` (the text after `- `) to a sequence in its own style: a block
 * item at the dash column of the others (with a comment line above it when given), or `, item`
 * in a flow list (its first element in `[]`). Null when it cannot (an empty block list).
 */
export function appendToSeqEdit(text: string, seq: YAMLSeq, item: string, comment?: string): Edit | null {
  const items = seq.items as Node[];
  if (seq.flow) {
    const last = items[items.length - 1];
    if (last) {
      const end = nodeRange(last).end;
      return { start: end, end, text: `, ${item}` };
    }
    const close = closingBracket(text, seq as unknown as Node, ']');
    return close < 0 ? null : { start: close, end: close, text: item };
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return null;
  const firstStart = nodeRange(first).start;
  const dash = text.lastIndexOf('-', firstStart - 1);
  if (dash < lineStart(text, firstStart)) return null;
  const pad = ' '.repeat(columnOf(text, dash));
  const offset = afterNodeLine(text, last);
  const eol = eolAt(text, offset);
  const above = comment ? `${pad}# ${comment}${eol}` : '';
  return { start: offset, end: offset, text: `${breakBefore(text, offset)}${above}${pad}- ${item}${eol}` };
}

/**
 * Adds `key:` with `lines` below it (one step deeper) as the last entry of a block map. Null for
 * a flow or empty map.
 */
export function appendBlockKeyEdit(
  text: string,
  map: YAMLMap,
  key: string,
  lines: readonly string[],
  step = 2,
): Edit | null {
  const items = ownPairs(map);
  const first = items[0];
  const last = items[items.length - 1];
  if (map.flow || !first || !last) return null;
  const pad = ' '.repeat(columnOf(text, keyRange(first).start));
  const offset = afterNodeLine(text, last);
  const eol = eolAt(text, offset);
  const inner = ' '.repeat(step);
  return {
    start: offset,
    end: offset,
    text: `${breakBefore(text, offset)}${pad}${key}:${eol}${lines.map((l) => `${pad}${inner}${l}${eol}`).join('')}`,
  };
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
  let offset = r[0];
  // At most an anchor and a tag, each a token of its own, separated by spaces (or a line break).
  for (let props = 0; props < 2; props++) {
    let i = offset;
    while (i > 0 && /[ \t\n\r]/.test(text[i - 1]!)) i--;
    let j = i;
    while (j > 0 && !/[ \t\n\r[\]{},]/.test(text[j - 1]!)) j--;
    if (j === i || (text[j] !== '!' && text[j] !== '&')) break;
    offset = j;
  }
  return offset;
}

/**
 * The edit that replaces a scalar's text by `value` (YAML text), keeping what is around it (a
 * comment after it, an anchor before it). Null for anything but a scalar written in the file.
 */
export function replaceScalarEdit(node: unknown, value: string): Edit | null {
  if (!isScalar(node) || !node.range) return null;
  return { start: node.range[0], end: node.range[1], text: value };
}

/**
 * Sets `path` + `key: value` under `map`: replaces an existing scalar, fills an empty `{}` on the
 * path, or inserts the missing keys (block lines or flow entries). Null when that cannot be done
 * as one plain edit (an alias or a scalar on the path).
 */
export function setValueEdit(
  text: string,
  map: YAMLMap,
  path: readonly string[],
  key: string,
  value: string,
  step: number,
): Edit | null {
  let current = map;
  for (let i = 0; i < path.length; i++) {
    const pair = getPair(current, path[i]!);
    if (!pair) return addEntriesEdit(text, current, path.slice(i), [[key, value]], { step });
    const v = pair.value;
    if (isMap(v) && pairs(v).length === 0 && v.range) {
      const rest = [...path.slice(i + 1), key];
      const inner = rest.reduceRight((acc, k, j) => (j === rest.length - 1 ? `${k}: ${value}` : `${k}: {${acc}}`), '');
      return { start: v.range[0], end: v.range[1], text: `{${inner}}` };
    }
    if (!isMap(v)) return null;
    current = v;
  }
  const existing = getPair(current, key);
  if (existing) return replaceScalarEdit(existing.value, value);
  return addEntriesEdit(text, current, [], [[key, value]], { step });
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
  if (
    map.flow ||
    text
      .slice(first, r.start)
      .replace(/^\uFEFF/, '')
      .trim() !== ''
  )
    return { above: [], aboveStart: first };
  // Not past the previous pair: a `#` line inside its block scalar is text.
  const index = map.items.indexOf(pair);
  const limit = index > 0 ? nodeRange(map.items[index - 1] as Pair).end : 0;
  const above: string[] = [];
  let aboveStart = first;
  while (aboveStart > 0) {
    const prev = lineStart(text, aboveStart - 1);
    const line = text.slice(prev, aboveStart).replace(/\r?\n$/, '');
    if (prev < limit || !/^\uFEFF?[ \t]*#/.test(line)) break;
    above.unshift(line.replace(/^\uFEFF/, '').trim());
    aboveStart = prev === 0 && text.startsWith('\uFEFF') ? 1 : prev;
  }
  const last = lineEnd(text, Math.max(r.start, r.end - 1));
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
export function removePairEdit(
  text: string,
  within: YAMLMap,
  pair: Pair,
  move: { takeComments?: boolean; keepTrailingComment?: boolean } = {},
): Edit {
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
  const end = lineEnd(text, Math.max(r.start, r.end - 1));
  const start = lineStart(text, r.start);
  const before = text.slice(start, r.start);
  const eol = text[end - 2] === '\r' ? '\r\n' : '\n';
  const comments = move.takeComments || move.keepTrailingComment ? pairComments(text, map, pair) : undefined;
  const trailing =
    move.keepTrailingComment && comments?.trailing
      ? `${' '.repeat(columnOf(text, r.start))}${comments.trailing}${eol}`
      : '';
  const kept = trailing + ownLineComments(text, pair, lineEnd(text, r.start), end);
  // A byte-order mark before the first key stays; the rest of the line goes. So does the `? `
  // of an explicit key (`? name` on one line, `: value` on the next).
  if (/^\uFEFF?[ \t]*(\?[ \t]+)?$/.test(before)) {
    const from = move.takeComments && comments ? comments.aboveStart : before.startsWith('\uFEFF') ? start + 1 : start;
    const s = from === 0 && text.startsWith('\uFEFF') ? 1 : from;
    return { start: s, end: kept === '' ? blankLinesAfter(text, s, end) : end, text: kept, node };
  }
  // `- key: v` as the first pair of a sequence item: keep the dash, drop only the pair.
  return {
    start: r.start,
    end: text[end - 1] === '\n' ? end - 1 : end,
    text: kept === '' ? '' : `${eol}${kept.replace(/\r?\n$/, '')}`,
    node,
  };
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
  for (let offset = from; offset < to;) {
    const nl = text.indexOf('\n', offset);
    const next = nl === -1 || nl + 1 > to ? to : nl + 1;
    const line = text.slice(offset, next);
    const hash = offset + line.search(/\S/);
    if (/^[ \t]*#/.test(line) && !literal.some((l) => l.start <= hash && hash < l.end)) out += line;
    offset = next;
  }
  if (out !== '' && !out.endsWith('\n')) out += text.slice(0, to).endsWith('\r\n') ? '\r\n' : '\n';
  return out;
}

/**
 * The edits that move `pair` out of `from` to `path` under `to`, written there as `entry` (the
 * key and value the caller gives: a move may rename the key or quote the value). Into a block
 * map its comments travel with it (the lines right above it and the one after it); a flow map
 * has no room for them, so the trailing comment stays where the line was, as a line of its own.
 * Null when addEntriesEdit cannot place it. The two edits never overlap: a removal that would
 * take the blank line where the new lines go stops before them, and a pair on the last line
 * without a line break leaves the line break the insertion would add.
 */
export function movePairEdit(
  text: string,
  from: YAMLMap,
  pair: Pair,
  to: YAMLMap,
  path: readonly string[],
  entry: { key: string; value: string },
  options: AddEntriesOptions = {},
): Edit[] | null {
  const comments = pairComments(text, from, pair);
  let add = addEntriesEdit(
    text,
    to,
    path,
    [{ ...entry, comments: comments.above, ...(comments.trailing ? { trailing: comments.trailing } : {}) }],
    options,
  );
  if (!add) return null;
  // Lines were added (a block map); into a flow map the comments were left out.
  const block = /\n$/.test(add.text);
  let remove = removePairEdit(text, from, pair, block ? { takeComments: true } : { keepTrailingComment: true });
  if (add.start > remove.start && add.start < remove.end) remove = { ...remove, end: add.start };
  if (add.start === remove.end && text[remove.start - 1] === '\n')
    add = { ...add, text: add.text.replace(/^\r?\n/, '') };
  return [remove, add];
}
