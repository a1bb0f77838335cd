/**
 * The bound on nesting (server/src/engine/nesting.ts): a file nested deeper than the limit is not
 * parsed and says so; one within it parses exactly as `parseAllDocuments` would; nothing of the
 * engine overflows the stack at the highest limit a setting may choose, even with the stack cut
 * to 70% of Node's default.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { defaultConfig, lint, valueFacts, type FileKind } from '../../server/src/engine';
import { parseConfig } from '../../server/src/engine/config';
import {
  composeWithin,
  DEFAULT_MAX_NESTING_DEPTH,
  MAX_NESTING_DEPTH_CAP,
  nestingLimit,
} from '../../server/src/engine/nesting';
import { parseFile } from '../../server/src/engine/parse';

/** How one level nests the next: block and flow collections, as people and generators write them. */
type Shape = 'map' | 'seq' | 'zeroSeq' | 'compactSeq' | 'explicitKey' | 'flowMap' | 'flowSeq' | 'implicitKey';
const BLOCK: Shape[] = ['map', 'seq', 'zeroSeq', 'compactSeq', 'explicitKey'];
const FLOW: Shape[] = ['flowMap', 'flowSeq', 'implicitKey'];

/** Levels of each shape, in order, so that the text nests exactly `shapes.length` collections deep. */
function nested(shapes: readonly Shape[]): string {
  // Flow levels last: a block collection cannot sit inside a flow one.
  let flow = '1';
  const flows = shapes.filter((s) => FLOW.includes(s));
  for (let i = flows.length - 1; i >= 0; i--) {
    const s = flows[i]!;
    flow = s === 'flowMap' ? `{k: ${flow}}` : s === 'flowSeq' ? `[${flow}]` : `[${flow}: 1]`;
  }
  const blocks = shapes.filter((s) => BLOCK.includes(s));
  const lines: string[] = [];
  let indent = 0;
  let pending = '';
  for (const s of blocks) {
    const pad = ' '.repeat(indent);
    switch (s) {
      case 'map':
        lines.push(`${pad}${pending}k:`);
        indent += pending.length + 2;
        break;
      case 'seq':
        lines.push(`${pad}${pending}-`);
        indent += pending.length + 2;
        break;
      case 'zeroSeq':
        // `key:` then its sequence at the key's own indentation: two levels.
        lines.push(`${pad}${pending}z:`, `${' '.repeat(indent + pending.length)}-`);
        indent += pending.length + 2;
        break;
      case 'compactSeq':
        // `- - x`: the next level on the same line.
        pending += '- ';
        continue;
      case 'explicitKey':
        lines.push(`${pad}${pending}? k`, `${' '.repeat(indent + pending.length)}:`);
        indent += pending.length + 2;
        break;
    }
    pending = '';
  }
  if (lines.length === 0) return `${pending}${flow}\n`;
  lines.push(`${' '.repeat(indent)}${pending}${flow}`);
  return lines.join('\n') + '\n';
}

/** The collection depth the shapes build (a zero-indented sequence is its key's map and the sequence). */
const depthOf = (shapes: readonly Shape[]) =>
  shapes.reduce((n, s) => n + (s === 'zeroSeq' || s === 'implicitKey' ? 2 : 1), 0);

/** The depth of the tree `parseAllDocuments` builds, counted without recursion. */
function treeDepth(text: string): number {
  let max = 0;
  for (const doc of parseAllDocuments(text, { prettyErrors: false }) as ReturnType<typeof parseAllDocuments> &
    unknown[]) {
    const stack: [unknown, number][] = [[(doc as { contents: unknown }).contents, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      const items = (node as { items?: unknown[] } | null)?.items;
      if (!items) continue;
      max = Math.max(max, depth + 1);
      for (const it of items) {
        const pair = it as { key?: unknown; value?: unknown };
        if (it && typeof it === 'object' && 'key' in pair) stack.push([pair.key, depth + 1], [pair.value, depth + 1]);
        else stack.push([it, depth + 1]);
      }
    }
  }
  return max;
}

const shapes = (max: number) => fc.array(fc.constantFrom(...BLOCK, ...FLOW), { minLength: 1, maxLength: max });

// The child of the reduced-stack test below runs only the lint, not the tests.
const CHILD = process.env.SCALEWISE_NESTING_CHILD === '1';

/** Every shape at `depth`, as one file each. */
function everyShape(depth: number): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = BLOCK.concat(FLOW).map((s) => ({
    name: s,
    text: nested(Array.from({ length: s === 'zeroSeq' || s === 'implicitKey' ? depth / 2 : depth }, () => s)),
  }));
  // Values the rules walk (command, environment, resources) and a document whose aliases nest it twice.
  out.push({
    name: 'compose command',
    text: `services:\n  web:\n    image: nginx\n    command: ${'['.repeat(depth - 3)}x${']'.repeat(depth - 3)}\n`,
  });
  out.push({
    name: 'k8s resources',
    text: `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - resources: ${'{a: '.repeat(depth - 6)}1${'}'.repeat(depth - 6)}\n`,
  });
  out.push({
    name: 'alias of a deep node',
    text: `a: &x ${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}\nb: ${'['.repeat(depth - 2)}*x${']'.repeat(depth - 2)}\n`,
  });
  out.push({ name: 'complex keys', text: `${'? '.repeat(depth)}a\n` });
  return out;
}

const KIND_FILE: Record<string, string> = {
  compose: 'compose.yaml',
  swarm: 'stack.yaml',
  'helm-values': 'values.yaml',
  'runai-config': 'runaiconfig.yaml',
  'k3s-config': 'config.yaml',
  kubernetes: 'deploy.yaml',
  prometheus: 'prometheus.yml',
};

/** Lints every shape at the cap as every kind; returns what went wrong. */
function lintEverythingAtTheCap(): string[] {
  const problems: string[] = [];
  const config = { ...defaultConfig(), limits: { maxNestingDepth: MAX_NESTING_DEPTH_CAP } };
  for (const { name, text } of everyShape(MAX_NESTING_DEPTH_CAP)) {
    for (const [kind, file] of Object.entries(KIND_FILE)) {
      const r = lint(text, {
        uri: `/w/${file}`,
        kind: kind as FileKind,
        config,
        schemaDiagnostics: true,
        onRuleError: (id, e) => problems.push(`${name} as ${kind}: ${id} threw ${String(e)}`),
      });
      for (const f of r.findings)
        if (/stack|not parsed/i.test(f.message)) problems.push(`${name} as ${kind}: ${f.message}`);
      for (let at = 0; at < text.length; at += Math.ceil(text.length / 40)) valueFacts(r.file, kind as FileKind, at);
    }
  }
  return problems;
}

if (CHILD) {
  process.stdout.write(JSON.stringify(lintEverythingAtTheCap()));
} else {
  describe('nesting limit', () => {
    test('the limit a setting gives is clamped to 1..cap; anything else is the default', () => {
      assert.equal(nestingLimit(undefined), DEFAULT_MAX_NESTING_DEPTH);
      assert.equal(nestingLimit(Number.NaN), DEFAULT_MAX_NESTING_DEPTH);
      assert.equal(nestingLimit(0), DEFAULT_MAX_NESTING_DEPTH);
      assert.equal(nestingLimit('400'), DEFAULT_MAX_NESTING_DEPTH);
      assert.equal(nestingLimit(300.7), 300);
      assert.equal(nestingLimit(1e9), MAX_NESTING_DEPTH_CAP);
      assert.equal(nestingLimit(Infinity), DEFAULT_MAX_NESTING_DEPTH);
    });

    test('the generator builds what it says: the tree is as deep as the shapes', () => {
      fc.assert(
        fc.property(shapes(40), (s) => {
          const text = nested(s);
          assert.equal(treeDepth(text), depthOf(s), text);
          assert.equal(parseAllDocuments(text).flatMap((d) => (d as { errors: unknown[] }).errors).length, 0, text);
        }),
        { numRuns: 300 },
      );
    });

    test('within the limit a text parses exactly as parseAllDocuments; one level more is not parsed', () => {
      fc.assert(
        fc.property(shapes(300), fc.integer({ min: 1, max: 320 }), (s, limit) => {
          const text = nested(s);
          const depth = depthOf(s);
          const got = composeWithin(text, limit, { uniqueKeys: false, strict: true });
          if (depth > limit) {
            assert.ok(got.overflow, `${depth} levels, limit ${limit}: not parsed`);
            assert.equal(got.documents.length, 0);
            return;
          }
          assert.equal(got.overflow, null, `${depth} levels, limit ${limit}: parsed`);
          const want = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: true }) as unknown as {
            toString(): string;
          }[];
          assert.deepEqual(got.documents.map(String), want.map(String));
        }),
        { numRuns: 200 },
      );
    });

    test('any text, however broken and deep, parses without a stack overflow or says it is too deep', () => {
      const junk = [
        '[',
        '{',
        ']',
        '}',
        '- ',
        '? ',
        ': ',
        'a: ',
        ',',
        '\n',
        '\n  ',
        '"',
        "'",
        '#',
        '|\n',
        '&a ',
        '*a',
        '!t ',
        '---\n',
        'x',
      ];
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...junk), { minLength: 1, maxLength: 30 }),
          fc.integer({ min: 1, max: 400 }),
          fc.boolean(),
          (parts, times, indentEachTime) => {
            // A snippet repeated, so that whatever it opens piles up.
            let text = '';
            for (let i = 0; i < times; i++)
              text += indentEachTime ? parts.join('').replace(/\n/g, `\n${' '.repeat(i % 200)}`) : parts.join('');
            const file = parseFile('/w/compose.yaml', text);
            const errors = file.documents.flatMap((d) => d.doc.errors.map((e) => e.message));
            assert.ok(
              !errors.some((m) => /call stack/i.test(m)),
              `${JSON.stringify(parts.join(''))} x${times}: ${errors.find((m) => /call stack/i.test(m))}`,
            );
            if (!file.tooDeep) assert.ok(treeDepth(text) <= DEFAULT_MAX_NESTING_DEPTH, 'parsed, so within the limit');
          },
        ),
        { numRuns: 300 },
      );
    });

    test('the finding names the limit and the setting, at the place the text first nests too deep', () => {
      const text = `services:\n  web:\n    command: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
      const r = lint(text, { uri: '/w/compose.yaml' });
      assert.equal(r.findings.length, 1);
      const f = r.findings[0]!;
      assert.equal(f.ruleId, 'yaml/syntax-error');
      assert.equal(f.messageId, 'tooDeep');
      assert.equal(f.severity, 'error');
      assert.match(
        f.message,
        /deeper than the limit of 256 .*\(up to 512\).*`limits\.maxNestingDepth` in \.scalewise\.yaml.*`scalewise\.limits\.maxNestingDepth`/,
      );
      assert.ok(!/call stack/.test(f.message));
      assert.equal(text.slice(0, f.range.start).split('\n').length, 3, 'on the command line');
      // The same file, with the limit raised to the cap, is still too deep: the message says the cap is the end.
      const capped = lint(text, {
        uri: '/w/compose.yaml',
        config: { ...defaultConfig(), limits: { maxNestingDepth: 100_000 } },
      });
      assert.match(capped.findings[0]!.message, /limit of 512 .* 512 is the most/);
    });

    test('limits.maxNestingDepth raises the limit; 300 levels parse under 400', () => {
      const text = `x: ${'['.repeat(299)}${']'.repeat(299)}\n`;
      assert.equal(lint(text, { uri: '/w/compose.yaml' }).findings[0]?.messageId, 'tooDeep');
      const config = { ...defaultConfig(), limits: { maxNestingDepth: 400 } };
      assert.deepEqual(lint(text, { uri: '/w/compose.yaml', config }).findings, []);
    });

    test('.scalewise.yaml: limits.maxNestingDepth is read, and a value above the cap or not a whole number is an error', () => {
      assert.deepEqual(parseConfig('limits:\n  maxNestingDepth: 400\n').config.limits, { maxNestingDepth: 400 });
      for (const bad of ['513', '0', '1.5', '"300"', '1e999']) {
        assert.ok(parseConfig(`limits:\n  maxNestingDepth: ${bad}\n`).problems.length > 0, bad);
      }
      // The config file itself is bounded too.
      const deep = parseConfig(`rules: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
      assert.match(deep.problems[0]!.message, /nests deeper than 256/);
    });

    test('complex keys nested deep are not converted for the schema (toJS would take minutes)', () => {
      const started = Date.now();
      const r = lint(`${'? '.repeat(250)}a\n`, {
        uri: '/etc/rancher/k3s/config.yaml',
        kind: 'k3s-config',
        schemaDiagnostics: true,
      });
      assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
      assert.ok(r.findings.some((f) => /Not validated: a key is a map or a sequence/.test(f.message)));
    });

    test('aliases that nest a node inside itself, or chains of them, are not converted for the schema', () => {
      let text = `a0: &a0 ${'['.repeat(200)}1${']'.repeat(200)}\n`;
      for (let i = 1; i < 5; i++) text += `a${i}: &a${i} ${'['.repeat(200)}*a${i - 1}${']'.repeat(200)}\n`;
      const r = lint(text, {
        uri: '/etc/rancher/k3s/config.yaml',
        kind: 'k3s-config',
        schemaDiagnostics: true,
        onRuleError: (id, e) => assert.fail(`${id}: ${String(e)}`),
      });
      assert.ok(
        r.findings.some((f) => /Not validated: with its aliases expanded it nests 1001 levels deep/.test(f.message)),
        JSON.stringify(r.findings.map((f) => f.message)),
      );
    });

    test('every shape at the cap lints as every kind without a stack overflow, with 70% of the default stack', () => {
      // Node's default stack is 984 KB; 690 KB leaves the margin the cap was chosen with (nesting.ts).
      const r = spawnSync(process.execPath, ['--stack-size=690', __filename], {
        env: { ...process.env, SCALEWISE_NESTING_CHILD: '1' },
        encoding: 'utf8',
        timeout: 300_000,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), []);
    });
  });
}
