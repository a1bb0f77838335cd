import rule from '../../../server/src/engine/rules/helm-autoscaling-min-exceeds-max';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'min below max', code: 'autoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 10\n' },
    { name: 'min equal to max', code: 'autoscaling:\n  enabled: true\n  minReplicas: 3\n  maxReplicas: 3\n' },
    {
      name: 'autoscaling off: no HPA is rendered',
      code: 'autoscaling:\n  enabled: false\n  minReplicas: 10\n  maxReplicas: 2\n',
    },
    {
      name: 'maxReplicas missing: the chart default applies',
      code: 'api:\n  autoscaling:\n    enabled: true\n    minReplicas: 3\n',
    },
    {
      name: 'a template string is not a number',
      code: 'autoscaling:\n  enabled: true\n  minReplicas: "{{ .Values.min }}"\n  maxReplicas: 2\n',
    },
    {
      name: 'min and max in different blocks',
      code: yaml`
      a:
        autoscaling: {enabled: true, minReplicas: 5}
      b:
        autoscaling: {enabled: true, maxReplicas: 2}
    `,
    },
  ],
  invalid: [
    {
      name: 'swapped bounds: set max to min, or swap',
      code: yaml`
        api:
          autoscaling:
            enabled: true
            minReplicas: 10 # peak
            maxReplicas: 3
      `,
      errors: [
        {
          messageId: 'minExceedsMax',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 19,
          data: { where: 'api.', min: 10, max: 3 },
        },
      ],
      output: null,
      suggestions: [
        'api:\n  autoscaling:\n    enabled: true\n    minReplicas: 10 # peak\n    maxReplicas: 10\n',
        'api:\n  autoscaling:\n    enabled: true\n    minReplicas: 3 # peak\n    maxReplicas: 10\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'flow style, string numbers, enabled: yes',
      code: 'worker: {autoscaling: {enabled: yes, minReplicas: "4", maxReplicas: "2"}}\n',
      errors: [{ messageId: 'minExceedsMax', line: 1, column: 69, data: { where: 'worker.', min: 4, max: 2 } }],
      output: null,
      suggestions: [
        'worker: {autoscaling: {enabled: yes, minReplicas: "4", maxReplicas: 4}}\n',
        'worker: {autoscaling: {enabled: yes, minReplicas: 2, maxReplicas: 4}}\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'minReplicas 0 needs the alpha HPAScaleToZero gate',
      code: 'autoscaling:\n  enabled: true\n  minReplicas: 0\n  maxReplicas: 5\n',
      errors: [{ messageId: 'minBelowOne', line: 3, column: 16, data: { where: '', min: 0 } }],
      output: null,
      suggestions: ['autoscaling:\n  enabled: true\n  minReplicas: 1\n  maxReplicas: 5\n'],
      suggestionsResolve: true,
    },
    {
      name: 'maxReplicas 0',
      code: 'jobs:\n  - name: x\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n      maxReplicas: 0\n',
      errors: [{ messageId: 'maxBelowOne', line: 6, column: 20, data: { where: 'jobs.0.', max: 0 } }],
      output: null,
      suggestions: [
        'jobs:\n  - name: x\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n      maxReplicas: 2\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'both below 1: two findings',
      code: 'autoscaling:\n  enabled: true\n  minReplicas: 0\n  maxReplicas: 0\n',
      errors: [
        { messageId: 'minBelowOne', line: 3, column: 16 },
        { messageId: 'maxBelowOne', line: 4, column: 16 },
      ],
      output: null,
      suggestions: ['autoscaling:\n  enabled: true\n  minReplicas: 1\n  maxReplicas: 0\n'],
    },
    {
      name: 'an aliased maxReplicas is not edited through the alias',
      code: 'defaults:\n  max: &max 2\napi:\n  autoscaling:\n    enabled: true\n    minReplicas: 5\n    maxReplicas: *max\n',
      errors: [{ messageId: 'minExceedsMax', line: 7, column: 18, data: { where: 'api.', min: 5, max: 2 } }],
      output: null,
    },
  ],
});
