/**
 * The fix guarantee as a property (fast-check, with shrinking), over generated Compose and stack
 * files in every line-ending style and encoding, with anchors and aliases, tags, explicit keys,
 * comments everywhere, BOMs, invalid UTF-8 bytes and random mutations. For each, what
 * `scalewise lint --fix` writes (fixBytes, the same function the CLI calls):
 *   - parses at least as well as the input (syntax errors, aliases without anchor, repeated keys);
 *   - keeps every byte outside the edited ranges, pass by pass, in the file's own encoding;
 *   - keeps every comment that sits on a line of its own inside an edited range;
 *   - leaves no safe-fixable finding behind that was not refused with a reason;
 *   - is what a fresh lint of the written text reports;
 *   - is a fixed point: fixing it again changes nothing.
 *
 * SCALEWISE_FIX_CASES sets the number of cases (a fast slice in npm test; `npm run fuzz` runs
 * 100,000), SCALEWISE_FIX_SEED the seed (printed on failure with the shrunk input).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Parser } from 'yaml';
import { applyEdits, lint } from '../../server/src/engine';
import { decodeBytes, encodeText, type TextEncodingName } from '../../server/src/engine/encoding';
import { fixBytes } from '../../server/src/engine/fix-file';
import { shapeOf } from '../../server/src/engine/fix-guard';
import { parseFile } from '../../server/src/engine/parse';
import type { Edit, LintResult } from '../../server/src/engine/types';
import { mutate, prng } from '../helpers/fuzz';

const CASES = Number(process.env.SCALEWISE_FIX_CASES ?? 400);
const SEED = Number(process.env.SCALEWISE_FIX_SEED ?? 20261201);

interface Service {
  name: string;
  containerName: null | { anchored: boolean; explicitKey: boolean; ownLineComment: boolean; hostnameAlias: boolean };
  scale: null | { n: number; anchored: boolean };
  replicas: null | { n: number; aliasScale: boolean };
  cpus: null | { style: 'number' | 'tagged' | 'string'; value: string };
  memLimit: null | { value: string; anchored: boolean; aliasedBefore: boolean };
  restart: null | string;
  flowDeploy: boolean;
  order: number[];
}

interface Case {
  swarm: boolean;
  eol: '\n' | '\r\n' | '\r';
  indent: number;
  version: null | { anchored: boolean; aliased: boolean; quoted: boolean };
  services: Service[];
  ownLineComments: boolean[];
  trailingComments: boolean[];
  finalNewline: boolean;
  bom: boolean;
  encoding: TextEncodingName;
  latin1: boolean;
  mutation: number | null;
}

const serviceArb: fc.Arbitrary<Service> = fc.record({
  name: fc.constantFrom('web', 'worker', 'api', '"edge proxy"', 'db_1'),
  containerName: fc.option(
    fc.record({
      anchored: fc.boolean(),
      explicitKey: fc.boolean(),
      ownLineComment: fc.boolean(),
      hostnameAlias: fc.boolean(),
    }),
  ),
  scale: fc.option(fc.record({ n: fc.integer({ min: 1, max: 4 }), anchored: fc.boolean() })),
  replicas: fc.option(fc.record({ n: fc.integer({ min: 1, max: 4 }), aliasScale: fc.boolean() })),
  cpus: fc.option(
    fc.record({
      style: fc.constantFrom('number' as const, 'tagged' as const, 'string' as const),
      value: fc.constantFrom('0.5', '2', '1.50'),
    }),
  ),
  memLimit: fc.option(
    fc.record({
      value: fc.constantFrom('512m', '536870912', '1g'),
      anchored: fc.boolean(),
      aliasedBefore: fc.boolean(),
    }),
  ),
  restart: fc.option(fc.constantFrom('always', 'on-failure', '"no"', 'unless-stopped')),
  flowDeploy: fc.boolean(),
  order: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 8, maxLength: 8 }),
});

const caseArb: fc.Arbitrary<Case> = fc.record({
  swarm: fc.boolean(),
  eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
  indent: fc.constantFrom(2, 4),
  version: fc.option(fc.record({ anchored: fc.boolean(), aliased: fc.boolean(), quoted: fc.boolean() })),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
  ownLineComments: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  trailingComments: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  finalNewline: fc.boolean(),
  bom: fc.boolean(),
  encoding: fc.constantFrom('utf-8' as const, 'utf-8' as const, 'utf-16le' as const, 'utf-16be' as const),
  latin1: fc.boolean(),
  mutation: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { freq: 4 }),
});

/** The service's entries as lines (relative indentation in units of one step). */
function serviceLines(s: Service, i: number): [number, string][][] {
  const entries: [number, string][][] = [];
  entries.push([[0, 'image: nginx']]);
  const cn = s.containerName;
  if (cn) {
    const value = `${cn.anchored ? `&cn${i} ` : ''}web${i}`;
    if (cn.explicitKey)
      entries.push([
        [0, '? container_name'],
        [0, `: ${value}`],
      ]);
    else if (cn.ownLineComment)
      entries.push([
        [0, 'container_name:'],
        [1, '# the name ops look for'],
        [1, value],
      ]);
    else entries.push([[0, `container_name: ${value}`]]);
    if (cn.hostnameAlias && cn.anchored) entries.push([[0, `hostname: *cn${i}`]]);
  }
  if (s.scale) entries.push([[0, `scale: ${s.scale.anchored ? `&sc${i} ` : ''}${s.scale.n}`]]);
  const m = s.memLimit;
  if (m) {
    if (m.aliasedBefore && m.anchored)
      entries.push([
        [0, `mem_limit: &m${i} ${m.value}`],
        [0, 'labels:'],
        [1, `mem: *m${i}`],
      ]);
    else entries.push([[0, `mem_limit: ${m.anchored ? `&m${i} ` : ''}${m.value}`]]);
  }
  if (s.restart) entries.push([[0, `restart: ${s.restart}`]]);
  const deploy: string[] = [];
  if (s.replicas) deploy.push(`replicas: ${s.replicas.aliasScale && s.scale?.anchored ? `*sc${i}` : s.replicas.n}`);
  const cpus = s.cpus
    ? s.cpus.style === 'number'
      ? s.cpus.value
      : s.cpus.style === 'tagged'
        ? `!!float ${s.cpus.value}`
        : `"${s.cpus.value}"`
    : null;
  if (deploy.length > 0 || cpus) {
    if (s.flowDeploy)
      entries.push([
        [0, `deploy: {${[...deploy, ...(cpus ? [`resources: {limits: {cpus: ${cpus}}}`] : [])].join(', ')}}`],
      ]);
    else {
      const lines: [number, string][] = [[0, 'deploy:'], ...deploy.map((d) => [1, d] as [number, string])];
      if (cpus) lines.push([1, 'resources:'], [2, 'limits:'], [3, `cpus: ${cpus}`]);
      entries.push(lines);
    }
  }
  // A random order of the entries (the keys of a map may come in any order).
  const keyed = entries.map((e, k) => ({ e, k: s.order[k % s.order.length]! * 10 + k }));
  keyed.sort((a, b) => a.k - b.k);
  return keyed.map((x) => x.e);
}

function render(c: Case): { uri: string; text: string } {
  const lines: string[] = [];
  if (c.swarm) lines.push('# scalewise: kind=swarm');
  if (c.version) {
    const v = c.version.quoted ? '"3.8"' : '3.8';
    lines.push(`version: ${c.version.anchored ? '&v ' : ''}${v}`);
    if (c.version.anchored && c.version.aliased) lines.push('x-version: *v');
  }
  lines.push('services:');
  const pad = (depth: number) => ' '.repeat(depth * c.indent);
  c.services.forEach((s, i) => {
    lines.push(
      `${pad(1)}${s.name === 'web' ? `web${i}` : `${s.name.replace(/"$/, '')}${i}${s.name.endsWith('"') ? '"' : ''}`}:`,
    );
    for (const entry of serviceLines(s, i)) for (const [depth, l] of entry) lines.push(pad(2 + depth) + l);
  });
  // Comments everywhere: on lines of their own (at the next line's indentation) and after values.
  const out: string[] = [];
  lines.forEach((l, k) => {
    const indent = /^ */.exec(l)![0];
    if (c.ownLineComments[k % 40] && k > 0)
      out.push(`${indent}# note ${k}${c.latin1 && c.encoding === 'utf-8' ? ' caf\u00e9' : ''}`);
    out.push(
      c.trailingComments[k % 40] && !l.trimEnd().endsWith(':') && !l.trimStart().startsWith('#') && !l.includes('? ')
        ? `${l}  # why ${k}`
        : l,
    );
  });
  let text = out.join('\n') + (c.finalNewline ? '\n' : '');
  if (c.mutation !== null) text = mutate(text, prng(c.mutation));
  text = text.replace(/\n/g, c.eol);
  if (c.bom) text = `\uFEFF${text}`;
  return { uri: c.swarm ? '/prop/stack.yml' : '/prop/compose.yaml', text };
}

/** The bytes of a case: its text in its encoding, with a Latin-1 é (not valid UTF-8) where it says café. */
function bytesOf(c: Case, text: string): Uint8Array {
  if (c.encoding !== 'utf-8') return encodeText(text.startsWith('\uFEFF') ? text : `\uFEFF${text}`, c.encoding);
  const utf8 = encodeText(text, 'utf-8');
  if (!c.latin1) return utf8;
  // é is C3 A9 in UTF-8; the Latin-1 byte E9 alone is what a Windows editor may have written.
  const out: number[] = [];
  for (let i = 0; i < utf8.length; i++) {
    if (utf8[i] === 0xc3 && utf8[i + 1] === 0xa9) {
      out.push(0xe9);
      i++;
    } else out.push(utf8[i]!);
  }
  return Uint8Array.from(out);
}

function quality(uri: string, text: string) {
  return shapeOf(parseFile(uri, text)).quality;
}

/** Comments on lines of their own, with their offsets, from the CST (so `#` inside strings is not one). */
function ownLineComments(text: string): { offset: number; source: string }[] {
  const out: { offset: number; source: string }[] = [];
  const visit = (t: unknown): void => {
    if (!t || typeof t !== 'object') return;
    if (Array.isArray(t)) {
      for (const x of t) visit(x);
      return;
    }
    const tok = t as { type?: string; offset?: number; source?: string };
    if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
      const lineStart = Math.max(text.lastIndexOf('\n', tok.offset - 1), text.lastIndexOf('\r', tok.offset - 1)) + 1;
      if (/^[ \t\uFEFF]*$/.test(text.slice(lineStart, tok.offset)))
        out.push({ offset: tok.offset, source: tok.source });
    }
    for (const v of Object.values(t)) if (v && typeof v === 'object') visit(v);
  };
  for (const token of new Parser().parse(text.replace(/\r(?!\n)/g, '\n'))) visit(token);
  return out;
}

function spliceBytes(before: Uint8Array, text: string, edits: readonly Edit[], encoding: TextEncodingName): Uint8Array {
  // Byte offsets of the text offsets: the encoded length of the text before them.
  const at = (offset: number) => encodeText(text.slice(0, offset), encoding).length;
  // In the order applyEdits gives them: an insertion before a removal that starts where it is.
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const e of sorted) {
    parts.push(before.subarray(from, at(e.start)), encodeText(e.text, encoding));
    from = at(e.end);
  }
  parts.push(before.subarray(from));
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

const stats = {
  cases: 0,
  fixed: 0,
  refused: 0,
  notWritten: 0,
  eol: new Map<string, number>(),
  encodings: new Map<string, number>(),
};

function check(c: Case): void {
  const { uri, text } = render(c);
  const bytes = bytesOf(c, text);
  const relint = (t: string): LintResult => lint(t, { uri });
  stats.cases++;
  stats.eol.set(JSON.stringify(c.eol), (stats.eol.get(JSON.stringify(c.eol)) ?? 0) + 1);
  stats.encodings.set(c.encoding, (stats.encodings.get(c.encoding) ?? 0) + 1);
  const r = fixBytes(bytes, relint);
  if (!r.ok) {
    stats.notWritten++;
    assert.match(r.reason, /written back exactly|UTF-32/, 'a refusal to write says why');
    return;
  }
  const { outcome, decoded } = r;
  if (outcome.refused.length > 0) stats.refused++;
  for (const x of outcome.refused) assert.ok(x.reason.length > 10, `a refused fix says why: ${JSON.stringify(x)}`);
  if (!r.bytes) {
    assert.equal(outcome.applied.length, 0, 'nothing written, nothing applied');
    return;
  }
  stats.fixed++;
  const after = decodeBytes(r.bytes);
  assert.ok(!('unsupported' in after));
  assert.equal(after.text, outcome.text, 'the bytes written decode to the fixed text');
  assert.equal(after.encoding, decoded.encoding, 'the file keeps its encoding');

  // Parses at least as well.
  const q0 = quality(uri, decoded.text);
  const q1 = quality(uri, outcome.text);
  assert.ok(
    q1.syntaxErrors <= q0.syntaxErrors,
    `syntax errors ${q0.syntaxErrors} -> ${q1.syntaxErrors}: ${q1.firstError}`,
  );
  assert.ok(
    q1.danglingAliases.length <= q0.danglingAliases.length,
    `aliases without anchor: ${q0.danglingAliases} -> ${q1.danglingAliases}`,
  );
  assert.ok(q1.duplicateKeys <= q0.duplicateKeys, 'repeated keys');

  // Pass by pass: bytes outside the edits are unchanged, own-line comments inside them kept.
  let passText = decoded.text;
  let passBytes: Uint8Array = bytes;
  for (const edits of outcome.passes) {
    const next = applyEdits(passText, edits);
    const nextBytes = encodeText(next, decoded.encoding);
    assert.deepEqual(
      Buffer.from(spliceBytes(passBytes, passText, edits, decoded.encoding)),
      Buffer.from(nextBytes),
      'only the edited bytes change',
    );
    for (const comment of ownLineComments(passText)) {
      const inside = edits.find((e) => e.start <= comment.offset && comment.offset < e.end);
      // Kept by that edit, or moved with its line by another edit of the same fix pass (a moved key takes its comments).
      if (inside)
        assert.ok(
          edits.some((e) => e.text.includes(comment.source)),
          `the comment "${comment.source}" inside an edit is kept`,
        );
    }
    passText = next;
    passBytes = nextBytes;
  }
  assert.equal(passText, outcome.text, 'the passes give the fixed text');

  // Every safe fix was applied or refused, and the result is a fresh lint's.
  const fresh = relint(outcome.text);
  assert.deepEqual(
    fresh.findings.map((f) => [f.ruleId, f.range.start, f.message]),
    outcome.result.findings.map((f) => [f.ruleId, f.range.start, f.message]),
    'the reported findings are those of the written text',
  );
  for (const f of fresh.findings) {
    if (!f.fixes.some((x) => x.safety === 'safe')) continue;
    assert.ok(
      outcome.refused.some((x) => x.ruleId === f.ruleId && x.offset === f.range.start),
      `a safe fix of ${f.ruleId} at ${f.range.start} was neither applied nor refused`,
    );
  }

  // Fixing again changes nothing.
  const again = fixBytes(r.bytes, relint);
  assert.ok(
    again.ok && again.bytes === undefined,
    `fixing twice changes the file again: ${again.ok ? JSON.stringify(again.outcome.applied) : again.reason}`,
  );
}

test(
  `fix property: ${CASES} generated files fixed as --fix writes them (seed ${SEED})`,
  { timeout: 60_000 + CASES * 200 },
  () => {
    fc.assert(fc.property(caseArb, check), { numRuns: CASES, seed: SEED, includeErrorInReport: true });
    // The generator must reach both paths, or the property says little.
    if (CASES >= 200) {
      assert.ok(stats.fixed / stats.cases > 0.3, `only ${stats.fixed} of ${stats.cases} cases were fixed`);
      assert.ok(stats.refused / stats.cases > 0.01, `only ${stats.refused} of ${stats.cases} cases had a refused fix`);
      assert.equal(stats.eol.size, 3, 'every line-ending style');
      assert.equal(stats.encodings.size, 3, 'every encoding');
    }
    process.stdout.write(
      `# fix property: ${stats.cases} cases, ${stats.fixed} fixed, ${stats.refused} with a refused fix, ${stats.notWritten} not written\n`,
    );
  },
);
