import rule from '../../../server/src/engine/rules/k8s-host-port-replicas';
import { emptyWorkspace } from '../../../server/src/engine';
import { scanKubernetesFile } from '../../../server/src/engine/model/k8s-hpa';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const HOST_PORT = '          ports:\n            - containerPort: 80\n              hostPort: 8080\n';
const NO_HOST_PORT = '          ports:\n            - containerPort: 80\n';

function workload(kind: string, replicas: string, ports = HOST_PORT, podExtra = ''): string {
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: web',
    'spec:',
    `${replicas}  template:`,
    '    spec:',
    `${podExtra}      containers:`,
    '        - name: web',
    `${ports}`,
  ].join('\n');
}
const HPA = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web-hpa
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    minReplicas: 2
    maxReplicas: 6
`;
const nodes = (n: number) => ({ cluster: { nodes: n } });
const PORT_LINE = 13;
const PORT_COL = 25;

ruleTester(rule, {
  valid: [
    { name: 'one replica (the default)', code: workload('Deployment', '') },
    { name: 'one replica', code: workload('Deployment', '  replicas: 1\n') },
    { name: 'no host port', code: workload('Deployment', '  replicas: 3\n', NO_HOST_PORT) },
    { name: 'a DaemonSet runs one pod per node by design', code: workload('DaemonSet', '') },
    { name: 'the replicas fit the known nodes', config: nodes(3), code: workload('Deployment', '  replicas: 3\n') },
    {
      name: 'the HPA maximum fits the known nodes',
      config: nodes(6),
      code: `${workload('Deployment', '')}---\n${HPA}`,
    },
    {
      name: 'hostNetwork: false',
      code: workload('Deployment', '  replicas: 3\n', NO_HOST_PORT, '      hostNetwork: false\n'),
    },
  ],
  invalid: [
    {
      name: 'replicas 3, nodes unknown: a warning',
      code: workload('Deployment', '  replicas: 3\n'),
      errors: [
        {
          messageId: 'unknownNodes',
          line: PORT_LINE,
          column: PORT_COL,
          endLine: PORT_LINE,
          endColumn: PORT_COL + 4,
          severity: 'warning',
          data: { kind: 'Deployment', name: 'web', ports: '8080/TCP', count: 3, why: 'spec.replicas: 3' },
        },
      ],
      output: null,
    },
    {
      name: 'replicas above the known nodes: an error',
      config: nodes(2),
      code: workload('StatefulSet', '  replicas: 5\n'),
      errors: [
        {
          messageId: 'overNodes',
          line: PORT_LINE,
          column: PORT_COL,
          severity: 'error',
          data: {
            kind: 'StatefulSet',
            name: 'web',
            ports: '8080/TCP',
            count: 5,
            why: 'spec.replicas: 5',
            nodes: 2,
            from: ' (cluster.nodes)',
            pending: 3,
          },
        },
      ],
      output: null,
    },
    {
      name: 'an HPA in the same file: its maxReplicas counts (nodes unknown)',
      code: `${workload('Deployment', '')}---\n${HPA}`,
      errors: [
        {
          messageId: 'unknownNodes',
          line: 12,
          column: PORT_COL,
          severity: 'warning',
          data: {
            kind: 'Deployment',
            name: 'web',
            ports: '8080/TCP',
            count: 6,
            why: 'HorizontalPodAutoscaler "web-hpa" scales it between 2 and 6',
          },
        },
      ],
      output: null,
    },
    {
      name: 'an HPA elsewhere that may scale past the known nodes: a warning',
      file: '/w/k8s/web.yaml',
      config: nodes(4),
      workspace: scanKubernetesFile('/w/k8s/hpa.yaml', HPA, emptyWorkspace()),
      code: workload('Deployment', ''),
      errors: [
        {
          messageId: 'hpaOverNodes',
          line: 12,
          column: PORT_COL,
          severity: 'warning',
          data: {
            kind: 'Deployment',
            name: 'web',
            ports: '8080/TCP',
            count: 6,
            nodes: 4,
            from: ' (cluster.nodes)',
            hpa: 'web-hpa',
            where: 'hpa.yaml',
          },
        },
      ],
      output: null,
    },
    {
      name: 'an HPA whose minReplicas is above the known nodes: an error',
      config: nodes(1),
      code: `${workload('Deployment', '')}---\n${HPA}`,
      errors: [
        {
          messageId: 'overNodes',
          line: 12,
          column: PORT_COL,
          severity: 'error',
          data: {
            kind: 'Deployment',
            name: 'web',
            ports: '8080/TCP',
            count: 2,
            why: 'HorizontalPodAutoscaler "web-hpa" scales it between 2 and 6',
            nodes: 1,
            from: ' (cluster.nodes)',
            pending: 1,
          },
        },
      ],
      output: null,
    },
    {
      name: 'hostNetwork: every containerPort is a host port; UDP; a ReplicationController',
      code: workload(
        'ReplicationController',
        '  replicas: 2\n',
        '          ports:\n            - containerPort: 53\n              protocol: UDP\n',
        '      hostNetwork: true\n',
      ).replace('apps/v1', 'v1'),
      errors: [
        {
          messageId: 'unknownNodes',
          line: 13,
          column: 30,
          severity: 'warning',
          data: {
            kind: 'ReplicationController',
            name: 'web',
            ports: '53/UDP (hostNetwork: true makes every containerPort a host port)',
            count: 2,
            why: 'spec.replicas: 2',
          },
        },
      ],
      output: null,
    },
  ],
});
