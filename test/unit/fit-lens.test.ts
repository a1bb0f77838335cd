/** The "will it fit?" lens and hover on replicas: and maxReplicas: against declared nodes (sizing/fit-workloads.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig, emptyWorkspace, lint, mergeConfig, type WorkspaceFacts } from '../../server/src/engine';
import { yaml } from '../../server/src/engine/template-text';

const DECLARED = mergeConfig(defaultConfig(), { cluster: { nodes: 3, node: { cpu: 4, memory: '16Gi' } } });

const MANIFEST = yaml`
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
            resources:
              requests: {cpu: "1", memory: 2Gi}
              limits: {cpu: "2", memory: 4Gi}
  ---
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    minReplicas: 3
    maxReplicas: 20
`;

function fitHints(
  text: string,
  uri: string,
  config = DECLARED,
  workspace: WorkspaceFacts = emptyWorkspace(),
  kind?: 'helm-values',
) {
  return lint(text, { uri, config, workspace, ...(kind ? { kind } : {}) })
    .hints.filter((h) => h.title.startsWith('Will it fit?'))
    .map((h) => ({ line: text.slice(0, h.range.start).split('\n').length, title: h.title, detail: h.detail ?? '' }));
}

describe('will-it-fit lens', () => {
  test('on replicas: and on the HPA maxReplicas:, against the declared nodes', () => {
    const hints = fitHints(MANIFEST, '/w/web.yaml');
    assert.deepEqual(
      hints.map((h) => [h.line, h.title]),
      [
        [6, 'Will it fit? 3 replicas: fits with 75% headroom (CPU is the tightest)'],
        [22, 'Will it fit? maxReplicas 20 (HPA web): does not fit: only 12 of 20 replicas fit: short by 8 cores'],
      ],
    );
    assert.match(hints[0]!.detail, /^\*\*Will it fit\?\*\* Deployment web, 3 replicas: fits with 75% headroom/);
    assert.match(hints[0]!.detail, /- against \.scalewise\.yaml cluster\.node × 3 \(running pods not counted\)/);
    assert.match(hints[0]!.detail, /- limits add up to 6 cores \(50%\), 12 GiB \(25%\)/);
  });

  test('nothing declared: no lens, no hover (no noise)', () => {
    assert.deepEqual(fitHints(MANIFEST, '/w/web.yaml', defaultConfig()), []);
    const countOnly = mergeConfig(defaultConfig(), { cluster: { nodes: 3 } });
    assert.deepEqual(fitHints(MANIFEST, '/w/web.yaml', countOnly), []);
  });

  test('no requests: it says the scheduler counts them as 0', () => {
    const text = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 2\n';
    assert.deepEqual(
      fitHints(text, '/w/db.yaml').map((h) => h.title),
      [
        'Will it fit? 2 replicas: fits (no requests: the scheduler counts these pods as 0, so only pod slots were checked; 99% of them left)',
      ],
    );
  });

  test('the k3s max-pods of the workspace limits the pods per node', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: many
      spec:
        replicas: 200
        template:
          spec:
            containers:
              - name: c
                resources: {requests: {cpu: 10m}}
    `;
    const ws = {
      ...emptyWorkspace(),
      k3sConfigFiles: [{ path: '/w/k3s/config.yaml', text: 'kubelet-arg:\n  - max-pods=50\n' }],
    };
    const [hint] = fitHints(text, '/w/many.yaml', DECLARED, ws);
    assert.equal(
      hint?.title,
      'Will it fit? 200 replicas: does not fit: only 150 of 200 replicas fit: short by 50 pod slots',
    );
    assert.match(hint.detail, /pods per node\\: 50 \(k3s max-pods 50, k3s config\.yaml\)/);
  });

  test('Helm values: replicaCount, and autoscaling.maxReplicas when autoscaling is on', () => {
    const text = yaml`
      replicaCount: 2
      resources:
        requests: {cpu: 3, memory: 1Gi}
      worker:
        autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 4}
        resources:
          requests: {cpu: 500m, memory: 20Gi}
    `;
    assert.deepEqual(
      fitHints(text, '/w/chart/values.yaml', DECLARED, emptyWorkspace(), 'helm-values').map((h) => [h.line, h.title]),
      [
        [1, 'Will it fit? 2 replicas: fits with 50% headroom (CPU is the tightest)'],
        [5, 'Will it fit? autoscaling.maxReplicas 4: does not fit: short by 4 GiB on every node'],
      ],
    );
  });
});
