/**
 * `scalewise fit FILE`: the built CLI (server/out/cli.js) spawned with an argument array on temp
 * folders, checked by exit code and output; and `fitCommand` with a capacity reader plugged in,
 * the seam through which the Kubernetes actions' node reader comes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { fitCommand } from '../../server/src/cli-fit';
import { failure } from '../../server/src/actions/types';
import { repoRoot } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

const CLI = path.join(repoRoot(), 'server/out/cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A kubeconfig that does not exist: the CLI's capacity reader then has no cluster to read. */
const NO_KUBECONFIG = path.join(os.tmpdir(), 'scalewise-fit-no-kubeconfig', 'config');

function scalewise(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KUBECONFIG: NO_KUBECONFIG, ...env },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectExit(r: Run, code: number): void {
  assert.equal(r.status, code, `exit ${r.status}, expected ${code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
}

const temps: string[] = [];
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-fit-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

const DECLARED = 'cluster:\n  nodes: 3\n  node: { cpu: 4, memory: 16Gi, pods: 110 }\n';
const WEB = yaml`
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

describe('scalewise fit', () => {
  test('each workload and the HPA maximum against the declared nodes (text)', () => {
    const dir = workspace({ '.scalewise.yaml': DECLARED, 'k8s/web.yaml': WEB });
    const r = scalewise(['fit', 'k8s/web.yaml'], dir);
    expectExit(r, 0);
    assert.equal(
      r.stdout,
      [
        'k8s/web.yaml:6: Deployment web, 3 replicas: fits with 75% headroom (CPU is the tightest)',
        '  against .scalewise.yaml cluster.node × 3 (running pods not counted)',
        '  limits add up to 6 cores (50%), 12 GiB (25%)',
        'k8s/web.yaml:22: Deployment web, maxReplicas 20 (HPA web): does not fit: only 12 of 20 replicas fit: short by 8 cores',
        '  against .scalewise.yaml cluster.node × 3 (running pods not counted)',
        '  limits add up to 40 cores (333% of 12 cores allocatable: overcommitted), ' +
          '80 GiB (167% of 48 GiB allocatable: overcommitted); informational: limits do not schedule',
        '',
      ].join('\n'),
    );
  });

  test('--format json: one entry per workload and count, with the numbers', () => {
    const dir = workspace({ '.scalewise.yaml': DECLARED, 'web.yaml': WEB });
    const r = scalewise(['fit', 'web.yaml', '--format', 'json'], dir);
    expectExit(r, 0);
    const out = JSON.parse(r.stdout) as { line: number; verdict: string; placed: number; wanted: number }[];
    assert.deepEqual(
      out.map((x) => [x.line, x.verdict, x.placed, x.wanted]),
      [
        [6, 'fits', 3, 3],
        [22, 'does-not-fit', 12, 20],
      ],
    );
  });

  test('nothing declared and no kubeconfig: unknown, saying why, exit 0', () => {
    const dir = workspace({ 'web.yaml': WEB });
    const r = scalewise(['fit', 'web.yaml'], dir);
    expectExit(r, 0);
    assert.match(
      r.stdout,
      /^web\.yaml:6: Deployment web, 3 replicas: unknown: KUBECONFIG names \S+, which does not exist; /m,
    );
    assert.ok(r.stdout.includes(NO_KUBECONFIG), r.stdout);
  });

  test('--context with nothing declared and no kubeconfig: unknown, exit 0', () => {
    const dir = workspace({ 'web.yaml': WEB });
    const r = scalewise(['fit', 'web.yaml', '--context', 'prod'], dir);
    expectExit(r, 0);
    assert.match(r.stdout, /3 replicas: unknown: KUBECONFIG names \S+, which does not exist; /);
  });

  test('node pools, a k3s config given beside, a Compose file on one host', () => {
    const dir = workspace({
      '.scalewise.yaml': 'cluster:\n  nodePools:\n    - { name: big, count: 2, cpu: 8, memory: 32Gi }\n',
      'rancher/k3s/config.yaml': 'kubelet-arg:\n  - max-pods=20\n',
      'many.yaml': yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 50
          template:
            spec:
              containers:
                - name: web
                  resources: {requests: {cpu: 10m, memory: 64Mi}}
      `,
      'compose.yaml': yaml`
        services:
          worker:
            image: example/worker:1.0
            deploy:
              replicas: 3
              resources:
                reservations: {cpus: "4", memory: 1G}
      `,
    });
    const r = scalewise(['fit', 'many.yaml', 'rancher/k3s/config.yaml', 'compose.yaml'], dir);
    expectExit(r, 0);
    assert.match(
      r.stdout,
      /^many\.yaml:6: Deployment web, 50 replicas: does not fit: only 40 of 50 replicas fit: short by 10 pod slots$/m,
    );
    assert.match(r.stdout, /^ {2}pods per node: 20 \(k3s max-pods 20, k3s config\.yaml\)$/m);
    assert.match(r.stdout, /^ {2}against \.scalewise\.yaml cluster\.nodePools \(2 nodes; running pods not counted\)$/m);
    assert.match(
      r.stdout,
      /^compose\.yaml:2: Compose service worker, 3 replicas: does not fit: only 2 of 3 replicas fit: short by 4 cores$/m,
    );
    assert.match(r.stdout, /docker compose runs every container on one Docker host: only the first node counts/);
  });

  test('usage errors exit 2: no FILE, an unknown format, a missing file', () => {
    const dir = workspace({ 'web.yaml': WEB });
    const none = scalewise(['fit'], dir);
    expectExit(none, 2);
    assert.match(none.stderr, /^scalewise fit: fit needs a FILE\n\nUsage: scalewise fit FILE\.\.\./);
    expectExit(scalewise(['fit', 'web.yaml', '--format', 'sarif'], dir), 2);
    const missing = scalewise(['fit', 'nope.yaml'], dir);
    expectExit(missing, 2);
    assert.match(missing.stderr, /nope\.yaml: no such file/);
  });

  test('an invalid declared size stops it with the config problem, exit 2', () => {
    const dir = workspace({
      '.scalewise.yaml': 'cluster:\n  nodes: 2\n  node: { cpu: 4, memory: 16GB }\n',
      'web.yaml': WEB,
    });
    const r = scalewise(['fit', 'web.yaml'], dir);
    expectExit(r, 2);
    assert.match(
      r.stderr,
      /^\.scalewise\.yaml:3:27: invalid config: "memory" is "16GB", not a Kubernetes quantity such as 32Gi\.$/m,
    );
  });

  test('help lists it, and fit --help shows its usage', () => {
    const dir = workspace({});
    assert.match(scalewise(['help'], dir).stdout, /^ {2}scalewise fit FILE\.\.\. \[--context C\] {2}Will it fit\?/m);
    const help = scalewise(['fit', '--help'], dir);
    expectExit(help, 0);
    assert.match(help.stdout, /^Usage: scalewise fit FILE\.\.\. \[options\]/);
  });
});

describe('fitCommand with a capacity reader', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        cwd: workspace({ 'web.yaml': WEB }),
        stdout: (s: string) => (out.stdout += s),
        stderr: (s: string) => (out.stderr += s),
      },
    };
  };

  test('--context goes to the reader; its capacity (running pods counted) is used', async () => {
    const { out, io: fio } = io();
    const asked: (string | undefined)[] = [];
    const code = await fitCommand(['web.yaml', '--context', 'prod'], fio, async (context) => {
      asked.push(context);
      return {
        source: 'context prod (1 node, allocatable minus running pods’ requests)',
        nodes: [
          {
            name: 'n1',
            allocatable: { cpuMillis: 4000, memoryBytes: 16 * 1024 ** 3, pods: 110 },
            requested: { cpuMillis: 2500, memoryBytes: 0, pods: 10 },
          },
        ],
      };
    });
    assert.equal(code, 0);
    assert.deepEqual(asked, ['prod']);
    assert.match(
      out.stdout,
      /^web\.yaml:6: Deployment web, 3 replicas: does not fit: only 1 of 3 replicas fit: short by 1\.5 cores$/m,
    );
    assert.match(out.stdout, /against context prod/);
  });

  test('a reader failure is an unknown answer with its message, still exit 0', async () => {
    const { out, io: fio } = io();
    const code = await fitCommand(['web.yaml', '--context', 'prod'], fio, async () =>
      failure('forbidden', 'no permission to list nodes in context prod (403 Forbidden).'),
    );
    assert.equal(code, 0);
    assert.match(out.stdout, /3 replicas: unknown: no permission to list nodes in context prod \(403 Forbidden\)\.$/m);
  });

  test('without --context and nothing declared, the reader is asked for the current context', async () => {
    const { io: fio } = io();
    const asked: (string | undefined)[] = [];
    await fitCommand(['web.yaml'], fio, async (context) => {
      asked.push(context);
      return failure('no-kubeconfig', 'no kubeconfig found.');
    });
    assert.deepEqual(asked, [undefined]);
  });
});
