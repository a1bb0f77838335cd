/**
 * Numbers are read as go-yaml reads them (server/src/engine/go-yaml-number.ts), since docker
 * compose, kubectl, helm, k3s and Prometheus decode YAML with it. The oracle is go-yaml's own
 * test table (go-yaml/yaml@00aeb2c63b7cd89d82eeb66ffcebae066eeb8092:decode_test.go
 * `unmarshalTests`, values decoded into interface{}) and its resolver
 * (go-yaml/yaml@0d383ff995a5c6f47dd6148a6d01cc195d47af78:resolve.go).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { lint } from '../../server/src/engine';
import { parseConfig } from '../../server/src/engine/config';
import { atoi, goYamlNumber } from '../../server/src/engine/go-yaml-number';
import { goValue, intValue } from '../../server/src/engine/yaml-ast';
import { yaml } from '../../server/src/engine/template-text';

/** decode_test.go: the scalars decoded into interface{}, and what go-yaml gives. */
const GO_YAML_TESTS: [string, number | 'string'][] = [
  ['10', 10],
  ['0b10', 2],
  ['0xA', 10],
  ['4294967296', 4294967296],
  ['0.1', 0.1],
  ['.1', 0.1],
  ['.Inf', Infinity],
  ['-.Inf', -Infinity],
  ['-10', -10],
  ['-.1', -0.1],
  // Floats from spec
  ['6.8523e+5', 6.8523e5],
  ['685.230_15e+03', 685.23015e3],
  ['685_230.15', 685230.15],
  ['-.inf', -Infinity],
  // Ints from spec
  ['685230', 685230],
  ['+685_230', 685230],
  ['02472256', 685230],
  ['-02472256', -685230],
  ['0o2472256', 685230],
  ['-0o2472256', -685230],
  ['0x_0A_74_AE', 685230],
  ['0b1010_0111_0100_1010_1110', 685230],
  ['-0b101010', -42],
  ['-0b1000000000000000000000000000000000000000000000000000000000000000', -9223372036854775808],
  ['9223372036854775807', 9223372036854775807],
  ['18446744073709551615', 18446744073709551615],
  // Strings (bug 1243827, base 60, bools and nulls are not numbers)
  ['-b_c', 'string'],
  ['+b_c', 'string'],
  ['50cent_of_dollar', 'string'],
  ['1:1', 'string'],
  ['true', 'string'],
  ['~', 'string'],
];

/** The cases, by resolve.go's rules. */
const COMPOSE_CASES: [string, number | 'string'][] = [
  ['017', 15],
  ['0o17', 15],
  ['0x1F', 31],
  ['0b11', 3],
  ['1_000', 1000],
  ['1e999', 'string'],
  ['-1e999', 'string'],
  ['08', 8],
  ['0_17', 15],
  ['+3', 3],
  ['1e3', 1000],
  ['.5e999', 'string'],
  ['0x', 'string'],
  ['0b2', 'string'],
  ['_1', 'string'],
  ['0x10000000000000000', 'string'],
  ['.nan', NaN],
];

describe('numbers as go-yaml reads them', () => {
  for (const [text, want] of [...GO_YAML_TESTS, ...COMPOSE_CASES]) {
    test(`${text} -> ${String(want)}`, () => {
      const got = goYamlNumber(text);
      if (want === 'string') assert.equal(got, undefined);
      else if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.equal(got, want);
    });
  }

  test('every way go-yaml spells an integer reads back as that integer', () => {
    const spell = fc.tuple(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.constantFrom('dec', 'hex', 'HEX', 'oct', 'old-oct', 'bin'),
      fc.boolean(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(spell, ([n, base, plus, underscores]) => {
        const abs = n < 0n ? -n : n;
        const digits =
          base === 'dec'
            ? abs.toString(10)
            : base === 'hex'
              ? `0x${abs.toString(16)}`
              : base === 'HEX'
                ? `0X${abs.toString(16).toUpperCase()}`
                : base === 'oct'
                  ? `0o${abs.toString(8)}`
                  : base === 'bin'
                    ? `0b${abs.toString(2)}`
                    : `0${abs.toString(8)}`;
        // go-yaml drops every `_` before it parses.
        const body = underscores ? digits.split('').join('_') : digits;
        const text = `${n < 0n ? '-' : plus ? '+' : ''}${body}`;
        if (underscores && /^_/.test(body)) return;
        assert.equal(goYamlNumber(text), Number(n), text);
      }),
      { numRuns: 2000 },
    );
  });

  test('quoted counts follow compose-go (strconv.Atoi: decimal, no spaces)', () => {
    assert.equal(atoi('017'), 17);
    assert.equal(atoi('+3'), 3);
    assert.equal(atoi('3 '), undefined);
    assert.equal(atoi('0x1F'), undefined);
    assert.equal(atoi('1_000'), undefined);
  });

  test('intValue: plain from the source text as go-yaml, quoted as compose-go, tagged by the tag', () => {
    const doc = parseDocument(
      'a: 017\nb: "017"\nc: 1_000\nd: 0b11\ne: 1e999\nf: 3.0\ng: !!str 017\nh: " 3"\ni: 2.5\nj: 0x1F\nk: .inf\n',
    );
    const at = (k: string) => intValue(doc.get(k, true), doc);
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map(at), [
      15,
      17,
      1000,
      3,
      undefined,
      3,
      17,
      undefined,
      undefined,
      31,
      undefined,
    ]);
    assert.equal(goValue(doc.get('e', true), doc), '1e999', 'a string to go-yaml');
  });

  test('replicas: 017 is 15 replicas: it agrees with scale: 15', () => {
    const text = 'services:\n  web:\n    image: nginx\n    scale: 15\n    deploy:\n      replicas: 017\n';
    const ids = (t: string) =>
      lint(t, { uri: '/w/compose.yaml' })
        .findings.filter((f) => f.ruleId === 'compose/scale-replicas-disagree')
        .map((f) => f.messageId);
    assert.deepEqual(ids(text), ['both'], 'equal counts');
    assert.deepEqual(ids(text.replace('017', '"017"')), ['disagree'], 'a quoted "017" is 17 to compose-go');
  });

  test('memory: 1_000 and cpu: 1_000 are numbers, not invalid values', () => {
    const compose = lint(
      yaml`
      services:
        web:
          image: nginx
          deploy:
            resources:
              limits: {memory: 1_073_741_824, cpus: 0b1}
    `,
      { uri: '/w/compose.yaml' },
    );
    assert.deepEqual(
      compose.findings.filter((f) => f.ruleId === 'compose/invalid-resource-value').map((f) => f.message),
      [],
    );
    const k8s = lint(
      yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: c
            resources:
              limits: {cpu: 1_000, memory: 1_048_576}
              requests: {cpu: 1_000, memory: 1_048_576}
    `,
      { uri: '/w/pod.yaml', kind: 'kubernetes' },
    );
    assert.deepEqual(
      k8s.findings.filter((f) => f.ruleId === 'k8s/invalid-quantity').map((f) => f.message),
      [],
    );
  });

  test('k3s reads an unquoted 017 as 15', () => {
    const r = lint('node-cidr-mask-size: 017\n', { uri: '/etc/rancher/k3s/config.yaml', kind: 'k3s-config' });
    const moved = r.findings.find((f) => f.ruleId === 'k3s/unknown-flag');
    assert.ok(
      moved?.fixes.some((fx) => fx.edits.some((e) => e.text.includes('node-cidr-mask-size=15'))),
      JSON.stringify(moved?.fixes),
    );
  });

  test('.scalewise.yaml: 1e999, .inf and .nan are not numbers of nodes; negatives are refused', () => {
    for (const v of ['1e999', '.inf', '-.inf', '.nan', '-3']) {
      const r = parseConfig(`cluster:\n  nodes: ${v}\n`);
      assert.ok(r.problems.length > 0, v);
      assert.equal(r.config.cluster.nodes, undefined, v);
    }
    assert.match(
      parseConfig('sizing:\n  polis.participants: 1e999\n').problems[0]!.message,
      /finite number, not 1e999/,
    );
    assert.deepEqual(parseConfig('cluster:\n  nodes: 40\n').config.cluster, { nodes: 40 });
  });
});
