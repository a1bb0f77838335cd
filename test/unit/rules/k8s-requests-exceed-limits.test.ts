import rule from '../../../server/src/engine/rules/k8s-requests-exceed-limits';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

/** A Pod with one container and `requests` then `limits` for one resource. */
function pod(resource: string, request: string, limit: string): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    '  containers:',
    '    - name: web',
    '      image: nginx',
    '      resources:',
    '        requests:',
    `          ${resource}: ${request}`,
    '        limits:',
    `          ${resource}: ${limit}`,
    '',
  ].join('\n');
}

const RUNAI =
  'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    schedulingServices:\n      resources:\n';

ruleTester(rule, {
  valid: [
    { name: 'request below the limit', code: pod('cpu', '250m', '1') },
    { name: 'equal in different notations (0.5 and 500m)', code: pod('cpu', '0.5', '500m') },
    { name: '1Gi against 1073741824', code: pod('memory', '1Gi', '1073741824') },
    { name: 'a GPU request equal to its limit', code: pod('nvidia.com/gpu', '1', '1') },
    {
      name: 'only a limit',
      code: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: x
      spec:
        containers:
          - name: x
            resources:
              limits: {cpu: 1}
    `,
    },
    { name: "an invalid quantity is k8s/invalid-quantity's", code: pod('memory', '2GB', '1Gi') },
  ],
  invalid: [
    {
      name: 'RunaiConfig: requests.cpu 2 above limits.cpu 1000m',
      file: 'runaiconfig.yaml',
      code: `${RUNAI}        requests: {cpu: 2, memory: 1Gi}\n        limits: {cpu: 1000m, memory: 2Gi}\n`,
      errors: [
        {
          messageId: 'exceedsInRunaiConfig',
          line: 9,
          column: 25,
          severity: 'error',
          data: {
            field: 'spec.global.schedulingServices.resources.requests',
            request: '2',
            resource: 'cpu',
            limit: '1',
          },
        },
      ],
      output: null,
      suggestions: [
        `${RUNAI}        requests: {cpu: 1000m, memory: 1Gi}\n        limits: {cpu: 1000m, memory: 2Gi}\n`,
        `${RUNAI}        requests: {cpu: 2, memory: 1Gi}\n        limits: {cpu: 2, memory: 2Gi}\n`,
      ],
    },
    {
      name: 'cpu request 2 above a limit of 1500m, canonical texts',
      code: pod('cpu', '"2"', '1500m'),
      errors: [
        {
          messageId: 'exceeds',
          line: 11,
          column: 16,
          endLine: 11,
          endColumn: 19,
          data: { field: 'spec.containers[0].resources.requests', request: '2', resource: 'cpu', limit: '1500m' },
        },
      ],
      output: null,
      suggestions: [pod('cpu', '1500m', '1500m'), pod('cpu', '"2"', '2')],
      suggestionsResolve: true,
    },
    {
      name: 'memory 1.5Gi above 1G: printed as the API server does (1536Mi, 1G)',
      code: pod('memory', '1.5Gi', '1000M'),
      errors: [
        {
          messageId: 'exceeds',
          line: 11,
          column: 19,
          data: { field: 'spec.containers[0].resources.requests', request: '1536Mi', resource: 'memory', limit: '1G' },
        },
      ],
      output: null,
      suggestions: [pod('memory', '1000M', '1000M'), pod('memory', '1.5Gi', '1.5Gi')],
    },
    {
      name: 'a GPU request below its limit: extended resources must be equal',
      code: pod('nvidia.com/gpu', '1', '2'),
      errors: [
        {
          messageId: 'notEqual',
          line: 11,
          column: 27,
          data: {
            field: 'spec.containers[0].resources.requests',
            request: '1',
            resource: 'nvidia.com/gpu',
            limit: '2',
          },
        },
      ],
      output: null,
      suggestions: [pod('nvidia.com/gpu', '2', '2'), pod('nvidia.com/gpu', '1', '1')],
    },
    {
      name: "a Deployment's second container, flow style",
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
                - name: api
                  resources: {requests: {cpu: 100m}}
                - name: proxy
                  resources: {requests: {ephemeral-storage: 2Gi}, limits: {ephemeral-storage: 1Gi}}
      `,
      errors: [
        {
          messageId: 'exceeds',
          line: 12,
          column: 53,
          data: {
            field: 'spec.template.spec.containers[1].resources.requests',
            request: '2Gi',
            resource: 'ephemeral-storage',
            limit: '1Gi',
          },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            template:
              spec:
                containers:
                  - name: api
                    resources: {requests: {cpu: 100m}}
                  - name: proxy
                    resources: {requests: {ephemeral-storage: 1Gi}, limits: {ephemeral-storage: 1Gi}}
        `,
        yaml`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            template:
              spec:
                containers:
                  - name: api
                    resources: {requests: {cpu: 100m}}
                  - name: proxy
                    resources: {requests: {ephemeral-storage: 2Gi}, limits: {ephemeral-storage: 2Gi}}
        `,
      ],
    },
  ],
});
