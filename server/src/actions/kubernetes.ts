/**
 * Scaling a Kubernetes workload through the scale subresource, as `kubectl scale
 * --current-replicas` does (../shared/reference/KUBERNETES-CLIENT.md): `plan` reads the scale,
 * the workload's ready count and any HPA targeting it; `run` reads the scale again, refuses when
 * the count moved since it was shown, and replaces the scale with the `resourceVersion` it read, so
 * a change in between is a 409 and nothing is overwritten. Then it waits for the ready replicas.
 *
 * Also the reads the front ends need: the contexts of the kubeconfig, the workloads of a context,
 * and the capacity the "will it fit?" answer weighs (actions/capacity.ts).
 *
 * @kubernetes/client-node loads only here, on demand, from its own bundle (cluster/kube-client.ts),
 * and only for a trusted workspace: an untrusted one is refused before a kubeconfig is read, so no
 * exec credential plugin it names ever runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';
// Types only: erased from the bundle, so @kubernetes/client-node still loads only on demand.
import type * as KubeClientModule from '../cluster/kube-client';
import { kubeconfigFiles, loadKubeconfigs, statusMessage } from '../cluster/node-count';
import { emptyWorkspace, fitPods, scanKubernetesFile } from '../engine';
import { parseK8sQuantity } from '../engine/quantity/k8s-quantity';
import { prose } from '../engine/template-text';
import type { ClusterCapacity, NodeCapacity, NodeResources } from './capacity';
import {
  failure,
  type ActionEnv,
  type ActionFailure,
  type ActionProgress,
  type ActionResult,
  type FitAnswer,
  type ScaleAction,
  type ScalePlan,
  type ScaleSuccess,
} from './types';

export type KubernetesKind = 'Deployment' | 'StatefulSet' | 'ReplicaSet' | 'ReplicationController';

/**
 * What to scale: a workload by kind and name, or the one workload of a manifest (`kubectl scale
 * --replicas=3 -f FILE`); `hpa` changes the bounds of the HPA that targets it instead of the count.
 * JSON: these cross LSP as `workspace/executeCommand` arguments.
 */
export interface KubernetesScaleArgs {
  kind?: KubernetesKind;
  name?: string;
  /** A manifest, relative to `env.cwd`: kind, name and namespace come from it. */
  file?: string;
  /** Default: the manifest's, else the context's, else `default`. */
  namespace?: string;
  /** Default: the kubeconfig's current context. */
  context?: string;
  replicas?: number;
  /** Change the HPA targeting the workload (min and/or max) instead of its count. */
  hpa?: { minReplicas?: number; maxReplicas?: number };
  /** Globs (picomatch, case-insensitive, `*` crosses `/`): a matching context must be confirmed by typing the name. */
  protectedContexts?: string[];
  /** How long `run` waits for the ready replicas. Default 300 s. */
  timeoutSeconds?: number;
}

export type KubeClient = typeof KubeClientModule;

export interface KubernetesOptions {
  /** Loads @kubernetes/client-node; by default server/out/kube-client.js beside this bundle (tests import the source). */
  loadClient?: () => Promise<KubeClient>;
  /** Between two looks at the ready count. Default 1000 ms. */
  pollMs?: number;
  /** Each API request must be answered within this. Default 10 s. */
  requestTimeoutMs?: number;
}

export const DEFAULT_PROTECTED_CONTEXTS = ['*prod*'];
const DEFAULT_TIMEOUT_SECONDS = 300;

/** The four kinds that have a scale subresource, and where it lives. */
const KINDS: Record<KubernetesKind, { resource: string; group: string; groupVersion: string; short: string }> = {
  Deployment: { resource: 'deployments', group: 'apps', groupVersion: 'apps/v1', short: 'deployment' },
  StatefulSet: { resource: 'statefulsets', group: 'apps', groupVersion: 'apps/v1', short: 'statefulset' },
  ReplicaSet: { resource: 'replicasets', group: 'apps', groupVersion: 'apps/v1', short: 'replicaset' },
  ReplicationController: {
    resource: 'replicationcontrollers',
    group: '',
    groupVersion: 'v1',
    short: 'replicationcontroller',
  },
};

/** Own keys only: `constructor` and `toString` are no kinds (`in` would find them on Object.prototype). */
function isKind(k: unknown): k is KubernetesKind {
  return typeof k === 'string' && Object.hasOwn(KINDS, k);
}

// Names as the API server validates them (apimachinery validation.IsDNS1123Subdomain / IsDNS1123Label).
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * Context names are free text in a kubeconfig, but the real ones (`kind-x`, `gke_p_z_c`,
 * `arn:aws:eks:r:a:cluster/c`, `user@cluster`) keep to these; anything else (spaces, quotes, `;`,
 * `$(`) is refused before the kubeconfig is even read.
 */
const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9@:/._+=-]*$/;

export function validateName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'a workload name is required';
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))
    return `"${printable(name)}" is not a valid name: lowercase letters, digits, "-" and "." (a DNS-1123 subdomain, at most 253 characters)`;
  return undefined;
}

export function validateNamespace(ns: unknown): string | undefined {
  if (typeof ns !== 'string' || ns.length > 63 || !DNS1123_LABEL.test(ns))
    return `"${printable(String(ns))}" is not a valid namespace: lowercase letters, digits and "-" (a DNS-1123 label, at most 63 characters)`;
  return undefined;
}

export function validateContext(ctx: unknown): string | undefined {
  if (typeof ctx !== 'string' || ctx.length > 253 || !CONTEXT_NAME.test(ctx))
    return `"${printable(String(ctx))}" is not a context name Scalewise uses: letters, digits and @ : / . _ + = -`;
  return undefined;
}

function validateCount(n: unknown, what: string, min: number): string | undefined {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > 2 ** 31 - 1)
    return `${what} must be a whole number from ${min}${typeof n === 'number' || typeof n === 'string' ? `, not ${String(n)}` : ''}`;
  return undefined;
}

/** A name as shown in a message: control characters visible, long ones cut. */
function printable(s: string): string {
  const shown = JSON.stringify(s).slice(1, -1);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

/** Whether the context is one the user must confirm by typing the name. A pattern that cannot be compiled protects. */
export function isProtectedContext(context: string, patterns: readonly string[] = DEFAULT_PROTECTED_CONTEXTS): boolean {
  return patterns.some((p) => {
    try {
      // bash: `*` crosses `/` (EKS contexts are ARNs with a `/`); nocase: `PROD` is production too.
      return picomatch(p, { bash: true, dot: true, nocase: true })(context);
    } catch {
      return true;
    }
  });
}

/** server/out/kube-client.js, built apart (esbuild.mjs); a computed path keeps esbuild from inlining it. */
async function loadBundledClient(): Promise<KubeClient> {
  return require(path.join(__dirname, 'kube-client.js')) as KubeClient;
}

type KubeConfig = InstanceType<KubeClient['KubeConfig']>;

interface Connection {
  k8s: KubeClient;
  kc: KubeConfig;
  context: string;
  cluster: string;
  server: string;
  /** The context's namespace, or `default`. */
  namespace: string;
  timeoutMs: number;
}

/**
 * The kubeconfig as kubectl loads it (KUBECONFIG with several files, else ~/.kube/config), with
 * `context` (default: the current one) made current. Refuses an untrusted workspace first.
 */
async function connect(
  env: ActionEnv,
  context: string | undefined,
  opts: KubernetesOptions,
): Promise<Connection | ActionFailure> {
  if (!env.trusted) return untrusted();
  if (context !== undefined) {
    const bad = validateContext(context);
    if (bad) return failure('invalid', bad);
  }
  const found = kubeconfigFiles(env.env, env.env.HOME ?? os.homedir());
  if ('missing' in found)
    return failure('no-kubeconfig', `${found.missing}; set KUBECONFIG or create it with your cluster's tools`);
  let k8s: KubeClient;
  try {
    k8s = await (opts.loadClient ?? loadBundledClient)();
  } catch (err) {
    return failure('error', `cannot load the Kubernetes client: ${firstLine(err)}`);
  }
  let kc: KubeConfig;
  try {
    kc = loadKubeconfigs(k8s, found.files);
  } catch (err) {
    return failure(
      'no-kubeconfig',
      `cannot read the kubeconfig (${found.files.join(path.delimiter)}): ${firstLine(err)}`,
    );
  }
  if (context !== undefined) {
    if (!kc.contexts.some((c) => c.name === context))
      return failure(
        'no-context',
        `the kubeconfig has no context named "${context}" (kubectl config get-contexts lists them)`,
      );
    kc.setCurrentContext(context);
  }
  const name = kc.getCurrentContext();
  if (!name)
    return failure('no-context', 'the kubeconfig has no current-context: pick one (kubectl config use-context NAME)');
  const ctx = kc.getContextObject(name);
  const cluster = kc.getCurrentCluster();
  if (!ctx || !cluster) return failure('no-context', `context "${name}" names no context or cluster in the kubeconfig`);
  return {
    k8s,
    kc,
    context: name,
    cluster: cluster.name,
    server: cluster.server,
    namespace: ctx.namespace || 'default',
    timeoutMs: opts.requestTimeoutMs ?? 10_000,
  };
}

function untrusted(): ActionFailure {
  return failure(
    'untrusted',
    'Kubernetes actions are off in an untrusted workspace: trust the workspace to read or scale a cluster.',
  );
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

/** The object API's options: an abort signal for this request (the client has no timeout of its own), and headers. */
function requestOptions(signal: AbortSignal, headers: Record<string, string> = {}) {
  // Observable-style middleware, as setHeaderOptions builds it: the client's rxjs stub only calls toPromise.
  const settled = <T>(value: T) => ({ toPromise: () => Promise.resolve(value) });
  return {
    middleware: [
      {
        pre: (ctx: { setSignal(s: AbortSignal): void; setHeaderParam(k: string, v: string): void }) => {
          ctx.setSignal(signal);
          for (const [k, v] of Object.entries(headers)) ctx.setHeaderParam(k, v);
          return settled(ctx);
        },
        post: <T>(res: T) => settled(res),
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  } as never;
}

/** What a request was doing, for its failure message. */
interface Operation {
  verb: 'get' | 'list' | 'update' | 'patch';
  resource: string;
  group: string;
  namespace?: string;
  /** `deployment/web`: named in a 404 and a 409. */
  target?: string;
}

/** One request with a timeout; every failure becomes a value with one message. */
async function call<T>(
  conn: Connection,
  op: Operation,
  fn: (options: never, signal: AbortSignal) => Promise<T>,
): Promise<T | ActionFailure> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), conn.timeoutMs);
  try {
    return await fn(requestOptions(controller.signal), controller.signal);
  } catch (err) {
    return apiFailure(err, conn, op, controller.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
}

function isFailure(x: unknown): x is ActionFailure {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false && 'reason' in x;
}

function apiFailure(err: unknown, conn: Connection, op: Operation, timedOut: boolean): ActionFailure {
  const e = err as Error & { code?: unknown; body?: unknown; type?: string; errno?: unknown };
  const where =
    op.namespace !== undefined
      ? `in namespace ${op.namespace} (context ${conn.context})`
      : `in context ${conn.context}`;
  if (timedOut || e.name === 'AbortError' || e.type === 'aborted')
    return failure(
      'timeout',
      `no answer from the API server of context ${conn.context} at ${conn.server} within ${conn.timeoutMs / 1000} s; check the connection and try again`,
    );
  if (typeof e.code === 'number') {
    const detail = statusMessage(e.body);
    const said = detail ? `: ${detail}` : '';
    switch (e.code) {
      case 401:
        return failure(
          'unauthorized',
          prose`
            the API server at ${conn.server} did not accept the credentials of context ${conn.context} (401
            Unauthorized${said}); log in again or fix the user in the kubeconfig
          `,
        );
      case 403:
        return failure(
          'forbidden',
          prose`
            no permission to ${op.verb} ${op.resource} ${where}: RBAC must allow "${op.verb}" on
            "${op.resource}" in API group "${op.group}" (403 Forbidden${said})
          `,
        );
      case 404:
        return failure(
          'not-found',
          `${op.target ?? op.resource} not found ${where}${op.target ? '' : ` (404${said})`}; check the name, namespace and context`,
        );
      case 409:
        return failure(
          'conflict',
          prose`
            ${op.target ?? op.resource} was changed by someone else ${where} while it was being scaled (409
            Conflict${said}); nothing overwritten: look again and retry
          `,
        );
      default:
        return failure('error', `${op.verb} ${op.resource} ${where} failed with HTTP ${e.code}${said}`);
    }
  }
  const code = typeof e.code === 'string' ? e.code : typeof e.errno === 'string' ? e.errno : undefined;
  if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)$/.test(code))
    return failure(
      'unreachable',
      `cannot reach the API server of context ${conn.context} at ${conn.server} (${code}); is the cluster up and the address right?`,
    );
  return failure('error', `${op.verb} ${op.resource} ${where} at ${conn.server} failed: ${firstLine(err)}`);
}

interface Apis {
  apps: InstanceType<KubeClient['AppsV1Api']>;
  core: InstanceType<KubeClient['CoreV1Api']>;
  autoscalingV2: InstanceType<KubeClient['AutoscalingV2Api']>;
  autoscalingV1: InstanceType<KubeClient['AutoscalingV1Api']>;
}

function apis(conn: Connection): Apis {
  return {
    apps: conn.kc.makeApiClient(conn.k8s.AppsV1Api),
    core: conn.kc.makeApiClient(conn.k8s.CoreV1Api),
    autoscalingV2: conn.kc.makeApiClient(conn.k8s.AutoscalingV2Api),
    autoscalingV1: conn.kc.makeApiClient(conn.k8s.AutoscalingV1Api),
  };
}

interface Scale {
  metadata?: { resourceVersion?: string; name?: string; namespace?: string };
  spec?: { replicas?: number };
  status?: { replicas?: number };
}

interface WorkloadStatus {
  metadata?: { name?: string; namespace?: string; generation?: number };
  /** The pod template, for what each added pod requests (will it fit?). */
  spec?: { replicas?: number; template?: PodLike };
  status?: { replicas?: number; readyReplicas?: number; observedGeneration?: number; updatedReplicas?: number };
}

type Req = { name: string; namespace: string };

/** The generated client's calls for each kind, behind one shape. */
function kindCalls(a: Apis, kind: KubernetesKind) {
  switch (kind) {
    case 'Deployment':
      return {
        readScale: (p: Req, o: never) => a.apps.readNamespacedDeploymentScale(p, o) as Promise<Scale>,
        replaceScale: (p: Req & { body: Scale }, o: never) =>
          a.apps.replaceNamespacedDeploymentScale(p as never, o) as Promise<Scale>,
        read: (p: Req, o: never) => a.apps.readNamespacedDeployment(p, o) as Promise<WorkloadStatus>,
        list: (ns: string | undefined, o: never) =>
          (ns
            ? a.apps.listNamespacedDeployment({ namespace: ns }, o)
            : a.apps.listDeploymentForAllNamespaces({}, o)) as Promise<{
            items: WorkloadStatus[];
          }>,
      };
    case 'StatefulSet':
      return {
        readScale: (p: Req, o: never) => a.apps.readNamespacedStatefulSetScale(p, o) as Promise<Scale>,
        replaceScale: (p: Req & { body: Scale }, o: never) =>
          a.apps.replaceNamespacedStatefulSetScale(p as never, o) as Promise<Scale>,
        read: (p: Req, o: never) => a.apps.readNamespacedStatefulSet(p, o) as Promise<WorkloadStatus>,
        list: (ns: string | undefined, o: never) =>
          (ns
            ? a.apps.listNamespacedStatefulSet({ namespace: ns }, o)
            : a.apps.listStatefulSetForAllNamespaces({}, o)) as Promise<{
            items: WorkloadStatus[];
          }>,
      };
    case 'ReplicaSet':
      return {
        readScale: (p: Req, o: never) => a.apps.readNamespacedReplicaSetScale(p, o) as Promise<Scale>,
        replaceScale: (p: Req & { body: Scale }, o: never) =>
          a.apps.replaceNamespacedReplicaSetScale(p as never, o) as Promise<Scale>,
        read: (p: Req, o: never) => a.apps.readNamespacedReplicaSet(p, o) as Promise<WorkloadStatus>,
        list: (ns: string | undefined, o: never) =>
          (ns
            ? a.apps.listNamespacedReplicaSet({ namespace: ns }, o)
            : a.apps.listReplicaSetForAllNamespaces({}, o)) as Promise<{
            items: WorkloadStatus[];
          }>,
      };
    case 'ReplicationController':
      return {
        readScale: (p: Req, o: never) => a.core.readNamespacedReplicationControllerScale(p, o) as Promise<Scale>,
        replaceScale: (p: Req & { body: Scale }, o: never) =>
          a.core.replaceNamespacedReplicationControllerScale(p as never, o) as Promise<Scale>,
        read: (p: Req, o: never) => a.core.readNamespacedReplicationController(p, o) as Promise<WorkloadStatus>,
        list: (ns: string | undefined, o: never) =>
          (ns
            ? a.core.listNamespacedReplicationController({ namespace: ns }, o)
            : a.core.listReplicationControllerForAllNamespaces({}, o)) as Promise<{ items: WorkloadStatus[] }>,
      };
  }
}

/** `/apis/apps/v1/namespaces/NS/deployments/NAME/scale`, as shown in the plan's steps. */
function apiPath(kind: KubernetesKind, namespace: string, name: string, sub = ''): string {
  const k = KINDS[kind];
  const base = k.group ? `/apis/${k.groupVersion}` : `/api/${k.groupVersion}`;
  return `${base}/namespaces/${namespace}/${k.resource}/${name}${sub}`;
}

function target(kind: KubernetesKind, name: string): string {
  return `${KINDS[kind].short}/${name}`;
}

interface HpaInfo {
  name: string;
  apiVersion: 'autoscaling/v2' | 'autoscaling/v1';
  minReplicas: number | undefined;
  maxReplicas: number;
}

/** The HPA in the namespace whose scaleTargetRef is this workload (autoscaling/v2, else v1 on an old cluster). */
async function findHpa(
  conn: Connection,
  a: Apis,
  kind: KubernetesKind,
  name: string,
  namespace: string,
): Promise<HpaInfo | undefined | ActionFailure> {
  const op: Operation = { verb: 'list', resource: 'horizontalpodautoscalers', group: 'autoscaling', namespace };
  type HpaList = {
    items: {
      metadata?: { name?: string };
      spec?: { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number };
    }[];
  };
  let apiVersion: HpaInfo['apiVersion'] = 'autoscaling/v2';
  let list: HpaList | ActionFailure = await call(
    conn,
    op,
    (o) => a.autoscalingV2.listNamespacedHorizontalPodAutoscaler({ namespace }, o) as Promise<HpaList>,
  );
  if (isFailure(list) && list.reason === 'not-found') {
    apiVersion = 'autoscaling/v1';
    list = await call(
      conn,
      op,
      (o) => a.autoscalingV1.listNamespacedHorizontalPodAutoscaler({ namespace }, o) as Promise<HpaList>,
    );
  }
  if (isFailure(list)) return list;
  const h = list.items.find((x) => x.spec?.scaleTargetRef?.kind === kind && x.spec.scaleTargetRef.name === name);
  if (!h?.metadata?.name || typeof h.spec?.maxReplicas !== 'number') return undefined;
  return { name: h.metadata.name, apiVersion, minReplicas: h.spec.minReplicas, maxReplicas: h.spec.maxReplicas };
}

/** Reads kind, name and namespace from the manifest's one scalable workload, through the engine's parser. */
function fromManifest(
  file: string,
  cwd: string,
): { kind: KubernetesKind; name: string; namespace?: string } | ActionFailure {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    return failure('not-found', `cannot read ${file}: ${firstLine(err)}`);
  }
  const found = (scanKubernetesFile(abs, text, emptyWorkspace()).kubernetesWorkloads ?? []).filter((w) =>
    isKind(w.kind),
  );
  if (found.length === 0)
    return failure('invalid', `${file} has no Deployment, StatefulSet, ReplicaSet or ReplicationController to scale`);
  if (found.length > 1)
    return failure(
      'invalid',
      `${file} has ${found.length} workloads (${found.map((w) => `${w.kind}/${w.name}`).join(', ')}); name the one to scale`,
    );
  const w = found[0]!;
  return { kind: w.kind as KubernetesKind, name: w.name, ...(w.namespace ? { namespace: w.namespace } : {}) };
}

/** What `run` needs; sent to the client and back with the plan, so `run` checks it again. */
interface KubernetesPlanState {
  kind: KubernetesKind;
  name: string;
  namespace: string;
  context: string;
  server: string;
  current: number;
  desired: number;
  resourceVersion: string;
  timeoutSeconds: number;
  /** Set in HPA mode: `run` patches this HPA's bounds instead of the count. */
  hpa?: {
    name: string;
    apiVersion: string;
    minReplicas?: number;
    maxReplicas?: number;
    from: { minReplicas?: number; maxReplicas: number };
  };
  /** An HPA targets the workload: a front end can offer `hpa: { minReplicas, maxReplicas }` instead. */
  hpaFound?: { name: string; minReplicas: number; maxReplicas: number };
}

function readState(plan: ScalePlan): KubernetesPlanState | ActionFailure {
  const s = plan.state as Partial<KubernetesPlanState>;
  const bad =
    (plan.system !== 'kubernetes' && 'not a Kubernetes plan') ||
    (!isKind(s.kind) && 'the plan names no workload kind') ||
    validateName(s.name) ||
    validateNamespace(s.namespace) ||
    validateContext(s.context) ||
    validateCount(s.current, 'the current count', 0) ||
    validateCount(s.desired, 'replicas', 0) ||
    (typeof s.resourceVersion !== 'string' && 'the plan has no resourceVersion') ||
    (typeof s.server !== 'string' && 'the plan has no server');
  if (bad) return failure('invalid', `this plan cannot run: ${bad}; make a new plan`);
  return s as KubernetesPlanState;
}

/**
 * The Kubernetes scale action. `createKubernetesScale` takes the client loader and the polling
 * interval (tests pass theirs); `kubernetesScale` is the one the server and the CLI use.
 */
export function createKubernetesScale(opts: KubernetesOptions = {}): ScaleAction<KubernetesScaleArgs> {
  return {
    system: 'kubernetes',
    plan: (args, env) => asValue(() => plan(args, env, opts)),
    run: (p, env, progress) => asValue(() => run(p, env, progress, opts)),
  };
}

/** Failures are values: a throw that got past the checks (a client bundle without an API) becomes one too. */
async function asValue<T>(fn: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await fn();
  } catch (err) {
    return failure('error', `the Kubernetes action failed unexpectedly: ${firstLine(err)}`);
  }
}

export const kubernetesScale: ScaleAction<KubernetesScaleArgs> = createKubernetesScale();

async function plan(
  args: KubernetesScaleArgs,
  env: ActionEnv,
  opts: KubernetesOptions,
): Promise<ActionResult<{ plan: ScalePlan }>> {
  if (!env.trusted) return untrusted();
  // Everything the user typed is checked before a file or the kubeconfig is read.
  const hpaMode = args.hpa !== undefined;
  const badArgs =
    (args.file === undefined && !isKind(args.kind)
      ? `kind must be one of ${Object.keys(KINDS).join(', ')}${args.kind === undefined ? '' : `, not "${printable(String(args.kind))}"`}`
      : undefined) ||
    (args.file === undefined
      ? validateName(args.name)
      : typeof args.file !== 'string'
        ? 'file must be a path'
        : undefined) ||
    (args.namespace !== undefined ? validateNamespace(args.namespace) : undefined) ||
    (args.context !== undefined ? validateContext(args.context) : undefined) ||
    (hpaMode ? validateHpaArgs(args.hpa) : validateCount(args.replicas, 'replicas', 0)) ||
    (args.timeoutSeconds !== undefined ? validateCount(args.timeoutSeconds, 'timeoutSeconds', 1) : undefined) ||
    (args.protectedContexts !== undefined &&
    !(Array.isArray(args.protectedContexts) && args.protectedContexts.every((p) => typeof p === 'string'))
      ? 'protectedContexts must be a list of globs'
      : undefined);
  if (badArgs) return failure('invalid', badArgs);

  let kind = args.kind as KubernetesKind;
  let name = args.name as string;
  let manifestNs: string | undefined;
  if (args.file !== undefined) {
    const m = fromManifest(args.file, env.cwd);
    if (isFailure(m)) return m;
    // A manifest is text from the repository: its names are checked as the user's are.
    const bad = validateName(m.name) || (m.namespace !== undefined ? validateNamespace(m.namespace) : undefined);
    if (bad) return failure('invalid', `${args.file}: ${bad}`);
    ({ kind, name } = m);
    manifestNs = m.namespace;
  }

  const conn = await connect(env, args.context, opts);
  if (isFailure(conn)) return conn;
  const namespace = args.namespace ?? manifestNs ?? conn.namespace;
  const k = KINDS[kind];
  const what = target(kind, name);
  const a = apis(conn);
  const calls = kindCalls(a, kind);
  const scaleOp: Operation = { verb: 'get', resource: `${k.resource}/scale`, group: k.group, namespace, target: what };
  const scale = await call(conn, scaleOp, (o) => calls.readScale({ name, namespace }, o));
  if (isFailure(scale)) return scale;
  const current = scale.spec?.replicas ?? 0;
  const workload = await call(conn, { ...scaleOp, resource: k.resource }, (o) => calls.read({ name, namespace }, o));
  if (isFailure(workload)) return workload;
  const ready = workload.status?.readyReplicas ?? 0;

  const warnings: string[] = [];
  const hpa = await findHpa(conn, a, kind, name, namespace);
  if (isFailure(hpa)) {
    warnings.push(`could not look for a HorizontalPodAutoscaler targeting ${what}: ${hpa.message}`);
  }
  const found = isFailure(hpa) ? undefined : hpa;
  const where = [
    { label: 'Context', value: conn.context },
    { label: 'Cluster', value: `${conn.cluster} (${conn.server})` },
    { label: 'Namespace', value: namespace },
  ];
  const protectedContext = isProtectedContext(conn.context, args.protectedContexts ?? DEFAULT_PROTECTED_CONTEXTS);
  const timeoutSeconds = args.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const state: KubernetesPlanState = {
    kind,
    name,
    namespace,
    context: conn.context,
    server: conn.server,
    current,
    desired: current,
    resourceVersion: scale.metadata?.resourceVersion ?? '',
    timeoutSeconds,
  };

  if (hpaMode) {
    if (!found)
      return failure(
        'not-found',
        `no HorizontalPodAutoscaler targets ${what} in namespace ${namespace} (context ${conn.context}); scale the workload instead`,
      );
    const min = args.hpa!.minReplicas ?? found.minReplicas ?? 1;
    const max = args.hpa!.maxReplicas ?? found.maxReplicas;
    if (min > max) return failure('invalid', `minReplicas ${min} is above maxReplicas ${max}`);
    const patch = {
      ...(args.hpa!.minReplicas !== undefined ? { minReplicas: min } : {}),
      ...(args.hpa!.maxReplicas !== undefined ? { maxReplicas: max } : {}),
    };
    const hpaPath = `/apis/${found.apiVersion}/namespaces/${namespace}/horizontalpodautoscalers/${found.name}`;
    const from = `min ${found.minReplicas ?? 1}, max ${found.maxReplicas}`;
    return {
      ok: true,
      plan: {
        system: 'kubernetes',
        target: `horizontalpodautoscaler/${found.name} (targets ${what})`,
        where,
        current: found.maxReplicas,
        desired: max,
        steps: [`PATCH ${hpaPath} (merge patch ${JSON.stringify({ spec: patch })}; ${from} → min ${min}, max ${max})`],
        warnings: [
          ...warnings,
          `the HPA keeps ${what} between ${min} and ${max} replicas (now ${current}, ${ready} ready); current and desired above are its maxReplicas`,
        ],
        ...(protectedContext ? { typeToConfirm: found.name } : {}),
        state: {
          ...state,
          hpa: {
            name: found.name,
            apiVersion: found.apiVersion,
            ...patch,
            from: {
              ...(found.minReplicas !== undefined ? { minReplicas: found.minReplicas } : {}),
              maxReplicas: found.maxReplicas,
            },
          },
        },
      },
    };
  }

  const desired = args.replicas as number;
  state.desired = desired;
  if (found) {
    warnings.push(
      prose`
        HorizontalPodAutoscaler ${found.name} targets ${what} (min ${found.minReplicas ?? 1}, max
        ${found.maxReplicas}) and will override a manual count; change its minReplicas/maxReplicas instead
      `,
    );
    state.hpaFound = { name: found.name, minReplicas: found.minReplicas ?? 1, maxReplicas: found.maxReplicas };
  }
  if (desired === 0 && current > 0) warnings.push(`scaling to 0 stops every pod of ${what}`);
  const steps =
    desired === current
      ? []
      : [
          `GET ${apiPath(kind, namespace, name, '/scale')} (check the count is still ${current})`,
          `PUT ${apiPath(kind, namespace, name, '/scale')} (replicas ${current} → ${desired}, precondition resourceVersion ${state.resourceVersion})`,
          `GET ${apiPath(kind, namespace, name)} until ${desired} ready (at most ${timeoutSeconds} s)`,
        ];
  if (desired === current) warnings.push(`${what} already has ${current} replicas (${ready} ready): nothing to change`);
  const fit = await willItFit(env, conn.context, opts, workload.spec?.template, current, desired);
  return {
    ok: true,
    plan: {
      system: 'kubernetes',
      target: what,
      where,
      current,
      desired,
      steps,
      fit,
      warnings,
      ...(protectedContext ? { typeToConfirm: name } : {}),
      state: { ...state, ready },
    },
  };
}

/**
 * "Will it fit?" for the pods a scale adds: the pod template's requests (as the scheduler counts
 * them, podRequests) × (desired − current) placed on the nodes' allocatable minus what running pods
 * already request (readClusterCapacity). Shown in the confirmation; it never refuses on its own.
 */
async function willItFit(
  env: ActionEnv,
  context: string,
  opts: KubernetesOptions,
  template: PodLike | undefined,
  current: number,
  desired: number,
): Promise<FitAnswer> {
  if (desired <= current)
    return { verdict: 'fits', text: `fits: ${desired < current ? 'scaling down frees room' : 'no pod is added'}` };
  const read = await readClusterCapacity(env, { context }, opts);
  if (!read.ok) return { verdict: 'unknown', text: `unknown: ${read.message}` };
  const requests = template ? podRequests(template) : { cpuMillis: 0, memoryBytes: 0 };
  const report = fitPods(
    {
      replicas: desired - current,
      requests: {
        ...(requests.cpuMillis > 0 ? { cpuMillis: requests.cpuMillis } : {}),
        ...(requests.memoryBytes > 0 ? { memoryBytes: requests.memoryBytes } : {}),
      },
    },
    read.capacity,
  );
  const added = desired - current;
  return {
    verdict: report.verdict,
    text: `${report.text} (the ${added} added pod${added === 1 ? '' : 's'})`,
    source: read.capacity.source,
  };
}

function validateHpaArgs(h: unknown): string | undefined {
  const x = h as { minReplicas?: unknown; maxReplicas?: unknown } | null;
  if (typeof x !== 'object' || x === null) return 'hpa must be { minReplicas?, maxReplicas? }';
  if (x.minReplicas === undefined && x.maxReplicas === undefined) return 'hpa needs minReplicas or maxReplicas';
  return (
    (x.minReplicas !== undefined ? validateCount(x.minReplicas, 'minReplicas', 1) : undefined) ||
    (x.maxReplicas !== undefined ? validateCount(x.maxReplicas, 'maxReplicas', 1) : undefined)
  );
}

async function run(
  p: ScalePlan,
  env: ActionEnv,
  progress: ActionProgress,
  opts: KubernetesOptions,
): Promise<ActionResult<ScaleSuccess>> {
  if (!env.trusted) return untrusted();
  const s = readState(p);
  if (isFailure(s)) return s;
  const conn = await connect(env, s.context, opts);
  if (isFailure(conn)) return conn;
  const what = target(s.kind, s.name);
  const place = `${conn.context}/${s.namespace}`;
  if (conn.server !== s.server)
    return failure(
      'conflict',
      `context ${conn.context} now points at ${conn.server}, not ${s.server} as shown; nothing changed: make a new plan`,
    );
  const k = KINDS[s.kind];
  const a = apis(conn);
  if (s.hpa) return runHpa(conn, a, s, what);
  const calls = kindCalls(a, s.kind);
  const op: Operation = {
    verb: 'get',
    resource: `${k.resource}/scale`,
    group: k.group,
    namespace: s.namespace,
    target: what,
  };
  const scale = await call(conn, op, (o) => calls.readScale({ name: s.name, namespace: s.namespace }, o));
  if (isFailure(scale)) return scale;
  const now = scale.spec?.replicas ?? 0;
  const changed = (y: number) =>
    failure(
      'conflict',
      `${what} in ${place} changed from ${s.current} to ${y} replicas since it was shown; nothing overwritten: look again before scaling`,
    );
  if (now !== s.current) return changed(now);
  const details: string[] = [];
  if (s.desired !== s.current) {
    const seenEvents = await eventKeys(conn, a, s);
    const body: Scale = { ...scale, spec: { ...scale.spec, replicas: s.desired } };
    // The resourceVersion just read rides along: a change since then is a 409, and nothing is written.
    const written = await call(conn, { ...op, verb: 'update' }, (o) =>
      calls.replaceScale({ name: s.name, namespace: s.namespace, body }, o),
    );
    if (isFailure(written)) {
      if (written.reason !== 'conflict') return written;
      const again = await call(conn, op, (o) => calls.readScale({ name: s.name, namespace: s.namespace }, o));
      const y = isFailure(again) ? undefined : (again.spec?.replicas ?? 0);
      return y !== undefined && y !== s.current ? changed(y) : written;
    }
    details.push(`PUT ${apiPath(s.kind, s.namespace, s.name, '/scale')}: replicas ${s.current} → ${s.desired}`);
    env.log(`scaled ${what} in ${place}: ${s.current} → ${s.desired} replicas`);
    return waitForReady(conn, calls, s, what, place, env, progress, opts, seenEvents, details, a);
  }
  return { ok: true, message: `${what} in ${place} already has ${s.current} replicas: nothing changed.`, details };
}

async function runHpa(
  conn: Connection,
  a: Apis,
  s: KubernetesPlanState,
  what: string,
): Promise<ActionResult<ScaleSuccess>> {
  const h = s.hpa!;
  const op: Operation = {
    verb: 'get',
    resource: 'horizontalpodautoscalers',
    group: 'autoscaling',
    namespace: s.namespace,
    target: `horizontalpodautoscaler/${h.name}`,
  };
  const api = h.apiVersion === 'autoscaling/v1' ? a.autoscalingV1 : a.autoscalingV2;
  type Hpa = { metadata?: { resourceVersion?: string }; spec?: { minReplicas?: number; maxReplicas?: number } };
  const now = await call(
    conn,
    op,
    (o) => api.readNamespacedHorizontalPodAutoscaler({ name: h.name, namespace: s.namespace }, o) as Promise<Hpa>,
  );
  if (isFailure(now)) return now;
  if ((now.spec?.minReplicas ?? 1) !== (h.from.minReplicas ?? 1) || now.spec?.maxReplicas !== h.from.maxReplicas)
    return failure(
      'conflict',
      prose`
        horizontalpodautoscaler/${h.name} changed from min ${h.from.minReplicas ?? 1}, max
        ${h.from.maxReplicas} to min ${now.spec?.minReplicas ?? 1}, max ${now.spec?.maxReplicas} since it
        was shown; nothing overwritten
      `,
    );
  const spec = {
    ...(h.minReplicas !== undefined ? { minReplicas: h.minReplicas } : {}),
    ...(h.maxReplicas !== undefined ? { maxReplicas: h.maxReplicas } : {}),
  };
  // A merge patch with the version read: a change in between is a 409.
  const body = { metadata: { resourceVersion: now.metadata?.resourceVersion }, spec };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), conn.timeoutMs);
  try {
    await api.patchNamespacedHorizontalPodAutoscaler(
      { name: h.name, namespace: s.namespace, body } as never,
      requestOptions(controller.signal, { 'Content-Type': 'application/merge-patch+json' }),
    );
  } catch (err) {
    return apiFailure(err, conn, { ...op, verb: 'patch' }, controller.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
  return {
    ok: true,
    message: prose`
      horizontalpodautoscaler/${h.name} (targets ${what}) in ${conn.context}/${s.namespace}: min
      ${h.minReplicas ?? h.from.minReplicas ?? 1}, max ${h.maxReplicas ?? h.from.maxReplicas}.
    `,
    details: [
      `PATCH /apis/${h.apiVersion}/namespaces/${s.namespace}/horizontalpodautoscalers/${h.name}: ${JSON.stringify({ spec })}`,
    ],
  };
}

type Calls = ReturnType<typeof kindCalls>;

interface CoreEvent {
  metadata?: { uid?: string; name?: string };
  count?: number;
  type?: string;
  reason?: string;
  message?: string;
}

function eventKey(e: CoreEvent): string {
  return `${e.metadata?.uid ?? e.metadata?.name}/${e.count ?? 1}`;
}

/** The workload's events (core v1, by involvedObject), or none when they cannot be read: they only inform. */
async function listEvents(conn: Connection, a: Apis, s: KubernetesPlanState): Promise<CoreEvent[]> {
  const r = await call(
    conn,
    { verb: 'list', resource: 'events', group: '', namespace: s.namespace },
    (o) =>
      a.core.listNamespacedEvent(
        { namespace: s.namespace, fieldSelector: `involvedObject.kind=${s.kind},involvedObject.name=${s.name}` },
        o,
      ) as Promise<{ items: CoreEvent[] }>,
  );
  return isFailure(r) ? [] : r.items;
}

async function eventKeys(conn: Connection, a: Apis, s: KubernetesPlanState): Promise<Set<string>> {
  return new Set((await listEvents(conn, a, s)).map(eventKey));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Polls the workload until its ready replicas reach the target; cancelling stops the wait, not the scale. */
async function waitForReady(
  conn: Connection,
  calls: Calls,
  s: KubernetesPlanState,
  what: string,
  place: string,
  env: ActionEnv,
  progress: ActionProgress,
  opts: KubernetesOptions,
  seenEvents: Set<string>,
  details: string[],
  a: Apis,
): Promise<ActionResult<ScaleSuccess>> {
  const started = Date.now();
  const deadline = started + s.timeoutSeconds * 1000;
  const k = KINDS[s.kind];
  const op: Operation = { verb: 'get', resource: k.resource, group: k.group, namespace: s.namespace, target: what };
  let ready = 0;
  let total = 0;
  const logEvents = async () => {
    for (const e of await listEvents(conn, a, s)) {
      const key = eventKey(e);
      if (seenEvents.has(key)) continue;
      seenEvents.add(key);
      const line = `event ${what}: ${e.type ?? 'Normal'} ${e.reason ?? ''}: ${e.message ?? ''}`;
      env.log(line);
      details.push(line);
    }
  };
  for (;;) {
    const w = await call(conn, op, (o) => calls.read({ name: s.name, namespace: s.namespace }, o));
    if (isFailure(w)) {
      return failure(
        w.reason,
        `${what} in ${place} was scaled ${s.current} → ${s.desired}, but its progress cannot be read: ${w.message}`,
      );
    }
    ready = w.status?.readyReplicas ?? 0;
    total = w.status?.replicas ?? 0;
    await logEvents();
    const line = `${what}: ${ready} of ${s.desired} ready`;
    progress.report(line, s.desired > 0 ? Math.min(100, Math.round((100 * ready) / s.desired)) : 100);
    details.push(line);
    // Done when as many are ready as wanted and no more exist (a scale down has removed the extra pods).
    if (ready === s.desired && total === s.desired) {
      return {
        ok: true,
        message: `${what} in ${place}: ${s.current} → ${s.desired} replicas, ${ready} ready.`,
        details,
      };
    }
    if (progress.signal.aborted) {
      return {
        ok: true,
        message: `${what} in ${place}: ${s.current} → ${s.desired} replicas; stopped waiting at ${ready} ready (the cluster carries on).`,
        details,
      };
    }
    if (Date.now() >= deadline) {
      return failure(
        'timeout',
        prose`
          ${what} in ${place} was scaled ${s.current} → ${s.desired}, but only ${ready} of ${s.desired} were
          ready after ${s.timeoutSeconds} s; the new count stays: see kubectl describe ${what} -n
          ${s.namespace} --context ${conn.context}
        `,
        details,
      );
    }
    await sleep(Math.min(opts.pollMs ?? 1000, Math.max(0, deadline - Date.now())), progress.signal);
  }
}

export interface KubeContextInfo {
  name: string;
  cluster: string;
  user: string;
  /** The context's namespace, or `default`. */
  namespace: string;
}

export interface KubeContexts {
  /** The kubeconfig files read, in order (KUBECONFIG, else ~/.kube/config). */
  files: string[];
  /** The current context with its cluster's address; undefined when none is set. */
  current: (KubeContextInfo & { server: string }) | undefined;
  contexts: KubeContextInfo[];
}

/** The contexts of the kubeconfig as kubectl sees them, for a picker or the status bar. Reads no cluster. */
async function kubeContextsUnguarded(
  env: ActionEnv,
  opts: KubernetesOptions = {},
): Promise<ActionResult<KubeContexts>> {
  const conn = await connect(env, undefined, opts);
  if (isFailure(conn) && conn.reason !== 'no-context') return conn;
  // connect() stops at a missing current context; the list of contexts is still worth showing.
  const found = kubeconfigFiles(env.env, env.env.HOME ?? os.homedir());
  if ('missing' in found) return failure('no-kubeconfig', found.missing);
  let kc: KubeConfig;
  if (isFailure(conn)) {
    try {
      kc = loadKubeconfigs(await (opts.loadClient ?? loadBundledClient)(), found.files);
    } catch (err) {
      return failure('no-kubeconfig', `cannot read the kubeconfig: ${firstLine(err)}`);
    }
  } else kc = conn.kc;
  const contexts = kc.contexts.map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    namespace: c.namespace || 'default',
  }));
  const current = isFailure(conn) ? undefined : contexts.find((c) => c.name === conn.context);
  return {
    ok: true,
    files: found.files,
    current: current && !isFailure(conn) ? { ...current, server: conn.server } : undefined,
    contexts,
  };
}

export interface KubernetesWorkloadList {
  context: string;
  /** Undefined when listed in all namespaces. */
  namespace: string | undefined;
  workloads: KubernetesWorkload[];
  /** Kinds that could not be listed (403 on one kind), one line each. */
  warnings: string[];
}

export interface KubernetesWorkload {
  kind: KubernetesKind;
  name: string;
  namespace: string;
  replicas: number;
  readyReplicas: number;
}

/**
 * The scalable workloads of a context: in `namespace` (default: the context's), or in every
 * namespace with `allNamespaces`. A kind the user may not list is left out and said in `warnings`.
 */
async function listKubernetesWorkloadsUnguarded(
  env: ActionEnv,
  query: { context?: string; namespace?: string; allNamespaces?: boolean } = {},
  opts: KubernetesOptions = {},
): Promise<ActionResult<KubernetesWorkloadList>> {
  if (!env.trusted) return untrusted();
  if (query.namespace !== undefined) {
    const bad = validateNamespace(query.namespace);
    if (bad) return failure('invalid', bad);
  }
  const conn = await connect(env, query.context, opts);
  if (isFailure(conn)) return conn;
  const namespace = query.allNamespaces ? undefined : (query.namespace ?? conn.namespace);
  const a = apis(conn);
  const kinds = Object.keys(KINDS) as KubernetesKind[];
  const lists = await Promise.all(
    kinds.map((kind) =>
      call(
        conn,
        { verb: 'list', resource: KINDS[kind].resource, group: KINDS[kind].group, ...(namespace ? { namespace } : {}) },
        (o) => kindCalls(a, kind).list(namespace, o),
      ),
    ),
  );
  const workloads: KubernetesWorkload[] = [];
  const warnings: string[] = [];
  const failures: ActionFailure[] = [];
  lists.forEach((l, i) => {
    const kind = kinds[i]!;
    if (isFailure(l)) {
      failures.push(l);
      warnings.push(l.message);
      return;
    }
    for (const w of l.items)
      workloads.push({
        kind,
        name: w.metadata?.name ?? '',
        namespace: w.metadata?.namespace ?? namespace ?? '',
        replicas: w.spec?.replicas ?? 0,
        readyReplicas: w.status?.readyReplicas ?? 0,
      });
  });
  // Nothing listed at all: the first failure is the answer (unreachable, 401, 403 on every kind).
  if (failures.length === kinds.length) return failures[0]!;
  workloads.sort(
    (x, y) => x.namespace.localeCompare(y.namespace) || x.kind.localeCompare(y.kind) || x.name.localeCompare(y.name),
  );
  return { ok: true, context: conn.context, namespace, workloads, warnings };
}

/** The namespaces of a context, for the namespace picker. */
async function listKubernetesNamespacesUnguarded(
  env: ActionEnv,
  query: { context?: string } = {},
  opts: KubernetesOptions = {},
): Promise<ActionResult<{ context: string; namespaces: string[] }>> {
  const conn = await connect(env, query.context, opts);
  if (isFailure(conn)) return conn;
  const core = apis(conn).core;
  const r = await call(
    conn,
    { verb: 'list', resource: 'namespaces', group: '' },
    (o) => core.listNamespace({}, o) as Promise<{ items: { metadata?: { name?: string } }[] }>,
  );
  if (isFailure(r)) return r;
  return {
    ok: true,
    context: conn.context,
    namespaces: r.items
      .map((n) => n.metadata?.name ?? '')
      .filter(Boolean)
      .sort(),
  };
}

interface PodLike {
  spec?: {
    nodeName?: string;
    containers?: { resources?: { requests?: Record<string, string> } }[];
    initContainers?: { restartPolicy?: string; resources?: { requests?: Record<string, string> } }[];
    overhead?: Record<string, string>;
  };
  status?: { phase?: string };
}

function cpuMillis(q: string | undefined): number {
  if (q === undefined) return 0;
  const v = parseK8sQuantity(q);
  // Quantity.MilliValue rounds up.
  return v.ok ? Math.ceil(v.value * 1000 - 1e-9) : 0;
}

function memoryBytes(q: string | undefined): number {
  if (q === undefined) return 0;
  const v = parseK8sQuantity(q);
  return v.ok ? Math.ceil(v.value - 1e-9) : 0;
}

/**
 * What a pod requests as the scheduler counts it (kubernetes resourcehelper.PodRequests): the
 * sum of its containers and restartable (sidecar) init containers, or the largest ordinary init
 * container with the sidecars started before it, whichever is more; plus the pod overhead.
 */
export function podRequests(pod: PodLike): { cpuMillis: number; memoryBytes: number } {
  const of = (r: Record<string, string> | undefined) => ({ cpu: cpuMillis(r?.cpu), mem: memoryBytes(r?.memory) });
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = of(c.resources?.requests);
    cpu += r.cpu;
    mem += r.mem;
  }
  let sidecarCpu = 0;
  let sidecarMem = 0;
  let initCpu = 0;
  let initMem = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const r = of(c.resources?.requests);
    if (c.restartPolicy === 'Always') {
      sidecarCpu += r.cpu;
      sidecarMem += r.mem;
    } else {
      initCpu = Math.max(initCpu, sidecarCpu + r.cpu);
      initMem = Math.max(initMem, sidecarMem + r.mem);
    }
  }
  const overhead = of(pod.spec?.overhead);
  return {
    cpuMillis: Math.max(cpu + sidecarCpu, initCpu) + overhead.cpu,
    memoryBytes: Math.max(mem + sidecarMem, initMem) + overhead.mem,
  };
}

/**
 * Per schedulable node: its allocatable CPU, memory and pods, and what the pods bound to it that
 * have not terminated already request (as `kubectl describe node` sums them). Read-only:
 * `GET /api/v1/nodes` and `GET /api/v1/pods?fieldSelector=status.phase!=Succeeded,status.phase!=Failed`.
 */
async function readClusterCapacityUnguarded(
  env: ActionEnv,
  query: { context?: string } = {},
  opts: KubernetesOptions = {},
): Promise<ActionResult<{ capacity: ClusterCapacity }>> {
  const conn = await connect(env, query.context, opts);
  if (isFailure(conn)) return conn;
  const core = apis(conn).core;
  type NodeList = {
    items: {
      metadata?: { name?: string };
      spec?: { unschedulable?: boolean };
      status?: { allocatable?: Record<string, string> };
    }[];
    metadata?: { _continue?: string };
  };
  const nodes: NodeList['items'] = [];
  let token: string | undefined;
  do {
    const page = await call(
      conn,
      { verb: 'list', resource: 'nodes', group: '' },
      (o) => core.listNode({ limit: 500, ...(token ? { _continue: token } : {}) }, o) as Promise<NodeList>,
    );
    if (isFailure(page)) return page;
    for (const item of page.items) nodes.push(item);
    token = page.metadata?._continue || undefined;
  } while (token);
  const pods = await call(
    conn,
    { verb: 'list', resource: 'pods', group: '' },
    (o) =>
      core.listPodForAllNamespaces({ fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' }, o) as Promise<{
        items: PodLike[];
      }>,
  );
  if (isFailure(pods)) return pods;
  const requested = new Map<string, NodeResources>();
  for (const pod of pods.items) {
    const node = pod.spec?.nodeName;
    // Pending pods not yet bound take nothing from a node; terminated ones were left out by the selector.
    if (!node || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const r = podRequests(pod);
    const sum = requested.get(node) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 };
    requested.set(node, {
      cpuMillis: sum.cpuMillis + r.cpuMillis,
      memoryBytes: sum.memoryBytes + r.memoryBytes,
      pods: sum.pods + 1,
    });
  }
  const cordoned = nodes.filter((n) => n.spec?.unschedulable).length;
  const out: NodeCapacity[] = nodes
    .filter((n) => !n.spec?.unschedulable)
    .map((n) => {
      const name = n.metadata?.name ?? '';
      const al = n.status?.allocatable ?? {};
      return {
        name,
        allocatable: {
          cpuMillis: cpuMillis(al.cpu),
          memoryBytes: memoryBytes(al.memory),
          pods: Math.floor(Number(al.pods ?? 0)) || 0,
        },
        requested: requested.get(name) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 },
      };
    });
  const count = `${out.length} node${out.length === 1 ? '' : 's'}`;
  return {
    ok: true,
    capacity: {
      source: `context ${conn.context} (${count}, allocatable minus running pods' requests${cordoned ? `; ${cordoned} cordoned left out` : ''})`,
      nodes: out,
    },
  };
}

/** The contexts of the kubeconfig as kubectl sees them (KUBECONFIG with several files), for a picker or the status bar. Reads no cluster. */
export function kubeContexts(env: ActionEnv, opts: KubernetesOptions = {}): Promise<ActionResult<KubeContexts>> {
  return asValue(() => kubeContextsUnguarded(env, opts));
}

/** The scalable workloads of a context, in a namespace (default: the context's) or in all of them. */
export function listKubernetesWorkloads(
  env: ActionEnv,
  query: { context?: string; namespace?: string; allNamespaces?: boolean } = {},
  opts: KubernetesOptions = {},
): Promise<ActionResult<KubernetesWorkloadList>> {
  return asValue(() => listKubernetesWorkloadsUnguarded(env, query, opts));
}

/** The namespaces of a context, for the namespace picker. */
export function listKubernetesNamespaces(
  env: ActionEnv,
  query: { context?: string } = {},
  opts: KubernetesOptions = {},
): Promise<ActionResult<{ context: string; namespaces: string[] }>> {
  return asValue(() => listKubernetesNamespacesUnguarded(env, query, opts));
}

/** Per schedulable node of a context: allocatable, and what its running pods request (actions/capacity.ts). */
export function readClusterCapacity(
  env: ActionEnv,
  query: { context?: string } = {},
  opts: KubernetesOptions = {},
): Promise<ActionResult<{ capacity: ClusterCapacity }>> {
  return asValue(() => readClusterCapacityUnguarded(env, query, opts));
}
