import rule from '../../../server/src/engine/rules/helm-autoscaling-without-cpu-request';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'a values file outside a chart is not linted',
      exists: () => false,
      kind: 'none',
      code: 'autoscaling:\n  enabled: true\n  targetCPUUtilizationPercentage: 80\n',
    },
    {
      name: 'CPU target with a CPU request',
      code: yaml`
      autoscaling:
        enabled: true
        targetCPUUtilizationPercentage: 80
      resources:
        requests:
          cpu: 250m
    `,
    },
    {
      name: 'a CPU limit alone is copied into the request',
      code: yaml`
      autoscaling:
        enabled: true
        targetCPUUtilizationPercentage: 80
      resources:
        limits: {cpu: 500m}
    `,
    },
    {
      name: 'autoscaling off',
      code: 'autoscaling:\n  enabled: false\n  targetCPUUtilizationPercentage: 80\nresources:\n  requests:\n    memory: 256Mi\n',
    },
    {
      name: 'memory target only',
      code: yaml`
      autoscaling:
        enabled: true
        targetMemoryUtilizationPercentage: 80
      resources:
        requests:
          memory: 256Mi
    `,
    },
    {
      name: 'CPU target removed with null',
      code: yaml`
      autoscaling:
        enabled: true
        targetCPUUtilizationPercentage: null
        targetMemoryUtilizationPercentage: 70
      resources:
        requests: {memory: 1Gi}
    `,
    },
    {
      name: 'metrics on memory and a custom metric only',
      code: yaml`
        autoscaling:
          enabled: true
          metrics:
            - type: Resource
              resource:
                name: memory
                target: {type: Utilization, averageUtilization: 70}
        resources:
          requests: {memory: 1Gi}
      `,
    },
    { name: 'only enabled, resources left to the chart defaults', code: 'web:\n  autoscaling:\n    enabled: true\n' },
    {
      name: "a malformed CPU request is another rule's finding",
      code: yaml`
      autoscaling:
        enabled: true
        targetCPUUtilizationPercentage: 80
      resources:
        requests:
          cpu: 1 core
    `,
    },
    {
      name: 'quoted "true" is a string',
      code: yaml`
      autoscaling:
        enabled: "true"
        targetCPUUtilizationPercentage: 80
      resources:
        requests: {memory: 1Gi}
    `,
    },
  ],
  invalid: [
    {
      name: 'explicit CPU target, memory-only requests: the request is added under requests',
      code: yaml`
        worker:
          autoscaling:
            enabled: true
            targetCPUUtilizationPercentage: 70
          resources:
            requests:
              memory: 512Mi # measured
            limits:
              memory: 1Gi
      `,
      errors: [
        {
          messageId: 'explicit',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 35,
          data: { where: 'worker.', percent: '70 %' },
          severity: 'error',
        },
      ],
      output: null,
      suggestions: [
        yaml`
          worker:
            autoscaling:
              enabled: true
              targetCPUUtilizationPercentage: 70
            resources:
              requests:
                memory: 512Mi # measured
                cpu: 100m
              limits:
                memory: 1Gi
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'explicit CPU target, no resources at all: resources.requests is created',
      code: 'autoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 5\n  targetCPUUtilizationPercentage: 80\nimage:\n  repository: nginx\n',
      errors: [{ messageId: 'explicit', line: 5, column: 3, data: { where: '', percent: '80 %' } }],
      output: null,
      suggestions: [
        yaml`
        autoscaling:
          enabled: true
          minReplicas: 2
          maxReplicas: 5
          targetCPUUtilizationPercentage: 80
        image:
          repository: nginx
        resources:
          requests:
            cpu: 100m
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'resources: {} is filled in place',
      code: 'api:\n  autoscaling: {enabled: yes, targetCPUUtilizationPercentage: 60}\n  resources: {}\n',
      errors: [{ messageId: 'explicit', line: 2, column: 31, data: { where: 'api.', percent: '60 %' } }],
      output: null,
      suggestions: [
        'api:\n  autoscaling: {enabled: yes, targetCPUUtilizationPercentage: 60}\n  resources: {requests: {cpu: 100m}}\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'autoscaling/v2 metrics list with a cpu Utilization entry',
      code: yaml`
        deep:
          nested:
            autoscaling:
              enabled: on
              metrics:
                - type: Resource
                  resource:
                    name: cpu
                    target:
                      type: Utilization
                      averageUtilization: 65
            resources:
              limits: {memory: 2Gi}
      `,
      errors: [{ messageId: 'explicit', line: 6, column: 11, data: { where: 'deep.nested.', percent: '65 %' } }],
      output: null,
      suggestions: [
        yaml`
          deep:
            nested:
              autoscaling:
                enabled: on
                metrics:
                  - type: Resource
                    resource:
                      name: cpu
                      target:
                        type: Utilization
                        averageUtilization: 65
              resources:
                limits: {memory: 2Gi}
                requests:
                  cpu: 100m
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'only enabled, with resources that request memory only: the chart default (CPU 80 %) is a warning',
      code: 'frontend:\n  autoscaling:\n    enabled: true\n    maxReplicas: 4\n  resources:\n    requests:\n      memory: 256Mi\n',
      errors: [{ messageId: 'chartDefault', line: 2, column: 3, data: { where: 'frontend.' }, severity: 'warning' }],
      output: null,
      suggestions: [
        'frontend:\n  autoscaling:\n    enabled: true\n    maxReplicas: 4\n  resources:\n    requests:\n      memory: 256Mi\n      cpu: 100m\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'an empty metrics list leaves the HPA default (CPU 80 %)',
      code: 'autoscaling:\n  enabled: true\n  metrics: []\nresources:\n  requests:\n    memory: 1Gi\n',
      errors: [{ messageId: 'chartDefault', line: 1, column: 1, severity: 'warning' }],
      output: null,
      suggestions: [
        'autoscaling:\n  enabled: true\n  metrics: []\nresources:\n  requests:\n    memory: 1Gi\n    cpu: 100m\n',
      ],
    },
    {
      name: 'four-space indentation is kept',
      code: 'api:\n    autoscaling:\n        enabled: true\n        targetCPUUtilizationPercentage: 50\n',
      errors: [{ messageId: 'explicit', line: 4, column: 9 }],
      output: null,
      suggestions: [
        yaml`
        api:
            autoscaling:
                enabled: true
                targetCPUUtilizationPercentage: 50
            resources:
                requests:
                    cpu: 100m
      `,
      ],
      suggestionsResolve: true,
    },
  ],
});
