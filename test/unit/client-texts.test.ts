/** What the client's rule picker lists and what Fix All says (client/src/rule-items.ts, fix-summary.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixAllSummary, fixedByRule, noSafeFixes, notChecked } from '../../client/src/fix-summary';
import { ruleItems } from '../../client/src/rule-items';
import type { RuleSummary } from '../../server/src/protocol';

const rule = (id: string, over: Partial<RuleSummary> = {}): RuleSummary => ({
  id,
  summary: `summary of ${id}`,
  kinds: ['compose'],
  defaultSeverity: 'warning',
  defaultOff: false,
  fixable: null,
  docsUrl: `https://example.invalid/${id}`,
  ...over,
});

test('the picker: rules of the active file first with their counts, then the others by family', () => {
  const rules = [
    rule('k8s/single-replica', { defaultSeverity: 'info', defaultOff: true }),
    rule('compose/obsolete-version', { defaultSeverity: 'hint', fixable: 'safe' }),
    rule('compose/container-name-blocks-scale', { fixable: 'suggestion' }),
    rule('helm/empty-resources'),
  ];
  assert.deepEqual(ruleItems(rules, new Map([['helm/empty-resources', 2]])), [
    { separator: 'in this file' },
    {
      ruleId: 'helm/empty-resources',
      label: 'helm/empty-resources',
      description: '2 in this file · warning',
      detail: 'summary of helm/empty-resources',
    },
    { separator: 'compose' },
    {
      ruleId: 'compose/container-name-blocks-scale',
      label: 'compose/container-name-blocks-scale',
      description: 'warning · suggested fix',
      detail: 'summary of compose/container-name-blocks-scale',
    },
    {
      ruleId: 'compose/obsolete-version',
      label: 'compose/obsolete-version',
      description: 'hint · safe fix',
      detail: 'summary of compose/obsolete-version',
    },
    { separator: 'k8s' },
    {
      ruleId: 'k8s/single-replica',
      label: 'k8s/single-replica',
      description: 'info, off by default',
      detail: 'summary of k8s/single-replica',
    },
  ]);
});

test('Fix All counts what went away per rule; a finding the fixes added does not count as fixed', () => {
  const before = ['a/x', 'b/y', 'a/x', 'c/z'];
  assert.deepEqual(fixedByRule(before, ['c/z', 'd/new']), [
    ['a/x', 2],
    ['b/y', 1],
  ]);
  assert.equal(
    fixAllSummary(before, ['c/z', 'd/new']),
    'Scalewise fixed 3 problems: 2 × a/x, 1 × b/y. 2 problems left (no safe fix).',
  );
  assert.equal(fixAllSummary(['a/x'], []), 'Scalewise fixed 1 problem: 1 × a/x.');
  assert.equal(
    fixAllSummary(['a/x'], ['a/x']),
    'Scalewise applied its safe fixes, but no problem went away. 1 problem left (no safe fix).',
  );
});

test('no fix-all action: no problems at all, or none with a safe fix', () => {
  assert.equal(noSafeFixes([]), 'Scalewise found no problems in this file.');
  assert.equal(
    noSafeFixes(['a/x', 'b/y']),
    'No safe fixes in this file: its 2 problems need a suggested fix or a change by hand.',
  );
});

test('a file Scalewise does not lint says so instead of "no problems"', () => {
  assert.equal(notChecked('none'), 'Scalewise does not check this file, so it has nothing to fix here.');
  assert.match(notChecked('template'), /^Scalewise does not lint templates/);
});
