import rule from '../../../server/src/engine/rules/helm-requests-exceed-limits';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'request below the limit',
      code: 'resources:\n  requests: {cpu: 500m, memory: 1Gi}\n  limits: {cpu: 1, memory: 1Gi}\n',
    },
    { name: 'no limits', code: 'worker:\n  resources:\n    requests: {cpu: 4}\n' },
  ],
  invalid: [
    {
      name: 'thanos.receive: cpu request 2 above 1500m',
      code: 'thanos:\n  receive:\n    resources:\n      requests:\n        cpu: 2\n      limits:\n        cpu: 1500m\n',
      errors: [
        {
          messageId: 'exceeds',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 15,
          data: { path: 'thanos.receive.resources.requests.cpu', request: '2', resource: 'cpu', limit: '1500m' },
        },
      ],
      output: null,
      suggestions: [
        'thanos:\n  receive:\n    resources:\n      requests:\n        cpu: 1500m\n      limits:\n        cpu: 1500m\n',
        'thanos:\n  receive:\n    resources:\n      requests:\n        cpu: 2\n      limits:\n        cpu: 2\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'a GPU request of 1 with a limit of 2',
      code: 'trainer:\n  resources:\n    requests: {nvidia.com/gpu: 1}\n    limits: {nvidia.com/gpu: 2}\n',
      errors: [
        {
          messageId: 'notEqual',
          line: 3,
          column: 32,
          data: {
            path: 'trainer.resources.requests.nvidia.com/gpu',
            request: '1',
            resource: 'nvidia.com/gpu',
            limit: '2',
          },
        },
      ],
      output: null,
      suggestions: [
        'trainer:\n  resources:\n    requests: {nvidia.com/gpu: 2}\n    limits: {nvidia.com/gpu: 2}\n',
        'trainer:\n  resources:\n    requests: {nvidia.com/gpu: 1}\n    limits: {nvidia.com/gpu: 1}\n',
      ],
    },
  ],
});
