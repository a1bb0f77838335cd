/**
 * Scaling Kubernetes workloads (server/src/actions/kubernetes.ts) against the local contract
 * server of test/helpers/kube-api-server.ts, which the real kubectl judges first: if kubectl
 * gets, scales and refuses against it as against a real cluster, the server keeps the contract.
 * The same flow then runs against a real cluster when SCALEWISE_TEST_KUBECONFIG names one.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { KubeApiServer } from '../helpers/kube-api-server';

let api: KubeApiServer;

before(async () => {
  api = await KubeApiServer.start();
});
after(async () => {
  await api?.close();
});
beforeEach(() => api.reset());

/** kubectl from PATH (scripts/test.sh installs Debian's kubernetes-client where none is). Asynchronous: the server lives in this process. */
function kubectl(kubeconfig: string, args: string[]) {
  const home = fs.mkdtempSync(path.join(api.dir, 'home-'));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      // A fresh HOME: no discovery cache from another run.
      { env: { PATH: process.env.PATH, HOME: home }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
    );
  });
}

describe('the real kubectl against the contract server', () => {
  test('kubectl get deploy lists the Deployments of the namespace', async () => {
    api.addWorkload('Deployment', 'web', 2);
    api.addWorkload('Deployment', 'api', 1, { namespace: 'shop' });
    const r = await kubectl(api.kubeconfig('k-get.yaml', 'admin@local'), ['get', 'deploy']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\b/);
    assert.match(r.stdout, /\nweb\b/);
    assert.doesNotMatch(r.stdout, /\bapi\b/);
    const all = await kubectl(api.kubeconfig('k-get-a.yaml', 'admin@local'), ['get', 'deploy', '-A', '-o', 'name']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(all.stdout.trim().split('\n').sort(), ['deployment.apps/api', 'deployment.apps/web']);
  });

  test('kubectl get hpa', async () => {
    api.addWorkload('Deployment', 'web', 2);
    api.addHpa('web', { kind: 'Deployment', name: 'web' }, 2, 10);
    const r = await kubectl(api.kubeconfig('k-hpa.yaml', 'admin@local'), [
      'get',
      'hpa',
      '-o',
      'jsonpath={.items[*].spec.maxReplicas}',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '10');
    assert.ok(api.seen.some((s) => s.path === '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers'));
  });

  test('kubectl scale --current-replicas=2 succeeds through the scale subresource', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const r = await kubectl(api.kubeconfig('k-scale.yaml', 'admin@local'), [
      'scale',
      'deployment/web',
      '--replicas=3',
      '--current-replicas=2',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'deployment.apps/web scaled');
    assert.equal(w.replicas, 3);
    assert.deepEqual(
      api.writes().map((s) => `${s.method} ${s.path}`),
      ['PUT /apis/apps/v1/namespaces/default/deployments/web/scale'],
    );
  });

  test('kubectl scale without a precondition patches the scale (merge patch)', async () => {
    const w = api.addWorkload('StatefulSet', 'db', 1);
    const r = await kubectl(api.kubeconfig('k-patch.yaml', 'admin@local'), ['scale', 'statefulset/db', '--replicas=2']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(w.replicas, 2);
    const writes = api.writes();
    assert.deepEqual(
      writes.map((s) => `${s.method} ${s.path} ${s.contentType}`),
      ['PATCH /apis/apps/v1/namespaces/default/statefulsets/db/scale application/merge-patch+json'],
    );
  });

  test('kubectl scale --current-replicas=5 refuses with its own message, and changes nothing', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const r = await kubectl(api.kubeconfig('k-pre.yaml', 'admin@local'), [
      'scale',
      'deployment/web',
      '--replicas=3',
      '--current-replicas=5',
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Expected replicas to be 5, was 2/);
    assert.equal(w.replicas, 2);
    assert.deepEqual(api.writes(), []);
  });

  test('kubectl scale --resource-version checks the version it reads', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const r = await kubectl(api.kubeconfig('k-rv.yaml', 'admin@local'), [
      'scale',
      'deployment/web',
      '--replicas=3',
      `--resource-version=${w.resourceVersion - 1}`,
    ]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      new RegExp(`Expected resource version to be ${w.resourceVersion - 1}, was ${w.resourceVersion}`),
    );
    assert.equal(w.replicas, 2);
    assert.deepEqual(api.writes(), []);
  });

  test('a change between kubectl reading the scale and writing it: 409 Conflict, and kubectl reads again and retries', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    let changes = 0;
    // Someone edits the Deployment (not its count) just before the first write lands.
    api.beforeScaleWrite = (x) => {
      if (changes++ === 0) api.touch(x);
    };
    const r = await kubectl(api.kubeconfig('k-409.yaml', 'admin@local'), [
      'scale',
      'deployment/web',
      '--replicas=3',
      '--current-replicas=2',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(w.replicas, 3);
    assert.deepEqual(
      api.writes().map((s) => `${s.method} ${s.path} ${s.code}`),
      [
        'PUT /apis/apps/v1/namespaces/default/deployments/web/scale 409',
        'PUT /apis/apps/v1/namespaces/default/deployments/web/scale 200',
      ],
    );
  });

  test('a token RBAC lets only read fails as kubectl fails on a real cluster (403 Forbidden)', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const r = await kubectl(api.kubeconfig('k-403.yaml', 'viewer@local'), ['scale', 'deployment/web', '--replicas=3']);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /Error from server \(Forbidden\): deployments\.apps "web" is forbidden: User "system:serviceaccount:default:viewer" cannot patch resource "deployments\/scale" in API group "apps" in the namespace "default"/,
    );
    assert.equal(w.replicas, 2);
    const none = await kubectl(api.kubeconfig('k-403b.yaml', 'nobody@local'), ['get', 'deploy']);
    assert.notEqual(none.code, 0);
    assert.match(
      none.stderr,
      /Error from server \(Forbidden\): deployments\.apps is forbidden: User "system:serviceaccount:default:nobody" cannot list resource "deployments" in API group "apps" in the namespace "default"/,
    );
  });

  test('a missing workload is NotFound for kubectl', async () => {
    const r = await kubectl(api.kubeconfig('k-404.yaml', 'admin@local'), ['scale', 'deployment/nope', '--replicas=3']);
    assert.notEqual(r.code, 0);
    // kubectl's resource builder reads the object first and reports the API's NotFound in its own words.
    assert.match(r.stderr, /error: no objects passed to scale deployments\.apps "nope" not found/);
    assert.deepEqual(api.writes(), []);
  });
});
