import rule from '../../../server/src/engine/rules/k8s-invalid-quantity';
import { K8S_QUANTITY_FORMAT_ERROR, K8S_QUANTITY_SUFFIX_ERROR } from '../../../server/src/engine/quantity/k8s-quantity';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

/** A Deployment whose one container has `resources.<section>: {cpu, memory}` in block style. */
function deployment(section: string, cpu: string, memory: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx',
    '          resources:',
    `            ${section}:`,
    `              cpu: ${cpu}`,
    `              memory: ${memory}`,
    '',
  ].join('\n');
}

const FIELD = 'spec.template.spec.containers[0].resources';
const RUNAI =
  'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    schedulingServices:\n      resources:\n';

ruleTester(rule, {
  valid: [
    { name: 'millicores and mebibytes', code: deployment('requests', '250m', '512Mi') },
    { name: 'numbers from YAML', code: deployment('limits', '1', '134217728') },
    { name: 'decimal and exponent forms', code: deployment('limits', '0.5', '129e6') },
    {
      name: 'memory in millis is valid syntax (k8s/memory-in-millis reports it)',
      code: deployment('limits', '1', '400m'),
    },
    {
      name: 'a GPU count',
      code: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: t
      spec:
        containers:
          - name: t
            resources:
              limits:
                nvidia.com/gpu: 1
    `,
    },
    {
      name: 'Compose files are not Kubernetes',
      kind: 'compose',
      code: yaml`
      services:
        web:
          deploy:
            resources:
              limits:
                memory: 1GB
    `,
    },
  ],
  invalid: [
    {
      name: 'RunaiConfig: memory: 1GB gets the same reading and fixes as a manifest',
      file: 'runaiconfig.yaml',
      code: `${RUNAI}        requests:\n          cpu: 1\n          memory: 1GB\n`,
      errors: [
        {
          messageId: 'invalidInRunaiConfig',
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 22,
          severity: 'error',
          data: {
            field: 'spec.global.schedulingServices.resources.requests.memory',
            value: '1GB',
            error: K8S_QUANTITY_FORMAT_ERROR,
          },
        },
      ],
      output: null,
      suggestions: [
        `${RUNAI}        requests:\n          cpu: 1\n          memory: 1G\n`,
        `${RUNAI}        requests:\n          cpu: 1\n          memory: 1Gi\n`,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'memory: 1GB, both readings offered',
      code: deployment('requests', '250m', '1GB'),
      errors: [
        {
          messageId: 'invalid',
          line: 14,
          column: 23,
          endLine: 14,
          endColumn: 26,
          data: { field: `${FIELD}.requests.memory`, value: '1GB', error: K8S_QUANTITY_FORMAT_ERROR },
        },
      ],
      output: null,
      suggestions: [deployment('requests', '250m', '1G'), deployment('requests', '250m', '1Gi')],
      suggestionsResolve: true,
    },
    {
      name: 'cpu: "500 m": the space goes',
      code: deployment('limits', '"500 m"', '1Gi'),
      errors: [
        {
          messageId: 'invalid',
          line: 13,
          column: 20,
          endLine: 13,
          endColumn: 27,
          data: { field: `${FIELD}.limits.cpu`, value: '500 m', error: K8S_QUANTITY_FORMAT_ERROR },
        },
      ],
      output: null,
      suggestions: [deployment('limits', '500m', '1Gi')],
      suggestionsResolve: true,
    },
    {
      name: 'memory: 512MiB becomes 512Mi only',
      code: deployment('limits', '1', '512MiB'),
      errors: [
        {
          messageId: 'invalid',
          line: 14,
          column: 23,
          data: { field: `${FIELD}.limits.memory`, value: '512MiB', error: K8S_QUANTITY_FORMAT_ERROR },
        },
      ],
      output: null,
      suggestions: [deployment('limits', '1', '512Mi')],
    },
    {
      name: 'memory: 1K is a suffix error; k and Ki offered',
      code: deployment('limits', '1', '1K'),
      errors: [
        {
          messageId: 'invalid',
          line: 14,
          column: 23,
          data: { field: `${FIELD}.limits.memory`, value: '1K', error: K8S_QUANTITY_SUFFIX_ERROR },
        },
      ],
      output: null,
      suggestions: [deployment('limits', '1', '1k'), deployment('limits', '1', '1Ki')],
    },
    {
      name: '1.5.2 has no clear intent: no fix',
      code: deployment('limits', '1.5.2', '1Gi'),
      errors: [
        {
          messageId: 'invalid',
          line: 13,
          column: 20,
          data: { field: `${FIELD}.limits.cpu`, value: '1.5.2', error: K8S_QUANTITY_FORMAT_ERROR },
        },
      ],
      output: null,
    },
    {
      name: 'cpu: 2GB is not a CPU amount anyone means: no fix',
      code: deployment('limits', '2GB', '1Gi'),
      errors: [
        {
          messageId: 'invalid',
          line: 13,
          column: 20,
          data: { field: `${FIELD}.limits.cpu`, value: '2GB', error: K8S_QUANTITY_FORMAT_ERROR },
        },
      ],
      output: null,
    },
    {
      name: 'a CronJob init container, flow style, with its own field path',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: backup
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - name: wait
                      resources: {limits: {memory: 64mb}}
      `,
      errors: [
        {
          messageId: 'invalid',
          line: 13,
          column: 44,
          data: {
            field: 'spec.jobTemplate.spec.template.spec.initContainers[0].resources.limits.memory',
            value: '64mb',
            error: K8S_QUANTITY_FORMAT_ERROR,
          },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: backup
          spec:
            schedule: "0 3 * * *"
            jobTemplate:
              spec:
                template:
                  spec:
                    initContainers:
                      - name: wait
                        resources: {limits: {memory: 64M}}
        `,
        yaml`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: backup
          spec:
            schedule: "0 3 * * *"
            jobTemplate:
              spec:
                template:
                  spec:
                    initContainers:
                      - name: wait
                        resources: {limits: {memory: 64Mi}}
        `,
      ],
    },
  ],
});
