import rule from '../../../server/src/engine/rules/k8s-single-replica';
import { emptyWorkspace } from '../../../server/src/engine';
import { scanKubernetesFile } from '../../../server/src/engine/model/k8s-hpa';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const ON = { rules: { 'k8s/single-replica': 'info' as const } };
function workload(kind: string, replicas: string): string {
  return `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: api\nspec:\n${replicas}  template:\n    spec:\n      containers:\n        - name: api\n`;
}
const HPA = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: api
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    minReplicas: 2
    maxReplicas: 6
`;
const hpaElsewhere = scanKubernetesFile('/w/hpa.yaml', HPA, emptyWorkspace());

ruleTester(rule, {
  valid: [
    {
      name: 'merge key: replicas merged into spec (<<: {replicas: 3})',
      config: ON,
      code: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        <<: &three {replicas: 3}
        template:
          spec:
            containers:
              - name: api
    `,
    },
    { name: 'off by default', code: workload('Deployment', '  replicas: 1\n') },
    { name: 'three replicas', config: ON, code: workload('Deployment', '  replicas: 3\n') },
    { name: 'scaled to zero on purpose', config: ON, code: workload('Deployment', '  replicas: 0\n') },
    { name: 'an HPA in the same file', config: ON, code: `${workload('Deployment', '')}---\n${HPA}` },
    {
      name: 'an HPA elsewhere in the workspace',
      config: ON,
      file: '/w/deploy.yaml',
      workspace: hpaElsewhere,
      code: workload('Deployment', ''),
    },
    { name: 'a DaemonSet runs one per node', config: ON, code: workload('DaemonSet', '') },
  ],
  invalid: [
    {
      name: 'merge key: replicas: 1 merged into spec, reported where it is written',
      config: ON,
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          <<: {replicas: 1}
          template:
            spec:
              containers:
                - name: api
      `,
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 8,
          severity: 'info',
          data: { kind: 'Deployment', name: 'api', how: 'one replica (spec.replicas: 1)' },
        },
      ],
    },
    {
      name: 'replicas: 1',
      config: ON,
      code: workload('Deployment', '  replicas: 1\n'),
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          severity: 'info',
          data: { kind: 'Deployment', name: 'api', how: 'one replica (spec.replicas: 1)' },
        },
      ],
    },
    {
      name: 'a StatefulSet without replicas (defaults to 1)',
      config: ON,
      code: workload('StatefulSet', ''),
      errors: [
        {
          messageId: 'single',
          line: 4,
          column: 9,
          data: { kind: 'StatefulSet', name: 'api', how: 'one replica (spec.replicas is not set and defaults to 1)' },
        },
      ],
    },
    {
      name: 'a ReplicationController with one replica',
      config: ON,
      code: workload('ReplicationController', '  replicas: 1\n').replace('apps/v1', 'v1'),
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 3,
          data: { kind: 'ReplicationController', name: 'api', how: 'one replica (spec.replicas: 1)' },
        },
      ],
    },
  ],
});
