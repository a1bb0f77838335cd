import rule from '../../../server/src/engine/rules/k8s-hpa-target-missing-cpu-requests';
import { emptyWorkspace } from '../../../server/src/engine';
import { scanKubernetesFile } from '../../../server/src/engine/model/k8s-hpa';
import { ruleTester } from '../../helpers/rule-tester';
import { paragraph, yaml } from '../../../server/src/engine/template-text';

function deployment(name: string, containers: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n${containers}`;
}
const WEB = '        - name: web\n          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n';
const SIDECAR = '        - name: log-shipper\n          image: fluent/fluent-bit\n';
const LIMIT_ONLY = '        - name: proxy\n          resources:\n            limits: {cpu: 100m}\n';

const V2_CPU = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef:
      apiVersion: apps/v1
      kind: Deployment
      name: web
    maxReplicas: 10
    metrics:
      - type: Resource
        resource:
          name: cpu
          target:
            type: Utilization
            averageUtilization: 70
`;
const V2_DEFAULT = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef:
      apiVersion: apps/v1
      kind: Deployment
      name: web
    maxReplicas: 10
`;
const V2_MEMORY = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    maxReplicas: 10
    metrics:
      - type: Resource
        resource:
          name: memory
          target: {type: Utilization, averageUtilization: 70}
`;
const V2_CONTAINER = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    maxReplicas: 10
    metrics:
      - type: ContainerResource
        containerResource:
          name: cpu
          container: web
          target: {type: Utilization, averageUtilization: 60}
`;
/** What `kubectl autoscale deployment web --max=10` writes when the API server only has autoscaling/v1: no CPU target. */
const V1_DEFAULT = yaml`
  apiVersion: autoscaling/v1
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    minReplicas: 2
    maxReplicas: 10
`;
const V1 = yaml`
  apiVersion: autoscaling/v1
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
    namespace: shop
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    maxReplicas: 10
    targetCPUUtilizationPercentage: 50
`;

/** The Deployment lives in another manifest of the workspace. */
const elsewhere = scanKubernetesFile('/w/k8s/web-deployment.yaml', deployment('web', WEB + SIDECAR), emptyWorkspace());
const elsewhereOk = scanKubernetesFile(
  '/w/k8s/web-deployment.yaml',
  deployment('web', WEB + LIMIT_ONLY),
  emptyWorkspace(),
);
const otherNamespace = scanKubernetesFile(
  '/w/k8s/web-deployment.yaml',
  deployment('web', WEB + SIDECAR).replace('  name: web\n', '  name: web\n  namespace: staging\n'),
  emptyWorkspace(),
);

ruleTester(rule, {
  valid: [
    {
      name: 'every container requests CPU (a limit counts)',
      code: `${deployment('web', WEB + LIMIT_ONLY)}---\n${V2_CPU}`,
    },
    {
      name: 'a memory metric does not need CPU requests',
      code: `${deployment('web', WEB + SIDECAR)}---\n${V2_MEMORY}`,
    },
    {
      name: 'a ContainerResource metric only needs its own container',
      code: `${deployment('web', WEB + SIDECAR)}---\n${V2_CONTAINER}`,
    },
    { name: 'the target is nowhere to be seen: nothing to say', code: V2_CPU },
    { name: 'the target in the workspace is fine', file: '/w/k8s/hpa.yaml', workspace: elsewhereOk, code: V2_CPU },
    {
      name: 'v1 without a CPU target: every container requests CPU',
      code: `${deployment('web', WEB)}---\n${V1_DEFAULT}`,
    },
    {
      name: 'v1 without a CPU target but with the metrics annotation of v2 metrics: not the default',
      code: `${deployment('web', SIDECAR)}---\n${V1_DEFAULT.replace(
        '  name: web\n',
        paragraph(
          '  name: web\n  annotations:\n    autoscaling.alpha.kubernetes.io/metrics:',
          '\'[{"type":"Resource","resource":{"name":"memory","targetAverageUtilization":70}}]\'\n',
        ),
      )}`,
    },
    {
      name: 'the Deployment in the workspace is in another namespace',
      file: '/w/k8s/hpa.yaml',
      workspace: otherNamespace,
      code: V1,
    },
  ],
  invalid: [
    {
      name: 'v2 Resource cpu Utilization, sidecar without requests, same file',
      code: `${deployment('web', WEB + SIDECAR)}---\n${V2_CPU}`,
      errors: [
        {
          messageId: 'missing',
          line: 26,
          column: 7,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'web',
            where: '',
            implicit: 'no',
            containers: '"log-shipper"',
            first: 'log-shipper',
            count: 1,
          },
        },
      ],
      output: null,
    },
    {
      name: 'v2 without metrics: the default 80 % CPU applies',
      code: `${deployment('web', SIDECAR)}---\n${V2_DEFAULT}`,
      errors: [
        {
          messageId: 'missing',
          line: 17,
          column: 3,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'web',
            where: '',
            implicit: 'metrics',
            containers: '"log-shipper"',
            first: 'log-shipper',
            count: 1,
          },
        },
      ],
      output: null,
    },
    {
      name: 'v1 without targetCPUUtilizationPercentage: the default 80 % CPU applies (kubectl autoscale without --cpu-percent)',
      code: `${deployment('web', WEB + SIDECAR)}---\n${V1_DEFAULT}`,
      errors: [
        {
          messageId: 'missing',
          line: 20,
          column: 3,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'web',
            where: '',
            implicit: 'targetCPUUtilizationPercentage',
            containers: '"log-shipper"',
            first: 'log-shipper',
            count: 1,
          },
        },
      ],
      output: null,
    },
    {
      name: 'v2beta2 with an empty metrics list: the default 80 % CPU applies',
      code: `${deployment('web', SIDECAR)}---\n${V2_DEFAULT.replace('autoscaling/v2', 'autoscaling/v2beta2')}  metrics: []\n`,
      errors: [
        {
          messageId: 'missing',
          line: 17,
          column: 3,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'web',
            where: '',
            implicit: 'metrics',
            containers: '"log-shipper"',
            first: 'log-shipper',
            count: 1,
          },
        },
      ],
      output: null,
    },
    {
      name: 'v1 targetCPUUtilizationPercentage, the Deployment in another file of the workspace',
      file: '/w/k8s/hpa.yaml',
      workspace: elsewhere,
      code: V1,
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 3,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'web',
            where: 'web-deployment.yaml',
            implicit: 'no',
            containers: '"log-shipper"',
            first: 'log-shipper',
            count: 1,
          },
        },
      ],
      output: null,
    },
    {
      name: 'the current file wins over a stale workspace entry for itself',
      file: '/w/k8s/web-deployment.yaml',
      workspace: elsewhereOk,
      code: `${deployment('web', WEB + SIDECAR)}---\n${V2_CPU}`,
      errors: [
        {
          messageId: 'missing',
          line: 26,
          column: 7,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'web',
            where: '',
            implicit: 'no',
            containers: '"log-shipper"',
            first: 'log-shipper',
            count: 1,
          },
        },
      ],
      output: null,
    },
  ],
});
