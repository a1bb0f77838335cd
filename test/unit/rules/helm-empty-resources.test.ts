import rule from '../../../server/src/engine/rules/helm-empty-resources';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'the helm create default: one replica, no autoscaling',
      code: 'replicaCount: 1\nautoscaling:\n  enabled: false\nresources: {}\n',
    },
    { name: 'scaled, with requests', code: 'replicaCount: 3\nresources:\n  requests: {cpu: 100m, memory: 128Mi}\n' },
    { name: 'scaled, resources key absent (the chart may default it)', code: 'replicaCount: 3\n' },
    { name: 'resources without a workload block', code: 'sidecar:\n  resources: {}\n' },
  ],
  invalid: [
    {
      name: 'replicaCount: 3 with resources: {}',
      code: 'web:\n  replicaCount: 3\n  resources: {} # sized later\n',
      errors: [
        {
          messageId: 'empty',
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 12,
          data: { where: 'web.', why: 'replicaCount is 3', autoscaling: 'no' },
        },
      ],
      output: null,
      suggestions: ['web:\n  replicaCount: 3\n  resources: {requests: {cpu: 100m, memory: 128Mi}} # sized later\n'],
      suggestionsResolve: true,
    },
    {
      name: 'autoscaling enabled (YAML 1.1 "on") at the root, block-style empty map',
      code: 'autoscaling:\n  enabled: on\n  maxReplicas: 5\nresources:\n  {}\n',
      errors: [
        {
          messageId: 'empty',
          line: 4,
          column: 1,
          data: { where: '', why: 'autoscaling.enabled is true', autoscaling: 'yes' },
        },
      ],
      output: null,
      suggestions: [
        'autoscaling:\n  enabled: on\n  maxReplicas: 5\nresources:\n  {requests: {cpu: 100m, memory: 128Mi}}\n',
      ],
    },
  ],
});
