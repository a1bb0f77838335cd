import rule from '../../../server/src/engine/rules/k8s-missing-requests';
import { ruleTester } from '../../helpers/rule-tester';

const HEAD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n';

ruleTester(rule, {
  valid: [
    {
      name: 'merge key: a container that merges its resources from another (<<: *web)',
      code: `${HEAD}        - &web\n          name: web\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n        - <<: *web\n          name: sidecar\n`,
    },
    { name: 'requests for both', code: `${HEAD}        - name: web\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n` },
    { name: 'limits only: Kubernetes copies them into the requests', code: `${HEAD}        - name: web\n          resources:\n            limits: {cpu: 1, memory: 1Gi}\n` },
    { name: 'a Service has no containers', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n' },
  ],
  invalid: [
    {
      name: 'no resources at all: resources and requests are inserted',
      code: `${HEAD}        - name: web\n          image: nginx\n`,
      errors: [{ messageId: 'missing', line: 9, column: 17, endLine: 9, endColumn: 20, data: { container: 'web', list: 'containers', kind: 'Deployment', workload: 'web', what: 'CPU or memory' } }],
      output: null,
      suggestions: [`${HEAD}        - name: web\n          image: nginx\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n`],
      suggestionsResolve: true,
    },
    {
      name: 'requests.memory only: the CPU request is added beside the existing requests',
      code: `${HEAD}        - name: web\n          resources:\n            requests:\n              memory: 256Mi # measured\n`,
      errors: [{ messageId: 'missing', line: 10, column: 11, data: { container: 'web', list: 'containers', kind: 'Deployment', workload: 'web', what: 'CPU' } }],
      output: null,
      suggestions: [`${HEAD}        - name: web\n          resources:\n            requests:\n              memory: 256Mi # measured\n              cpu: 100m\n`],
      suggestionsResolve: true,
    },
    {
      name: 'flow-style resources with limits.cpu: memory request added in flow style',
      code: `${HEAD}        - name: web\n          resources: {limits: {cpu: 500m}}\n`,
      errors: [{ messageId: 'missing', line: 10, column: 11, data: { container: 'web', list: 'containers', kind: 'Deployment', workload: 'web', what: 'memory' } }],
      output: null,
      suggestions: [`${HEAD}        - name: web\n          resources: {limits: {cpu: 500m}, requests: {memory: 128Mi}}\n`],
      suggestionsResolve: true,
    },
    {
      name: 'resources: {} and an init container of a CronJob',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers:\n            - name: wait\n              resources: {}\n          containers:\n            - name: dump\n              resources:\n                requests: {cpu: 1, memory: 1Gi}\n',
      errors: [{ messageId: 'missing', line: 12, column: 15, data: { container: 'wait', list: 'initContainers', kind: 'CronJob', workload: 'backup', what: 'CPU or memory' } }],
      output: null,
      suggestions: ['apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers:\n            - name: wait\n              resources: {requests: {cpu: 100m, memory: 128Mi}}\n          containers:\n            - name: dump\n              resources:\n                requests: {cpu: 1, memory: 1Gi}\n'],
    },
    {
      name: 'a Pod, one finding per container',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n    - name: b\n      resources:\n        requests: {cpu: 10m}\n',
      errors: [
        { messageId: 'missing', line: 7, column: 13, data: { container: 'a', list: 'containers', kind: 'Pod', workload: 'p', what: 'CPU or memory' } },
        { messageId: 'missing', line: 9, column: 7, data: { container: 'b', list: 'containers', kind: 'Pod', workload: 'p', what: 'memory' } },
      ],
      output: null,
      suggestions: ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n    - name: b\n      resources:\n        requests: {cpu: 10m}\n'],
    },
  ],
});
