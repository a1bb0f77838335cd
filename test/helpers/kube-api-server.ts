/**
 * A local Kubernetes API server for tests: HTTPS with its own CA (named in the kubeconfigs it
 * writes, as a real cluster is reached), answering exactly the calls Scalewise and kubectl make
 * for scaling, as the real apiserver answers them: discovery (`/api`, `/apis`, the group/version
 * resource lists with the `*\/scale` subresources kubectl's scale client looks for), list and get
 * of workloads, HPAs, nodes, pods, namespaces and events, GET / PUT / PATCH of the scale
 * subresource with `resourceVersion` (409 Conflict on a stale one), and `Status` objects worded as
 * the apiserver words them (403 from RBAC, 404, 401). Ready replicas climb one per read of the
 * workload until they reach `spec.replicas`, as a rollout does over a few polls.
 *
 * It is judged by a client nobody here wrote: test/cluster/kube-scale.test.ts runs the real
 * `kubectl` against it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { prose } from '../../server/src/engine/template-text';

/** A throwaway CA and a server certificate for 127.0.0.1 it signed (openssl, as the test script installs it). */
export function makeCerts(into: string): { key: Buffer; cert: Buffer; ca: Buffer } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: into, stdio: 'pipe' });
  fs.writeFileSync(
    path.join(into, 'san.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n',
  );
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=scalewise-test-ca',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'san.cnf',
  ]);
  return {
    key: fs.readFileSync(path.join(into, 'server.key')),
    cert: fs.readFileSync(path.join(into, 'server.crt')),
    ca: fs.readFileSync(path.join(into, 'ca.crt')),
  };
}

export interface KubeconfigSpec {
  /** PEM of the CA that signed the servers' certificates. */
  caPem: string;
  clusters: Record<string, string>;
  /** A user's token, or its whole `user:` block as YAML flow text (an exec plugin). */
  users: Record<string, string | { exec: string }>;
  contexts: { name: string; cluster: string; user: string; namespace?: string }[];
  current: string;
  extra?: string;
}

/** Writes a kubeconfig as kubectl reads it: clusters with `certificate-authority-data`, token users, contexts. */
export function writeKubeconfig(file: string, spec: KubeconfigSpec): string {
  const ca = Buffer.from(spec.caPem).toString('base64');
  const clusters = Object.entries(spec.clusters).map(
    ([name, server]) =>
      `  - name: ${name}\n    cluster:\n      server: ${server}\n      certificate-authority-data: ${ca}\n`,
  );
  const users = Object.entries(spec.users).map(([name, u]) =>
    typeof u === 'string'
      ? `  - name: ${name}\n    user:\n      token: ${u}\n`
      : // An exec credential plugin, run by the client to get a token.
        `  - name: ${name}\n    user:\n      exec:\n        apiVersion: client.authentication.k8s.io/v1\n` +
        `        command: ${u.exec}\n        interactiveMode: Never\n`,
  );
  const contexts = spec.contexts.map(
    (c) =>
      `  - name: ${JSON.stringify(c.name)}\n    context: {cluster: ${c.cluster}, user: ${c.user}` +
      `${c.namespace ? `, namespace: ${c.namespace}` : ''}}\n`,
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n${clusters.join('')}users:\n${users.join('')}` +
      `contexts:\n${contexts.join('')}current-context: ${JSON.stringify(spec.current)}\n${spec.extra ?? ''}`,
  );
  return file;
}

/** A URL where nothing listens (a port that was free a moment ago): connection refused. */
export async function closedUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return url;
}

/** A Kubernetes `Status` failure object, as the apiserver sends it with a 4xx. */
export function status(code: number, reason: string, message: string, details?: object) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'ReplicaSet' | 'ReplicationController';

export interface FakeWorkload {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  replicas: number;
  ready: number;
  resourceVersion: number;
  /** Ready replicas never move (a rollout that cannot finish: the timeout case). */
  stuck?: boolean;
  uid: string;
  generation: number;
}

export interface FakeHpa {
  name: string;
  namespace: string;
  target: { kind: WorkloadKind; name: string; apiVersion: string };
  minReplicas: number;
  maxReplicas: number;
  resourceVersion: number;
}

export interface FakeNode {
  name: string;
  allocatable: { cpu: string; memory: string; pods: string };
}

export interface FakePod {
  name: string;
  namespace: string;
  node?: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  requests: { cpu?: string; memory?: string }[];
}

export interface FakeEvent {
  namespace: string;
  kind: string;
  name: string;
  reason: string;
  message: string;
  n: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  auth: string | undefined;
  contentType: string | undefined;
  body: string;
  /** The status code it was answered with (undefined: not answered). */
  code?: number;
}

/** What a token may do. `slow` never answers; an unknown token is 401. */
export type Role = 'admin' | 'viewer' | 'nobody' | 'slow';

export const TOKENS: Record<Role, string> = {
  admin: 'admin-token',
  viewer: 'viewer-token',
  nobody: 'nobody-token',
  slow: 'slow-token',
};

interface Resource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  /** For a `*\/scale` subresource: the Scale kind it serves. */
  scale?: true;
}

const WORKLOAD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SCALE_VERBS = ['get', 'patch', 'update'];

/** The resource lists of the real apiserver, cut to what is served here. */
const GROUPS: Record<string, Resource[]> = {
  v1: [
    { name: 'events', kind: 'Event', namespaced: true, verbs: WORKLOAD_VERBS, shortNames: ['ev'] },
    { name: 'namespaces', kind: 'Namespace', namespaced: false, verbs: ['get', 'list', 'watch'], shortNames: ['ns'] },
    { name: 'nodes', kind: 'Node', namespaced: false, verbs: ['get', 'list', 'watch'], shortNames: ['no'] },
    { name: 'pods', kind: 'Pod', namespaced: true, verbs: WORKLOAD_VERBS, shortNames: ['po'] },
    { name: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true, verbs: WORKLOAD_VERBS },
    { name: 'replicationcontrollers/scale', kind: 'Scale', namespaced: true, verbs: SCALE_VERBS, scale: true },
  ],
  'apps/v1': [
    { name: 'deployments', kind: 'Deployment', namespaced: true, verbs: WORKLOAD_VERBS, shortNames: ['deploy'] },
    { name: 'deployments/scale', kind: 'Scale', namespaced: true, verbs: SCALE_VERBS, scale: true },
    { name: 'replicasets', kind: 'ReplicaSet', namespaced: true, verbs: WORKLOAD_VERBS, shortNames: ['rs'] },
    { name: 'replicasets/scale', kind: 'Scale', namespaced: true, verbs: SCALE_VERBS, scale: true },
    { name: 'statefulsets', kind: 'StatefulSet', namespaced: true, verbs: WORKLOAD_VERBS, shortNames: ['sts'] },
    { name: 'statefulsets/scale', kind: 'Scale', namespaced: true, verbs: SCALE_VERBS, scale: true },
  ],
  'autoscaling/v2': [
    {
      name: 'horizontalpodautoscalers',
      kind: 'HorizontalPodAutoscaler',
      namespaced: true,
      verbs: WORKLOAD_VERBS,
      shortNames: ['hpa'],
    },
  ],
  'autoscaling/v1': [
    {
      name: 'horizontalpodautoscalers',
      kind: 'HorizontalPodAutoscaler',
      namespaced: true,
      verbs: WORKLOAD_VERBS,
      shortNames: ['hpa'],
    },
  ],
};

const KIND_RESOURCE: Record<WorkloadKind, { groupVersion: string; resource: string }> = {
  Deployment: { groupVersion: 'apps/v1', resource: 'deployments' },
  StatefulSet: { groupVersion: 'apps/v1', resource: 'statefulsets' },
  ReplicaSet: { groupVersion: 'apps/v1', resource: 'replicasets' },
  ReplicationController: { groupVersion: 'v1', resource: 'replicationcontrollers' },
};

const CREATED = '2026-12-01T10:00:00Z';

export class KubeApiServer {
  readonly seen: SeenRequest[] = [];
  readonly workloads: FakeWorkload[] = [];
  readonly hpas: FakeHpa[] = [];
  readonly nodes: FakeNode[] = [];
  readonly pods: FakePod[] = [];
  readonly events: FakeEvent[] = [];
  readonly namespaces = new Set(['default', 'kube-system']);
  /** Called after a scale write is accepted and before it is stored: a test changes the object meanwhile. */
  beforeScaleWrite: ((w: FakeWorkload) => void) | undefined;
  /** False: an old cluster (before 1.23) that serves HPAs as autoscaling/v1 only. */
  autoscalingV2 = true;
  private rv = 1000;
  private uid = 0;

  private constructor(
    readonly dir: string,
    readonly caPem: string,
    private readonly server: https.Server,
    readonly url: string,
    readonly downUrl: string,
  ) {}

  static async start(): Promise<KubeApiServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-kube-'));
    const { key, cert, ca } = makeCerts(dir);
    let self: KubeApiServer | undefined;
    const server = https.createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => self!.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    self = new KubeApiServer(dir, ca.toString('utf8'), server, url, await closedUrl());
    return self;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Empties the cluster and the request log (between tests). */
  reset(): void {
    this.seen.length = 0;
    this.workloads.length = 0;
    this.hpas.length = 0;
    this.nodes.length = 0;
    this.pods.length = 0;
    this.events.length = 0;
    this.beforeScaleWrite = undefined;
    this.autoscalingV2 = true;
  }

  addWorkload(
    kind: WorkloadKind,
    name: string,
    replicas: number,
    more: { namespace?: string; ready?: number; stuck?: boolean } = {},
  ): FakeWorkload {
    const w: FakeWorkload = {
      kind,
      name,
      namespace: more.namespace ?? 'default',
      replicas,
      ready: more.ready ?? replicas,
      resourceVersion: ++this.rv,
      uid: `00000000-0000-4000-8000-${String(++this.uid).padStart(12, '0')}`,
      generation: 1,
      ...(more.stuck ? { stuck: true } : {}),
    };
    this.namespaces.add(w.namespace);
    this.workloads.push(w);
    return w;
  }

  addHpa(name: string, target: { kind: WorkloadKind; name: string }, min: number, max: number, namespace = 'default') {
    const apiVersion = KIND_RESOURCE[target.kind].groupVersion;
    const h: FakeHpa = {
      name,
      namespace,
      target: { ...target, apiVersion },
      minReplicas: min,
      maxReplicas: max,
      resourceVersion: ++this.rv,
    };
    this.hpas.push(h);
    return h;
  }

  /** Someone else scales the workload (kubectl, a controller): the count and the resourceVersion change. */
  setReplicas(w: FakeWorkload, replicas: number): void {
    w.replicas = replicas;
    w.resourceVersion = ++this.rv;
    w.generation++;
  }

  /** Someone else edits the workload without touching its count (an annotation): only the version moves. */
  touch(w: FakeWorkload): void {
    w.resourceVersion = ++this.rv;
  }

  /** The scale and change requests that reached it (not discovery or reads). */
  writes(): SeenRequest[] {
    return this.seen.filter((s) => s.method !== 'GET');
  }

  /**
   * A kubeconfig with one context per situation, all on this server's CA; `current` picks the
   * active one ('' for none). `prod-eu` is the admin on this server under a protected-looking name.
   */
  kubeconfig(name: string, current: string, more: Partial<KubeconfigSpec> = {}): string {
    return writeKubeconfig(path.join(this.dir, name), {
      caPem: this.caPem,
      clusters: { local: this.url, down: this.downUrl, ...more.clusters },
      users: {
        admin: TOKENS.admin,
        viewer: TOKENS.viewer,
        nobody: TOKENS.nobody,
        slow: TOKENS.slow,
        stranger: 'not-a-known-token',
        ...more.users,
      },
      contexts: [
        { name: 'admin@local', cluster: 'local', user: 'admin' },
        { name: 'viewer@local', cluster: 'local', user: 'viewer', namespace: 'default' },
        { name: 'nobody@local', cluster: 'local', user: 'nobody' },
        { name: 'stranger@local', cluster: 'local', user: 'stranger' },
        { name: 'slow@local', cluster: 'local', user: 'slow' },
        { name: 'admin@down', cluster: 'down', user: 'admin' },
        { name: 'prod-eu', cluster: 'local', user: 'admin', namespace: 'shop' },
        ...(more.contexts ?? []),
      ],
      current,
      ...(more.extra ? { extra: more.extra } : {}),
    });
  }

  private groups(): Record<string, Resource[]> {
    if (this.autoscalingV2) return GROUPS;
    const { ['autoscaling/v2']: _v2, ...rest } = GROUPS;
    return rest;
  }

  private roleOf(auth: string | undefined): Role | undefined {
    return (Object.keys(TOKENS) as Role[]).find((r) => auth === `Bearer ${TOKENS[r]}`);
  }

  /** RBAC: the admin may do anything, the viewer get/list/watch, nobody only discovery. */
  private allowed(role: Role, verb: string): boolean {
    if (role === 'admin') return true;
    if (role === 'viewer') return verb === 'get' || verb === 'list' || verb === 'watch';
    return false;
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.search,
      auth: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    };
    this.seen.push(seen);
    const send = (code: number, obj: object) => {
      seen.code = code;
      res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
      res.end(JSON.stringify(obj));
    };
    const role = this.roleOf(req.headers.authorization);
    if (role === 'slow') return; // never answers
    if (!role) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    const notFound = () => send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const p = url.pathname.replace(/\/+$/, '');

    // Discovery, open to every authenticated user (the system:discovery role).
    if (req.method === 'GET') {
      if (p === '/version')
        return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' });
      if (p === '/api')
        return send(200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.host }],
        });
      if (p === '/apis') return send(200, this.groupList());
      const gv = p === '/api/v1' ? 'v1' : p.startsWith('/apis/') ? p.slice('/apis/'.length) : undefined;
      const served = gv !== undefined ? this.groups()[gv] : undefined;
      if (served)
        return send(200, {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: gv,
          resources: served.map((r) => this.resourceEntry(r)),
        });
    }

    // /api/v1/... or /apis/GROUP/VERSION/..., then [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]
    const m = /^\/(?:api\/(v1)|apis\/([a-z0-9.-]+\/v[0-9a-z]+))\/(.*)$/.exec(p);
    if (!m) return notFound();
    const groupVersion = (m[1] ?? m[2])!;
    const resources = this.groups()[groupVersion];
    if (!resources) return notFound();
    let segs = m[3]!.split('/').map(decodeURIComponent);
    let namespace: string | undefined;
    if (segs[0] === 'namespaces' && segs.length >= 3) {
      namespace = segs[1];
      segs = segs.slice(2);
    }
    const [resourceName, name, sub] = segs as [string, string | undefined, string | undefined];
    const resource = resources.find((r) => r.name === (sub ? `${resourceName}/${sub}` : resourceName));
    if (!resource || segs.length > 3 || (namespace !== undefined && !resource.namespaced)) return notFound();
    const group = groupVersion.includes('/') ? groupVersion.split('/')[0]! : '';
    const qualified = group ? `${resourceName}.${group}` : resourceName;
    const verb =
      req.method === 'GET'
        ? name
          ? 'get'
          : url.searchParams.get('watch') === 'true'
            ? 'watch'
            : 'list'
        : req.method === 'PUT'
          ? 'update'
          : req.method === 'PATCH'
            ? 'patch'
            : req.method === 'POST'
              ? 'create'
              : req.method === 'DELETE'
                ? 'delete'
                : '';
    if (!resource.verbs.includes(verb))
      return send(
        405,
        status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`),
      );
    if (!this.allowed(role, verb)) {
      // The apiserver's RBAC wording (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go).
      const user = role === 'viewer' ? 'system:serviceaccount:default:viewer' : 'system:serviceaccount:default:nobody';
      const scope = namespace !== undefined ? `in the namespace "${namespace}"` : 'at the cluster scope';
      const subject = name ? `${qualified} "${name}"` : qualified;
      return send(
        403,
        status(
          403,
          'Forbidden',
          `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource.name}" in API group "${group}" ${scope}`,
          { ...(name ? { name } : {}), group, kind: resourceName },
        ),
      );
    }
    const itemNotFound = () =>
      send(404, status(404, 'NotFound', `${qualified} "${name}" not found`, { name, group, kind: resourceName }));

    const listOf = (kind: string, items: object[]) =>
      send(200, {
        kind: `${kind}List`,
        apiVersion: groupVersion,
        metadata: { resourceVersion: String(this.rv) },
        items,
      });
    const inNs = <T extends { namespace: string }>(xs: T[]) =>
      namespace === undefined ? xs : xs.filter((x) => x.namespace === namespace);
    const fields = parseFieldSelector(url.searchParams.get('fieldSelector'));
    if ('error' in fields) return send(400, status(400, 'BadRequest', fields.error));

    const workloadKind = (Object.keys(KIND_RESOURCE) as WorkloadKind[]).find(
      (k) => KIND_RESOURCE[k].resource === resourceName && KIND_RESOURCE[k].groupVersion === groupVersion,
    );
    if (workloadKind) {
      if (!name)
        return listOf(
          workloadKind,
          inNs(this.workloads)
            .filter((w) => w.kind === workloadKind)
            .map((w) => this.workloadJson(w, false)),
        );
      const w = this.workloads.find((x) => x.kind === workloadKind && x.namespace === namespace && x.name === name);
      if (!w) return itemNotFound();
      if (!sub) {
        // A rollout moves one replica per look, towards spec.replicas.
        if (!w.stuck && w.ready !== w.replicas) w.ready += w.ready < w.replicas ? 1 : -1;
        return send(200, this.workloadJson(w, true));
      }
      if (verb === 'get') return send(200, this.scaleJson(w));
      return this.writeScale(w, verb, req.headers['content-type'] ?? '', body, qualified, send);
    }
    if (resourceName === 'horizontalpodautoscalers') {
      const v1 = groupVersion === 'autoscaling/v1';
      if (!name)
        return listOf(
          'HorizontalPodAutoscaler',
          inNs(this.hpas).map((h) => this.hpaJson(h, v1, false)),
        );
      const h = this.hpas.find((x) => x.namespace === namespace && x.name === name);
      if (!h) return itemNotFound();
      if (verb === 'get') return send(200, this.hpaJson(h, v1, true));
      const patch = parseJson(body) as { spec?: { minReplicas?: unknown; maxReplicas?: unknown } } | undefined;
      if (
        verb !== 'patch' ||
        !/^application\/(merge-patch|strategic-merge-patch)\+json/.test(req.headers['content-type'] ?? '')
      )
        return send(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format`));
      if (!patch) return send(400, status(400, 'BadRequest', 'the body of the request could not be decoded'));
      const min = patch.spec?.minReplicas ?? h.minReplicas;
      const max = patch.spec?.maxReplicas ?? h.maxReplicas;
      if (typeof min !== 'number' || typeof max !== 'number' || min < 1 || max < min)
        return send(
          422,
          status(
            422,
            'Invalid',
            `HorizontalPodAutoscaler.autoscaling "${name}" is invalid: spec.minReplicas: Invalid value`,
          ),
        );
      h.minReplicas = min;
      h.maxReplicas = max;
      h.resourceVersion = ++this.rv;
      return send(200, this.hpaJson(h, v1, true));
    }
    if (resourceName === 'nodes') {
      if (!name)
        return listOf(
          'Node',
          this.nodes.map((n) => this.nodeJson(n)),
        );
      const n = this.nodes.find((x) => x.name === name);
      return n ? send(200, this.nodeJson(n)) : itemNotFound();
    }
    if (resourceName === 'pods') {
      const pods = inNs(this.pods).filter((pod) =>
        fields.every((f) => {
          const v = { 'spec.nodeName': pod.node ?? '', 'status.phase': pod.phase, 'metadata.name': pod.name }[f.field];
          return v === undefined ? false : f.equal ? v === f.value : v !== f.value;
        }),
      );
      if (fields.some((f) => !['spec.nodeName', 'status.phase', 'metadata.name'].includes(f.field)))
        return send(400, status(400, 'BadRequest', `field label not supported: ${fields[0]!.field}`));
      if (!name)
        return listOf(
          'Pod',
          pods.map((pod) => this.podJson(pod)),
        );
      const pod = pods.find((x) => x.name === name);
      return pod ? send(200, this.podJson(pod)) : itemNotFound();
    }
    if (resourceName === 'namespaces') {
      if (!name)
        return listOf(
          'Namespace',
          [...this.namespaces].sort().map((n) => namespaceJson(n)),
        );
      return this.namespaces.has(name) ? send(200, namespaceJson(name)) : itemNotFound();
    }
    if (resourceName === 'events') {
      const known = ['involvedObject.name', 'involvedObject.kind', 'involvedObject.namespace'];
      const bad = fields.find((f) => !known.includes(f.field));
      if (bad) return send(400, status(400, 'BadRequest', `field label not supported: ${bad.field}`));
      const evs = inNs(this.events).filter((e) =>
        fields.every((f) => {
          const v = {
            'involvedObject.name': e.name,
            'involvedObject.kind': e.kind,
            'involvedObject.namespace': e.namespace,
          }[f.field];
          return f.equal ? v === f.value : v !== f.value;
        }),
      );
      if (!name)
        return listOf(
          'Event',
          evs.map((e) => eventJson(e)),
        );
      return itemNotFound();
    }
    return notFound();
  }

  private writeScale(
    w: FakeWorkload,
    verb: string,
    contentType: string,
    body: string,
    qualified: string,
    send: (code: number, obj: object) => void,
  ): void {
    const obj = parseJson(body);
    if (obj === undefined) return send(400, status(400, 'BadRequest', 'the body of the request could not be decoded'));
    let replicas: unknown;
    let rv: unknown;
    if (verb === 'update') {
      const scale = obj as { kind?: unknown; metadata?: { resourceVersion?: unknown }; spec?: { replicas?: unknown } };
      replicas = scale.spec?.replicas ?? 0;
      rv = scale.metadata?.resourceVersion;
    } else if (/^application\/(merge-patch|strategic-merge-patch)\+json/.test(contentType)) {
      const patch = obj as { metadata?: { resourceVersion?: unknown }; spec?: { replicas?: unknown } };
      replicas = patch.spec?.replicas ?? w.replicas;
      rv = patch.metadata?.resourceVersion;
    } else if (/^application\/json-patch\+json/.test(contentType)) {
      const ops = Array.isArray(obj) ? (obj as { op?: unknown; path?: unknown; value?: unknown }[]) : [];
      replicas = w.replicas;
      for (const op of ops)
        if ((op.op === 'replace' || op.op === 'add') && op.path === '/spec/replicas') replicas = op.value;
    } else {
      return send(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format`));
    }
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      return send(
        422,
        status(
          422,
          'Invalid',
          `Scale.autoscaling "${w.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
          { name: w.name, group: 'autoscaling', kind: 'Scale' },
        ),
      );
    this.beforeScaleWrite?.(w);
    // Optimistic concurrency: a write naming another version than the stored one is refused.
    if (rv !== undefined && rv !== '' && rv !== String(w.resourceVersion))
      return send(
        409,
        status(
          409,
          'Conflict',
          prose`
            Operation cannot be fulfilled on ${qualified} "${w.name}": the object has been modified; please
            apply your changes to the latest version and try again
          `,
          {
            name: w.name,
            group: qualified.includes('.') ? qualified.split('.').slice(1).join('.') : '',
            kind: qualified.split('.')[0],
          },
        ),
      );
    const from = w.replicas;
    if (replicas !== from) {
      this.setReplicas(w, replicas);
      this.events.push({
        namespace: w.namespace,
        kind: w.kind,
        name: w.name,
        reason:
          w.kind === 'Deployment' ? 'ScalingReplicaSet' : replicas > from ? 'SuccessfulCreate' : 'SuccessfulDelete',
        message:
          w.kind === 'Deployment'
            ? `Scaled ${replicas > from ? 'up' : 'down'} replica set ${w.name}-7d4b9c8f5d from ${from} to ${replicas}`
            : `${replicas > from ? 'Created' : 'Deleted'} ${Math.abs(replicas - from)} pod(s) of ${w.name}`,
        n: this.events.length + 1,
      });
    }
    send(200, this.scaleJson(w));
  }

  private groupList() {
    const groups = new Map<string, string[]>();
    for (const gv of Object.keys(this.groups())) {
      if (!gv.includes('/')) continue;
      const [g, v] = gv.split('/') as [string, string];
      groups.set(g, [...(groups.get(g) ?? []), v]);
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => ({
        name,
        versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    };
  }

  private resourceEntry(r: Resource) {
    return {
      name: r.name,
      singularName: r.scale ? '' : r.kind.toLowerCase(),
      namespaced: r.namespaced,
      ...(r.scale ? { group: 'autoscaling', version: 'v1' } : {}),
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    };
  }

  private meta(name: string, namespace: string | undefined, rv: number, uid: string) {
    return {
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      uid,
      resourceVersion: String(rv),
      creationTimestamp: CREATED,
    };
  }

  private workloadJson(w: FakeWorkload, single: boolean) {
    const { groupVersion } = KIND_RESOURCE[w.kind];
    const labels = { app: w.name };
    const template = {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'registry.k8s.io/pause:3.10',
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
          },
        ],
      },
    };
    // Zero counts are left out, as the apiserver's omitempty leaves them out.
    const count = (k: string, n: number) => (n > 0 ? { [k]: n } : {});
    return {
      ...(single ? { kind: w.kind, apiVersion: groupVersion } : {}),
      metadata: { ...this.meta(w.name, w.namespace, w.resourceVersion, w.uid), generation: w.generation, labels },
      spec: {
        replicas: w.replicas,
        selector: w.kind === 'ReplicationController' ? labels : { matchLabels: labels },
        template,
        ...(w.kind === 'StatefulSet' ? { serviceName: w.name } : {}),
      },
      status: {
        observedGeneration: w.generation,
        ...count('replicas', Math.max(w.ready, w.replicas)),
        ...count('readyReplicas', w.ready),
        ...count('availableReplicas', w.ready),
        ...(w.kind === 'Deployment' ? count('updatedReplicas', w.replicas) : {}),
      },
    };
  }

  private scaleJson(w: FakeWorkload) {
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: this.meta(w.name, w.namespace, w.resourceVersion, w.uid),
      spec: { replicas: w.replicas },
      status: { replicas: Math.max(w.ready, w.replicas), selector: `app=${w.name}` },
    };
  }

  private hpaJson(h: FakeHpa, v1: boolean, single: boolean) {
    return {
      ...(single ? { kind: 'HorizontalPodAutoscaler', apiVersion: v1 ? 'autoscaling/v1' : 'autoscaling/v2' } : {}),
      metadata: this.meta(h.name, h.namespace, h.resourceVersion, `hpa-${h.name}`),
      spec: {
        scaleTargetRef: h.target,
        minReplicas: h.minReplicas,
        maxReplicas: h.maxReplicas,
        ...(v1
          ? { targetCPUUtilizationPercentage: 80 }
          : {
              metrics: [
                {
                  type: 'Resource',
                  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
                },
              ],
            }),
      },
      status: { currentReplicas: h.minReplicas, desiredReplicas: h.minReplicas },
    };
  }

  private nodeJson(n: FakeNode) {
    return {
      metadata: {
        ...this.meta(n.name, undefined, this.rv, `node-${n.name}`),
        labels: { 'kubernetes.io/hostname': n.name },
      },
      status: {
        capacity: n.allocatable,
        allocatable: n.allocatable,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
  }

  private podJson(pod: FakePod) {
    return {
      metadata: this.meta(pod.name, pod.namespace, this.rv, `pod-${pod.name}`),
      spec: {
        ...(pod.node ? { nodeName: pod.node } : {}),
        containers: pod.requests.map((r, i) => ({ name: `c${i}`, image: 'x', resources: { requests: r } })),
      },
      status: { phase: pod.phase },
    };
  }
}

function namespaceJson(name: string) {
  return {
    metadata: { name, uid: `ns-${name}`, resourceVersion: '1', creationTimestamp: CREATED },
    status: { phase: 'Active' },
  };
}

function eventJson(e: FakeEvent) {
  return {
    metadata: { name: `${e.name}.${e.n}`, namespace: e.namespace, uid: `ev-${e.n}`, resourceVersion: String(e.n) },
    involvedObject: { kind: e.kind, namespace: e.namespace, name: e.name },
    reason: e.reason,
    message: e.message,
    type: 'Normal',
    count: 1,
    source: { component: e.kind === 'Deployment' ? 'deployment-controller' : 'replicaset-controller' },
    firstTimestamp: CREATED,
    lastTimestamp: CREATED,
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** `a=b,c!=d` (and `==`), as the apiserver's field selectors. */
function parseFieldSelector(
  text: string | null,
): { field: string; value: string; equal: boolean }[] | { error: string } {
  if (!text) return [];
  const out: { field: string; value: string; equal: boolean }[] = [];
  for (const part of text.split(',')) {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(part);
    if (!m) return { error: `invalid selector: '${text}'; can't understand '${part}'` };
    out.push({ field: m[1]!, value: m[3]!, equal: m[2] !== '!=' });
  }
  return out;
}
