import rule from '../../../server/src/engine/rules/k8s-memory-in-millis';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

/** A Pod whose one container has `resources.<section>.memory: <value>`. */
function pod(section: string, value: string, cpu = '100m'): string {
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
    `        ${section}:`,
    `          cpu: ${cpu}`,
    `          memory: ${value}`,
    '',
  ].join('\n');
}

ruleTester(rule, {
  valid: [
    { name: 'mebibytes', code: pod('limits', '400Mi') },
    { name: 'megabytes', code: pod('limits', '400M') },
    { name: 'plain bytes', code: pod('requests', '134217728') },
    { name: 'millicores are right for CPU', code: pod('requests', '128Mi', '400m') },
    {
      name: 'a memory key outside resources',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  memory: 400m\n',
    },
    {
      name: 'resources.memory directly (not under requests or limits)',
      code: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: x
      resources:
        memory: 400m
    `,
    },
    { name: 'not a quantity at all (schema territory)', code: pod('limits', '400 mb') },
    {
      name: "Helm values are helm/memory-in-millis's, so nothing is reported twice",
      kind: 'helm-values',
      file: 'charts/app/values.yaml',
      code: yaml`
      resources:
        limits:
          memory: 300m
    `,
    },
    {
      name: 'Compose reads 400m as 400 MiB, so Compose files are left alone',
      kind: 'compose',
      code: yaml`
      services:
        web:
          deploy:
            resources:
              limits:
                memory: 400m
    `,
    },
  ],
  invalid: [
    {
      name: 'limits.memory: 400m in a Pod',
      code: pod('limits', '400m'),
      errors: [
        {
          messageId: 'millis',
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 23,
          data: { value: '400m', bytes: 0.4, mi: '400Mi', m: '400M' },
        },
      ],
      output: null,
      suggestions: [pod('limits', '400Mi'), pod('limits', '400M')],
      suggestionsResolve: true,
    },
    {
      name: 'requests.memory, quoted: the quotes go with the value',
      code: pod('requests', '"512m"'),
      errors: [
        {
          messageId: 'millis',
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 25,
          data: { value: '512m', bytes: 0.512, mi: '512Mi', m: '512M' },
        },
      ],
      output: null,
      suggestions: [pod('requests', '512Mi'), pod('requests', '512M')],
      suggestionsResolve: true,
    },
    {
      name: 'a decimal number',
      code: pod('limits', '1.5m'),
      errors: [
        { messageId: 'millis', line: 12, column: 19, data: { value: '1.5m', bytes: 0.0015, mi: '1.5Mi', m: '1.5M' } },
      ],
      output: null,
      suggestions: [pod('limits', '1.5Mi'), pod('limits', '1.5M')],
    },
    {
      name: 'Deployment, second document of a stream, flow style',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 3
          template:
            spec:
              containers:
                - name: web
                  resources: {requests: {memory: 256m}, limits: {memory: 1Gi}}
      `,
      errors: [
        { messageId: 'millis', line: 16, column: 42, data: { value: '256m', bytes: 0.256, mi: '256Mi', m: '256M' } },
      ],
      output: null,
      suggestions: [
        yaml`
          apiVersion: v1
          kind: Service
          metadata:
            name: web
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            replicas: 3
            template:
              spec:
                containers:
                  - name: web
                    resources: {requests: {memory: 256Mi}, limits: {memory: 1Gi}}
        `,
        yaml`
          apiVersion: v1
          kind: Service
          metadata:
            name: web
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            replicas: 3
            template:
              spec:
                containers:
                  - name: web
                    resources: {requests: {memory: 256M}, limits: {memory: 1Gi}}
        `,
      ],
    },
    {
      name: 'RunaiConfig service group',
      code: 'apiVersion: run.ai/v1\nkind: RunaiConfig\nspec:\n  global:\n    schedulingServices:\n      resources:\n        limits: {cpu: 2, memory: 2000m}\n',
      errors: [
        { messageId: 'millis', line: 7, column: 34, data: { value: '2000m', bytes: 2, mi: '2000Mi', m: '2000M' } },
      ],
      output: null,
      suggestions: [
        'apiVersion: run.ai/v1\nkind: RunaiConfig\nspec:\n  global:\n    schedulingServices:\n      resources:\n        limits: {cpu: 2, memory: 2000Mi}\n',
        'apiVersion: run.ai/v1\nkind: RunaiConfig\nspec:\n  global:\n    schedulingServices:\n      resources:\n        limits: {cpu: 2, memory: 2000M}\n',
      ],
    },
  ],
});
