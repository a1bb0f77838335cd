/**
 * addKubernetesFacts called again (the CLI's files, a test's edited text) sees a changed, added
 * or removed manifest, and replaces the entries of the files it reads again.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyWorkspace } from '../../server/src/engine';
import { addKubernetesFacts } from '../../server/src/files';
import { yaml } from '../../server/src/engine/template-text';

const deployment = (replicas: number) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    `  replicas: ${replicas}`,
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: app',
    '',
  ].join('\n');
const hpa = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    minReplicas: 2
    maxReplicas: 6
`;

test('a rescan sees changed, added and removed manifests, and never duplicates an entry', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-facts-'));
  try {
    const dep = path.join(dir, 'deployment.yaml');
    const hp = path.join(dir, 'hpa.yaml');
    fs.writeFileSync(dep, deployment(3));
    const first = addKubernetesFacts(emptyWorkspace(), [dep]);
    assert.deepEqual(
      first.kubernetesWorkloads!.map((w) => [w.name, w.replicas]),
      [['web', 3]],
    );
    assert.deepEqual(first.kubernetesHpas, []);

    // The same facts object scanned again: replaced, not appended.
    addKubernetesFacts(first, [dep]);
    assert.equal(first.kubernetesWorkloads!.length, 1);

    fs.writeFileSync(dep, deployment(5));
    fs.writeFileSync(hp, hpa);
    const second = addKubernetesFacts(emptyWorkspace(), [dep]);
    assert.deepEqual(
      second.kubernetesWorkloads!.map((w) => [w.name, w.replicas]),
      [['web', 5]],
      'the edited replicas are read again',
    );
    assert.deepEqual(
      second.kubernetesHpas!.map((h) => [h.name, h.targetName, h.maxReplicas]),
      [['web', 'web', 6]],
      'a new file beside it is found',
    );

    fs.rmSync(hp);
    const third = addKubernetesFacts(emptyWorkspace(), [dep]);
    assert.deepEqual(third.kubernetesHpas, [], 'a removed file contributes nothing');

    // An open document's text wins over the file on disk.
    const edited = addKubernetesFacts(emptyWorkspace(), [dep], (f) =>
      f === dep ? deployment(7) : fs.readFileSync(f, 'utf8'),
    );
    assert.deepEqual(
      edited.kubernetesWorkloads!.map((w) => w.replicas),
      [7],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
