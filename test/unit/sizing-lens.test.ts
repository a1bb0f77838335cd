/** The Compose code lens texts: replicas × limits (and reservations) per service, totals per file. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lint } from '../../server/src/engine';
import { yaml } from '../../server/src/engine/template-text';

function lenses(text: string, uri = '/w/compose.yaml'): string[] {
  return lint(text, { uri })
    .hints.filter((h) => h.lens)
    .map((h) => h.title);
}

describe('Compose sizing lenses', () => {
  test('limits only: unchanged wording', () => {
    assert.deepEqual(
      lenses(
        'services:\n  web:\n    scale: 3\n    deploy:\n      resources:\n        limits: {cpus: "0.5", memory: 512m}\n',
      ),
      ['1 service, 3 containers: limits 1.5 cores, 1.5 GiB', '3 × (0.5 cores, 512 MiB) = 1.5 cores, 1.5 GiB'],
    );
  });

  test('reservations are shown beside the limits, per service and in the file total', () => {
    const text = yaml`
      services:
        web:
          scale: 2
          deploy:
            resources:
              limits: {cpus: "1", memory: 1g}
              reservations: {cpus: "0.25", memory: 256m}
        db:
          mem_reservation: 512m
          deploy:
            resources:
              limits: {cpus: "2", memory: 2g}
    `;
    assert.deepEqual(lenses(text), [
      '2 services, 3 containers: limits 4 cores, 4 GiB; reservations 0.5 cores, 1 GiB',
      '2 × (1 core, 1 GiB) = 2 cores, 2 GiB; reservations 2 × (0.25 cores, 256 MiB) = 0.5 cores, 512 MiB',
      '1 × (2 cores, 2 GiB) = 2 cores, 2 GiB; reservations 1 × (512 MiB) = 512 MiB',
    ]);
  });

  test('no CPU limit anywhere says so instead of "0 cores"', () => {
    const text =
      'services:\n  web:\n    scale: 2\n    deploy:\n      resources:\n        limits:\n          memory: 256m\n';
    assert.deepEqual(lenses(text), [
      '1 service, 2 containers: limits 512 MiB; no CPU limits',
      '2 × (no CPU limit, 256 MiB) = no CPU limit, 512 MiB',
    ]);
  });

  test('no limits at all', () => {
    assert.deepEqual(
      lenses(yaml`
      services:
        web:
          scale: 2
        db:
          image: postgres
    `),
      ['2 services, 3 containers: no limits', '2 × (no limits)', '1 × (no limits)'],
    );
  });

  test('some services without a limit are named', () => {
    const text = 'services:\n  web:\n    cpus: 1\n    mem_limit: 1g\n  worker:\n    scale: 2\n    mem_limit: 512m\n';
    assert.deepEqual(lenses(text), [
      '2 services, 3 containers: limits 1 core, 2 GiB; no CPU limit: worker',
      '1 × (1 core, 1 GiB) = 1 core, 1 GiB',
      '2 × (no CPU limit, 512 MiB) = no CPU limit, 1 GiB',
    ]);
  });

  test('the hover detail names reservations, and the CPU reservation docker compose ignores', () => {
    const text =
      'services:\n  web:\n    scale: 2\n    deploy:\n      resources:\n        reservations: {cpus: "0.5"}\n';
    const web = lint(text, { uri: '/w/compose.yaml' }).hints.find((h) => h.title.startsWith('2 ×'))!;
    assert.equal(web.title, '2 × (no limits); reservations 2 × (0.5 cores) = 1 core');
    assert.match(web.detail!, /reservations per replica: 0\.5 cores; total 1 core/);
    assert.match(web.detail!, /docker compose ignores the CPU reservation/);
  });
});

describe('k3s sizing lenses', () => {
  const k3s = (text: string, uri = '/etc/rancher/k3s/config.yaml') => lint(text, { uri }).hints.filter((h) => h.lens);

  test('max-pods: the node block it needs, what the mask gives, how many nodes the cluster then holds', () => {
    const hints = k3s(
      'cluster-cidr: 10.42.0.0/16\nkubelet-arg: [max-pods=2000]\nkube-controller-manager-arg: [node-cidr-mask-size=19]\n',
    );
    assert.deepEqual(
      hints.map((h) => h.title),
      [
        'cluster 10.42.0.0/16 with /19 node blocks fits 8 nodes',
        'max-pods 2,000 needs at least a /21 node block; /19 gives 8,192 addresses; cluster 10.42.0.0/16 then fits 8 nodes',
        '/19 node blocks: 8,192 addresses, about 8,189 pods per node; cluster 10.42.0.0/16 then fits 8 nodes',
      ],
    );
    assert.match(hints[1]!.detail!, /GKE's guidance/);
    assert.match(hints[1]!.detail!, /\/20/, '2× headroom for 2,000 pods is a /20');
  });

  test('the defaults when nothing is set, and an install script', () => {
    assert.deepEqual(
      k3s('curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=500\n', '/w/install.sh').map((h) => h.title),
      [
        'max-pods 500 needs at least a /23 node block; /24 (default) gives 256 addresses; cluster 10.42.0.0/16 (default) then fits 256 nodes',
      ],
    );
  });
});
