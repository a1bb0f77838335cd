import rule from '../../../server/src/engine/rules/helm-invalid-quantity';
import { K8S_QUANTITY_FORMAT_ERROR } from '../../../server/src/engine/quantity/k8s-quantity';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

ruleTester(rule, {
  valid: [
    {
      name: 'valid quantities at the root and in a component',
      code: yaml`
      resources:
        requests: {cpu: 100m, memory: 128Mi}
      worker:
        resources:
          limits:
            cpu: 2
            memory: 4Gi
    `,
    },
    { name: 'empty resources', code: 'resources: {}\n' },
    { name: 'a memory value outside resources', code: 'cache:\n  memory: 1GB\n' },
  ],
  invalid: [
    {
      name: 'worker.resources.requests.memory: 2GB',
      code: 'worker:\n  replicaCount: 2\n  resources:\n    requests:\n      cpu: 500m\n      memory: 2GB # from the Compose file\n',
      errors: [
        {
          messageId: 'invalid',
          line: 6,
          column: 15,
          endLine: 6,
          endColumn: 18,
          data: { path: 'worker.resources.requests.memory', value: '2GB', error: K8S_QUANTITY_FORMAT_ERROR },
        },
      ],
      output: null,
      suggestions: [
        'worker:\n  replicaCount: 2\n  resources:\n    requests:\n      cpu: 500m\n      memory: 2G # from the Compose file\n',
        'worker:\n  replicaCount: 2\n  resources:\n    requests:\n      cpu: 500m\n      memory: 2Gi # from the Compose file\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'a sub-chart list item and a stray space',
      code: 'jobs:\n  - name: nightly\n    resources:\n      limits:\n        cpu: 1 500m\n',
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 14,
          data: { path: 'jobs.resources.limits.cpu', value: '1 500m', error: K8S_QUANTITY_FORMAT_ERROR },
        },
      ],
      output: null,
      suggestions: ['jobs:\n  - name: nightly\n    resources:\n      limits:\n        cpu: 1500m\n'],
    },
  ],
});
