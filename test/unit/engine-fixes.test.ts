/** Fix application: applyEdits and applyFixes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, applyFixes, type Fix } from '../../server/src/engine';
import { check } from '../helpers/engine-check';

describe('applyEdits and applyFixes', () => {
  const fix = (title: string, ...edits: [number, number, string][]): Fix => ({
    title,
    safety: 'safe',
    edits: edits.map(([start, end, text]) => ({ start, end, text })),
  });

  test('applyEdits applies edits given in any order against the original offsets', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: 'A' },
        { start: 2, end: 2, text: '+' },
      ]),
      'Ab+cdEf',
    );
  });

  test('overlapping fixes: the first in document order wins, the other is dropped', () => {
    const text = '0123456789';
    const { text: out, applied } = applyFixes(text, [
      fix('late', [3, 6, 'X']),
      fix('early', [1, 4, 'Y']),
      fix('apart', [8, 9, 'Z']),
    ]);
    assert.equal(out, '0Y4567Z9');
    assert.deepEqual(
      applied.map((f) => f.title),
      ['early', 'apart'],
    );
  });

  test('touching fixes both apply; two insertions at one point do not', () => {
    const touching = applyFixes('abcd', [fix('a', [0, 2, 'X']), fix('b', [2, 4, 'Y'])]);
    assert.equal(touching.text, 'XY');
    const inserts = applyFixes('abcd', [fix('one', [2, 2, '1']), fix('two', [2, 2, '2'])]);
    assert.equal(inserts.text, 'ab1cd');
    assert.deepEqual(
      inserts.applied.map((f) => f.title),
      ['one'],
    );
  });

  test('a fix whose second edit overlaps a taken fix is dropped whole', () => {
    const { text, applied } = applyFixes('abcdefgh', [
      fix('first', [0, 1, 'A']),
      fix('pair', [4, 5, 'E'], [0, 2, 'Q']),
    ]);
    assert.equal(text, 'Abcdefgh');
    assert.deepEqual(
      applied.map((f) => f.title),
      ['first'],
    );
  });

  test('fixing a real file: two safe fixes in two documents apply together', () => {
    const text = 'version: "3"\nservices: {}\n---\nversion: "2"\nservices: {}\n';
    const r = check(text);
    const { text: out, applied } = applyFixes(
      text,
      r.findings.flatMap((f) => f.fixes.filter((x) => x.safety === 'safe')),
    );
    assert.equal(applied.length, 2);
    assert.equal(out, 'services: {}\n---\nservices: {}\n');
  });
});
