/** The one edit distance (Levenshtein) behind every "did you mean": k3s flags, service names, schema keys. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance } from '../../server/src/engine/edit-distance';

const CASES: [string, string, number][] = [
  ['', '', 0],
  ['', 'abc', 3],
  ['abc', '', 3],
  ['server', 'server', 0],
  ['polis-server', 'server', 6],
  ['sever', 'server', 1],
  ['kitten', 'sitting', 3],
  ['flaw', 'lawn', 2],
  ['max-pod', 'max-pods', 1],
  ['cluster-cdir', 'cluster-cidr', 2],
];

test('edit distance: insertions, deletions and substitutions cost one each, both ways round', () => {
  for (const [a, b, d] of CASES) {
    assert.equal(editDistance(a, b), d, `${a} -> ${b}`);
    assert.equal(editDistance(b, a), d, `${b} -> ${a}`);
  }
});

test('with a cap, a distance below it is exact and one at or above it is reported as at least the cap', () => {
  for (const [a, b, d] of CASES) {
    for (const cap of [1, 2, 3, 4]) {
      const got = editDistance(a, b, cap);
      if (d < cap) assert.equal(got, d, `${a} -> ${b} cap ${cap}`);
      else assert.ok(got >= cap, `${a} -> ${b} cap ${cap}: ${got}`);
    }
  }
});
