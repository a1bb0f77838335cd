import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/prometheus-queue-config';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const PROM = yaml`
  global:
    scrape_interval: 30s
  remote_write:
    - url: https://metrics.example.invalid/api/v1/write
      queue_config:
        min_shards: 20
        max_shards: 10
`;

const OPERATOR = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: Prometheus
  metadata:
    name: k8s
  spec:
    remoteWrite:
      - url: https://metrics.example.invalid/api/v1/write
        queueConfig:
          capacity: 500
          maxSamplesPerSend: 1000
`;

ruleTester(rule, {
  valid: [
    {
      name: 'Prometheus defaults written out',
      code: [
        'remote_write:',
        '  - url: https://m.invalid/w',
        '    queue_config:',
        '      min_shards: 1',
        '      max_shards: 50',
        '      capacity: 10000',
        '      max_samples_per_send: 2000',
        '',
      ].join('\n'),
    },
    {
      name: 'no queue_config: the defaults agree with each other',
      code: 'remote_write:\n  - url: https://m.invalid/w\nscrape_configs: []\n',
    },
    {
      name: 'min_shards equal to max_shards',
      code: 'remote_write:\n  - url: https://m.invalid/w\n    queue_config: {min_shards: 8, max_shards: 8}\n',
    },
    {
      name: 'min_shards 50 against the default max_shards of 50',
      code: 'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      min_shards: 50\n',
    },
    {
      name: 'capacity exactly 3 × and 10 ×',
      code: [
        'remote_write:',
        '  - url: https://a.invalid/w',
        '    queue_config: {capacity: 3000, max_samples_per_send: 1000}',
        '  - url: https://b.invalid/w',
        '    queue_config: {capacity: 10000, max_samples_per_send: 1000}',
        '',
      ].join('\n'),
    },
    {
      name: 'a non-positive max_shards is another Prometheus error, not this one',
      code: 'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      min_shards: 5\n      max_shards: 0\n',
    },
    {
      name: 'a Prometheus Operator resource with the camelCase fields, well sized',
      kind: 'kubernetes',
      code: OPERATOR.replace('capacity: 500', 'capacity: 5000'),
    },
    {
      name: "snake_case keys in an Operator resource are not the Operator's fields",
      kind: 'kubernetes',
      code: OPERATOR.replace('queueConfig:', 'queue_config:'),
    },
    {
      name: 'a ConfigMap is not a Prometheus resource',
      kind: 'kubernetes',
      file: 'manifest.yaml',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nspec:\n  remoteWrite:\n    - queueConfig: {minShards: 9, maxShards: 1}\n',
    },
    {
      name: "RunaiConfig with Run:ai's documented queue (5 ×)",
      file: 'runai-config.yaml',
      code: [
        'apiVersion: run.ai/v1',
        'kind: RunaiConfig',
        'metadata:',
        '  name: runai',
        'spec:',
        '  prometheus:',
        '    remoteWrite:',
        '      queueConfig:',
        '        capacity: 5000',
        '        maxSamplesPerSend: 1000',
        '        maxShards: 100',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'min_shards above max_shards: an error on min_shards, with the Prometheus error text',
      code: PROM,
      errors: [
        {
          messageId: 'minAboveMax',
          line: 6,
          column: 19,
          endLine: 6,
          endColumn: 21,
          severity: 'error',
          data: { minKey: 'min_shards', min: 20, maxKey: 'max_shards', max: 10, maxNote: '' },
        },
      ],
      suggestions: [PROM.replace('min_shards: 20', 'min_shards: 10')],
      suggestionsResolve: true,
    },
    {
      name: 'min_shards above the default max_shards (50)',
      code: 'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      min_shards: 60\n',
      errors: [
        {
          messageId: 'minAboveMax',
          line: 4,
          column: 19,
          data: { minKey: 'min_shards', min: 60, maxKey: 'max_shards', max: 50, maxNote: ' (the default)' },
        },
      ],
      suggestions: ['remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      min_shards: 50\n'],
    },
    {
      name: 'capacity below max_samples_per_send: a warning on capacity, raised to 3 × by the suggestion',
      code: 'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      capacity: 2000 # per shard\n      max_samples_per_send: 5000\n',
      errors: [
        {
          messageId: 'capacityBelowBatch',
          line: 4,
          column: 17,
          severity: 'warning',
          data: {
            capKey: 'capacity',
            cap: 2000,
            capNote: '',
            sendKey: 'max_samples_per_send',
            send: 5000,
            sendNote: '',
            low: 15000,
            high: 50000,
          },
        },
      ],
      suggestions: [
        'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      capacity: 15000 # per shard\n      max_samples_per_send: 5000\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'max_samples_per_send above the default capacity: reported on max_samples_per_send, capacity inserted',
      code: 'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      max_samples_per_send: 20000\n      max_shards: 10\n',
      errors: [
        {
          messageId: 'capacityBelowBatch',
          line: 4,
          column: 29,
          data: {
            capKey: 'capacity',
            cap: 10000,
            capNote: ' (the default)',
            sendKey: 'max_samples_per_send',
            send: 20000,
            sendNote: '',
            low: 60000,
            high: 200000,
          },
        },
      ],
      suggestions: [
        'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      capacity: 60000\n      max_samples_per_send: 20000\n      max_shards: 10\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'flow style: the inserted capacity stays in the flow map',
      code: 'remote_write:\n  - url: https://m.invalid/w\n    queue_config: {max_samples_per_send: 12000}\n',
      errors: [{ messageId: 'capacityBelowBatch', line: 3, column: 42 }],
      suggestions: [
        'remote_write:\n  - url: https://m.invalid/w\n    queue_config: {capacity: 36000, max_samples_per_send: 12000}\n',
      ],
    },
    {
      name: 'capacity between 1 × and 3 ×, and above 10 ×: hints without a fix',
      code: [
        'remote_write:',
        '  - url: https://a.invalid/w',
        '    queue_config: {capacity: 2500, max_samples_per_send: 2000}',
        '  - url: https://b.invalid/w',
        '    queue_config: {capacity: 50000, max_samples_per_send: 1000}',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'capacityRatio',
          line: 3,
          column: 30,
          severity: 'hint',
          data: {
            capKey: 'capacity',
            cap: 2500,
            capNote: '',
            sendKey: 'max_samples_per_send',
            send: 2000,
            sendNote: '',
            low: 6000,
            high: 20000,
            ratio: '1.3',
          },
        },
        {
          messageId: 'capacityRatio',
          line: 5,
          column: 30,
          severity: 'hint',
          data: {
            capKey: 'capacity',
            cap: 50000,
            capNote: '',
            sendKey: 'max_samples_per_send',
            send: 1000,
            sendNote: '',
            low: 3000,
            high: 10000,
            ratio: 50,
          },
        },
      ],
    },
    {
      name: 'Prometheus Operator: camelCase names in the message and the fix',
      kind: 'kubernetes',
      code: OPERATOR,
      errors: [
        {
          messageId: 'capacityBelowBatch',
          line: 9,
          column: 19,
          data: {
            capKey: 'capacity',
            cap: 500,
            capNote: '',
            sendKey: 'maxSamplesPerSend',
            send: 1000,
            sendNote: '',
            low: 3000,
            high: 10000,
          },
        },
      ],
      suggestions: [OPERATOR.replace('capacity: 500', 'capacity: 3000')],
    },
    {
      name: 'PrometheusAgent (v1alpha1) is read too',
      kind: 'kubernetes',
      code: [
        'apiVersion: monitoring.coreos.com/v1alpha1',
        'kind: PrometheusAgent',
        'metadata:',
        '  name: a',
        'spec:',
        '  remoteWrite:',
        '    - url: https://m.invalid/w',
        '      queueConfig: {minShards: 4, maxShards: 2}',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'minAboveMax',
          line: 8,
          column: 32,
          data: { minKey: 'minShards', min: 4, maxKey: 'maxShards', max: 2, maxNote: '' },
        },
      ],
      suggestions: [
        [
          'apiVersion: monitoring.coreos.com/v1alpha1',
          'kind: PrometheusAgent',
          'metadata:',
          '  name: a',
          'spec:',
          '  remoteWrite:',
          '    - url: https://m.invalid/w',
          '      queueConfig: {minShards: 2, maxShards: 2}',
          '',
        ].join('\n'),
      ],
    },
    {
      name: 'RunaiConfig queueConfig',
      file: 'runai-config.yaml',
      code: [
        'apiVersion: run.ai/v1',
        'kind: RunaiConfig',
        'metadata:',
        '  name: runai',
        'spec:',
        '  prometheus:',
        '    remoteWrite:',
        '      queueConfig:',
        '        capacity: 500',
        '        maxSamplesPerSend: 1000',
        '        maxShards: 100',
        '',
      ].join('\n'),
      errors: [{ messageId: 'capacityBelowBatch', line: 9, column: 19 }],
      suggestions: [
        [
          'apiVersion: run.ai/v1',
          'kind: RunaiConfig',
          'metadata:',
          '  name: runai',
          'spec:',
          '  prometheus:',
          '    remoteWrite:',
          '      queueConfig:',
          '        capacity: 3000',
          '        maxSamplesPerSend: 1000',
          '        maxShards: 100',
          '',
        ].join('\n'),
      ],
    },
  ],
});

test('detection: prometheus*.yml with remote_write or scrape_configs is a Prometheus config; other names and shapes are not', () => {
  const kind = (uri: string, text: string) => lint(text, { uri }).kind;
  assert.equal(kind('/m/prometheus.yml', 'scrape_configs: []\n'), 'prometheus');
  assert.equal(kind('/m/prometheus-agent.yaml', 'remote_write:\n  - url: https://m.invalid/w\n'), 'prometheus');
  assert.equal(kind('/m/prometheus.yml', 'groups: []\n'), 'none', 'a rules file is not a server config');
  assert.equal(kind('/m/config.yml', 'scrape_configs: []\n'), 'none', 'only prometheus*.yml names');
  assert.equal(
    kind('/m/prometheus.yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s}\n'),
    'kubernetes',
  );
});

test('hover: the queue config shows its worst-case memory, with the defaults marked', () => {
  const text =
    'remote_write:\n  - url: https://m.invalid/w\n    queue_config:\n      max_shards: 100\n      capacity: 5000\n';
  const result = lint(text, { uri: 'prometheus.yml' });
  const hint = result.hints.find((h) => h.detail?.includes('Remote-write queue memory'));
  assert.ok(hint, 'a hint with a hover detail');
  assert.equal(hint.lens, false);
  assert.equal(text.slice(hint.range.start, hint.range.start + 'queue_config'.length), 'queue_config');
  // 100 × (5,000 + 2,000 default) = 700,000 samples × 2 MB / 12,000 ≈ 117 MB
  assert.match(hint.detail!, /100 × \(5,000 \+ 2,000 \*\(Prometheus default\)\*\) = \*\*700,000 samples\*\*/);
  assert.match(hint.detail!, /about \*\*117 MB\*\*/);
  assert.match(hint.detail!, /prometheus\.io\/docs\/practices\/remote_write/);
  assert.match(hint.title, /700,000 pending samples/);
});
