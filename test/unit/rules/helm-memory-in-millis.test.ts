import rule from '../../../server/src/engine/rules/helm-memory-in-millis';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

ruleTester(rule, {
  valid: [
    { name: 'mebibytes', code: 'resources:\n  limits:\n    memory: 300Mi\n' },
    { name: 'millicores are right for CPU', code: 'resources:\n  requests:\n    cpu: 300m\n' },
    { name: 'a memory key outside resources', code: 'redis:\n  memory: 300m\n' },
    {
      name: "manifests are k8s/memory-in-millis's",
      kind: 'kubernetes',
      file: 'pod.yaml',
      code: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: x
      spec:
        containers:
          - name: x
            resources:
              limits:
                memory: 300m
    `,
    },
  ],
  invalid: [
    {
      name: 'top-level resources and a sub-chart',
      file: 'charts/app/values.yaml',
      code: 'resources:\n  limits:\n    memory: 300m\nworker:\n  resources:\n    requests:\n      memory: 100m # too small\n',
      errors: [
        {
          messageId: 'millis',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 17,
          data: { path: 'resources.limits.memory', value: '300m', bytes: 0.3, mi: '300Mi', m: '300M' },
        },
        {
          messageId: 'millis',
          line: 7,
          column: 15,
          data: { path: 'worker.resources.requests.memory', value: '100m', bytes: 0.1, mi: '100Mi', m: '100M' },
        },
      ],
      output: null,
      suggestions: [
        'resources:\n  limits:\n    memory: 300Mi\nworker:\n  resources:\n    requests:\n      memory: 100m # too small\n',
        'resources:\n  limits:\n    memory: 300M\nworker:\n  resources:\n    requests:\n      memory: 100m # too small\n',
      ],
    },
    {
      name: 'Run:ai control-plane values, quoted',
      code: 'control-plane:\n  thanos:\n    query:\n      resources:\n        requests: {memory: "3000m"}\n',
      errors: [
        {
          messageId: 'millis',
          line: 5,
          column: 28,
          data: {
            path: 'control-plane.thanos.query.resources.requests.memory',
            value: '3000m',
            bytes: 3,
            mi: '3000Mi',
            m: '3000M',
          },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        control-plane:
          thanos:
            query:
              resources:
                requests: {memory: 3000Mi}
      `,
        yaml`
        control-plane:
          thanos:
            query:
              resources:
                requests: {memory: 3000M}
      `,
      ],
      suggestionsResolve: true,
    },
  ],
});
