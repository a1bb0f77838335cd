import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, mergeConfig } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/runai-service-group-undersized';
import { ruleTester, yaml } from '../../helpers/rule-tester';
import { paragraph } from '../../../server/src/engine/template-text';

const HEAD = 'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n';
const LARGE_OK = '      resources:\n        requests: {cpu: 1, memory: 1Gi}\n        limits: {cpu: 2, memory: 2Gi}\n';
/** Both groups sized as run-ai/docs recommends for large clusters (1 CPU / 1Gi requests). */
const SIZED = `${HEAD}    schedulingServices:\n${LARGE_OK}    syncServices:\n${LARGE_OK}`;
/** Scheduling services also meet the newer NVIDIA table's medium row (2 CPU / 2GB requests). */
const BOTH_OK = '      resources:\n        requests: {cpu: 2, memory: 2Gi}\n        limits: {cpu: 2, memory: 2Gi}\n';
const SIZED_BOTH = `${HEAD}    schedulingServices:\n${BOTH_OK}    syncServices:\n${LARGE_OK}`;

const UNDERSIZED = yaml`
  apiVersion: run.ai/v1
  kind: RunaiConfig
  metadata:
    name: runai
  spec:
    global:
      schedulingServices:
        resources:
          requests:
            cpu: 100m
            memory: 512Mi
          limits:
            cpu: 1
            memory: 1Gi
      syncServices:
        resources:
          requests: {cpu: 1, memory: 1Gi}
          limits: {cpu: 2, memory: 2Gi}
`;

const nodes150 = { cluster: { nodes: 150 } };
const expected = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } };

ruleTester(rule, {
  valid: [
    { name: 'undersized, but no cluster size is configured: silent', code: UNDERSIZED },
    { name: 'undersized on 1,499 GPUs', config: { cluster: { gpus: 1499 } }, code: UNDERSIZED },
    { name: 'sized as both doc generations recommend for 150 nodes', config: nodes150, code: SIZED_BOTH },
    {
      name: 'large by GPUs alone (no node count): only the old guide applies',
      config: { cluster: { gpus: 1500 } },
      code: SIZED,
    },
    {
      name: 'more than recommended, in other units',
      config: nodes150,
      code: SIZED_BOTH.replace('{cpu: 2, memory: 2Gi}', '{cpu: "2500m", memory: 4096Mi}').replace(
        '{cpu: 1, memory: 1Gi}',
        '{cpu: 1.5, memory: "1.5Gi"}',
      ),
    },
    {
      name: "a malformed quantity is schema/mismatch's concern",
      config: nodes150,
      code: SIZED_BOTH.replace('memory: 1Gi}', 'memory: lots}'),
    },
    {
      name: 'below 30 nodes nothing is asked',
      config: { cluster: { nodes: 29 } },
      code: `${HEAD}    schedulingServices:\n      resources: {}\n`,
    },
    {
      name: '30 nodes: the small row (1 CPU / 1GB requests), met with 1Gi',
      config: { cluster: { nodes: 30 } },
      code: `${HEAD}    schedulingServices:\n      resources:\n        requests: {cpu: 1, memory: 1Gi}\n`,
    },
    {
      name: '500 nodes: 7G requests and limits for scheduling, 1 CPU / 1G for workload services',
      config: { cluster: { nodes: 500 } },
      code: [
        `${HEAD}    schedulingServices:`,
        '      resources:',
        '        requests: {cpu: 2, memory: 7Gi}',
        '        limits: {cpu: 2, memory: 8Gi}',
        '    syncServices:',
        `${LARGE_OK}    workloadServices:`,
        '      resources:',
        '        requests: {cpu: 1, memory: 1Gi}',
        '',
      ].join('\n'),
    },
    {
      name: 'not a RunaiConfig document',
      kind: 'kubernetes',
      config: nodes150,
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    },
  ],
  invalid: [
    {
      name: "undersized on 99 nodes: below the old guide's large mark, but the newer table's small row asks 1 CPU / 1GB requests (hints)",
      config: { cluster: { nodes: 99 } },
      code: UNDERSIZED,
      errors: [
        {
          messageId: 'belowNewer',
          line: 10,
          column: 16,
          severity: 'hint',
          data: {
            group: 'schedulingServices',
            field: 'requests.cpu',
            actual: '100m',
            expected: '1',
            size: '99 nodes',
            tier: 'small',
            tierSize: '30 nodes / 480 workloads',
          },
        },
        {
          messageId: 'belowNewer',
          line: 11,
          column: 19,
          severity: 'hint',
          data: {
            group: 'schedulingServices',
            field: 'requests.memory',
            actual: '512Mi',
            expected: '1G',
            size: '99 nodes',
            tier: 'small',
            tierSize: '30 nodes / 480 workloads',
          },
        },
      ],
    },
    {
      name: "old-guide sizing on 150 nodes: the newer table's medium row (2 CPU / 2GB requests) gives hints",
      config: nodes150,
      code: SIZED,
      errors: [
        {
          messageId: 'belowNewer',
          line: 9,
          column: 25,
          severity: 'hint',
          data: {
            group: 'schedulingServices',
            field: 'requests.cpu',
            actual: '1',
            expected: '2',
            size: '150 nodes',
            tier: 'medium',
            tierSize: '100 nodes / 1,600 workloads',
          },
        },
        {
          messageId: 'belowNewer',
          line: 9,
          column: 36,
          severity: 'hint',
          data: {
            group: 'schedulingServices',
            field: 'requests.memory',
            actual: '1Gi',
            expected: '2G',
            size: '150 nodes',
            tier: 'medium',
            tierSize: '100 nodes / 1,600 workloads',
          },
        },
      ],
    },
    {
      name: "500 nodes: the old 2Gi limit is below the table's 7GB request; workload services need requests (hints)",
      config: { cluster: { nodes: 500 } },
      code: [
        `${HEAD}    schedulingServices:`,
        '      resources:',
        '        requests: {cpu: 2, memory: 7G}',
        '        limits: {cpu: 2, memory: 2Gi}',
        '    syncServices:',
        `${LARGE_OK}    workloadServices:`,
        '      resources: {}',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'belowNewer',
          line: 10,
          column: 34,
          severity: 'hint',
          data: {
            group: 'schedulingServices',
            field: 'limits.memory',
            actual: '2Gi',
            expected: '7G',
            size: '500 nodes',
            tier: 'large',
            tierSize: '500 nodes / 8,500 workloads',
          },
        },
        {
          messageId: 'missingNewer',
          line: 15,
          column: 5,
          severity: 'hint',
          data: {
            group: 'workloadServices',
            field: 'requests',
            expected: 'requests 1 CPU / 1G',
            size: '500 nodes',
            tier: 'large',
            tierSize: '500 nodes / 8,500 workloads',
          },
        },
      ],
    },
    {
      name: '40 nodes, scheduling resources missing: a hint (only the newer table asks)',
      config: { cluster: { nodes: 40 } },
      code: `${HEAD}    schedulingServices:\n      resources: {}\n`,
      errors: [
        {
          messageId: 'missingNewer',
          line: 7,
          column: 5,
          severity: 'hint',
          data: {
            group: 'schedulingServices',
            field: 'requests',
            expected: 'requests 1 CPU / 1G',
            size: '40 nodes',
            tier: 'small',
            tierSize: '30 nodes / 480 workloads',
          },
        },
      ],
    },
    {
      name: 'a counted node number says where it came from in the lens, not in the message',
      config: { cluster: { nodes: 150, nodesSource: 'counted in context prod' } },
      code: SIZED_BOTH.replace('requests: {cpu: 1, memory: 1Gi}', 'requests: {cpu: 1, memory: 512Mi}'),
      errors: [
        {
          messageId: 'below',
          line: 13,
          column: 36,
          data: {
            group: 'syncServices',
            field: 'requests.memory',
            actual: '512Mi',
            expected: '1Gi',
            size: '150 nodes',
          },
        },
      ],
    },
    {
      name: 'undersized scheduling services on 150 nodes: one finding per value, on the value',
      config: nodes150,
      code: UNDERSIZED,
      errors: [
        {
          messageId: 'below',
          line: 10,
          column: 16,
          endLine: 10,
          endColumn: 20,
          data: {
            group: 'schedulingServices',
            field: 'requests.cpu',
            actual: '100m',
            expected: expected.requests.cpu,
            size: '150 nodes',
          },
        },
        {
          messageId: 'below',
          line: 11,
          column: 19,
          data: {
            group: 'schedulingServices',
            field: 'requests.memory',
            actual: '512Mi',
            expected: expected.requests.memory,
            size: '150 nodes',
          },
        },
        {
          messageId: 'below',
          line: 13,
          column: 16,
          data: {
            group: 'schedulingServices',
            field: 'limits.cpu',
            actual: '1',
            expected: expected.limits.cpu,
            size: '150 nodes',
          },
        },
        {
          messageId: 'below',
          line: 14,
          column: 19,
          data: {
            group: 'schedulingServices',
            field: 'limits.memory',
            actual: '1Gi',
            expected: expected.limits.memory,
            size: '150 nodes',
          },
        },
      ],
    },
    {
      name: 'the GPU count alone makes a cluster large (1,500 GPUs)',
      config: { cluster: { gpus: 1500 } },
      code: SIZED.replace('requests: {cpu: 1,', 'requests: {cpu: 900m,'),
      errors: [
        {
          messageId: 'below',
          line: 9,
          column: 25,
          data: {
            group: 'schedulingServices',
            field: 'requests.cpu',
            actual: '900m',
            expected: '1',
            size: '1500 GPUs',
          },
        },
      ],
    },
    {
      name: 'nodes and GPUs both named',
      config: { cluster: { nodes: 100, gpus: 8 } },
      code: SIZED_BOTH.replace('limits: {cpu: 2, memory: 2Gi}', 'limits: {cpu: 2, memory: 2000Mi}'),
      errors: [
        {
          messageId: 'below',
          line: 10,
          column: 34,
          data: {
            group: 'schedulingServices',
            field: 'limits.memory',
            actual: '2000Mi',
            expected: '2Gi',
            size: '100 nodes and 8 GPUs',
          },
        },
      ],
    },
    {
      name: 'groups without resources, and a group that is missing, are reported on their keys',
      config: nodes150,
      code: `${HEAD}    schedulingServices:\n      resources: {}\n    workloadServices:\n${LARGE_OK}`,
      errors: [
        {
          messageId: 'missing',
          line: 6,
          column: 3,
          data: {
            group: 'syncServices',
            field: 'requests and limits',
            expected: 'requests 1 CPU / 1Gi, limits 2 CPU / 2Gi',
            size: '150 nodes',
          },
        },
        {
          messageId: 'missing',
          line: 7,
          column: 5,
          data: {
            group: 'schedulingServices',
            field: 'requests and limits',
            expected: 'requests 1 CPU / 1Gi, limits 2 CPU / 2Gi',
            size: '150 nodes',
          },
        },
      ],
    },
    {
      name: 'one missing value is named',
      config: nodes150,
      code: SIZED_BOTH.replace('limits: {cpu: 2, memory: 2Gi}\n    syncServices', 'limits: {cpu: 2}\n    syncServices'),
      errors: [
        {
          messageId: 'missing',
          line: 7,
          column: 5,
          data: { group: 'schedulingServices', field: 'limits.memory', expected: '2Gi', size: '150 nodes' },
        },
      ],
    },
    {
      name: 'detected by apiVersion and kind under any file name',
      file: 'cluster/runai.yaml',
      config: nodes150,
      code: SIZED_BOTH.replace('limits: {cpu: 2, memory: 2Gi}\n', 'limits: {cpu: "1", memory: 2Gi}\n'),
      errors: [
        {
          messageId: 'below',
          line: 10,
          column: 23,
          data: { group: 'schedulingServices', field: 'limits.cpu', actual: '1', expected: '2', size: '150 nodes' },
        },
      ],
    },
  ],
});

test("the code lens names both doc generations' numbers and where a counted size came from", () => {
  const result = lint(SIZED_BOTH, {
    uri: 'runai-config.yaml',
    config: mergeConfig({ cluster: { nodes: 150, nodesSource: 'counted in context prod' } }),
    only: [rule.meta.id],
  });
  const titles = result.hints.map((h) => h.title);
  assert.deepEqual(titles, [
    paragraph(
      'Run:ai sizing for 150 nodes (counted in context prod): schedulingServices requests 2 CPU / 2G, limits',
      '2 CPU / 2Gi; syncServices requests 1 CPU / 1Gi, limits 2 CPU / 2Gi',
    ),
  ]);
  const none = lint(SIZED_BOTH, { uri: 'runai-config.yaml', only: [rule.meta.id] });
  assert.match(
    none.hints[0]!.title,
    /set cluster\.nodes or cluster\.gpus in \.scalewise\.yaml \(or turn on node counting\)/,
  );
});
