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
import {
  createKubernetesScale,
  isProtectedContext,
  kubeContexts,
  kubernetesScale,
  listKubernetesWorkloads,
  podRequests,
  readClusterCapacity,
  type KubeClient,
  type KubernetesScaleArgs,
} from '../../server/src/actions/kubernetes';
import { describePlan, type ActionEnv, type ActionFailure, type ScalePlan } from '../../server/src/actions/types';
import { KubeApiServer, TOKENS, writeKubeconfig } from '../helpers/kube-api-server';
import { repoRoot } from '../helpers/lsp-client';
import { paragraph } from '../../server/src/engine/template-text';

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
      /Error from server \(Forbidden\): deployments\.apps "web" is forbidden: User "system:serviceaccount:default:viewer"/,
    );
    assert.match(r.stderr, /cannot patch resource "deployments\/scale" in API group "apps" in the namespace "default"/);
    assert.equal(w.replicas, 2);
    const none = await kubectl(api.kubeconfig('k-403b.yaml', 'nobody@local'), ['get', 'deploy']);
    assert.notEqual(none.code, 0);
    assert.match(
      none.stderr,
      /Error from server \(Forbidden\): deployments\.apps is forbidden: User "system:serviceaccount:default:nobody"/,
    );
    assert.match(none.stderr, /cannot list resource "deployments" in API group "apps" in the namespace "default"/);
  });

  test('a missing workload is NotFound for kubectl', async () => {
    const r = await kubectl(api.kubeconfig('k-404.yaml', 'admin@local'), ['scale', 'deployment/nope', '--replicas=3']);
    assert.notEqual(r.code, 0);
    // kubectl's resource builder reads the object first and reports the API's NotFound in its own words.
    assert.match(r.stderr, /error: no objects passed to scale deployments\.apps "nope" not found/);
    assert.deepEqual(api.writes(), []);
  });
});

/** The test bundle carries the client itself; the built server loads server/out/kube-client.js. */
const loadClient = () => import('../../server/src/cluster/kube-client');
const scale = createKubernetesScale({ loadClient, pollMs: 20 });
const opts = { loadClient };

interface TestEnv extends ActionEnv {
  logs: string[];
  execs: string[][];
}

function actionEnv(kubeconfig: string | undefined, more: Partial<ActionEnv> = {}): TestEnv {
  const logs: string[] = [];
  const execs: string[][] = [];
  const home = fs.mkdtempSync(path.join(api.dir, 'home-'));
  return {
    trusted: true,
    cwd: api.dir,
    env: { HOME: home, ...(kubeconfig ? { KUBECONFIG: kubeconfig } : {}) },
    // The Kubernetes action runs no program: the client speaks HTTPS itself.
    exec: async (file, args) => {
      execs.push([file, ...args]);
      return { code: 127, stdout: '', stderr: 'not expected' };
    },
    log: (line) => logs.push(line),
    logs,
    execs,
    ...more,
  };
}

function progress(signal: AbortSignal = new AbortController().signal) {
  const reports: string[] = [];
  return {
    reports,
    report: (m: string): void => {
      reports.push(m);
    },
    signal,
  };
}

function failed<T extends { ok: boolean }>(r: T): ActionFailure {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r)}`);
  return r as unknown as ActionFailure;
}

async function planOf(args: KubernetesScaleArgs, env: ActionEnv): Promise<ScalePlan> {
  const r = await scale.plan(args, env);
  assert.ok(r.ok, JSON.stringify(r));
  return r.plan;
}

const admin = () => actionEnv(api.kubeconfig('admin.yaml', 'admin@local'));

describe('kubernetesScale: plan', () => {
  test('reads the scale, the ready count and the HPAs; changes nothing; says what will run', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const plan = await planOf({ kind: 'Deployment', name: 'web', replicas: 3 }, admin());
    assert.equal(plan.target, 'deployment/web');
    assert.equal(plan.current, 2);
    assert.equal(plan.desired, 3);
    assert.deepEqual(plan.where, [
      { label: 'Context', value: 'admin@local' },
      { label: 'Cluster', value: `local (${api.url})` },
      { label: 'Namespace', value: 'default' },
    ]);
    assert.deepEqual(plan.steps, [
      'GET /apis/apps/v1/namespaces/default/deployments/web/scale (check the count is still 2)',
      `PUT /apis/apps/v1/namespaces/default/deployments/web/scale (replicas 2 → 3, precondition resourceVersion ${w.resourceVersion})`,
      'GET /apis/apps/v1/namespaces/default/deployments/web until 3 ready (at most 300 s)',
    ]);
    assert.deepEqual(plan.warnings, []);
    assert.equal(plan.typeToConfirm, undefined);
    assert.deepEqual(api.writes(), [], 'a plan writes nothing');
    assert.deepEqual(
      api.seen.map((s) => `${s.method} ${s.path}`),
      [
        'GET /apis/apps/v1/namespaces/default/deployments/web/scale',
        'GET /apis/apps/v1/namespaces/default/deployments/web',
        'GET /apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers',
        'GET /api/v1/nodes',
        'GET /api/v1/pods',
      ],
      'reads only: the scale, the workload, its HPAs, and the nodes and pods for "will it fit?"',
    );
    assert.ok(api.seen.every((s) => s.auth === `Bearer ${TOKENS.admin}`));
    assert.equal(
      describePlan(plan),
      [
        'Scale deployment/web: 2 → 3',
        'Context: admin@local',
        `Cluster: local (${api.url})`,
        'Namespace: default',
        `Will it fit? ${plan.fit?.text ?? 'missing'}`,
        `  against ${plan.fit?.source ?? 'missing'}`,
        'Runs:',
        ...plan.steps.map((s) => `  ${s}`),
      ].join('\n'),
    );
    assert.equal(plan.fit?.verdict, 'does-not-fit', 'the contract server has no nodes unless a test adds them');
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan, 'the plan crosses LSP as JSON');
  });

  test('will it fit: the added pods (template requests 100m / 128Mi) against allocatable minus running pods', async () => {
    api.addWorkload('Deployment', 'web', 2);
    api.nodes.push({ name: 'n1', allocatable: { cpu: '1', memory: '4Gi', pods: '110' } });
    api.pods.push({ name: 'busy', namespace: 'default', node: 'n1', phase: 'Running', requests: [{ cpu: '850m' }] });
    const tight = await planOf({ kind: 'Deployment', name: 'web', replicas: 4 }, admin());
    assert.equal(tight.fit?.verdict, 'does-not-fit', JSON.stringify(tight.fit));
    assert.match(tight.fit?.text ?? '', /^does not fit: only 1 of 2 replicas fit.* \(the 2 added pods\)$/);
    assert.equal(tight.fit?.source, "context admin@local (1 node, allocatable minus running pods' requests)");
    assert.match(describePlan(tight), /^Will it fit\? does not fit: only 1 of 2 replicas fit/m);

    api.pods.length = 0;
    const roomy = await planOf({ kind: 'Deployment', name: 'web', replicas: 4 }, admin());
    assert.equal(roomy.fit?.verdict, 'fits', JSON.stringify(roomy.fit));
    assert.match(roomy.fit?.text ?? '', /^fits with \d+% headroom .*\(the 2 added pods\)$/);

    const down = await planOf({ kind: 'Deployment', name: 'web', replicas: 1 }, admin());
    assert.deepEqual(down.fit, { verdict: 'fits', text: 'fits: scaling down frees room' });
    assert.deepEqual(api.writes(), [], 'the fit is read-only');
  });

  test('an HPA targeting the workload: warned that it overrides a manual count, its bounds in the state', async () => {
    api.addWorkload('Deployment', 'web', 2);
    api.addHpa('web-hpa', { kind: 'Deployment', name: 'web' }, 2, 10);
    const plan = await planOf({ kind: 'Deployment', name: 'web', replicas: 5 }, admin());
    assert.deepEqual(plan.warnings, [
      'HorizontalPodAutoscaler web-hpa targets deployment/web (min 2, max 10) and will override a manual count; change its minReplicas/maxReplicas instead',
    ]);
    assert.deepEqual(plan.state.hpaFound, { name: 'web-hpa', minReplicas: 2, maxReplicas: 10 });
  });

  test('an old cluster serving HPAs as autoscaling/v1 only: found there', async () => {
    api.autoscalingV2 = false;
    api.addWorkload('Deployment', 'web', 2);
    api.addHpa('web-hpa', { kind: 'Deployment', name: 'web' }, 1, 4);
    const plan = await planOf({ kind: 'Deployment', name: 'web', replicas: 5 }, admin());
    assert.match(plan.warnings[0] ?? '', /^HorizontalPodAutoscaler web-hpa targets deployment\/web \(min 1, max 4\)/);
    assert.deepEqual(
      api.seen.filter((s) => /horizontalpodautoscalers/.test(s.path)).map((s) => `${s.path} ${s.code}`),
      [
        '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers 404',
        '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers 200',
      ],
    );
  });

  test('a context matching protectedContexts must be confirmed by typing the workload name', async () => {
    api.addWorkload('Deployment', 'web', 2, { namespace: 'shop' });
    const plan = await planOf(
      { kind: 'Deployment', name: 'web', replicas: 3 },
      actionEnv(api.kubeconfig('p.yaml', 'prod-eu')),
    );
    assert.equal(plan.typeToConfirm, 'web');
    assert.deepEqual(plan.where[2], { label: 'Namespace', value: 'shop' }, "the context's namespace");
    assert.match(describePlan(plan), /Protected: type "web" to confirm\./);
    const own = await planOf(
      { kind: 'Deployment', name: 'web', namespace: 'shop', replicas: 3, protectedContexts: ['admin@*'] },
      admin(),
    );
    assert.equal(own.typeToConfirm, 'web');
    const open = await planOf({ kind: 'Deployment', name: 'web', namespace: 'shop', replicas: 3 }, admin());
    assert.equal(open.typeToConfirm, undefined);
    assert.equal(
      isProtectedContext('arn:aws:eks:eu-west-1:123456789012:cluster/PROD-eu'),
      true,
      '* crosses / and case',
    );
    assert.equal(isProtectedContext('kind-dev'), false);
  });

  test('names, namespaces, contexts and counts the API would refuse (or a shell would run) are refused before any request', async () => {
    api.addWorkload('Deployment', 'web', 2);
    const env = admin();
    const cases: [KubernetesScaleArgs, RegExp][] = [
      [{ kind: 'Deployment', name: 'web; rm -rf /', replicas: 3 }, /"web; rm -rf \/" is not a valid name/],
      [{ kind: 'Deployment', name: '$(touch /tmp/pwned)', replicas: 3 }, /is not a valid name/],
      [{ kind: 'Deployment', name: '../../api/v1/nodes', replicas: 3 }, /is not a valid name/],
      [{ kind: 'Deployment', name: 'Web', replicas: 3 }, /is not a valid name/],
      [{ kind: 'Deployment', name: 'web\nx', replicas: 3 }, /"web\\nx" is not a valid name/],
      [
        { kind: 'Deployment', name: 'web', namespace: 'default --all-namespaces', replicas: 3 },
        /is not a valid namespace/,
      ],
      [{ kind: 'Deployment', name: 'web', namespace: 'a.b', replicas: 3 }, /"a\.b" is not a valid namespace/],
      [
        { kind: 'Deployment', name: 'web', context: 'admin@local; id', replicas: 3 },
        /is not a context name Scalewise uses/,
      ],
      [{ kind: 'Deployment', name: 'web', context: '`id`', replicas: 3 }, /is not a context name/],
      [{ kind: 'Deployment', name: 'web', replicas: -1 }, /replicas must be a whole number from 0, not -1/],
      [{ kind: 'Deployment', name: 'web', replicas: 1.5 }, /replicas must be a whole number from 0, not 1\.5/],
      [{ kind: 'Deployment', name: 'web', replicas: '3' as never }, /replicas must be a whole number from 0, not 3/],
      [
        { kind: 'Pod' as never, name: 'web', replicas: 3 },
        /kind must be one of Deployment, StatefulSet, ReplicaSet, ReplicationController, not "Pod"/,
      ],
      [{ kind: 'constructor' as never, name: 'web', replicas: 3 }, /kind must be one of .*, not "constructor"/],
    ];
    for (const [args, message] of cases) {
      const r = failed(await scale.plan(args, env));
      assert.equal(r.reason, 'invalid', JSON.stringify(args));
      assert.match(r.message, message);
    }
    assert.deepEqual(api.seen, [], 'no request was made');
    assert.deepEqual(env.execs, [], 'nothing was run');
    const unknownContext = failed(
      await scale.plan({ kind: 'Deployment', name: 'web', context: 'nowhere', replicas: 3 }, env),
    );
    assert.equal(unknownContext.reason, 'no-context');
    assert.equal(
      unknownContext.message,
      'the kubeconfig has no context named "nowhere" (kubectl config get-contexts lists them)',
    );
    assert.deepEqual(api.seen, []);
  });

  test('a manifest: kind, name and namespace come from the file (kubectl scale --replicas=3 -f FILE)', async () => {
    const w = api.addWorkload('Deployment', 'peer', 1, { namespace: 'learning' });
    const file = path.join(api.dir, 'k8s', 'peer-deployment.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: peer\n  namespace: learning\nspec:\n' +
        '  replicas: 1\n  selector:\n    matchLabels: {app: peer}\n  template:\n    metadata:\n' +
        '      labels: {app: peer}\n    spec:\n      containers:\n        - name: peer\n' +
        '          image: peer:1\n',
    );
    const env = admin();
    const plan = await planOf({ file: 'k8s/peer-deployment.yaml', replicas: 3 }, env);
    assert.equal(plan.target, 'deployment/peer');
    assert.deepEqual(plan.where[2], { label: 'Namespace', value: 'learning' });
    const r = await scale.run(plan, env, progress());
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(w.replicas, 3);
    // kubectl reads the same file the same way against the same server.
    const k = await kubectl(api.kubeconfig('k-f.yaml', 'admin@local'), ['scale', '--replicas=2', '-f', file]);
    assert.equal(k.code, 0, k.stderr);
    assert.equal(w.replicas, 2);

    const bad = path.join(api.dir, 'k8s', 'bad.yaml');
    fs.writeFileSync(
      bad,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "x;reboot"\nspec:\n  replicas: 1\n',
    );
    const before = api.seen.length;
    const refused = failed(await scale.plan({ file: 'k8s/bad.yaml', replicas: 3 }, env));
    assert.equal(refused.reason, 'invalid');
    assert.match(refused.message, /^k8s\/bad\.yaml: "x;reboot" is not a valid name/);
    const none = failed(await scale.plan({ file: 'k8s/nothing.yaml', replicas: 3 }, env));
    assert.equal(none.reason, 'not-found');
    assert.equal(api.seen.length, before, 'no request for a refused manifest');
  });
});

describe('kubernetesScale: run', () => {
  test('replaces the scale with the resourceVersion it read, then reports ready replicas until they reach the target', async () => {
    const w = api.addWorkload('Deployment', 'web', 1);
    const env = admin();
    const plan = await planOf({ kind: 'Deployment', name: 'web', replicas: 4 }, env);
    const p = progress();
    const r = await scale.run(plan, env, p);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.message, 'deployment/web in admin@local/default: 1 → 4 replicas, 4 ready.');
    assert.equal(w.replicas, 4);
    assert.deepEqual(p.reports, [
      'deployment/web: 2 of 4 ready',
      'deployment/web: 3 of 4 ready',
      'deployment/web: 4 of 4 ready',
    ]);
    const writes = api.writes();
    assert.equal(writes.length, 1);
    assert.equal(writes[0]!.method, 'PUT');
    assert.equal(writes[0]!.path, '/apis/apps/v1/namespaces/default/deployments/web/scale');
    const body = JSON.parse(writes[0]!.body) as { metadata: { resourceVersion: string }; spec: { replicas: number } };
    assert.equal(body.spec.replicas, 4);
    assert.equal(body.metadata.resourceVersion, plan.state.resourceVersion);
    assert.deepEqual(env.logs, [
      'scaled deployment/web in admin@local/default: 1 → 4 replicas',
      'event deployment/web: Normal ScalingReplicaSet: Scaled up replica set web-7d4b9c8f5d from 1 to 4',
    ]);
    assert.ok(
      api.seen.some(
        (s) => s.path === '/api/v1/namespaces/default/events' && /involvedObject\.name%3Dweb/.test(s.query),
      ),
    );
  });

  test('StatefulSet, ReplicaSet and ReplicationController scale through their own subresource; a scale down waits for the extra pods to go', async () => {
    const cases = [
      ['StatefulSet', '/apis/apps/v1/namespaces/default/statefulsets/db/scale'],
      ['ReplicaSet', '/apis/apps/v1/namespaces/default/replicasets/db/scale'],
      ['ReplicationController', '/api/v1/namespaces/default/replicationcontrollers/db/scale'],
    ] as const;
    for (const [kind, scalePath] of cases) {
      api.reset();
      const w = api.addWorkload(kind, 'db', 3);
      const env = admin();
      const p = progress();
      const r = await scale.run(await planOf({ kind, name: 'db', replicas: 1 }, env), env, p);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(w.replicas, 1);
      assert.deepEqual(
        api.writes().map((s) => `${s.method} ${s.path}`),
        [`PUT ${scalePath}`],
      );
      assert.deepEqual(
        p.reports,
        ['db: 2 of 1 ready', 'db: 1 of 1 ready'].map((x) => `${kind.toLowerCase()}/${x}`),
      );
    }
  });

  test('a concurrent change between plan and run (kubectl scaled it meanwhile): conflict, nothing overwritten', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const env = admin();
    const plan = await planOf({ kind: 'Deployment', name: 'web', replicas: 3 }, env);
    const k = await kubectl(api.kubeconfig('k-meanwhile.yaml', 'admin@local'), [
      'scale',
      'deployment/web',
      '--replicas=4',
    ]);
    assert.equal(k.code, 0, k.stderr);
    const writesBefore = api.writes().length;
    const r = failed(await scale.run(plan, env, progress()));
    assert.equal(r.reason, 'conflict');
    assert.equal(
      r.message,
      'deployment/web in admin@local/default changed from 2 to 4 replicas since it was shown; nothing overwritten: look again before scaling',
    );
    assert.equal(w.replicas, 4, "kubectl's count stays");
    assert.equal(api.writes().length, writesBefore, 'no write after the check');
  });

  test("409: the object changed between run's read and its write; nothing overwritten", async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const env = admin();
    const plan = await planOf({ kind: 'Deployment', name: 'web', replicas: 3 }, env);
    api.beforeScaleWrite = (x) => api.touch(x);
    const r = failed(await scale.run(plan, env, progress()));
    assert.equal(r.reason, 'conflict');
    assert.equal(
      r.message,
      paragraph(
        'deployment/web was changed by someone else in namespace default (context admin@local) while it was',
        'being scaled (409 Conflict: Operation cannot be fulfilled on deployments.apps "web": the object has',
        'been modified; please apply your changes to the latest version and try again); nothing overwritten:',
        'look again and retry',
      ),
    );
    assert.equal(w.replicas, 2);
    assert.deepEqual(
      api.writes().map((s) => s.code),
      [409],
    );
  });

  test('403: a token RBAC lets read but not update says which verb on which resource it lacks', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const env = actionEnv(api.kubeconfig('viewer.yaml', 'viewer@local'));
    const plan = await planOf({ kind: 'Deployment', name: 'web', replicas: 3 }, env);
    const r = failed(await scale.run(plan, env, progress()));
    assert.equal(r.reason, 'forbidden');
    assert.equal(
      r.message,
      paragraph(
        'no permission to update deployments/scale in namespace default (context viewer@local): RBAC must',
        'allow "update" on "deployments/scale" in API group "apps" (403 Forbidden: deployments.apps "web" is',
        'forbidden: User "system:serviceaccount:default:viewer" cannot update resource "deployments/scale" in',
        'API group "apps" in the namespace "default")',
      ),
    );
    assert.equal(w.replicas, 2);
    const nobody = failed(
      await scale.plan(
        { kind: 'Deployment', name: 'web', replicas: 3 },
        actionEnv(api.kubeconfig('nobody.yaml', 'nobody@local')),
      ),
    );
    assert.equal(nobody.reason, 'forbidden');
    assert.match(
      nobody.message,
      /^no permission to get deployments\/scale in namespace default \(context nobody@local\): RBAC must allow "get"/,
    );
  });

  test('404, 401, unreachable, no kubeconfig, no context: one message each', async () => {
    const env = admin();
    const nf = failed(await scale.plan({ kind: 'Deployment', name: 'nope', replicas: 3 }, env));
    assert.deepEqual(nf, {
      ok: false,
      reason: 'not-found',
      message:
        'deployment/nope not found in namespace default (context admin@local); check the name, namespace and context',
    });
    const stranger = failed(
      await scale.plan(
        { kind: 'Deployment', name: 'web', replicas: 3 },
        actionEnv(api.kubeconfig('s.yaml', 'stranger@local')),
      ),
    );
    assert.equal(stranger.reason, 'unauthorized');
    assert.match(
      stranger.message,
      /did not accept the credentials of context stranger@local \(401 Unauthorized\); log in again/,
    );
    const down = failed(
      await scale.plan(
        { kind: 'Deployment', name: 'web', replicas: 3 },
        actionEnv(api.kubeconfig('d.yaml', 'admin@down')),
      ),
    );
    assert.equal(down.reason, 'unreachable');
    assert.equal(
      down.message,
      `cannot reach the API server of context admin@down at ${api.downUrl} (ECONNREFUSED); is the cluster up and the address right?`,
    );
    const noConfig = actionEnv(undefined);
    const none = failed(await scale.plan({ kind: 'Deployment', name: 'web', replicas: 3 }, noConfig));
    assert.equal(none.reason, 'no-kubeconfig');
    assert.match(
      none.message,
      /^no kubeconfig: KUBECONFIG is not set and .*\.kube\/config does not exist; set KUBECONFIG/,
    );
    const noCtx = failed(
      await scale.plan({ kind: 'Deployment', name: 'web', replicas: 3 }, actionEnv(api.kubeconfig('n.yaml', ''))),
    );
    assert.equal(noCtx.reason, 'no-context');
    assert.match(noCtx.message, /no current-context/);
  });

  test('timeouts: an API server that does not answer, and ready replicas that never reach the target', async () => {
    const quick = createKubernetesScale({ loadClient, requestTimeoutMs: 300 });
    const started = Date.now();
    const slow = failed(
      await quick.plan(
        { kind: 'Deployment', name: 'web', replicas: 3 },
        actionEnv(api.kubeconfig('slow.yaml', 'slow@local')),
      ),
    );
    assert.equal(slow.reason, 'timeout');
    assert.match(
      slow.message,
      /^no answer from the API server of context slow@local at https:\/\/127\.0\.0\.1:\d+ within 0\.3 s/,
    );
    assert.ok(Date.now() - started < 5000);

    const w = api.addWorkload('Deployment', 'stuck', 1, { stuck: true });
    const env = admin();
    const plan = await planOf({ kind: 'Deployment', name: 'stuck', replicas: 3, timeoutSeconds: 1 }, env);
    const r = failed(await scale.run(plan, env, progress()));
    assert.equal(r.reason, 'timeout');
    assert.equal(
      r.message,
      paragraph(
        'deployment/stuck in admin@local/default was scaled 1 → 3, but only 1 of 3 were ready after 1 s; the',
        'new count stays: see kubectl describe deployment/stuck -n default --context admin@local',
      ),
    );
    assert.equal(w.replicas, 3);
  });

  test('cancelling the progress stops the wait, not the scale', async () => {
    const w = api.addWorkload('Deployment', 'stuck', 1, { stuck: true });
    const env = admin();
    const plan = await planOf({ kind: 'Deployment', name: 'stuck', replicas: 3 }, env);
    const controller = new AbortController();
    const p = progress(controller.signal);
    const report = p.report;
    p.report = (m) => {
      report(m);
      controller.abort();
    };
    const r = await scale.run(plan, env, p);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(
      r.message,
      'deployment/stuck in admin@local/default: 1 → 3 replicas; stopped waiting at 1 ready (the cluster carries on).',
    );
    assert.equal(w.replicas, 3);
  });

  test('HPA mode: patches the HPA bounds (merge patch) instead of the count', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    const h = api.addHpa('web-hpa', { kind: 'Deployment', name: 'web' }, 2, 10);
    const env = admin();
    const plan = await planOf({ kind: 'Deployment', name: 'web', hpa: { maxReplicas: 20 } }, env);
    assert.equal(plan.target, 'horizontalpodautoscaler/web-hpa (targets deployment/web)');
    assert.deepEqual(plan.steps, [
      paragraph(
        'PATCH /apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web-hpa (merge patch',
        '{"spec":{"maxReplicas":20}}; min 2, max 10 → min 2, max 20)',
      ),
    ]);
    const r = await scale.run(plan, env, progress());
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(h.maxReplicas, 20);
    assert.equal(h.minReplicas, 2);
    assert.equal(w.replicas, 2, "the count is the HPA's to change");
    assert.deepEqual(
      api.writes().map((s) => `${s.method} ${s.contentType}`),
      ['PATCH application/merge-patch+json'],
    );
    const noHpa = failed(await scale.plan({ kind: 'Deployment', name: 'other', hpa: { minReplicas: 3 } }, env));
    assert.equal(noHpa.reason, 'not-found');
  });
});

describe('the built client bundle', () => {
  test('server/out/kube-client.js (what the server and the CLI load) has every API the action uses', async () => {
    const built = path.join(repoRoot(), 'server/out/kube-client.js');
    const fromBundle = createKubernetesScale({ loadClient: async () => require(built) as KubeClient, pollMs: 20 });
    const w = api.addWorkload('ReplicationController', 'old', 1);
    api.addHpa('old', { kind: 'ReplicationController', name: 'old' }, 1, 3);
    const env = admin();
    const plan = await fromBundle.plan({ kind: 'ReplicationController', name: 'old', replicas: 2 }, env);
    assert.ok(plan.ok, JSON.stringify(plan));
    const r = await fromBundle.run(plan.plan, env, progress());
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(w.replicas, 2);
    const hpa = await fromBundle.plan({ kind: 'ReplicationController', name: 'old', hpa: { maxReplicas: 5 } }, env);
    assert.ok(hpa.ok, JSON.stringify(hpa));
    assert.ok((await fromBundle.run(hpa.plan, env, progress())).ok);
    const cap = await readClusterCapacity(env, {}, { loadClient: async () => require(built) as KubeClient });
    assert.ok(cap.ok, JSON.stringify(cap));
  });
});

describe('untrusted workspace', () => {
  test('every entry point refuses before anything is loaded; an exec plugin with a relative command never runs', async () => {
    const root = fs.mkdtempSync(path.join(api.dir, 'untrusted-'));
    const helper = path.join(root, 'bin', 'auth-helper');
    const ran = path.join(root, 'ran');
    fs.mkdirSync(path.dirname(helper), { recursive: true });
    fs.writeFileSync(
      helper,
      `#!/bin/sh\necho "$0" >> '${ran}'\n` +
        `printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKENS.admin}"}}'\n`,
      { mode: 0o755 },
    );
    const config = writeKubeconfig(path.join(root, 'kubeconfig.yaml'), {
      caPem: api.caPem,
      clusters: { local: api.url },
      users: { exec: { exec: 'bin/auth-helper' } },
      contexts: [{ name: 'exec@local', cluster: 'local', user: 'exec' }],
      current: 'exec@local',
    });
    api.addWorkload('Deployment', 'web', 2);
    const env = actionEnv(config, { trusted: false, cwd: root });
    let loaded = 0;
    const counting = { loadClient: () => (loaded++, loadClient()) };
    const s = createKubernetesScale(counting);
    const results = [
      await s.plan({ kind: 'Deployment', name: 'web', replicas: 3 }, env),
      await kubernetesScale.plan({ kind: 'Deployment', name: 'web', replicas: 3 }, env),
      await s.run(
        {
          system: 'kubernetes',
          target: 'deployment/web',
          where: [],
          current: 2,
          desired: 3,
          steps: [],
          warnings: [],
          state: {
            kind: 'Deployment',
            name: 'web',
            namespace: 'default',
            context: 'exec@local',
            server: api.url,
            current: 2,
            desired: 3,
            resourceVersion: '1',
            timeoutSeconds: 5,
          },
        },
        env,
        progress(),
      ),
      await kubeContexts(env, counting),
      await listKubernetesWorkloads(env, {}, counting),
      await readClusterCapacity(env, {}, counting),
    ];
    for (const r of results) {
      assert.equal(failed(r).reason, 'untrusted');
      assert.equal(
        failed(r).message,
        'Kubernetes actions are off in an untrusted workspace: trust the workspace to read or scale a cluster.',
      );
    }
    assert.equal(loaded, 0, 'the client was not loaded');
    assert.deepEqual(api.seen, [], 'no request');
    assert.equal(fs.existsSync(ran), false, 'the exec plugin never ran');
    // Trusted, the same kubeconfig works, with the helper beside it.
    const ok = await s.plan({ kind: 'Deployment', name: 'web', replicas: 3 }, { ...env, trusted: true });
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.ok(fs.existsSync(ran));
  });
});

describe('reads for the pickers and "will it fit?"', () => {
  test('kubeContexts: KUBECONFIG with several files, merged as kubectl merges them', async () => {
    const first = api.kubeconfig('first.yaml', 'viewer@local');
    const second = writeKubeconfig(path.join(api.dir, 'second.yaml'), {
      caPem: api.caPem,
      clusters: { other: 'https://10.0.0.1:6443' },
      users: { me: 'x' },
      contexts: [{ name: 'other', cluster: 'other', user: 'me', namespace: 'team' }],
      current: 'other',
    });
    const r = await kubeContexts(actionEnv([first, second].join(path.delimiter)), opts);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.files, [first, second]);
    assert.deepEqual(r.current, {
      name: 'viewer@local',
      cluster: 'local',
      user: 'viewer',
      namespace: 'default',
      server: api.url,
    });
    assert.deepEqual(
      r.contexts.map((c) => `${c.name} ${c.namespace}`),
      [
        'admin@local default',
        'viewer@local default',
        'nobody@local default',
        'stranger@local default',
        'slow@local default',
        'admin@down default',
        'prod-eu shop',
        'other team',
      ],
    );
    assert.deepEqual(api.seen, [], 'no request: the kubeconfig only');
    const none = await kubeContexts(actionEnv(api.kubeconfig('none.yaml', '')), opts);
    assert.ok(none.ok);
    assert.equal(none.current, undefined);
    assert.equal(none.contexts.length, 7);
  });

  test('listKubernetesWorkloads: the four kinds in a namespace or in all of them', async () => {
    api.addWorkload('Deployment', 'web', 2);
    api.addWorkload('StatefulSet', 'db', 1, { ready: 0 });
    api.addWorkload('ReplicationController', 'old', 1);
    api.addWorkload('Deployment', 'api', 3, { namespace: 'shop' });
    const env = admin();
    const here = await listKubernetesWorkloads(env, {}, opts);
    assert.ok(here.ok, JSON.stringify(here));
    assert.deepEqual(
      here.workloads.map((w) => `${w.namespace} ${w.kind}/${w.name} ${w.readyReplicas}/${w.replicas}`),
      ['default Deployment/web 2/2', 'default ReplicationController/old 1/1', 'default StatefulSet/db 0/1'],
    );
    const all = await listKubernetesWorkloads(env, { allNamespaces: true }, opts);
    assert.ok(all.ok);
    assert.equal(all.workloads.length, 4);
    assert.ok(api.seen.some((s) => s.path === '/apis/apps/v1/deployments'));
    const nobody = failed(
      await listKubernetesWorkloads(actionEnv(api.kubeconfig('nb.yaml', 'nobody@local')), {}, opts),
    );
    assert.equal(nobody.reason, 'forbidden');
    assert.equal(failed(await listKubernetesWorkloads(env, { namespace: 'x;y' }, opts)).reason, 'invalid');
  });

  test('readClusterCapacity: allocatable per node minus the requests of pods that have not terminated', async () => {
    api.nodes.push(
      { name: 'n1', allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
      { name: 'n2', allocatable: { cpu: '3500m', memory: '8000Mi', pods: '50' } },
    );
    api.pods.push(
      {
        name: 'a',
        namespace: 'default',
        node: 'n1',
        phase: 'Running',
        requests: [{ cpu: '500m', memory: '1Gi' }, { cpu: '250m' }],
      },
      { name: 'b', namespace: 'shop', node: 'n1', phase: 'Pending', requests: [{ cpu: '1', memory: '512Mi' }] },
      { name: 'done', namespace: 'default', node: 'n1', phase: 'Succeeded', requests: [{ cpu: '2' }] },
      { name: 'failed', namespace: 'default', node: 'n2', phase: 'Failed', requests: [{ cpu: '2' }] },
      { name: 'unbound', namespace: 'default', phase: 'Pending', requests: [{ cpu: '2' }] },
    );
    const r = await readClusterCapacity(admin(), {}, opts);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.capacity, {
      source: "context admin@local (2 nodes, allocatable minus running pods' requests)",
      nodes: [
        {
          name: 'n1',
          allocatable: { cpuMillis: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 },
          requested: { cpuMillis: 1750, memoryBytes: 2 ** 30 + 512 * 2 ** 20, pods: 2 },
        },
        {
          name: 'n2',
          allocatable: { cpuMillis: 3500, memoryBytes: 8000 * 2 ** 20, pods: 50 },
          requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
        },
      ],
    });
    assert.ok(api.seen.some((s) => s.path === '/api/v1/pods' && /status\.phase%21%3DSucceeded/.test(s.query)));
  });

  test('podRequests: init containers and sidecars as the scheduler counts them', () => {
    assert.deepEqual(
      podRequests({
        spec: {
          containers: [{ resources: { requests: { cpu: '100m', memory: '100Mi' } } }],
          initContainers: [
            { restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
            { resources: { requests: { cpu: '1', memory: '50Mi' } } },
          ],
          overhead: { cpu: '10m' },
        },
      }),
      { cpuMillis: 1060, memoryBytes: 100 * 2 ** 20 },
    );
  });
});

const REAL = process.env.SCALEWISE_TEST_KUBECONFIG;
describe('kubernetesScale against a real cluster', () => {
  test(
    'scales a throwaway Deployment 1 → 2 in the current context of SCALEWISE_TEST_KUBECONFIG, refuses a concurrent change, and cleans up',
    {
      skip:
        !REAL &&
        paragraph(
          'SCALEWISE_TEST_KUBECONFIG is not set: set it to a kubeconfig whose current context may create, scale',
          'and delete Deployments to run this against a real cluster',
        ),
      timeout: 240_000,
    },
    async () => {
      const name = `scalewise-test-${process.pid}`;
      const k = (args: string[]) => kubectl(REAL!, args);
      const manifest = path.join(api.dir, 'real.yaml');
      fs.writeFileSync(
        manifest,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n` +
          `  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n` +
          `      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: pause\n` +
          `          image: registry.k8s.io/pause:3.10\n` +
          `          resources: {requests: {cpu: 10m, memory: 16Mi}}\n`,
      );
      const created = await k(['apply', '-f', manifest]);
      assert.equal(created.code, 0, created.stderr);
      try {
        const env = actionEnv(REAL);
        const real = createKubernetesScale({ loadClient, pollMs: 1000 });
        const p1 = await real.plan({ kind: 'Deployment', name, replicas: 2, timeoutSeconds: 180 }, env);
        assert.ok(p1.ok, JSON.stringify(p1));
        assert.equal(p1.plan.current, 1);
        const r = await real.run(p1.plan, env, progress());
        assert.ok(r.ok, JSON.stringify(r));
        assert.match(r.message, /1 → 2 replicas, 2 ready\./);
        const p2 = await real.plan({ kind: 'Deployment', name, replicas: 1 }, env);
        assert.ok(p2.ok);
        const meanwhile = await k(['scale', `deployment/${name}`, '--replicas=3']);
        assert.equal(meanwhile.code, 0, meanwhile.stderr);
        const conflict = failed(await real.run(p2.plan, env, progress()));
        assert.equal(conflict.reason, 'conflict');
        assert.match(conflict.message, /changed from 2 to 3 replicas since it was shown; nothing overwritten/);
        const cap = await readClusterCapacity(env, {}, opts);
        assert.ok(cap.ok, JSON.stringify(cap));
        assert.ok(cap.capacity.nodes.length >= 1);
      } finally {
        await k(['delete', 'deployment', name, '--wait=false']);
      }
    },
  );
});

describe('scalewise scale k8s (the built CLI) against the contract server', () => {
  const CLI = path.join(repoRoot(), 'server/out/cli.js');
  function scalewise(kubeconfig: string, args: string[]) {
    const home = fs.mkdtempSync(path.join(api.dir, 'home-'));
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'scale', 'k8s', ...args],
        { env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig }, timeout: 120_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
      );
    });
  }

  test('--dry-run prints the plan with the fit and writes nothing; --yes scales 2 → 3 and waits for ready', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    api.nodes.push({ name: 'n1', allocatable: { cpu: '4', memory: '8Gi', pods: '110' } });
    const kubeconfig = api.kubeconfig('cli.yaml', 'admin@local');
    const dry = await scalewise(kubeconfig, ['deploy/web', '--replicas', '3', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Scale deployment\/web: 2 → 3$/m);
    assert.match(dry.stdout, /^Context: admin@local$/m);
    assert.match(dry.stdout, /^Will it fit\? fits with \d+% headroom/m);
    assert.deepEqual(api.writes(), [], 'a dry run writes nothing');

    const yes = await scalewise(kubeconfig, ['deploy/web', '--replicas', '3', '--yes']);
    assert.equal(yes.code, 0, yes.stderr);
    assert.equal(w.replicas, 3);
    assert.match(yes.stdout, /deployment\/web in admin@local\/default: 2 → 3 replicas, 3 ready\./);
    assert.deepEqual(
      api.writes().map((s) => `${s.method} ${s.path}`),
      ['PUT /apis/apps/v1/namespaces/default/deployments/web/scale'],
    );
  });

  test('--hpa-max changes the bounds of the HPA that targets the workload, not its count', async () => {
    const w = api.addWorkload('Deployment', 'web', 2);
    api.addHpa('web-hpa', { kind: 'Deployment', name: 'web' }, 2, 10);
    const kubeconfig = api.kubeconfig('cli-hpa.yaml', 'admin@local');
    const r = await scalewise(kubeconfig, ['deploy/web', '--hpa-max', '20', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Scale horizontalpodautoscaler\/web-hpa \(targets deployment\/web\): 10 → 20$/m);
    assert.equal(w.replicas, 2, "the count is the HPA's to change");
    assert.deepEqual(
      api.writes().map((s) => `${s.method} ${s.path}`),
      ['PATCH /apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web-hpa'],
    );
    const both = await scalewise(kubeconfig, ['deploy/web', '--hpa-max', '20', '--replicas', '3']);
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /give --replicas, or --hpa-min \/ --hpa-max, not both/);
  });

  test('a context the kubeconfig lacks: one message naming it, exit 1, nothing written', async () => {
    api.addWorkload('Deployment', 'web', 2);
    const r = await scalewise(api.kubeconfig('cli-prod.yaml', 'admin@local'), [
      'deploy/web',
      '--replicas',
      '3',
      '--context',
      'no-such-context',
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /no-such-context/);
    assert.deepEqual(api.writes(), []);
  });
});
