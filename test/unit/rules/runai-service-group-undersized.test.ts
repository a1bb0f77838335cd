import rule from '../../../server/src/engine/rules/runai-service-group-undersized';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const HEAD = 'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n';
const LARGE_OK = '      resources:\n        requests: {cpu: 1, memory: 1Gi}\n        limits: {cpu: 2, memory: 2Gi}\n';
/** Both groups sized as Run:ai recommends for large clusters. */
const SIZED = `${HEAD}    schedulingServices:\n${LARGE_OK}    syncServices:\n${LARGE_OK}`;

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
    { name: 'undersized on a 99-node cluster (below the large-cluster mark)', config: { cluster: { nodes: 99 } }, code: UNDERSIZED },
    { name: 'undersized on 1,499 GPUs', config: { cluster: { gpus: 1499 } }, code: UNDERSIZED },
    { name: 'sized as recommended for 150 nodes', config: nodes150, code: SIZED },
    {
      name: 'more than recommended, in other units',
      config: nodes150,
      code: SIZED.replace('{cpu: 2, memory: 2Gi}', '{cpu: "2500m", memory: 4096Mi}').replace('{cpu: 1, memory: 1Gi}', '{cpu: 1.5, memory: "1.5Gi"}'),
    },
    { name: 'a malformed quantity is schema/mismatch\'s concern', config: nodes150, code: SIZED.replace('memory: 1Gi}', 'memory: lots}') },
    { name: 'not a RunaiConfig document', kind: 'kubernetes', config: nodes150, code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' },
  ],
  invalid: [
    {
      name: 'undersized scheduling services on 150 nodes: one finding per value, on the value',
      config: nodes150,
      code: UNDERSIZED,
      errors: [
        { messageId: 'below', line: 10, column: 16, endLine: 10, endColumn: 20, data: { group: 'schedulingServices', field: 'requests.cpu', actual: '100m', expected: expected.requests.cpu, size: '150 nodes' } },
        { messageId: 'below', line: 11, column: 19, data: { group: 'schedulingServices', field: 'requests.memory', actual: '512Mi', expected: expected.requests.memory, size: '150 nodes' } },
        { messageId: 'below', line: 13, column: 16, data: { group: 'schedulingServices', field: 'limits.cpu', actual: '1', expected: expected.limits.cpu, size: '150 nodes' } },
        { messageId: 'below', line: 14, column: 19, data: { group: 'schedulingServices', field: 'limits.memory', actual: '1Gi', expected: expected.limits.memory, size: '150 nodes' } },
      ],
    },
    {
      name: 'the GPU count alone makes a cluster large (1,500 GPUs)',
      config: { cluster: { gpus: 1500 } },
      code: SIZED.replace('requests: {cpu: 1,', 'requests: {cpu: 900m,'),
      errors: [{ messageId: 'below', line: 9, column: 25, data: { group: 'schedulingServices', field: 'requests.cpu', actual: '900m', expected: '1', size: '1500 GPUs' } }],
    },
    {
      name: 'nodes and GPUs both named',
      config: { cluster: { nodes: 100, gpus: 8 } },
      code: SIZED.replace('limits: {cpu: 2, memory: 2Gi}', 'limits: {cpu: 2, memory: 2000Mi}'),
      errors: [{ messageId: 'below', line: 10, column: 34, data: { group: 'schedulingServices', field: 'limits.memory', actual: '2000Mi', expected: '2Gi', size: '100 nodes and 8 GPUs' } }],
    },
    {
      name: 'groups without resources, and a group that is missing, are reported on their keys',
      config: nodes150,
      code: `${HEAD}    schedulingServices:\n      resources: {}\n    workloadServices:\n${LARGE_OK}`,
      errors: [
        { messageId: 'missing', line: 6, column: 3, data: { group: 'syncServices', field: 'requests and limits', expected: 'requests 1 CPU / 1Gi, limits 2 CPU / 2Gi', size: '150 nodes' } },
        { messageId: 'missing', line: 7, column: 5, data: { group: 'schedulingServices', field: 'requests and limits', expected: 'requests 1 CPU / 1Gi, limits 2 CPU / 2Gi', size: '150 nodes' } },
      ],
    },
    {
      name: 'one missing value is named',
      config: nodes150,
      code: SIZED.replace('limits: {cpu: 2, memory: 2Gi}\n    syncServices', 'limits: {cpu: 2}\n    syncServices'),
      errors: [{ messageId: 'missing', line: 7, column: 5, data: { group: 'schedulingServices', field: 'limits.memory', expected: '2Gi', size: '150 nodes' } }],
    },
    {
      name: 'detected by apiVersion and kind under any file name',
      file: 'cluster/runai.yaml',
      config: nodes150,
      code: SIZED.replace('{cpu: 2, memory: 2Gi}\n', '{cpu: "1", memory: 2Gi}\n'),
      errors: [{ messageId: 'below', line: 10, column: 23, data: { group: 'schedulingServices', field: 'limits.cpu', actual: '1', expected: '2', size: '150 nodes' } }],
    },
  ],
});
