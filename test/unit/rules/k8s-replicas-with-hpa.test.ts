import rule from '../../../server/src/engine/rules/k8s-replicas-with-hpa';
import { emptyWorkspace } from '../../../server/src/engine';
import { scanKubernetesFile } from '../../../server/src/engine/model/k8s-hpa';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

function workload(kind: string, replicas: string): string {
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: web',
    'spec:',
    `${replicas}  selector:`,
    '    matchLabels: {app: web}',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '',
  ].join('\n');
}
const HPA = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web-hpa
  spec:
    scaleTargetRef:
      apiVersion: apps/v1
      kind: Deployment
      name: web
    minReplicas: 2
    maxReplicas: 10
`;
const hpaElsewhere = scanKubernetesFile('/w/k8s/hpa.yaml', HPA, emptyWorkspace());

ruleTester(rule, {
  valid: [
    { name: 'replicas without an HPA', code: workload('Deployment', '  replicas: 3\n') },
    { name: 'an HPA and no replicas', code: `${workload('Deployment', '')}---\n${HPA}` },
    {
      name: 'a DaemonSet has no scale subresource: an HPA cannot scale it',
      code: `${workload('DaemonSet', '  replicas: 3\n')}---\n${HPA.replace('kind: Deployment', 'kind: DaemonSet')}`,
    },
    { name: 'the HPA targets another kind', code: `${workload('StatefulSet', '  replicas: 3\n')}---\n${HPA}` },
    {
      name: "the HPA in the workspace is this file's own stale entry",
      file: '/w/k8s/hpa.yaml',
      workspace: hpaElsewhere,
      code: workload('Deployment', '  replicas: 3\n'),
    },
  ],
  invalid: [
    {
      name: 'same file',
      code: `${workload('Deployment', '  replicas: 3 # from kompose\n')}---\n${HPA}`,
      errors: [
        {
          messageId: 'both',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          data: { kind: 'Deployment', name: 'web', replicas: '3', hpa: 'web-hpa', where: '', range: '2 and 10' },
        },
      ],
      output: null,
      suggestions: [`${workload('Deployment', '')}---\n${HPA}`],
      suggestionsResolve: true,
    },
    {
      name: 'the HPA is in another manifest of the workspace',
      file: '/w/k8s/deployment.yaml',
      workspace: hpaElsewhere,
      code: workload('Deployment', '  replicas: 8\n'),
      errors: [
        {
          messageId: 'both',
          line: 6,
          column: 3,
          data: {
            kind: 'Deployment',
            name: 'web',
            replicas: '8',
            hpa: 'web-hpa',
            where: 'hpa.yaml',
            range: '2 and 10',
          },
        },
      ],
      output: null,
      suggestions: [workload('Deployment', '')],
      suggestionsResolve: true,
    },
    {
      name: 'a ReplicationController (kubectl autoscale rc) scaled by an HPA',
      code: [
        `${workload('ReplicationController', '  replicas: 2\n').replace('apps/v1', 'v1')}---`,
        `${HPA.replace('apiVersion: apps/v1\n    kind: Deployment', 'apiVersion: v1\n    kind: ReplicationController')}`,
      ].join('\n'),
      errors: [
        {
          messageId: 'both',
          line: 6,
          column: 3,
          data: {
            kind: 'ReplicationController',
            name: 'web',
            replicas: '2',
            hpa: 'web-hpa',
            where: '',
            range: '2 and 10',
          },
        },
      ],
      output: null,
      suggestions: [
        [
          `${workload('ReplicationController', '').replace('apps/v1', 'v1')}---`,
          `${HPA.replace('apiVersion: apps/v1\n    kind: Deployment', 'apiVersion: v1\n    kind: ReplicationController')}`,
        ].join('\n'),
      ],
    },
    {
      name: 'a ReplicaSet scaled by an HPA in the workspace',
      file: '/w/k8s/rs.yaml',
      workspace: scanKubernetesFile(
        '/w/k8s/hpa.yaml',
        HPA.replace('kind: Deployment', 'kind: ReplicaSet'),
        emptyWorkspace(),
      ),
      code: workload('ReplicaSet', '  replicas: 4\n'),
      errors: [
        {
          messageId: 'both',
          line: 6,
          column: 3,
          data: {
            kind: 'ReplicaSet',
            name: 'web',
            replicas: '4',
            hpa: 'web-hpa',
            where: 'hpa.yaml',
            range: '2 and 10',
          },
        },
      ],
      output: null,
      suggestions: [workload('ReplicaSet', '')],
    },
    {
      name: 'a StatefulSet scaled by a v1 HPA without bounds given',
      code: [
        `${workload('StatefulSet', '  replicas: 2\n')}---`,
        'apiVersion: autoscaling/v1',
        'kind: HorizontalPodAutoscaler',
        'metadata:',
        '  name: db',
        'spec:',
        '  scaleTargetRef: {kind: StatefulSet, name: web}',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'both',
          line: 6,
          column: 3,
          data: { kind: 'StatefulSet', name: 'web', replicas: '2', hpa: 'db', where: '', range: '' },
        },
      ],
      output: null,
      suggestions: [
        [
          `${workload('StatefulSet', '')}---`,
          'apiVersion: autoscaling/v1',
          'kind: HorizontalPodAutoscaler',
          'metadata:',
          '  name: db',
          'spec:',
          '  scaleTargetRef: {kind: StatefulSet, name: web}',
          '',
        ].join('\n'),
      ],
    },
  ],
});
