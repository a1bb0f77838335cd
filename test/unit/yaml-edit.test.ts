/**
 * The edge cases of engine/yaml-edit.ts, the one module fixes build their text edits from: each
 * row parses a text, asks for one edit and pins the text after it (or null: no plain edit).
 * Block and flow style, CRLF, a byte-order mark, comments before, after and on the line (with
 * tabs), aliases and merge keys, a key with nothing after it, a last line without a line break.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pair, YAMLMap, YAMLSeq } from 'yaml';
import { applyEdits } from '../../server/src/engine';
import { parseFile } from '../../server/src/engine/parse';
import type { Edit, ParsedFile } from '../../server/src/engine/types';
import {
  addEntriesEdit,
  appendBlockKeyEdit,
  appendToSeqEdit,
  columnOf,
  indentAt,
  indentStep,
  movePairEdit,
  pairComments,
  propsStart,
  removePairEdit,
  replaceScalarEdit,
  setValueEdit,
} from '../../server/src/engine/yaml-edit';
import { getPair, getPath, isMap, isSeq } from '../../server/src/engine/yaml-ast';

function parse(text: string): ParsedFile {
  return parseFile('/repo/file.yaml', text);
}

/** The map at `path` of the first document ([] for the root). */
function mapAt(file: ParsedFile, path: readonly string[]): YAMLMap {
  const d = file.documents[0]!;
  const n = path.length === 0 ? d.root : getPath(d.root, path, d.doc);
  assert.ok(isMap(n), `no map at ${path.join('.')}`);
  return n;
}

function seqAt(file: ParsedFile, path: readonly string[]): YAMLSeq {
  const d = file.documents[0]!;
  const n = getPath(d.root, path, d.doc);
  assert.ok(isSeq(n), `no list at ${path.join('.')}`);
  return n;
}

/** The pair `key` of the map at `path`. */
function pairAt(file: ParsedFile, path: readonly string[], key: string): Pair {
  const p = getPair(mapAt(file, path), key, file.documents[0]!.doc);
  assert.ok(p, `no ${key} at ${path.join('.')}`);
  return p;
}

interface Row {
  name: string;
  text: string;
  edit: (file: ParsedFile, text: string) => Edit | readonly Edit[] | null;
  /** The text after the edit; null when no edit is expected. */
  expected: string | null;
}

const add = (at: string[], path: string[], entries: [string, string][]) => (f: ParsedFile, t: string) =>
  addEntriesEdit(t, mapAt(f, at), path, entries);

const first = (at: string[], path: string[], entries: [string, string][]) => (f: ParsedFile, t: string) =>
  addEntriesEdit(t, mapAt(f, at), path, entries, { first: true });

/** Moves `key` of the map at `at` to `path` under the same map, its value as written. */
const move = (at: string[], key: string, path: string[]) => (f: ParsedFile, t: string) => {
  const pair = pairAt(f, at, key);
  const v = pair.value as { range: [number, number] };
  return movePairEdit(t, mapAt(f, at), pair, mapAt(f, at), path, { key, value: t.slice(v.range[0], v.range[1]) });
};

const ROWS: Row[] = [
  // addEntriesEdit: block maps
  {
    name: 'block: an entry after the last key',
    text: 'a:\n  b: 1\nz: 0\n',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a:\n  b: 1\n  c: 2\nz: 0\n',
  },
  {
    name: 'block: missing maps of the path created one step deeper',
    text: 'web:\n    image: x\n',
    edit: (f, t) =>
      addEntriesEdit(t, mapAt(f, ['web']), ['deploy', 'limits'], [['cpus', '"1"']], { owner: pairAt(f, [], 'web') }),
    expected: 'web:\n    image: x\n    deploy:\n        limits:\n            cpus: "1"\n',
  },
  {
    name: 'block: into an existing nested map',
    text: 'web:\n  deploy:\n    replicas: 2\n  image: x\n',
    edit: add(['web'], ['deploy'], [['mode', 'replicated']]),
    expected: 'web:\n  deploy:\n    replicas: 2\n    mode: replicated\n  image: x\n',
  },
  {
    name: 'block: CRLF line breaks kept',
    text: 'a:\r\n  b: 1\r\n',
    edit: add(['a'], ['x'], [['c', '2']]),
    expected: 'a:\r\n  b: 1\r\n  x:\r\n    c: 2\r\n',
  },
  {
    name: 'block: CRLF, last line without a line break',
    text: 'a:\r\n  b: 1',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a:\r\n  b: 1\r\n  c: 2\r\n',
  },
  {
    name: 'block: last line without a line break',
    text: 'a:\n  b: 1',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a:\n  b: 1\n  c: 2\n',
  },
  {
    name: 'block: a byte-order mark is not indentation',
    text: '\uFEFFa: 1\n',
    edit: add([], [], [['b', '2']]),
    expected: '\uFEFFa: 1\nb: 2\n',
  },
  {
    name: 'block: a trailing comment stays on its line',
    text: 'a:\n  b: 1 # keep\n',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a:\n  b: 1 # keep\n  c: 2\n',
  },
  {
    name: 'block: a tab before a trailing comment',
    text: 'a:\n  b: 1\t# tab\n',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a:\n  b: 1\t# tab\n  c: 2\n',
  },
  {
    name: 'block: leading comments stay above their key',
    text: '# head\na:\n  # about b\n  b: 1\n',
    edit: add(['a'], [], [['c', '2']]),
    expected: '# head\na:\n  # about b\n  b: 1\n  c: 2\n',
  },
  {
    name: 'block: after a block scalar that ends the map',
    text: 'a:\n  s: |\n    t\nz: 1\n',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a:\n  s: |\n    t\n  c: 2\nz: 1\n',
  },
  {
    name: 'block: the comment goes on the innermost new key',
    text: 'a:\n  b: 1\n',
    edit: (f, t) =>
      addEntriesEdit(
        t,
        mapAt(f, ['a']),
        ['x', 'y'],
        [
          ['c', '2'],
          ['d', '3'],
        ],
        { comment: 'fill in' },
      ),
    expected: 'a:\n  b: 1\n  x:\n    y: # fill in\n      c: 2\n      d: 3\n',
  },
  {
    name: 'block: a moved entry with its comments',
    text: 'a:\n  b: 1\n',
    edit: (f, t) =>
      addEntriesEdit(t, mapAt(f, ['a']), [], [{ key: 'c', value: '2', comments: ['# why'], trailing: '# unit' }]),
    expected: 'a:\n  b: 1\n  # why\n  c: 2 # unit\n',
  },
  {
    name: 'block: an entry without a value',
    text: 'a:\n  b: 1\n',
    edit: add(['a'], [], [['c', '']]),
    expected: 'a:\n  b: 1\n  c:\n',
  },
  {
    name: 'block: keys already set are skipped',
    text: 'a:\n  b: 1\n',
    edit: add(
      ['a'],
      [],
      [
        ['b', '5'],
        ['c', '2'],
      ],
    ),
    expected: 'a:\n  b: 1\n  c: 2\n',
  },
  { name: 'block: nothing left to add', text: 'a:\n  b: 1\n', edit: add(['a'], [], [['b', '5']]), expected: null },
  // addEntriesEdit: a key with nothing after it
  {
    name: 'empty: `deploy:` gets the lines below it',
    text: 'web:\n  image: x\n  deploy:\nz: 1\n',
    edit: add(['web'], ['deploy', 'resources'], [['c', '2']]),
    expected: 'web:\n  image: x\n  deploy:\n    resources:\n      c: 2\nz: 1\n',
  },
  {
    name: 'empty: `deploy:` with a comment, CRLF, at the end of the file',
    text: 'web:\r\n  deploy: # todo',
    edit: add(['web'], ['deploy'], [['c', '2']]),
    expected: 'web:\r\n  deploy: # todo\r\n    c: 2\r\n',
  },
  {
    name: 'empty: a scalar on the path is no map',
    text: 'web:\n  deploy: 3\n',
    edit: add(['web'], ['deploy'], [['c', '2']]),
    expected: null,
  },
  // addEntriesEdit: flow maps
  {
    name: 'flow: one more entry',
    text: 'a: {b: 1}\n',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a: {b: 1, c: 2}\n',
  },
  {
    name: 'flow: nested maps of the path',
    text: 'a: {b: 1}\n',
    edit: add(['a'], ['x', 'y'], [['c', '2']]),
    expected: 'a: {b: 1, x: {y: {c: 2}}}\n',
  },
  {
    name: 'flow: the first entry of `{}`',
    text: 'a: {}\n',
    edit: add(['a'], ['x'], [['c', '2']]),
    expected: 'a: {x: {c: 2}}\n',
  },
  {
    name: 'flow: `{ }` with spaces, last line without a line break',
    text: 'a: { }',
    edit: add(['a'], [], [['c', '2']]),
    expected: 'a: { c: 2}',
  },
  {
    name: 'flow: a map inside a block map',
    text: 'web:\n  deploy: {replicas: 2}\n',
    edit: add(['web'], ['deploy', 'limits'], [['cpus', '"1"']]),
    expected: 'web:\n  deploy: {replicas: 2, limits: {cpus: "1"}}\n',
  },
  // addEntriesEdit with `first`: the entries go before the first key (block or flow)
  {
    name: 'first: block, before the first key',
    text: 'a:\n  b: 1\n',
    edit: first(['a'], [], [['c', '2']]),
    expected: 'a:\n  c: 2\n  b: 1\n',
  },
  {
    name: 'first: block, the missing maps of the path too',
    text: 'a:\n  b: 1\n',
    edit: first(['a'], ['x'], [['c', '2']]),
    expected: 'a:\n  x:\n    c: 2\n  b: 1\n',
  },
  {
    name: 'first: block, CRLF',
    text: 'a:\r\n  b: 1\r\n',
    edit: first(['a'], [], [['c', '2']]),
    expected: 'a:\r\n  c: 2\r\n  b: 1\r\n',
  },
  {
    name: 'first: block, comment lines above the first key stay above, a trailing one on its line',
    text: 'a:\n  # head\n  b: 1 # one\n',
    edit: first(['a'], [], [['c', '2']]),
    expected: 'a:\n  # head\n  c: 2\n  b: 1 # one\n',
  },
  {
    name: 'first: block, the first key of a list item keeps the dash',
    text: 'l:\n  - u: x\n    v: y\n',
    edit: (f, t) => addEntriesEdit(t, seqAt(f, ['l']).items[0] as YAMLMap, [], [['c', '2']], { first: true }),
    expected: 'l:\n  - c: 2\n    u: x\n    v: y\n',
  },
  {
    name: 'first: block, a byte-order mark and no line break at the end',
    text: '\uFEFFa: 1',
    edit: first([], [], [['c', '2']]),
    expected: '\uFEFFc: 2\na: 1',
  },
  {
    name: 'first: flow, before the first entry',
    text: 'a: {b: 1}\n',
    edit: first(['a'], [], [['c', '2']]),
    expected: 'a: {c: 2, b: 1}\n',
  },
  {
    name: 'first: flow, nested maps of the path',
    text: 'a: {b: 1}',
    edit: first(['a'], ['x'], [['c', '2']]),
    expected: 'a: {x: {c: 2}, b: 1}',
  },
  {
    name: 'first: flow, the first entry of `{}`',
    text: 'a: {}\n',
    edit: first(['a'], [], [['c', '2']]),
    expected: 'a: {c: 2}\n',
  },
  // addEntriesEdit: aliases and merge keys
  {
    name: 'alias: editing through an alias is refused',
    text: 'x: &x {b: 1}\na: *x\n',
    edit: add([], ['a'], [['c', '2']]),
    expected: null,
  },
  {
    name: 'merge: a merged key is followed where it is written',
    text: 'x: &x\n  d:\n    r: 1\ny:\n  <<: *x\n',
    edit: add(['y'], ['d'], [['s', '2']]),
    expected: 'x: &x\n  d:\n    r: 1\n    s: 2\ny:\n  <<: *x\n',
  },
  {
    name: 'merge: a key the merge brings counts as set',
    text: 'x: &x {r: 1}\ny:\n  <<: *x\n  k: v\n',
    edit: add(['y'], [], [['r', '2']]),
    expected: null,
  },
  {
    name: 'merge: a new key goes into the merging map',
    text: 'x: &x {r: 1}\ny:\n  <<: *x\n  k: v\n',
    edit: add(['y'], [], [['s', '2']]),
    expected: 'x: &x {r: 1}\ny:\n  <<: *x\n  k: v\n  s: 2\n',
  },
  // setValueEdit and replaceScalarEdit
  {
    name: 'set: replaces a scalar, keeping its comment',
    text: 'a:\n  b: 1 # c\n',
    edit: (f, t) => setValueEdit(t, mapAt(f, []), ['a'], 'b', '2', 2),
    expected: 'a:\n  b: 2 # c\n',
  },
  {
    name: 'set: fills an empty `{}` on the path',
    text: 'a:\n  r: {}\n',
    edit: (f, t) => setValueEdit(t, mapAt(f, ['a']), ['r', 'q'], 'cpu', '1', 2),
    expected: 'a:\n  r: {q: {cpu: 1}}\n',
  },
  {
    name: 'set: inserts the missing keys',
    text: 'a:\n    b: 1\n',
    edit: (f, t) => setValueEdit(t, mapAt(f, ['a']), ['r'], 'cpu', '1', 4),
    expected: 'a:\n    b: 1\n    r:\n        cpu: 1\n',
  },
  {
    name: 'replace: an anchored scalar keeps its anchor',
    text: 'a: &x 1\nb: *x\n',
    edit: (f) => replaceScalarEdit(pairAt(f, [], 'a').value, '2'),
    expected: 'a: &x 2\nb: *x\n',
  },
  {
    name: 'replace: not a scalar',
    text: 'a: {b: 1}\n',
    edit: (f) => replaceScalarEdit(pairAt(f, [], 'a').value, '2'),
    expected: null,
  },
  // appendToSeqEdit
  {
    name: 'list: a block item at the dash column',
    text: 'l:\n  - a\n  - b\nz: 1\n',
    edit: (f, t) => appendToSeqEdit(t, seqAt(f, ['l']), 'c'),
    expected: 'l:\n  - a\n  - b\n  - c\nz: 1\n',
  },
  {
    name: 'list: a comment line above the new item, CRLF',
    text: 'l:\r\n- a # one\r\n',
    edit: (f, t) => appendToSeqEdit(t, seqAt(f, ['l']), '"c"', 'why'),
    expected: 'l:\r\n- a # one\r\n# why\r\n- "c"\r\n',
  },
  {
    name: 'list: last line without a line break',
    text: 'l:\n  - a',
    edit: (f, t) => appendToSeqEdit(t, seqAt(f, ['l']), 'b'),
    expected: 'l:\n  - a\n  - b\n',
  },
  {
    name: 'list: after an item that is a map',
    text: 'l:\n  - name: a\n    image: x\n',
    edit: (f, t) => appendToSeqEdit(t, seqAt(f, ['l']), 'name: b'),
    expected: 'l:\n  - name: a\n    image: x\n  - name: b\n',
  },
  {
    name: 'list: one more element of a flow list',
    text: 'l: [a, b]\n',
    edit: (f, t) => appendToSeqEdit(t, seqAt(f, ['l']), 'c'),
    expected: 'l: [a, b, c]\n',
  },
  {
    name: 'list: the first element of `[]`',
    text: 'l: []\n',
    edit: (f, t) => appendToSeqEdit(t, seqAt(f, ['l']), 'c'),
    expected: 'l: [c]\n',
  },
  // appendBlockKeyEdit
  {
    name: 'block key: a key with lines below it',
    text: 'web:\n  image: x # i\n',
    edit: (f, t) => appendBlockKeyEdit(t, mapAt(f, ['web']), 'volumes', ['- v:/s']),
    expected: 'web:\n  image: x # i\n  volumes:\n    - v:/s\n',
  },
  {
    name: 'block key: not into a flow map',
    text: 'web: {image: x}\n',
    edit: (f, t) => appendBlockKeyEdit(t, mapAt(f, ['web']), 'volumes', ['- v:/s']),
    expected: null,
  },
  // movePairEdit: a pair leaves its map for `path` (its comments travel in block style)
  {
    name: 'move: into a block map, the comments above and after travel',
    text: 'web:\n  image: x\n  # half a core\n  cpus: 0.5 # soft\n  deploy:\n    replicas: 1\n',
    edit: move(['web'], 'cpus', ['deploy', 'resources', 'limits']),
    expected:
      'web:\n  image: x\n  deploy:\n    replicas: 1\n    resources:\n      limits:\n        # half a core\n        cpus: 0.5 # soft\n',
  },
  {
    name: 'move: into a flow map the comments stay as lines where the pair was',
    text: 'web:\n  # c\n  cpus: 0.5 # soft\n  deploy: {replicas: 1}\n',
    edit: move(['web'], 'cpus', ['deploy', 'limits']),
    expected: 'web:\n  # c\n  # soft\n  deploy: {replicas: 1, limits: {cpus: 0.5}}\n',
  },
  {
    name: 'move: CRLF',
    text: 'web:\r\n  # c\r\n  cpus: 1\r\n  image: x\r\n',
    edit: move(['web'], 'cpus', ['deploy']),
    expected: 'web:\r\n  image: x\r\n  deploy:\r\n    # c\r\n    cpus: 1\r\n',
  },
  {
    name: 'move: the last line without a line break',
    text: 'web:\n  image: x\n  cpus: 1',
    edit: move(['web'], 'cpus', ['deploy']),
    expected: 'web:\n  image: x\n  deploy:\n    cpus: 1\n',
  },
  {
    name: 'move: a blank line after the pair stays before the new lines',
    text: 'web:\n  image: x\n\n  cpus: 1\n\n',
    edit: move(['web'], 'cpus', ['deploy']),
    expected: 'web:\n  image: x\n\n  deploy:\n    cpus: 1\n\n',
  },
  {
    name: 'move: under another key and name, the value given',
    text: 'a:\n  mem_limit: 1g\nb:\n  k: v\n',
    edit: (f, t) =>
      movePairEdit(t, mapAt(f, ['a']), pairAt(f, ['a'], 'mem_limit'), mapAt(f, ['b']), ['limits'], {
        key: 'memory',
        value: '"1g"',
      }),
    expected: 'a:\nb:\n  k: v\n  limits:\n    memory: "1g"\n',
  },
  {
    name: 'move: nowhere to put it (a scalar on the path)',
    text: 'web:\n  cpus: 1\n  deploy: 3\n',
    edit: move(['web'], 'cpus', ['deploy']),
    expected: null,
  },
  // removePairEdit
  {
    name: 'remove: the whole line with its trailing comment',
    text: 'a: 1\nb: 2 # gone\nc: 3\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, []), pairAt(f, [], 'b')),
    expected: 'a: 1\nc: 3\n',
  },
  {
    name: 'remove: comments above and below stay',
    text: 'a: 1\n# above\nb: 2\n# below\nc: 3\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, []), pairAt(f, [], 'b')),
    expected: 'a: 1\n# above\n# below\nc: 3\n',
  },
  {
    name: 'remove: a moved pair takes its comments above',
    text: 'a: 1\n# above\n\t# tabbed\nb: 2\nc: 3\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, []), pairAt(f, [], 'b'), { takeComments: true }),
    expected: 'a: 1\nc: 3\n',
  },
  {
    name: 'remove: a moved pair leaves its trailing comment',
    text: 'a: 1\n  # x\nb: 2 # unit\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, []), pairAt(f, [], 'b'), { keepTrailingComment: true }),
    expected: 'a: 1\n  # x\n# unit\n',
  },
  {
    name: 'remove: CRLF',
    text: 'a: 1\r\nb: 2\r\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, []), pairAt(f, [], 'a')),
    expected: 'b: 2\r\n',
  },
  {
    name: 'remove: the byte-order mark stays',
    text: '\uFEFFa: 1\nb: 2\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, []), pairAt(f, [], 'a')),
    expected: '\uFEFFb: 2\n',
  },
  {
    name: 'remove: the last line without a line break',
    text: 'a: 1\nb: 2',
    edit: (f, t) => removePairEdit(t, mapAt(f, []), pairAt(f, [], 'b')),
    expected: 'a: 1\n',
  },
  {
    name: 'remove: flow, the pair and one comma',
    text: 'a: {b: 1, c: 2}\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, ['a']), pairAt(f, ['a'], 'b')),
    expected: 'a: {c: 2}\n',
  },
  {
    name: 'remove: flow, the last pair and the comma before it',
    text: 'a: {b: 1, c: 2}\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, ['a']), pairAt(f, ['a'], 'c')),
    expected: 'a: {b: 1}\n',
  },
  {
    name: 'remove: a merged pair where it is written',
    text: 'x: &x\n  r: 1\n  s: 2\ny:\n  <<: *x\n',
    edit: (f, t) => removePairEdit(t, mapAt(f, ['y']), pairAt(f, ['y'], 'r')),
    expected: 'x: &x\n  s: 2\ny:\n  <<: *x\n',
  },
  {
    name: 'remove: the first pair of a list item keeps the dash',
    text: 'l:\n  - a: 1\n    b: 2\n',
    edit: (f, t) => {
      const m = seqAt(f, ['l']).items[0] as YAMLMap;
      return removePairEdit(t, m, getPair(m, 'a')!);
    },
    expected: 'l:\n  - \n    b: 2\n',
  },
];

describe('yaml-edit: one edit per row', () => {
  for (const row of ROWS) {
    test(row.name, () => {
      const file = parse(row.text);
      const edit = row.edit(file, file.text);
      if (row.expected === null) {
        assert.equal(edit, null);
        return;
      }
      assert.ok(edit, 'expected an edit');
      assert.equal(applyEdits(row.text, Array.isArray(edit) ? [...edit] : [edit as Edit]), row.expected);
      // Every result is YAML that parses as cleanly as the text before it.
      const after = parse(row.expected);
      assert.deepEqual(
        after.documents.map((d) => d.doc.errors.length),
        file.documents.map((d) => d.doc.errors.length),
      );
    });
  }
});

describe('yaml-edit: reading the layout', () => {
  test('indentStep: below the owner key, else below the first nested block map, else 2', () => {
    const f = parse('web:\n    image: x\n    deploy:\n        replicas: 2\n');
    assert.equal(indentStep(f.text, mapAt(f, ['web']), pairAt(f, [], 'web')), 4);
    assert.equal(indentStep(f.text, mapAt(f, ['web'])), 4);
    const flat = parse('web:\n   image: x\n');
    assert.equal(indentStep(flat.text, mapAt(flat, ['web'])), 2);
    assert.equal(indentStep(flat.text, mapAt(flat, []), null), 3);
    const flow = parse('web: {deploy: {replicas: 2}}\n');
    assert.equal(indentStep(flow.text, mapAt(flow, ['web']), pairAt(flow, [], 'web')), 2);
  });

  test('indentStep: an alias value is not a nested map of this place (its anchor is indented elsewhere)', () => {
    const f = parse('x: &x\n        deep: 1\nweb:\n  a: *x\n  image: y\n');
    assert.equal(indentStep(f.text, mapAt(f, ['web'])), 2);
  });

  test('columnOf and indentAt: a byte-order mark is not a column', () => {
    const text = '\uFEFF  a: 1\n';
    assert.equal(columnOf(text, 3), 2);
    assert.equal(indentAt(text, 3), '  ');
    assert.equal(columnOf('x\n  y', 4), 2);
  });

  test('pairComments: own-line comments right above (tabs too) and the trailing one', () => {
    const f = parse('a: 1\n\n# far\n\n# near\n\t# tabbed\nb: 2\t# unit\n');
    const c = pairComments(f.text, mapAt(f, []), pairAt(f, [], 'b'));
    assert.deepEqual(c.above, ['# near', '# tabbed']);
    assert.equal(c.trailing, '# unit');
    assert.equal(f.text.slice(c.aboveStart, c.aboveStart + 6), '# near');
  });

  test('pairComments: a comment at the start of a file with a byte-order mark belongs to the first key', () => {
    const f = parse('\uFEFF# about a\na: 1\n');
    const c = pairComments(f.text, mapAt(f, []), pairAt(f, [], 'a'));
    assert.deepEqual(c.above, ['# about a']);
    assert.equal(c.aboveStart, 1);
  });

  test('propsStart: a tag and an anchor before a value are part of it', () => {
    const text = 'a: &x !!int 2\n';
    const f = parse(text);
    const v = pairAt(f, [], 'a').value as Parameters<typeof propsStart>[1];
    assert.equal(text.slice(propsStart(text, v)), '&x !!int 2\n');
  });
});
