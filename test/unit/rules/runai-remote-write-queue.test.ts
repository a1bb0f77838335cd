import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { parsePromDuration } from '../../../server/src/engine/rules/runai-remote-write-queue';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const HEAD = 'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\n';
const DOCUMENTED = [
  `${HEAD}spec:`,
  '  prometheus:',
  '    remoteWrite:',
  '      queueConfig:',
  '        capacity: 5000',
  '        maxSamplesPerSend: 1000',
  '        maxShards: 100',
  '',
].join('\n');
const nodes150 = { cluster: { nodes: 150 } };
const size = '150 nodes';

const WITH_REMOTE_WRITE = yaml`
  apiVersion: run.ai/v1
  kind: RunaiConfig
  metadata:
    name: runai
  spec:
    prometheus:
      remoteWrite:
        # endpoint set by the installer
        url: https://runai.example.invalid/api/v1/receive
`;

ruleTester(rule, {
  valid: [
    { name: 'the documented queue on 150 nodes', config: nodes150, code: DOCUMENTED },
    { name: 'no queue on a 99-node cluster', config: { cluster: { nodes: 99 } }, code: `${HEAD}spec:\n  global: {}\n` },
    { name: 'no cluster size configured: silent', code: `${HEAD}spec:\n  global: {}\n` },
    {
      name: 'more than documented',
      config: nodes150,
      code: DOCUMENTED.replace('capacity: 5000', 'capacity: 10000').replace('maxShards: 100', 'maxShards: 200'),
    },
    {
      name: 'capacity and samples per send left to the Prometheus defaults (10000, 2000)',
      config: nodes150,
      code: `${HEAD}spec:\n  prometheus:\n    remoteWrite:\n      queueConfig:\n        maxShards: 100\n`,
    },
    {
      name: 'the list form under spec.prometheus.spec.remoteWrite is accepted',
      config: nodes150,
      code: [
        `${HEAD}spec:`,
        '  prometheus:',
        '    spec:',
        '      remoteWrite:',
        '        - url: https://x.invalid/w',
        '          queueConfig: {capacity: 5000, maxSamplesPerSend: 1000, maxShards: 100}',
        '',
      ].join('\n'),
    },
    {
      name: 'retention at the 2h default',
      config: nodes150,
      code: DOCUMENTED.replace('  prometheus:\n', '  prometheus:\n    spec:\n      retention: 2h\n'),
    },
  ],
  invalid: [
    {
      name: 'no prometheus block at all on 1,500 GPUs: reported on spec, the block inserted',
      config: { cluster: { gpus: 1500 } },
      code: `${HEAD}spec:\n  global:\n    replicaCount: 1\n`,
      errors: [{ messageId: 'missing', line: 5, column: 1, endLine: 5, endColumn: 5, data: { size: '1500 GPUs' } }],
      suggestions: [
        [
          `${HEAD}spec:`,
          '  prometheus:',
          '    remoteWrite:',
          '      queueConfig:',
          '        capacity: 5000',
          '        maxSamplesPerSend: 1000',
          '        maxShards: 100',
          '  global:',
          '    replicaCount: 1',
          '',
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'prometheus without remoteWrite: reported on prometheus',
      config: nodes150,
      code: `${HEAD}spec:\n  prometheus:\n    logLevel: info\n`,
      errors: [{ messageId: 'missing', line: 6, column: 3, data: { size } }],
      suggestions: [
        [
          `${HEAD}spec:`,
          '  prometheus:',
          '    remoteWrite:',
          '      queueConfig:',
          '        capacity: 5000',
          '        maxSamplesPerSend: 1000',
          '        maxShards: 100',
          '    logLevel: info',
          '',
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'remoteWrite without queueConfig: the block goes under remoteWrite, before its comment-led first key',
      config: nodes150,
      code: WITH_REMOTE_WRITE,
      errors: [{ messageId: 'missing', line: 7, column: 5, data: { size } }],
      suggestions: [
        WITH_REMOTE_WRITE.replace(
          '      url:',
          '      queueConfig:\n        capacity: 5000\n        maxSamplesPerSend: 1000\n        maxShards: 100\n      url:',
        ),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'no spec: reported on the document, nothing to insert into',
      config: nodes150,
      code: HEAD,
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { size } }],
      suggestions: [],
    },
    {
      name: 'values below the documented ones: one warning each, on the value',
      config: nodes150,
      code: DOCUMENTED.replace('capacity: 5000', 'capacity: 2500').replace('maxShards: 100', 'maxShards: 50'),
      errors: [
        { messageId: 'below', line: 9, column: 19, data: { field: 'capacity', actual: 2500, expected: 5000, size } },
        { messageId: 'below', line: 11, column: 20, data: { field: 'maxShards', actual: 50, expected: 100, size } },
      ],
      suggestions: [DOCUMENTED.replace('maxShards: 100', 'maxShards: 50')],
    },
    {
      name: "maxShards not written: Prometheus' 50 applies; the fix inserts it",
      config: nodes150,
      code: DOCUMENTED.replace('        maxShards: 100\n', ''),
      errors: [
        {
          messageId: 'missingField',
          line: 8,
          column: 7,
          data: { field: 'maxShards', actual: 50, expected: 100, size },
        },
      ],
      suggestions: [
        `${HEAD}spec:\n  prometheus:\n    remoteWrite:\n      queueConfig:\n        maxShards: 100\n        capacity: 5000\n        maxSamplesPerSend: 1000\n`,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'retention longer than the default next to the enlarged queue: a hint on the retention',
      config: nodes150,
      code: DOCUMENTED.replace('  prometheus:\n', '  prometheus:\n    spec:\n      retention: 1d\n'),
      errors: [{ messageId: 'retention', line: 8, column: 18, severity: 'hint', data: { actual: '1d' } }],
    },
  ],
});

test('Prometheus durations', () => {
  assert.equal(parsePromDuration('2h'), 7_200_000);
  assert.equal(parsePromDuration('1d12h'), 129_600_000);
  assert.equal(parsePromDuration('90m'), 5_400_000);
  assert.equal(parsePromDuration('500ms'), 500);
  assert.equal(parsePromDuration('2 hours'), undefined);
});
