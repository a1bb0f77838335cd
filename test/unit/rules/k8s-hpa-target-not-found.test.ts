import rule from '../../../server/src/engine/rules/k8s-hpa-target-not-found';
import { emptyWorkspace, type WorkspaceFacts } from '../../../server/src/engine';
import { scanKubernetesFile } from '../../../server/src/engine/model/k8s-hpa';
import { ruleTester } from '../../helpers/rule-tester';

function workload(kind: string, name: string, namespace?: string): string {
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    `${namespace ? `  namespace: ${namespace}\n` : ''}spec:`,
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '',
  ].join('\n');
}
function hpa(kind: string, name: string, namespace?: string): string {
  return [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    '  name: web',
    `${namespace ? `  namespace: ${namespace}\n` : ''}spec:`,
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    `    kind: ${kind}`,
    `    name: ${name}`,
    '  maxReplicas: 10',
    '',
  ].join('\n');
}

/** A workspace whose scan read /w/k8s (the CLI beside the linted files, the server's full scan). */
function scanned(files: Record<string, string> = {}): WorkspaceFacts {
  const ws = emptyWorkspace();
  for (const [p, text] of Object.entries(files)) scanKubernetesFile(p, text, ws);
  ws.kubernetesWorkloads ??= [];
  ws.kubernetesHpas ??= [];
  ws.kubernetesScannedDirs = ['/w/k8s'];
  return ws;
}
const FILE = '/w/k8s/hpa.yaml';
const none = {
  namespace: '',
  otherKind: '',
  otherNamespace: '',
  otherWhere: '',
};

ruleTester(rule, {
  valid: [
    {
      name: 'the target in the same file',
      file: FILE,
      workspace: scanned(),
      code: `${workload('Deployment', 'web')}---\n${hpa('Deployment', 'web')}`,
    },
    {
      name: 'the target in another manifest of the scanned folder',
      file: FILE,
      workspace: scanned({ '/w/k8s/web.yaml': workload('Deployment', 'web') }),
      code: hpa('Deployment', 'web'),
    },
    {
      name: 'a ReplicationController target',
      file: FILE,
      workspace: scanned({ '/w/k8s/rc.yaml': workload('ReplicationController', 'web') }),
      code: hpa('ReplicationController', 'web'),
    },
    {
      name: 'the workload leaves its namespace to kubectl -n',
      file: FILE,
      workspace: scanned({ '/w/k8s/web.yaml': workload('Deployment', 'web') }),
      code: hpa('Deployment', 'web', 'shop'),
    },
    { name: 'no workspace: a file on its own is not judged', file: FILE, code: hpa('Deployment', 'web') },
    {
      name: 'an editor before (or without) a workspace scan: lists but no scanned folder',
      file: FILE,
      workspace: { ...emptyWorkspace(), kubernetesWorkloads: [], kubernetesHpas: [] },
      code: hpa('Deployment', 'web'),
    },
    {
      name: 'a file outside the scanned folders',
      file: '/elsewhere/hpa.yaml',
      workspace: scanned(),
      code: hpa('Deployment', 'web'),
    },
    {
      name: 'a custom resource target (Argo Rollout) is not looked for',
      file: FILE,
      workspace: scanned(),
      code: hpa('Rollout', 'web').replace('apps/v1', 'argoproj.io/v1alpha1'),
    },
    { name: 'a templated name', file: FILE, workspace: scanned(), code: hpa('Deployment', '"${APP_NAME}"') },
  ],
  invalid: [
    {
      name: 'a typo in the name',
      file: FILE,
      workspace: scanned(),
      code: `${workload('Deployment', 'web-api')}---\n${hpa('Deployment', 'webapi')}`,
      errors: [
        {
          messageId: 'missing',
          line: 19,
          column: 11,
          endLine: 19,
          endColumn: 17,
          severity: 'warning',
          data: { hpa: 'web', kind: 'Deployment', target: 'webapi', ...none },
        },
      ],
      output: null,
    },
    {
      name: 'the wrong kind: a StatefulSet of that name is in another manifest',
      file: FILE,
      workspace: scanned({ '/w/k8s/db.yaml': workload('StatefulSet', 'db') }),
      code: hpa('Deployment', 'db'),
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 11,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'db',
            ...none,
            otherKind: 'StatefulSet',
            otherWhere: 'db.yaml',
          },
        },
      ],
      output: null,
    },
    {
      name: 'another namespace',
      file: FILE,
      workspace: scanned({ '/w/k8s/web.yaml': workload('Deployment', 'web', 'staging') }),
      code: hpa('Deployment', 'web', 'prod'),
      errors: [
        {
          messageId: 'missing',
          line: 10,
          column: 11,
          data: {
            hpa: 'web',
            kind: 'Deployment',
            target: 'web',
            ...none,
            namespace: 'prod',
            otherKind: 'Deployment',
            otherNamespace: 'staging',
            otherWhere: 'web.yaml',
          },
        },
      ],
      output: null,
    },
    {
      name: "the file's own stale workspace entry does not count",
      file: FILE,
      workspace: scanned({ [FILE]: `${workload('Deployment', 'web')}---\n${hpa('Deployment', 'web')}` }),
      code: hpa('Deployment', 'web'),
      errors: [
        { messageId: 'missing', line: 9, column: 11, data: { hpa: 'web', kind: 'Deployment', target: 'web', ...none } },
      ],
      output: null,
    },
  ],
});
