import rule from '../../../server/src/engine/rules/k8s-missing-requests';
import { emptyWorkspace } from '../../../server/src/engine';
import { scanKubernetesFile } from '../../../server/src/engine/model/k8s-hpa';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const head = (replicas = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${replicas}  template:\n    spec:\n      containers:\n`;
const HEAD = head('  replicas: 3\n');
const HPA = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    minReplicas: 2
    maxReplicas: 6
`;
const hpaElsewhere = scanKubernetesFile('/w/hpa.yaml', HPA, emptyWorkspace());
const what = (w: string) => ({ container: 'web', list: 'containers', kind: 'Deployment', workload: 'web', what: w });

ruleTester(rule, {
  valid: [
    {
      name: 'merge key: a container that merges its resources from another (<<: *web)',
      code: [
        `${HEAD}        - &web`,
        '          name: web',
        '          resources:',
        '            requests: {cpu: 100m, memory: 128Mi}',
        '        - <<: *web',
        '          name: sidecar',
        '',
      ].join('\n'),
    },
    {
      name: 'requests for both',
      code: `${HEAD}        - name: web\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n`,
    },
    {
      name: 'limits only: Kubernetes copies them into the requests',
      code: `${HEAD}        - name: web\n          resources:\n            limits: {cpu: 1, memory: 1Gi}\n`,
    },
    {
      name: 'a Service has no containers',
      code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n',
    },
  ],
  invalid: [
    {
      name: 'three replicas and no resources at all: a warning; resources and requests are inserted',
      code: `${HEAD}        - name: web\n          image: nginx\n`,
      errors: [
        {
          messageId: 'missing',
          line: 10,
          column: 17,
          endLine: 10,
          endColumn: 20,
          severity: 'warning',
          data: { ...what('CPU or memory'), scale: '3 replicas' },
        },
      ],
      output: null,
      suggestions: [
        [
          `${HEAD}        - name: web`,
          '          image: nginx',
          '          resources:',
          '            requests:',
          '              cpu: 100m',
          '              memory: 128Mi',
          '',
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: '`resources:` with nothing after it: the requests go on the lines below it',
      code: `${HEAD}        - name: web\n          resources:\n          image: nginx\n`,
      errors: [
        {
          messageId: 'missing',
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 20,
          severity: 'warning',
          data: { ...what('CPU or memory'), scale: '3 replicas' },
        },
      ],
      output: null,
      suggestions: [
        [
          `${HEAD}        - name: web`,
          '          resources:',
          '            requests:',
          '              cpu: 100m',
          '              memory: 128Mi',
          '          image: nginx',
          '',
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'requests.memory only, scaled by an HPA in the same file: the CPU request is added beside the existing requests',
      code: `${head()}        - name: web\n          resources:\n            requests:\n              memory: 256Mi # measured\n---\n${HPA}`,
      errors: [
        {
          messageId: 'missing',
          line: 10,
          column: 11,
          severity: 'warning',
          data: { ...what('CPU'), scale: 'scaled by HorizontalPodAutoscaler "web"' },
        },
      ],
      output: null,
      suggestions: [
        [
          `${head()}        - name: web`,
          '          resources:',
          '            requests:',
          '              memory: 256Mi # measured',
          '              cpu: 100m',
          '---',
          `${HPA}`,
        ].join('\n'),
      ],
    },
    {
      name: 'scaled by an HPA elsewhere in the workspace; flow-style resources get the memory request in flow style',
      file: '/w/deploy.yaml',
      workspace: hpaElsewhere,
      code: `${head()}        - name: web\n          resources: {limits: {cpu: 500m}}\n`,
      errors: [
        {
          messageId: 'missing',
          line: 10,
          column: 11,
          severity: 'warning',
          data: { ...what('memory'), scale: 'scaled by HorizontalPodAutoscaler "web" (hpa.yaml)' },
        },
      ],
      output: null,
      suggestions: [
        `${head()}        - name: web\n          resources: {limits: {cpu: 500m}, requests: {memory: 128Mi}}\n`,
      ],
    },
    {
      name: 'a DaemonSet runs one pod on every node',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n',
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 17,
          severity: 'warning',
          data: {
            container: 'agent',
            list: 'containers',
            kind: 'DaemonSet',
            workload: 'agent',
            what: 'CPU or memory',
            scale: 'one pod on every node',
          },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              containers:
                - name: agent
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
      `,
      ],
    },
    {
      name: 'a Job that runs four pods at once',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: crunch
        spec:
          parallelism: 4
          template:
            spec:
              containers:
                - name: crunch
                  resources: {requests: {memory: 1Gi}}
      `,
      errors: [
        {
          messageId: 'missing',
          line: 11,
          column: 11,
          severity: 'warning',
          data: {
            container: 'crunch',
            list: 'containers',
            kind: 'Job',
            workload: 'crunch',
            what: 'CPU',
            scale: '4 pods at once (spec.parallelism)',
          },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: crunch
        spec:
          parallelism: 4
          template:
            spec:
              containers:
                - name: crunch
                  resources: {requests: {memory: 1Gi, cpu: 100m}}
      `,
      ],
    },
    {
      name: 'a Deployment without replicas runs one pod: only a hint',
      code: `${head()}        - name: web\n          image: nginx\n`,
      errors: [
        {
          messageId: 'missingSingle',
          line: 9,
          column: 17,
          severity: 'hint',
          data: { ...what('CPU or memory'), scale: 'one replica: spec.replicas defaults to 1' },
        },
      ],
      output: null,
      suggestions: [
        [
          `${head()}        - name: web`,
          '          image: nginx',
          '          resources:',
          '            requests:',
          '              cpu: 100m',
          '              memory: 128Mi',
          '',
        ].join('\n'),
      ],
    },
    {
      name: 'resources: {} and an init container of a CronJob: one pod at a time, a hint',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: backup
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - name: wait
                      resources: {}
                  containers:
                    - name: dump
                      resources:
                        requests: {cpu: 1, memory: 1Gi}
      `,
      errors: [
        {
          messageId: 'missingSingle',
          line: 12,
          column: 15,
          severity: 'hint',
          data: {
            container: 'wait',
            list: 'initContainers',
            kind: 'CronJob',
            workload: 'backup',
            what: 'CPU or memory',
            scale: 'one pod at a time',
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
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - name: wait
                      resources: {requests: {cpu: 100m, memory: 128Mi}}
                  containers:
                    - name: dump
                      resources:
                        requests: {cpu: 1, memory: 1Gi}
      `,
      ],
    },
    {
      name: 'a bare Pod (a QoS demo, say): one hint per container',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
            - name: a
            - name: b
              resources:
                requests: {cpu: 10m}
      `,
      errors: [
        {
          messageId: 'missingSingle',
          line: 7,
          column: 13,
          severity: 'hint',
          data: {
            container: 'a',
            list: 'containers',
            kind: 'Pod',
            workload: 'p',
            what: 'CPU or memory',
            scale: 'a single Pod',
          },
        },
        {
          messageId: 'missingSingle',
          line: 9,
          column: 7,
          severity: 'hint',
          data: {
            container: 'b',
            list: 'containers',
            kind: 'Pod',
            workload: 'p',
            what: 'memory',
            scale: 'a single Pod',
          },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
            - name: a
              resources:
                requests:
                  cpu: 100m
                  memory: 128Mi
            - name: b
              resources:
                requests: {cpu: 10m}
      `,
      ],
    },
  ],
});
