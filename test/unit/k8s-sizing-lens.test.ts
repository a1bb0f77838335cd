/** The Kubernetes workload lenses (replicas × requests, HPA peaks) and the workspace facts behind them. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { emptyWorkspace, lint } from '../../server/src/engine';
import { scanKubernetesFile } from '../../server/src/engine/model/k8s-hpa';
import { addKubernetesFacts } from '../../server/src/files';
import { paragraph, yaml } from '../../server/src/engine/template-text';

function lenses(text: string, uri = '/w/app.yaml', workspace = emptyWorkspace()): string[] {
  return lint(text, { uri, workspace })
    .hints.filter((h) => h.lens)
    .map((h) => h.title);
}

function deployment(name: string, replicas: string, containers: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n${replicas}  template:\n    spec:\n      containers:\n${containers}`;
}
const WEB =
  '        - name: web\n          resources:\n            requests: {cpu: 250m, memory: 512Mi}\n            limits: {cpu: 500m, memory: 1Gi}\n';
const HPA = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    minReplicas: 2
    maxReplicas: 10
`;

describe('Kubernetes sizing lenses', () => {
  test("replicas × the pod's requests and limits", () => {
    assert.deepEqual(lenses(deployment('web', '  replicas: 4\n', WEB)), [
      'Deployment web: 4 × (250m, 512Mi) = 1 core, 2 GiB; limits 4 × (500m, 1Gi) = 2 cores, 4 GiB',
    ]);
  });

  test('with an HPA in the same file: the range and the peak at maxReplicas', () => {
    assert.deepEqual(lenses(`${deployment('web', '', WEB)}---\n${HPA}`), [
      'Deployment web: HPA 2–10 × (250m, 512Mi) = peak 2.5 cores, 5 GiB; limits peak 5 cores, 10 GiB',
    ]);
  });

  test('with an HPA elsewhere in the workspace; the hover names it', () => {
    const ws = scanKubernetesFile('/w/hpa.yaml', HPA, emptyWorkspace());
    const hint = lint(deployment('web', '  replicas: 3\n', WEB), { uri: '/w/web.yaml', workspace: ws }).hints[0]!;
    assert.equal(
      hint.title,
      'Deployment web: HPA 2–10 × (250m, 512Mi) = peak 2.5 cores, 5 GiB; limits peak 5 cores, 10 GiB',
    );
    assert.match(hint.detail!, /scaled by HPA web \(hpa\.yaml\) between 2 and 10 replicas/);
    assert.match(hint.detail!, /at 2: 0\.5 cores, 1 GiB; at 10: 2\.5 cores, 5 GiB/);
  });

  test('limits copied into requests; a container without requests is named; init containers take the max', () => {
    const text = deployment(
      'api',
      '  replicas: 2\n',
      paragraph(
        '        - name: api\n          resources:\n            limits: {cpu: 1, memory: 1Gi}\n        - name:',
        'sidecar\n          image: busybox\n',
      ),
    ).replace(
      '      containers:\n',
      paragraph(
        '      initContainers:\n        - name: migrate\n          resources:\n            requests: {cpu: 2,',
        'memory: 256Mi}\n      containers:\n',
      ),
    );
    const hint = lint(text, { uri: '/w/api.yaml' }).hints[0]!;
    assert.equal(hint.title, 'Deployment api: 2 × (2, 1Gi) = 4 cores, 2 GiB; limits 2 × (1, 1Gi) = 2 cores, 2 GiB');
    assert.match(hint.detail!, /no CPU request on sidecar/);
    assert.match(hint.detail!, /init containers run one at a time/);
  });

  test('no limits, a DaemonSet per node, a Job with parallelism', () => {
    assert.deepEqual(
      lenses(yaml`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: agent
      spec:
        template:
          spec:
            containers:
              - name: a
                resources:
                  requests: {cpu: 100m, memory: 129e6}
    `),
      ['DaemonSet agent: 1 per node × (100m, 129M) = 0.1 cores, 123.02 MiB; no limits'],
    );
    assert.deepEqual(
      lenses(yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: etl
      spec:
        parallelism: 5
        template:
          spec:
            containers:
              - name: e
    `),
      ['Job etl: 5 × (no CPU request, no memory request) = nothing; no limits'],
    );
  });
});

describe('Kubernetes workspace facts', () => {
  test("scanKubernetesFile records workloads (containers without a CPU request, the replicas line) and HPAs, and replaces a file's entries on rescan", () => {
    const ws = emptyWorkspace();
    scanKubernetesFile(
      '/w/app.yaml',
      `${deployment('web', '  replicas: 3\n', `${WEB}        - name: side\n`)}---\n${HPA}`,
      ws,
    );
    assert.deepEqual(ws.kubernetesWorkloads, [
      {
        path: '/w/app.yaml',
        kind: 'Deployment',
        name: 'web',
        replicas: 3,
        replicasLine: 6,
        containers: ['web', 'side'],
        containersWithoutCpuRequest: ['side'],
      },
    ]);
    assert.deepEqual(ws.kubernetesHpas, [
      {
        path: '/w/app.yaml',
        name: 'web',
        targetKind: 'Deployment',
        targetName: 'web',
        minReplicas: 2,
        maxReplicas: 10,
        cpuUtilization: true,
      },
    ]);
    scanKubernetesFile('/w/app.yaml', deployment('web', '', WEB), ws);
    assert.equal(ws.kubernetesWorkloads?.length, 1);
    assert.equal(ws.kubernetesHpas?.length, 0, 'the HPA removed from the file is gone');
    scanKubernetesFile('/w/notes.yaml', 'title: not a manifest\n', ws);
    assert.equal(ws.kubernetesWorkloads?.length, 1);
  });

  test('addKubernetesFacts reads the given manifests and the YAML files beside them', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-k8s-'));
    try {
      fs.mkdirSync(path.join(root, 'k8s'));
      fs.writeFileSync(path.join(root, 'k8s', 'hpa.yaml'), HPA);
      fs.writeFileSync(path.join(root, 'k8s', 'web.yaml'), deployment('web', '  replicas: 3\n', WEB));
      const facts = addKubernetesFacts(emptyWorkspace(), [path.join(root, 'k8s', 'hpa.yaml')]);
      assert.deepEqual(
        facts.kubernetesWorkloads?.map((w) => path.relative(root, w.path)),
        [path.join('k8s', 'web.yaml')],
      );
      assert.deepEqual(
        facts.kubernetesHpas?.map((h) => h.targetName),
        ['web'],
      );
      const edited = addKubernetesFacts(emptyWorkspace(), [path.join(root, 'k8s', 'web.yaml')], (f) =>
        f.endsWith('web.yaml') ? deployment('api', '', WEB) : fs.readFileSync(f, 'utf8'),
      );
      assert.deepEqual(
        edited.kubernetesWorkloads?.map((w) => w.name),
        ['api'],
        "an open editor's text wins",
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
