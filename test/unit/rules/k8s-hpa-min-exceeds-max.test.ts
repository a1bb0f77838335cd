import rule from '../../../server/src/engine/rules/k8s-hpa-min-exceeds-max';
import { ruleTester } from '../../helpers/rule-tester';
import { paragraph } from '../../../server/src/engine/template-text';

/** An autoscaling/v2 HPA with the given spec lines after scaleTargetRef. */
function hpa(lines: string): string {
  return [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    '  name: web',
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    '    name: web',
    `${lines}`,
  ].join('\n');
}

ruleTester(rule, {
  valid: [
    { name: 'min below max', code: hpa('  minReplicas: 2\n  maxReplicas: 10\n') },
    { name: 'min equal to max', code: hpa('  minReplicas: 3\n  maxReplicas: 3\n') },
    { name: 'min unset (defaults to 1)', code: hpa('  maxReplicas: 1\n') },
  ],
  invalid: [
    {
      name: 'minReplicas 10, maxReplicas 4',
      code: hpa('  minReplicas: 10\n  maxReplicas: 4\n'),
      errors: [
        {
          messageId: 'minAboveMax',
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 14,
          data: { hpa: 'web', min: 10, max: 4 },
        },
      ],
      output: null,
      suggestions: [hpa('  minReplicas: 4\n  maxReplicas: 10\n'), hpa('  minReplicas: 10\n  maxReplicas: 10\n')],
      suggestionsResolve: true,
    },
    {
      name: 'minReplicas: 0 without an Object or External metric is an error',
      code: hpa('  minReplicas: 0\n  maxReplicas: 5\n'),
      errors: [
        { messageId: 'minZero', line: 10, column: 16, severity: 'error', data: { hpa: 'web', min: 0, metric: 'no' } },
      ],
      output: null,
      suggestions: [hpa('  minReplicas: 1\n  maxReplicas: 5\n')],
      suggestionsResolve: true,
    },
    {
      name: 'minReplicas: 0 with an External metric depends on HPAScaleToZero: a warning',
      code: hpa(
        paragraph(
          '  minReplicas: 0\n  maxReplicas: 5\n  metrics:\n    - type: External\n      external:\n        metric:',
          '{name: queue_depth}\n        target: {type: AverageValue, averageValue: "30"}\n',
        ),
      ),
      errors: [
        {
          messageId: 'minZero',
          line: 10,
          column: 16,
          severity: 'warning',
          data: { hpa: 'web', min: 0, metric: 'yes' },
        },
      ],
      output: null,
      suggestions: [
        hpa(
          paragraph(
            '  minReplicas: 1\n  maxReplicas: 5\n  metrics:\n    - type: External\n      external:\n        metric:',
            '{name: queue_depth}\n        target: {type: AverageValue, averageValue: "30"}\n',
          ),
        ),
      ],
    },
    {
      name: 'maxReplicas: 0',
      code: hpa('  maxReplicas: 0\n'),
      errors: [{ messageId: 'maxNotPositive', line: 10, column: 16, data: { hpa: 'web', max: 0 } }],
      output: null,
    },
  ],
});
