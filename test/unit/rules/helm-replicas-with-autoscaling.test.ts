import rule from '../../../server/src/engine/rules/helm-replicas-with-autoscaling';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'merge key: autoscaling merged in, but turned off in the block itself',
      code: yaml`
      api:
        autoscaling: &as
          enabled: true
      web:
        replicaCount: 3
        autoscaling:
          <<: *as
          enabled: false
    `,
    },
    {
      name: 'values.yaml without a Chart.yaml beside it is not linted',
      exists: () => false,
      kind: 'none',
      code: 'replicaCount: 3\nautoscaling:\n  enabled: true\n',
    },
    {
      name: 'autoscaling without replicaCount',
      code: 'autoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 10\n',
    },
    { name: 'replicaCount with autoscaling off', code: 'replicaCount: 3\nautoscaling:\n  enabled: false\n' },
    { name: 'replicaCount without autoscaling', code: 'replicaCount: 3\nimage:\n  repository: nginx\n' },
    {
      name: 'enabled as the string "true" is not a boolean',
      code: 'replicaCount: 3\nautoscaling:\n  enabled: "true"\n',
    },
    { name: 'enabled: no is false for Helm (YAML 1.1)', code: 'replicaCount: 3\nautoscaling:\n  enabled: no\n' },
    {
      name: 'replicaCount and autoscaling in different sub-charts',
      code: 'api:\n  replicaCount: 3\nworker:\n  autoscaling:\n    enabled: true\n',
    },
  ],
  invalid: [
    {
      name: 'merge key: autoscaling.enabled merged from another block (<<: *autoscaling)',
      code: yaml`
        api:
          autoscaling: &autoscaling
            enabled: true
            maxReplicas: 8
        web:
          replicaCount: 3
          autoscaling:
            <<: *autoscaling
            maxReplicas: 4
      `,
      errors: [{ messageId: 'both', line: 6, column: 3, data: { where: 'web.', count: '3' } }],
      output: null,
      suggestions: [
        yaml`
        api:
          autoscaling: &autoscaling
            enabled: true
            maxReplicas: 8
        web:
          autoscaling:
            <<: *autoscaling
            maxReplicas: 4
      `,
      ],
    },
    {
      name: 'top level',
      code: 'replicaCount: 3\nautoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 10\n',
      errors: [{ messageId: 'both', line: 1, column: 1, endLine: 1, endColumn: 13, data: { where: '', count: '3' } }],
      output: null,
      suggestions: ['autoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 10\n'],
    },
    {
      name: 'nested sub-chart values, with the sub-chart named in the message',
      code: yaml`
        global:
          imageRegistry: docker.io
        web:
          # keep three during the migration
          replicaCount: 3
          # the HPA takes over later
          autoscaling:
            enabled: true
            maxReplicas: 8
        worker:
          replicaCount: 2
      `,
      errors: [{ messageId: 'both', line: 5, column: 3, data: { where: 'web.', count: '3' } }],
      output: null,
      suggestions: [
        yaml`
          global:
            imageRegistry: docker.io
          web:
            # keep three during the migration
            # the HPA takes over later
            autoscaling:
              enabled: true
              maxReplicas: 8
          worker:
            replicaCount: 2
        `,
      ],
    },
    {
      name: 'two levels deep, and autoscaling written before replicaCount',
      code: 'platform:\n  frontend:\n    autoscaling: {enabled: true}\n    replicaCount: 4 # fixed\n    image: web\n',
      errors: [{ messageId: 'both', line: 4, column: 5, data: { where: 'platform.frontend.', count: '4' } }],
      output: null,
      suggestions: ['platform:\n  frontend:\n    autoscaling: {enabled: true}\n    image: web\n'],
    },
    {
      name: 'flow map: the pair and its comma go',
      code: 'web: {replicaCount: 2, autoscaling: {enabled: true}}\n',
      errors: [{ messageId: 'both', line: 1, column: 7, data: { where: 'web.', count: '2' } }],
      output: null,
      suggestions: ['web: {autoscaling: {enabled: true}}\n'],
    },
    {
      name: 'top level and a sub-chart: one finding each',
      code: 'replicaCount: 1\nautoscaling:\n  enabled: true\ncache:\n  replicaCount: 2\n  autoscaling:\n    enabled: true\n',
      errors: [
        { messageId: 'both', line: 1, column: 1, data: { where: '', count: '1' } },
        { messageId: 'both', line: 5, column: 3, data: { where: 'cache.', count: '2' } },
      ],
      output: null,
      suggestions: ['autoscaling:\n  enabled: true\ncache:\n  replicaCount: 2\n  autoscaling:\n    enabled: true\n'],
    },
    {
      name: 'enabled: yes is true for Helm (YAML 1.1)',
      code: 'replicaCount: 2\nautoscaling:\n  enabled: yes\n',
      errors: [{ messageId: 'both', line: 1, column: 1, data: { where: '', count: '2' } }],
      output: null,
      suggestions: ['autoscaling:\n  enabled: yes\n'],
    },
    {
      name: 'enabled: On in a flow map, inside a list of components',
      code: 'components:\n  - name: api\n    replicaCount: 3\n    autoscaling: {enabled: On, maxReplicas: 5}\n',
      errors: [{ messageId: 'both', line: 3, column: 5, data: { where: 'components.0.', count: '3' } }],
      output: null,
      suggestions: ['components:\n  - name: api\n    autoscaling: {enabled: On, maxReplicas: 5}\n'],
      suggestionsResolve: true,
    },
    {
      name: 'three levels of sub-charts',
      code: 'platform:\n  runai:\n    control-plane:\n      backend:\n        replicaCount: 2\n        autoscaling:\n          enabled: true\n',
      errors: [
        { messageId: 'both', line: 5, column: 9, data: { where: 'platform.runai.control-plane.backend.', count: '2' } },
      ],
      output: null,
      suggestions: [
        'platform:\n  runai:\n    control-plane:\n      backend:\n        autoscaling:\n          enabled: true\n',
      ],
    },
    {
      name: 'a values file outside a chart, named by its modeline',
      exists: () => false,
      file: 'values-prod.yaml',
      code: '# scalewise: kind=helm-values\nreplicaCount: 2\nautoscaling:\n  enabled: true\n',
      errors: [{ messageId: 'both', line: 2, column: 1, data: { where: '', count: '2' } }],
      output: null,
      suggestions: ['# scalewise: kind=helm-values\nautoscaling:\n  enabled: true\n'],
    },
  ],
});
