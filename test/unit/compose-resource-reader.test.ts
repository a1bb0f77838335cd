/** The one reader of Compose limits and reservations (model/compose-resources.ts composeResource). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeServices } from '../../server/src/engine/model/compose';
import {
  composeResource,
  type ResourceField,
  type ResourceSection,
} from '../../server/src/engine/model/compose-resources';
import { parseFile } from '../../server/src/engine/parse';
import { goValue, isAlias } from '../../server/src/engine/yaml-ast';
import { yaml } from '../../server/src/engine/template-text';

function read(yaml: string, section: ResourceSection, field: ResourceField) {
  const svc = composeServices(parseFile('file:///w/compose.yaml', yaml))[0]!;
  const r = composeResource(svc, section, field);
  const v = (n: unknown) => (n === null ? null : goValue(n as never, svc.doc));
  return {
    deploy: v(r.deploy),
    legacy: v(r.legacy),
    legacyKey: r.legacyKey?.key ?? null,
    written: r.legacyPair !== null,
    value: v(r.value),
  };
}

test('deploy.resources wins, the legacy key is read beside it', () => {
  const y =
    'services:\n  web:\n    image: nginx\n    cpus: 0.5\n    mem_limit: 1g\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n';
  assert.deepEqual(read(y, 'limits', 'memory'), {
    deploy: '512M',
    legacy: '1g',
    legacyKey: 'mem_limit',
    written: true,
    value: '512M',
  });
  assert.deepEqual(read(y, 'limits', 'cpus'), {
    deploy: null,
    legacy: 0.5,
    legacyKey: 'cpus',
    written: true,
    value: 0.5,
  });
  assert.deepEqual(read(y, 'reservations', 'cpus'), {
    deploy: null,
    legacy: null,
    legacyKey: null,
    written: false,
    value: null,
  });
});

test('mem_reservation and pids_limit map to their sections', () => {
  const y = 'services:\n  web:\n    image: nginx\n    mem_reservation: 256m\n    pids_limit: 100\n';
  assert.deepEqual(read(y, 'reservations', 'memory'), {
    deploy: null,
    legacy: '256m',
    legacyKey: 'mem_reservation',
    written: true,
    value: '256m',
  });
  assert.deepEqual(read(y, 'limits', 'pids'), {
    deploy: null,
    legacy: 100,
    legacyKey: 'pids_limit',
    written: true,
    value: 100,
  });
});

test('an empty legacy key is written but has no value; aliases and merge keys are followed', () => {
  const y = yaml`
    x-res: &res
      limits:
        cpus: "2"
    x-base: &base
      mem_limit: 2g
    services:
      web:
        <<: *base
        image: nginx
        cpus:
        deploy:
          resources: *res
  `;
  assert.deepEqual(read(y, 'limits', 'cpus'), {
    deploy: '2',
    legacy: null,
    legacyKey: 'cpus',
    written: true,
    value: '2',
  });
  assert.deepEqual(read(y, 'limits', 'memory'), {
    deploy: null,
    legacy: '2g',
    legacyKey: 'mem_limit',
    written: true,
    value: '2g',
  });
});

test('deployPair is the pair as written: its value stays the alias (a fix must not edit an anchor through it)', () => {
  const y = yaml`
      x-cpu: &cpu 0.5
      x-lim: &lim {cpus: 1}
      services:
        a:
          image: nginx
          deploy: {resources: {limits: {cpus: *cpu}}}
        b:
          image: nginx
          deploy: {resources: {limits: {<<: *lim}}}
        c:
          image: nginx
          cpus: 2
    `;
  const [a, b, c] = composeServices(parseFile('file:///w/compose.yaml', y));
  const ra = composeResource(a!, 'limits', 'cpus');
  assert.ok(isAlias(ra.deployPair?.value));
  assert.equal((ra.deploy as { value?: unknown } | null)?.value, 0.5);
  // Through a merge key the pair is the anchor's own, so its value is the scalar there.
  const rb = composeResource(b!, 'limits', 'cpus');
  assert.equal((rb.deployPair?.value as { value?: unknown } | undefined)?.value, 1);
  assert.equal(rb.deploy, rb.deployPair?.value);
  // The legacy key is not deploy.resources: no deployPair, though it is the value.
  const rc = composeResource(c!, 'limits', 'cpus');
  assert.equal(rc.deployPair, null);
  assert.equal((rc.value as { value?: unknown } | null)?.value, 2);
});
