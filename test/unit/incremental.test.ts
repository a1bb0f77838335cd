/**
 * Incremental re-analysis (engine/incremental.ts, `lint(text, options, previous)`): an edit
 * re-parses only what it touched, and the result is always what a full lint of the same text
 * gives. The property: random edit sequences (characters and lines inserted, deleted, replaced,
 * indentation changed, `---`, anchors, aliases, merge keys, comments, quotes, block scalars, new
 * and deleted services) over the examples and generated Compose files, Helm values and manifest
 * streams; after every edit the chained incremental result equals a fresh `lint(text)` (kind,
 * findings with ranges, messages, severities, fixes, related, hints) and the AST equals a fresh
 * parse in everything the engine reads.
 *
 * SCALEWISE_INCREMENTAL_CASES sets the number of edit sequences (a fast slice in npm test),
 * SCALEWISE_INCREMENTAL_SEED the seed (printed on failure with the shrunk sequence).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { lint } from '../../server/src/engine';
import { changedRegion, reparseFile, type ReparseHow } from '../../server/src/engine/incremental';
import { parseFile } from '../../server/src/engine/parse';
import type { LintResult, ParsedFile } from '../../server/src/engine/types';
import { repoRoot } from '../helpers/lsp-client';

const CASES = Number(process.env.SCALEWISE_INCREMENTAL_CASES ?? 20);
const SEED = Number(process.env.SCALEWISE_INCREMENTAL_SEED ?? 20261202);

/** What the engine reads of an AST, as plain data: node types, ranges, values, tags, anchors, errors. */
function astOf(file: ParsedFile): unknown {
  const node = (n: unknown): unknown => {
    if (!n || typeof n !== 'object') return n;
    const o = n as Record<string | symbol, unknown>;
    const type = o[Symbol.for('yaml.node.type')];
    const out: Record<string, unknown> = { type, range: o.range };
    for (const k of ['value', 'source', 'type', 'tag', 'anchor', 'flow'] as const)
      if (k !== 'value' || typeof o.value !== 'object') if (o[k] !== undefined) out[`_${k}`] = o[k];
    if ('key' in o) return { type, key: node(o.key), value: node(o.value) };
    if (Array.isArray(o.items)) out.items = o.items.map(node);
    return out;
  };
  return {
    text: file.text,
    eol: file.eol,
    isYaml: file.isYaml,
    tooDeep: file.tooDeep,
    documents: file.documents.map((d) => ({
      range: d.range,
      docRange: d.doc.range,
      errors: d.doc.errors.map((e) => [e.code, e.message, e.pos]),
      warnings: d.doc.warnings.map((e) => [e.code, e.message, e.pos]),
      root: node(d.root),
    })),
  };
}

function outcome(r: LintResult): unknown {
  return { kind: r.kind, kindReason: r.kindReason, findings: r.findings, hints: r.hints };
}

function compose(services: number, opts: { comments?: boolean; anchors?: boolean } = {}): string {
  const lines = ['services:'];
  if (opts.anchors) lines.unshift('x-base: &base', '  restart: always', '  deploy:', '    replicas: 2');
  for (let i = 0; i < services; i++) {
    const name = `svc${i}`;
    if (opts.comments && i % 3 === 0) lines.push(`  # ${name} serves`);
    lines.push(`  ${name}:`, `    image: example/${name}:1.${i}`);
    if (opts.anchors && i % 2 === 0) lines.push('    <<: *base');
    if (i % 4 === 0) lines.push(`    container_name: ${name}`);
    lines.push('    ports:', `      - "${8000 + i}:80"`);
    lines.push('    deploy:', `      replicas: ${1 + (i % 3)}`, '      resources:', '        limits:');
    lines.push(`          memory: ${i % 5 === 0 ? '512Mi' : '256M'}`, '          cpus: "0.5"');
    if (i % 3 === 1) lines.push('    command: |', '      run --fast', '', '      --port 80');
  }
  lines.push('volumes:', '  data: {}');
  return lines.join('\n') + '\n';
}

function manifests(deployments: number): string {
  const docs: string[] = [];
  for (let i = 0; i < deployments; i++) {
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: app${i}`,
        'spec:',
        `  replicas: ${i % 2 === 0 ? 1 : 3}`,
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: app${i}`,
        '          image: example/app:1',
        '          resources:',
        '            requests:',
        `              memory: ${i % 3 === 0 ? '100m' : '128Mi'}`,
        '            limits:',
        '              cpu: 500m',
      ].join('\n'),
    );
    if (i % 2 === 1)
      docs.push(
        [
          'apiVersion: autoscaling/v2',
          'kind: HorizontalPodAutoscaler',
          'metadata:',
          `  name: app${i}`,
          'spec:',
          `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app${i}}`,
          '  minReplicas: 5',
          '  maxReplicas: 2',
        ].join('\n'),
      );
  }
  return '---\n' + docs.join('\n---\n') + '\n';
}

function helmValues(workloads: number): string {
  const lines = ['global:', '  imageTag: "1.0"'];
  for (let i = 0; i < workloads; i++) {
    lines.push(`worker${i}:`, `  replicaCount: ${i % 3}`, '  autoscaling:', `    enabled: ${i % 2 === 0}`);
    lines.push('    minReplicas: 4', '    maxReplicas: 2', '  resources:', '    requests:');
    lines.push(`      memory: ${i % 2 === 0 ? '100m' : '1Gi'}`, '      cpu: 100m');
  }
  return lines.join('\n') + '\n';
}

interface Seed {
  uri: string;
  text: string;
}

function seedTexts(): Seed[] {
  const root = repoRoot();
  const out: Seed[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push({ uri: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(root, 'examples'));
  out.push({ uri: '/gen/compose.yaml', text: compose(12, { comments: true }) });
  out.push({ uri: '/gen/plain/compose.yaml', text: compose(8) });
  out.push({ uri: '/gen/anchors/compose.yaml', text: compose(6, { anchors: true }) });
  out.push({ uri: '/gen/k8s/all.yaml', text: manifests(8) });
  out.push({ uri: '/gen/chart/values.yaml', text: helmValues(6) });
  return out;
}

const SNIPPETS = [
  '\n',
  ' ',
  '  ',
  'x',
  '1',
  ':',
  ': ',
  '- ',
  '#',
  '# note\n',
  '"',
  "'",
  '&a ',
  '*a',
  '<<: *a\n',
  '|\n',
  '>-\n',
  '{',
  '}',
  '[',
  ']',
  ',',
  '---\n',
  '\n---\n',
  '...\n',
  '%YAML 1.2\n',
  '\t',
  '\r\n',
  '\r',
  '  new: 1\n',
  'top: 2\n',
  '    replicas: 7\n',
  '  svcN:\n    image: nginx\n    deploy:\n      replicas: 2\n',
  '  svcM:\n    container_name: m\n    deploy: {replicas: 4}\n',
  '      memory: 100m\n',
  '    command: |\n      a\n\n      b\n',
  'kind: Deployment\n',
  '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: z}\nspec: {replicas: 1}\n',
];

type Op =
  | { op: 'insert'; at: number; what: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; length: number; what: number }
  | { op: 'line'; at: number; how: 'delete' | 'indent' | 'dedent' | 'duplicate' | 'blank' }
  | { op: 'type'; at: number; what: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Typing: a character next to a word or number, which is what most keystrokes are.
  fc.record({
    op: fc.constant('type' as const),
    at: fc.nat(),
    what: fc.constantFrom('a', 'Z', '0', '7', '_', '.', '-'),
  }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), what: fc.nat(SNIPPETS.length - 1) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('replace' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 6 }),
    what: fc.nat(SNIPPETS.length - 1),
  }),
  fc.record({
    op: fc.constant('line' as const),
    at: fc.nat(),
    how: fc.constantFrom(
      'delete' as const,
      'indent' as const,
      'dedent' as const,
      'duplicate' as const,
      'blank' as const,
    ),
  }),
);

function apply(text: string, o: Op): string {
  const at = text.length === 0 ? 0 : o.at % (text.length + 1);
  switch (o.op) {
    case 'type': {
      const word = /[\w]/g;
      word.lastIndex = at;
      const found = word.exec(text) ?? { index: at };
      return text.slice(0, found.index) + o.what + text.slice(found.index);
    }
    case 'insert':
      return text.slice(0, at) + SNIPPETS[o.what]! + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + o.length);
    case 'replace':
      return text.slice(0, at) + SNIPPETS[o.what]! + text.slice(at + o.length);
    case 'line': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl + 1;
      const line = text.slice(start, end);
      const edited =
        o.how === 'delete'
          ? ''
          : o.how === 'indent'
            ? `  ${line}`
            : o.how === 'dedent'
              ? line.replace(/^ {1,2}/, '')
              : o.how === 'duplicate'
                ? line + (line.endsWith('\n') ? line : `\n${line}`)
                : `\n${line}`;
      return text.slice(0, start) + edited + text.slice(end);
    }
  }
}

/** How each edit was re-parsed, over the whole run: the statistics the report gives. */
const taken: Record<ReparseHow, number> = { same: 0, entry: 0, documents: 0, full: 0 };
const reasons = new Map<string, number>();

function checkSequence(seed: Seed, ops: Op[]): void {
  const options = { uri: seed.uri };
  let text = seed.text;
  let previous = lint(text, options);
  for (const o of ops) {
    text = apply(text, o);
    const how = reparseFile(previous.file, text);
    taken[how.how]++;
    if (how.why) reasons.set(how.why, (reasons.get(how.why) ?? 0) + 1);
    const incremental = lint(text, options, previous);
    const full = lint(text, options);
    const what = `after ${JSON.stringify(o)} (${how.how})`;
    assert.deepEqual(astOf(incremental.file), astOf(full.file), `AST ${what}`);
    assert.deepEqual(outcome(incremental), outcome(full), `lint ${what}`);
    previous = incremental;
  }
}

test('the common prefix and suffix of two texts give the changed region', () => {
  assert.deepEqual(changedRegion('abcdef', 'abXdef'), { start: 2, oldEnd: 3, newEnd: 3 });
  assert.deepEqual(changedRegion('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
  // An insertion into a run of the same character: the region never overlaps itself.
  assert.deepEqual(changedRegion('aa', 'aaa'), { start: 2, oldEnd: 2, newEnd: 3 });
  assert.deepEqual(changedRegion('abc', ''), { start: 0, oldEnd: 3, newEnd: 0 });
});

test('an edit inside one service re-parses that service only, and gives what a full lint gives', () => {
  const uri = '/w/compose.yaml';
  const before = compose(40);
  const at = before.indexOf('replicas: 2', before.indexOf('svc20:'));
  const after = before.slice(0, at) + 'replicas: 12' + before.slice(at + 'replicas: 2'.length);
  const previous = lint(before, { uri });
  const oldAst = astOf(previous.file);
  const re = reparseFile(previous.file, after);
  assert.equal(re.how, 'entry');
  assert.deepEqual(astOf(re.file), astOf(parseFile(uri, after)));
  // The services before the edit are shared, the ones after are copies: the previous AST is untouched.
  const services = (f: ParsedFile) =>
    (f.documents[0]!.root as unknown as { items: { value: { items: unknown[] } }[] }).items[0]!.value.items;
  assert.equal(services(re.file)[3], services(previous.file)[3]);
  assert.notEqual(services(re.file)[30], services(previous.file)[30]);
  assert.deepEqual(astOf(previous.file), oldAst);
  assert.deepEqual(outcome(lint(after, { uri }, previous)), outcome(lint(after, { uri })));
});

test('an edit in one manifest of a stream re-parses that document only', () => {
  const uri = '/w/k8s/all.yaml';
  const before = manifests(20);
  const at = before.indexOf('replicas: 1', before.indexOf('name: app10'));
  const after = before.slice(0, at) + 'replicas: 1\n  minReadySeconds: 5' + before.slice(at + 'replicas: 1'.length);
  const previous = lint(before, { uri });
  const re = reparseFile(previous.file, after);
  // A block map entry of a manifest: the entry inside its document.
  assert.equal(re.how, 'entry');
  assert.deepEqual(astOf(re.file), astOf(parseFile(uri, after)));
  // A new document: the touched documents are parsed again.
  const split = before.replace('  name: app4\n', '  name: app4\n---\n');
  const re2 = reparseFile(previous.file, split);
  assert.equal(re2.how, 'documents');
  assert.deepEqual(astOf(re2.file), astOf(parseFile(uri, split)));
  assert.deepEqual(outcome(lint(split, { uri }, previous)), outcome(lint(split, { uri })));
});

test('an anchor in the edited entry, a directive or the same text take the safe way', () => {
  const uri = '/w/anchors/compose.yaml';
  const before = compose(6, { anchors: true });
  const previous = lint(before, { uri });
  const anchored = before.replace('    <<: *base\n', '    <<: *base\n    stop_grace_period: 5s\n');
  assert.equal(reparseFile(previous.file, anchored).how, 'full');
  assert.equal(reparseFile(previous.file, `%YAML 1.2\n---\n${before}`).how, 'full');
  assert.equal(reparseFile(previous.file, before).how, 'same');
  assert.equal(lint(before, { uri }, previous), previous);
});

test('incremental results equal a full lint after every edit of random edit sequences', () => {
  const seeds = seedTexts();
  const generated = seeds.findIndex((s) => s.uri.startsWith('/gen/'));
  const seedArb = fc.oneof(
    fc.integer({ min: 0, max: generated - 1 }),
    fc.integer({ min: generated, max: seeds.length - 1 }),
  );
  try {
    fc.assert(
      // Half the sequences edit a generated file (Compose, Helm values, a manifest stream), half an example.
      fc.property(seedArb, fc.array(opArb, { minLength: 1, maxLength: 8 }), (s, ops) => {
        checkSequence(seeds[s]!, ops);
      }),
      { numRuns: CASES, seed: SEED },
    );
  } catch (err) {
    // The shrunk case's own assertion (which edit, which way, the diff) is the part worth reading.
    const cause = (err as { cause?: unknown }).cause;
    if (err instanceof Error && cause instanceof Error)
      err.message += `\n${seeds.map((s) => s.uri).join(' ')}\n${cause.message}`;
    throw err;
  }
  const total = Object.values(taken).reduce((a, b) => a + b, 0);
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`incremental: ${total} edits: ${JSON.stringify(taken)}; fallback reasons: ${JSON.stringify(top)}`);
  // Not only fallbacks: the precise ways were exercised (and so checked) too.
  assert.ok(taken.entry > 0 && taken.documents > 0, JSON.stringify(taken));
});
