import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, mergeConfig } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/polarway-unbounded-worker';
import { ruleTester } from '../../helpers/rule-tester';

const IMAGE = 'registry.example.invalid/polarway/polarway-grpc:0.53';
const COMMENT = '# scalewise: placeholder; size for the DataFrames a worker holds (handles live 3600 s)';
const DATA = { service: 'worker', ttl: 3600 };

ruleTester(rule, {
  valid: [
    {
      name: 'deploy.resources.limits.memory',
      code: `services:\n  worker:\n    image: ${IMAGE}\n    deploy:\n      resources:\n        limits:\n          memory: 4g\n`,
    },
    { name: 'mem_limit counts too', code: `services:\n  worker:\n    image: ${IMAGE}\n    mem_limit: 4g\n` },
    { name: 'not a Polarway worker', code: 'services:\n  envoy:\n    image: envoyproxy/envoy:v1.31-latest\n' },
    {
      name: 'scaled with no limits at all: compose/missing-resource-limits reports it',
      code: `services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n`,
    },
  ],
  invalid: [
    {
      name: 'no deploy at all',
      code: `services:\n  worker:\n    image: ${IMAGE}\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, endLine: 2, endColumn: 9, data: DATA }],
      output: null,
      suggestions: [
        `services:\n  worker:\n    image: ${IMAGE}\n    deploy:\n      resources:\n        limits: ${COMMENT}\n          memory: 2g\n`,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'a cpus limit but no memory limit, scaled: merged into the existing limits',
      code: `services:\n  worker:\n    image: ${IMAGE}\n    deploy:\n      replicas: 3\n      resources:\n        limits:\n          cpus: "2"\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, data: DATA }],
      output: null,
      suggestions: [
        [
          'services:',
          '  worker:',
          `    image: ${IMAGE}`,
          '    deploy:',
          '      replicas: 3',
          '      resources:',
          '        limits:',
          '          cpus: "2"',
          `          memory: 2g ${COMMENT}`,
          '',
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'scaled with no limits, and compose/missing-resource-limits turned off',
      config: mergeConfig({ rules: { 'compose/missing-resource-limits': 'off' } }),
      code: `services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, data: DATA }],
      output: null,
      suggestions: [
        `services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n    deploy:\n      resources:\n        limits: ${COMMENT}\n          memory: 2g\n`,
      ],
    },
    {
      name: 'found by its POLARWAY_* environment',
      code: `services:\n  worker:\n    image: example/df:1\n    environment: [POLARWAY_BIND_ADDRESS=0.0.0.0:50052]\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, data: DATA }],
      output: null,
      suggestions: [
        [
          'services:',
          '  worker:',
          '    image: example/df:1',
          '    environment: [POLARWAY_BIND_ADDRESS=0.0.0.0:50052]',
          '    deploy:',
          '      resources:',
          `        limits: ${COMMENT}`,
          '          memory: 2g',
          '',
        ].join('\n'),
      ],
    },
  ],
});

/**
 * The whole engine, every rule: a scaled worker with no limit at all is compose/missing-resource-limits'
 * finding, and this rule's only where that one does not report (meta.supersededBy, lint.ts).
 */
const SCALED = `services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n`;
const ids = (text: string, options: Omit<Parameters<typeof lint>[1], 'uri'> = {}) =>
  lint(text, { uri: 'file:///w/compose.yaml', ...options })
    .findings.filter((f) => f.ruleId === 'polarway/unbounded-worker' || f.ruleId === 'compose/missing-resource-limits')
    .map((f) => `${f.ruleId}@${f.range.start}`);

test('with compose/missing-resource-limits on (any severity), only it reports the scaled worker', () => {
  assert.deepEqual(ids(SCALED), ['compose/missing-resource-limits@12']);
  assert.deepEqual(ids(SCALED, { config: mergeConfig({ rules: { 'compose/missing-resource-limits': 'hint' } }) }), [
    'compose/missing-resource-limits@12',
  ]);
});

test('with compose/missing-resource-limits off, this rule reports the scaled worker', () => {
  assert.deepEqual(ids(SCALED, { config: mergeConfig({ rules: { 'compose/missing-resource-limits': 'off' } }) }), [
    'polarway/unbounded-worker@12',
  ]);
});

test('a comment that silences compose/missing-resource-limits on the worker leaves nothing, as before supersededBy', () => {
  assert.deepEqual(
    ids(
      `services:\n  # scalewise-disable-next-line compose/missing-resource-limits\n  worker:\n    image: ${IMAGE}\n    scale: 3\n`,
    ),
    [],
  );
});

test('a cpus limit without memory: compose/missing-resource-limits is satisfied, this rule reports', () => {
  assert.deepEqual(ids(`services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n    cpus: "1"\n`), [
    'polarway/unbounded-worker@12',
  ]);
});

// These two changed with supersededBy: before, the rule stayed silent because the other rule was
// not off in the config, though that rule did not run (--rule) or did not report (an overlay).
test('--rule polarway/unbounded-worker alone reports the scaled worker (the other rule does not run)', () => {
  assert.deepEqual(ids(SCALED, { only: ['polarway/unbounded-worker'], onlyEnables: true }), [
    'polarway/unbounded-worker@12',
  ]);
});

test('a scaled overlay worker (no image, no build) that compose/missing-resource-limits leaves alone is reported here', () => {
  assert.deepEqual(
    ids('services:\n  worker:\n    environment: [POLARWAY_BIND_ADDRESS=0.0.0.0:50052]\n    scale: 3\n'),
    ['polarway/unbounded-worker@12'],
  );
});
