/**
 * Property tests for Kubernetes quantities and Compose units, driven by a small seeded PRNG
 * (test/helpers/prng.ts; no dependency). Each property runs thousands of generated cases and a
 * failure names the case, so it can be replayed from the seed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseComposeBytes, parseComposeCpus } from '../../server/src/engine/quantity/compose-units';
import {
  canonicalK8sQuantity,
  compareK8sQuantities,
  formatK8sCpu,
  formatK8sMemory,
  parseK8sQuantity,
  parseK8sQuantityExact,
} from '../../server/src/engine/quantity/k8s-quantity';
import { prng, randomInt as int } from '../helpers/prng';

const CASES = 5000;
const DECIMAL_SUFFIXES = ['n', 'u', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];
const BINARY_SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
/** Every suffix, in increasing order of what it multiplies by (k 10^3 < Ki 2^10 < M 10^6 < Mi 2^20 …). */
const SUFFIX_ORDER = ['n', 'u', 'm', '', 'k', 'Ki', 'M', 'Mi', 'G', 'Gi', 'T', 'Ti', 'P', 'Pi', 'E', 'Ei'];
/** BinarySI values are capped at 2^63-1 (apimachinery `maxAllowed`), so the order holds below it. */
const BELOW_CAP = (text: string): boolean => {
  const q = parseK8sQuantity(text);
  return q.ok && Math.abs(q.value) < 2 ** 63;
};

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A random well-formed quantity: sign, integer / decimal / `.5` / `5.` forms, any suffix or an exponent. */
function randomQuantity(random: () => number): string {
  const sign = pick(random, ['', '', '', '+', '-']);
  const whole = String(int(random, pick(random, [9, 999, 999_999, 2 ** 31])));
  const fraction = String(int(random, 999_999)).padStart(int(random, 6) + 1, '0');
  const number = pick(random, [whole, whole, `${whole}.${fraction}`, `.${fraction}`, `${whole}.`]);
  const kind = random();
  const suffix =
    kind < 0.45
      ? pick(random, DECIMAL_SUFFIXES)
      : kind < 0.85
        ? pick(random, BINARY_SUFFIXES.slice(0, 4))
        : `${pick(random, ['e', 'E'])}${pick(random, ['', '+', '-'])}${int(random, 12)}`;
  return `${sign}${number}${suffix}`;
}

describe("canonical form (Quantity.String), against apimachinery's own tables", () => {
  // kubernetes/apimachinery pkg/api/resource/quantity_test.go: TestQuantityString (alternate -> expect), TestQuantityParseEmit.
  const table: [string, string][] = [
    ['1024Mi', '1Gi'],
    ['307200Ki', '300Mi'],
    ['1025024Mi', '1001Gi'],
    ['1024Gi', '1Ti'],
    ['5000m', '5'],
    ['0.5', '500m'],
    ['1000M', '1G'],
    ['0.001T', '1G'],
    ['1000u', '1m'],
    ['1.08', '1080m'],
    ['1080000000n', '1080m'],
    ['.001e12', '1e9'],
    ['0.001e0', '1e-3'],
    ['1000e-12', '1e-9'],
    ['00', '0'],
    ['1Ki', '1Ki'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    ['0.1', '100m'],
    ['1.5Gi', '1536Mi'],
    ['1500', '1500'],
    ['2000', '2k'],
    ['0.5e6', '500e3'],
    ['3.001n', '4n'],
    ['1.1E-9', '2e-9'],
    ['0.00000012345', '124n'],
    ['100.035k', '100035'],
    ['-1', '-1'],
    ['-0', '0'],
  ];
  for (const [input, expect] of table) {
    test(`${input} -> ${expect}`, () => assert.equal(canonicalK8sQuantity(input), expect));
  }
  test('not a quantity: undefined', () => {
    for (const bad of ['1GB', '1.5.2', '500 m', '', 'K']) assert.equal(canonicalK8sQuantity(bad), undefined, bad);
  });
});

describe('Kubernetes quantities: properties', () => {
  test(`parse then format round-trips: the canonical form parses to the same value and is its own canonical form (${CASES} cases)`, () => {
    const random = prng(0xc0ffee);
    for (let i = 0; i < CASES; i++) {
      const q = randomQuantity(random);
      const c = canonicalK8sQuantity(q);
      assert.ok(c !== undefined, `case ${i}: ${q} is a quantity`);
      assert.equal(canonicalK8sQuantity(c), c, `case ${i}: ${q} -> ${c} is canonical`);
      assert.equal(compareK8sQuantities(q, c), 0, `case ${i}: ${q} and ${c} are the same amount`);
      const a = parseK8sQuantity(q);
      const b = parseK8sQuantity(c);
      assert.ok(a.ok && b.ok, `case ${i}`);
      // The float value agrees up to the nano rounding and double precision (the float parser does not cap BinarySI).
      if (BELOW_CAP(q))
        assert.ok(
          Math.abs(a.value - b.value) <= 1e-9 + Math.abs(a.value) * 1e-12,
          `case ${i}: ${q}=${a.value} vs ${c}=${b.value}`,
        );
    }
  });

  test(`the canonical form is the shortest of the API server's shapes: no trailing 000 before a suffix, binary only when exact (${CASES} cases)`, () => {
    const random = prng(7);
    for (let i = 0; i < CASES; i++) {
      const c = canonicalK8sQuantity(randomQuantity(random))!;
      const m = /^-?(\d+)([numkMGTPE]|[KMGTPE]i|e-?\d+)?$/.exec(c);
      assert.ok(m, `case ${i}: ${c} has the canonical shape`);
      const [, digits, suffix = ''] = m;
      if (!/i$/.test(suffix) && digits !== '0')
        assert.ok(!(digits!.endsWith('000') && suffix !== 'E'), `case ${i}: ${c} would move 000 into the suffix`);
      if (/i$/.test(suffix))
        assert.notEqual(BigInt(digits!) % 1024n, 0n, `case ${i}: ${c} would take a larger binary suffix`);
    }
  });

  test(`formatK8sMemory and formatK8sCpu write canonical forms (${CASES} cases each)`, () => {
    const random = prng(0x5ca1e);
    for (let i = 0; i < CASES; i++) {
      const bytes = (1 + int(random, 2 ** 40)) * 1024;
      assert.equal(canonicalK8sQuantity(formatK8sMemory(bytes)), formatK8sMemory(bytes), `case ${i}: ${bytes} bytes`);
      const milli = 1 + int(random, 999_999);
      assert.equal(
        canonicalK8sQuantity(formatK8sCpu(milli / 1000)),
        formatK8sCpu(milli / 1000),
        `case ${i}: ${milli}m`,
      );
    }
  });

  test(`parse is monotonic with the suffix order n < u < m < (none) < k < Ki < M < Mi < … < E < Ei (${CASES} numbers)`, () => {
    const random = prng(99);
    for (let i = 0; i < CASES; i++) {
      const n = pick(random, [
        String(1 + int(random, 999)),
        `${1 + int(random, 999)}.${int(random, 99)}`,
        `.${1 + int(random, 9)}`,
      ]);
      const a = int(random, SUFFIX_ORDER.length - 2);
      const b = a + 1 + int(random, SUFFIX_ORDER.length - a - 2);
      const x = `${n}${SUFFIX_ORDER[a]}`;
      const y = `${n}${SUFFIX_ORDER[b]}`;
      if (!BELOW_CAP(y)) continue;
      assert.equal(compareK8sQuantities(x, y), -1, `case ${i}: ${x} < ${y}`);
      const px = parseK8sQuantity(x);
      const py = parseK8sQuantity(y);
      assert.ok(px.ok && py.ok && px.value < py.value, `case ${i}: ${x} < ${y} as numbers too`);
    }
  });

  test(`parse is monotonic in the number for a fixed suffix (${CASES} pairs)`, () => {
    const random = prng(1234);
    for (let i = 0; i < CASES; i++) {
      const suffix = pick(random, [...DECIMAL_SUFFIXES, ...BINARY_SUFFIXES]);
      const a = int(random, 1_000_000);
      const b = int(random, 1_000_000);
      if (!BELOW_CAP(`${a}${suffix}`) || !BELOW_CAP(`${b}${suffix}`)) continue;
      const expected = Math.sign(a - b);
      assert.equal(
        compareK8sQuantities(`${a}${suffix}`, `${b}${suffix}`),
        expected,
        `case ${i}: ${a}${suffix} vs ${b}${suffix}`,
      );
    }
  });

  test('exact comparison where doubles fail: 0.1 + 0.2 style values and big exponents', () => {
    assert.equal(compareK8sQuantities('0.3', '300m'), 0);
    assert.equal(compareK8sQuantities('9007199254740993', '9007199254740992'), 1);
    assert.equal(compareK8sQuantities('1e30', '1e30'), 0);
    assert.equal(parseK8sQuantityExact('9Ei')?.mantissa, 2n ** 63n - 1n, 'BinarySI is capped at 2^63-1');
    assert.equal(compareK8sQuantities('10E', '10Ei'), 1, 'so 10Ei (capped) is less than 10E, as on the API server');
  });
});

describe('Compose byte values vs Kubernetes quantities: they disagree badly exactly on m', () => {
  const both = ['', 'k', 'm', 'M', 'G', 'T', 'P', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  test(`for N<suffix> that both accept, Compose/Kubernetes is 1 for binary, (1024/1000)^k for decimal and ~10^9 only for m (${CASES} cases)`, () => {
    const random = prng(31337);
    for (let i = 0; i < CASES; i++) {
      const n = 1 + int(random, 100_000);
      const suffix = pick(random, both);
      const text = `${n}${suffix}`;
      const c = parseComposeBytes(text);
      const k = parseK8sQuantity(text);
      assert.ok(c.ok && k.ok, `case ${i}: both accept ${text}`);
      const ratio = c.bytes / k.value;
      if (suffix === 'm') assert.ok(ratio > 1e8, `case ${i}: ${text}: Compose ${c.bytes} vs Kubernetes ${k.value}`);
      else {
        assert.ok(ratio >= 1 && ratio < 1.13, `case ${i}: ${text}: ratio ${ratio} within the decimal/binary gap`);
        if (suffix === '' || suffix.endsWith('i')) assert.equal(ratio, 1, `case ${i}: ${text} agrees exactly`);
      }
    }
  });

  test(`what one accepts and the other refuses (${CASES} cases)`, () => {
    const random = prng(4242);
    for (let i = 0; i < CASES; i++) {
      const n = 1 + int(random, 100_000);
      // Compose only: byte units and lower-case letters Kubernetes has no suffix for.
      const composeOnly = `${n}${pick(random, ['g', 'gb', 'GB', 'kb', 'KB', 'mb', 'MB', 'Gb', 'tb', 'b', ' g', 'K'])}`;
      assert.ok(parseComposeBytes(composeOnly).ok, `case ${i}: Compose accepts ${composeOnly}`);
      assert.ok(!parseK8sQuantity(composeOnly).ok, `case ${i}: Kubernetes refuses ${composeOnly}`);
      // Kubernetes only: fractions of a unit, E, exponents.
      const k8sOnly = `${n}${pick(random, ['n', 'u', 'E', 'Ei', 'e3', 'E6'])}`;
      assert.ok(parseK8sQuantity(k8sOnly).ok, `case ${i}: Kubernetes accepts ${k8sOnly}`);
      assert.ok(!parseComposeBytes(k8sOnly).ok, `case ${i}: Compose refuses ${k8sOnly}`);
    }
  });
});

describe('Compose units: properties', () => {
  const UNITS = ['', 'k', 'm', 'g', 't', 'p'];
  test(`byte units are binary, case-insensitive, with or without b/ib and one space (${CASES} cases)`, () => {
    const random = prng(2024);
    for (let i = 0; i < CASES; i++) {
      const n = int(random, 100_000);
      const u = int(random, UNITS.length - 1);
      const unit = UNITS[u]!;
      const expected = n * 1024 ** u;
      const forms = [
        `${n}${unit}`,
        `${n}${unit.toUpperCase()}`,
        `${n}${unit}b`,
        `${n}${unit.toUpperCase()}B`,
        `${n} ${unit}`,
      ];
      if (unit) forms.push(`${n}${unit.toUpperCase()}i`, `${n}${unit}ib`);
      for (const f of forms) assert.deepEqual(parseComposeBytes(f), { ok: true, bytes: expected }, `case ${i}: ${f}`);
    }
  });

  test(`bytes are monotonic with the unit order b < k < m < g < t < p (${CASES} cases)`, () => {
    const random = prng(77);
    for (let i = 0; i < CASES; i++) {
      const n = 1 + int(random, 1000);
      const a = int(random, UNITS.length - 2);
      const b = a + 1 + int(random, UNITS.length - a - 2);
      const x = parseComposeBytes(`${n}${UNITS[a]}`);
      const y = parseComposeBytes(`${n}${UNITS[b]}`);
      assert.ok(x.ok && y.ok && x.bytes < y.bytes, `case ${i}: ${n}${UNITS[a]} < ${n}${UNITS[b]}`);
    }
  });

  test(`cpus: any float text parses to Number(text); N m is refused and knows it meant N millicores (${CASES} cases)`, () => {
    const random = prng(555);
    for (let i = 0; i < CASES; i++) {
      const cores = int(random, 64_000) / 1000;
      const text = String(cores);
      assert.deepEqual(parseComposeCpus(text), { ok: true, cores }, `case ${i}: ${text}`);
      const milli = 1 + int(random, 64_000);
      const r = parseComposeCpus(`${milli}m`);
      assert.ok(!r.ok && r.millicores === milli, `case ${i}: ${milli}m`);
      // Kubernetes reads the same text as the cores Compose meant.
      const k = parseK8sQuantity(`${milli}m`);
      assert.ok(
        k.ok && Math.abs(k.value - milli / 1000) < 1e-12,
        `case ${i}: Kubernetes reads ${milli}m as ${milli / 1000} cores`,
      );
    }
  });
});
