/**
 * Kubernetes quantities, Compose byte and CPU values, and the node-CIDR arithmetic, with a few
 * property tests driven by a small seeded PRNG (no dependency; failures print the seed's case).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseComposeBytes, parseComposeCpus } from '../../server/src/engine/quantity/compose-units';
import {
  formatK8sCpu,
  formatK8sMemory,
  K8S_QUANTITY_FORMAT_ERROR,
  K8S_QUANTITY_SUFFIX_ERROR,
  parseK8sQuantity,
} from '../../server/src/engine/quantity/k8s-quantity';
import {
  addressesPerNode,
  maskForPods,
  nodesInCluster,
  parseCidr,
  usablePodIps,
} from '../../server/src/engine/quantity/cidr';
import { prng, randomInt as int } from '../helpers/prng';

const CASES = 2000;

describe('Kubernetes quantities (resource.ParseQuantity)', () => {
  const valid: [string, number, string][] = [
    ['100m', 0.1, 'DecimalSI'],
    ['0.5', 0.5, 'DecimalSI'],
    ['1', 1, 'DecimalSI'],
    ['1e3', 1000, 'DecimalExponent'],
    ['128974848', 128974848, 'DecimalSI'],
    ['129e6', 129e6, 'DecimalExponent'],
    ['129M', 129e6, 'DecimalSI'],
    ['123Mi', 123 * 2 ** 20, 'BinarySI'],
    ['1Gi', 2 ** 30, 'BinarySI'],
    ['.5', 0.5, 'DecimalSI'],
    ['1k', 1000, 'DecimalSI'],
    ['1Ki', 1024, 'BinarySI'],
    ['2E', 2e18, 'DecimalSI'],
    ['1.5Gi', 1.5 * 2 ** 30, 'BinarySI'],
    ['-1', -1, 'DecimalSI'],
    ['250u', 0.00025, 'DecimalSI'],
  ];
  for (const [text, value, format] of valid) {
    test(`${text} = ${value}`, () => {
      const q = parseK8sQuantity(text);
      assert.ok(q.ok, `${text} parses`);
      assert.equal(q.value, value);
      assert.equal(q.format, format);
    });
  }

  test('numbers from YAML are quantities too', () => {
    assert.deepEqual(parseK8sQuantity(2), { ok: true, value: 2, number: '2', suffix: '', format: 'DecimalSI' });
    assert.equal(parseK8sQuantity(Number.NaN).ok, false);
  });

  test("the two error texts are the API server's", () => {
    assert.equal(
      K8S_QUANTITY_FORMAT_ERROR,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    assert.equal(K8S_QUANTITY_SUFFIX_ERROR, "unable to parse quantity's suffix");
  });

  // Which error the API server gives follows its scanner (parseQuantityString): characters outside
  // [0-9.] and the suffix letters, or a second '.', are ErrFormatWrong; a scannable but unknown
  // suffix (K, e alone) is ErrSuffix. kubernetes/apimachinery pkg/api/resource/quantity.go.
  const invalid: [string, string][] = [
    ['1GB', K8S_QUANTITY_FORMAT_ERROR],
    ['1Gb', K8S_QUANTITY_FORMAT_ERROR],
    ['1K', K8S_QUANTITY_SUFFIX_ERROR],
    ['1gi', K8S_QUANTITY_FORMAT_ERROR],
    ['', K8S_QUANTITY_FORMAT_ERROR],
    ['abc', K8S_QUANTITY_FORMAT_ERROR],
    ['1.2.3', K8S_QUANTITY_FORMAT_ERROR],
    ['1e', K8S_QUANTITY_SUFFIX_ERROR],
    ['1Mim', K8S_QUANTITY_SUFFIX_ERROR],
    ['1 Gi', K8S_QUANTITY_FORMAT_ERROR],
  ];
  for (const [text, error] of invalid) {
    test(`${JSON.stringify(text)} is refused with "${error.slice(0, 30)}…"`, () => {
      assert.deepEqual(parseK8sQuantity(text), { ok: false, error });
    });
  }

  test('formatK8sMemory picks the largest binary suffix that divides exactly', () => {
    assert.equal(formatK8sMemory(2 ** 30), '1Gi');
    assert.equal(formatK8sMemory(1536 * 2 ** 20), '1536Mi');
    assert.equal(formatK8sMemory(1000), '1000');
    assert.equal(formatK8sMemory(0), '0');
  });

  test('formatK8sCpu writes whole cores plain and the rest in millicores', () => {
    assert.equal(formatK8sCpu(2), '2');
    assert.equal(formatK8sCpu(0.5), '500m');
    assert.equal(formatK8sCpu(0.001), '1m');
  });

  test(`property: formatK8sMemory then parse gives the bytes back (${CASES} multiples of 1024, ${CASES} integers)`, () => {
    const random = prng(0x5ca1e);
    for (let i = 0; i < CASES; i++) {
      const n = int(random, 2 ** 43) * 1024; // up to 2^53
      const text = formatK8sMemory(n);
      const q = parseK8sQuantity(text);
      assert.ok(q.ok && q.value === n, `case ${i}: ${n} -> ${text} -> ${q.ok ? q.value : q.error}`);
      if (n > 0) assert.match(text, /^\d+(Ki|Mi|Gi|Ti|Pi|Ei)$/, `case ${i}: a multiple of 1024 gets a binary suffix`);
    }
    for (let i = 0; i < CASES; i++) {
      const n = int(random, Number.MAX_SAFE_INTEGER);
      const text = formatK8sMemory(n);
      const q = parseK8sQuantity(text);
      assert.ok(q.ok && q.value === n, `case ${i}: ${n} -> ${text} -> ${q.ok ? q.value : q.error}`);
    }
  });

  test(`property: formatK8sCpu(m/1000) parses back to m/1000 for integer millicores (${CASES} cases)`, () => {
    const random = prng(42);
    const samples = [1, 999, 1000, 1001, 100, 700, ...Array.from({ length: CASES }, () => 1 + int(random, 1_000_000))];
    for (const m of samples) {
      const text = formatK8sCpu(m / 1000);
      const q = parseK8sQuantity(text);
      assert.ok(q.ok && q.value === m / 1000, `${m}m -> ${text} -> ${q.ok ? q.value : q.error}`);
    }
  });
});

describe('Compose byte values (go-units RAMInBytes)', () => {
  const GiB = 1073741824;
  const cases: [string | number, number][] = [
    ['1g', GiB],
    ['1gb', GiB],
    ['1GB', GiB],
    ['1Gi', GiB],
    ['1 GB', GiB],
    ['400m', 400 * 2 ** 20],
    ['300m', 300 * 2 ** 20],
    ['2b', 2],
    ['2', 2],
    ['1024kb', 2 ** 20],
    ['1.5g', 1.5 * GiB],
    [536870912, 536870912],
  ];
  for (const [text, bytes] of cases) {
    test(`${JSON.stringify(text)} = ${bytes} bytes`, () => {
      assert.deepEqual(parseComposeBytes(text), { ok: true, bytes });
    });
  }
  for (const text of ['1 xb', '', 'lots', '1.2.3g', '-1g', '1e3']) {
    test(`${JSON.stringify(text)} is refused`, () => {
      assert.deepEqual(parseComposeBytes(text), { ok: false, error: `invalid size: '${text}'` });
    });
  }
  test('a negative or fractional number from YAML is refused', () => {
    assert.equal(parseComposeBytes(-1).ok, false);
    assert.equal(parseComposeBytes(1.5).ok, false);
  });
});

describe('Compose cpus (strconv.ParseFloat)', () => {
  test('"0.5" is half a core', () => {
    assert.deepEqual(parseComposeCpus('0.5'), { ok: true, cores: 0.5 });
  });
  test('numbers from YAML', () => {
    assert.deepEqual(parseComposeCpus(2), { ok: true, cores: 2 });
    assert.deepEqual(parseComposeCpus('1e-1'), { ok: true, cores: 0.1 });
  });
  test('"500m" is an error that knows it meant 500 millicores', () => {
    assert.deepEqual(parseComposeCpus('500m'), {
      ok: false,
      error: 'strconv.ParseFloat: parsing "500m": invalid syntax',
      millicores: 500,
    });
  });
  test('other text is an error without millicores', () => {
    assert.deepEqual(parseComposeCpus('half'), {
      ok: false,
      error: 'strconv.ParseFloat: parsing "half": invalid syntax',
    });
  });
});

describe('node CIDR arithmetic', () => {
  test('addresses and usable pod IPs per mask', () => {
    assert.equal(addressesPerNode(24), 256);
    assert.equal(usablePodIps(24), 253);
    assert.equal(usablePodIps(23), 509);
    assert.equal(usablePodIps(31), 0, 'never negative');
  });

  test('boundaries of maskForPods', () => {
    assert.equal(maskForPods(110), 25);
    assert.equal(maskForPods(253), 24);
    assert.equal(maskForPods(254), 23);
    assert.equal(maskForPods(1), 30);
    assert.equal(maskForPods(2 ** 24), null, 'nothing from /8 to /30 holds 16,777,216 pods');
  });

  test('property: maskForPods(p) is the longest mask that fits, for every p in 1..1,000,000', () => {
    let checked = 0;
    for (let p = 1; p <= 1_000_000; p++) {
      const mask = maskForPods(p);
      if (mask === null || mask > 30 || usablePodIps(mask) < p || usablePodIps(mask + 1) >= p) {
        assert.fail(
          `maskForPods(${p}) = ${mask}: usable ${mask === null ? '-' : usablePodIps(mask)}, next ${mask === null ? '-' : usablePodIps(mask + 1)}`,
        );
      }
      checked++;
    }
    assert.equal(checked, 1_000_000);
  });

  test('nodes a cluster CIDR holds, and CIDR parsing', () => {
    assert.equal(nodesInCluster(16, 24), 256);
    assert.equal(nodesInCluster(16, 23), 128);
    assert.equal(nodesInCluster(24, 16), 0);
    assert.deepEqual(parseCidr('10.42.0.0/16'), { address: '10.42.0.0', mask: 16 });
    assert.equal(parseCidr('10.42.0.256/16'), null);
    assert.equal(parseCidr('10.42.0.0/33'), null);
    assert.equal(parseCidr('fd00::/8'), null);
  });
});
