import rule from '../../../server/src/engine/rules/runai-grafana-min-replicas';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'minReplicas 2',
      code: 'control-plane:\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n',
    },
    { name: 'minReplicas 3', code: 'control-plane:\n  grafana:\n    autoscaling: {enabled: true, minReplicas: 3}\n' },
    {
      name: 'Grafana autoscaling off: runai/control-plane-autoscaling says so',
      code: yaml`
      control-plane:
        grafana:
          autoscaling:
            enabled: false
            minReplicas: 1
    `,
    },
    { name: 'not the Run:ai control plane', code: 'grafana:\n  autoscaling:\n    enabled: true\n    minReplicas: 1\n' },
    {
      name: 'a template string',
      code: 'control-plane:\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: "{{ .Values.min }}"\n',
    },
  ],
  invalid: [
    {
      name: 'minReplicas 1 under the umbrella key',
      code: yaml`
        control-plane:
          grafana:
            autoscaling:
              enabled: true
              minReplicas: 1 # one is enough?
              maxReplicas: 4
      `,
      errors: [
        {
          messageId: 'low',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 21,
          data: { path: 'control-plane.grafana', min: 1 },
        },
      ],
      output: null,
      suggestions: [
        'control-plane:\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: 2 # one is enough?\n      maxReplicas: 4\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'missing minReplicas is added; cluster size does not matter',
      code: 'runai-backend:\n  grafana:\n    autoscaling:\n      enabled: true\n',
      config: { cluster: { nodes: 10 } },
      errors: [{ messageId: 'missing', line: 3, column: 5, data: { path: 'runai-backend.grafana' } }],
      output: null,
      suggestions: ['runai-backend:\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n'],
      suggestionsResolve: true,
    },
    {
      name: 'maxReplicas 1 is raised with it, so the HPA stays valid',
      code: '# scalewise: chart=runai-control-plane\ngrafana:\n  autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 1}\n',
      file: 'values.yaml',
      errors: [{ messageId: 'low', line: 3, column: 45, data: { path: 'grafana', min: 1 } }],
      output: null,
      suggestions: [
        '# scalewise: chart=runai-control-plane\ngrafana:\n  autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 2}\n',
      ],
      suggestionsResolve: true,
    },
  ],
});
