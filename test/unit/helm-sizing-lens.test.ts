/** The Helm values code lenses: replicas × requests per workload block, the HPA maximum as the peak. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lint } from '../../server/src/engine';
import { inAChart } from '../helpers/rule-tester';
import { yaml } from '../../server/src/engine/template-text';

function lenses(text: string): string[] {
  return lint(text, { uri: '/chart/values.yaml', exists: inAChart })
    .hints.filter((h) => h.lens)
    .map((h) => h.title);
}

describe('Helm values sizing lenses', () => {
  test('autoscaling: HPA max × requests is the peak', () => {
    const text =
      'autoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 10\nresources:\n  requests:\n    cpu: 250m\n    memory: 512Mi\n';
    assert.deepEqual(lenses(text), ['2–10 replicas × (250m, 512Mi) = peak 2.5 cores, 5 GiB']);
  });

  test('fixed replicas × requests, per sub-chart, on the block key', () => {
    const text = yaml`
      api:
        replicaCount: 3
        resources:
          requests: {cpu: 1, memory: 1Gi}
      worker:
        replicaCount: 1
        resources:
          requests:
            memory: 256Mi
    `;
    const hints = lint(text, { uri: '/chart/values.yaml', exists: inAChart }).hints.filter((h) => h.lens);
    assert.deepEqual(
      hints.map((h) => h.title),
      ['3 replicas × (1, 1Gi) = 3 cores, 3 GiB', '1 replica × (no CPU request, 256Mi) = 256 MiB'],
    );
    assert.deepEqual(
      hints.map((h) => text.slice(h.range.start, h.range.end)),
      ['api', 'worker'],
    );
    assert.match(hints[0]!.detail!, /\*\*api\*\*: 3 replicas/);
  });

  test('a limit without a request is counted, and the hover says why', () => {
    const text = 'replicaCount: 2\nresources:\n  limits: {cpu: 500m, memory: 1Gi}\n';
    const [hint] = lint(text, { uri: '/chart/values.yaml', exists: inAChart }).hints.filter((h) => h.lens);
    assert.equal(hint!.title, '2 replicas × (500m, 1Gi) = 1 core, 2 GiB');
    assert.match(hint!.detail!, /copies the limit into the request/);
  });

  test('autoscaling without maxReplicas or requests', () => {
    assert.deepEqual(
      lenses('web:\n  autoscaling:\n    enabled: true\n    minReplicas: 2\n  resources:\n    requests: {cpu: 100m}\n'),
      ['2–? replicas × (100m, no memory request) = 0.2 cores at the minimum; maxReplicas not set here'],
    );
    assert.deepEqual(lenses('web:\n  autoscaling:\n    enabled: true\n    maxReplicas: 4\n'), [
      '1–4 replicas × (no requests)',
    ]);
  });

  test('autoscaling off: replicaCount counts; nothing to multiply gives no lens', () => {
    assert.deepEqual(
      lenses(yaml`
      replicaCount: 4
      autoscaling:
        enabled: false
        maxReplicas: 20
      resources:
        requests: {cpu: 2, memory: 4Gi}
    `),
      ['4 replicas × (2, 4Gi) = 8 cores, 16 GiB'],
    );
    assert.deepEqual(lenses('frontend:\n  autoscaling:\n    enabled: false\n'), []);
  });

  test('a values file outside a chart gets no lens', () => {
    assert.deepEqual(lint('replicaCount: 2\n', { uri: '/x/values.yaml', exists: () => false }).hints, []);
  });
});
