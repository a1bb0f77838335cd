/**
 * The one place Scalewise talks to a cluster: a READ-ONLY count of the nodes of the active
 * kubeconfig context (`GET /api/v1/nodes`, paged with `limit`/`continue`), for the Run:ai sizing
 * rules. Used only when the user turns it on (`scalewise.cluster.countNodes`, `--count-nodes`).
 * Every failure is a result to report, never a throw: no kubeconfig, no context, 401, 403, no
 * connection, timeout.
 *
 * @kubernetes/client-node stays on 1.4 (2.x needs Node 22: undici 8 binds zlib.createZstdDecompress).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// Types only: erased from the bundle, so @kubernetes/client-node still loads only on demand.
import type * as KubeClientModule from './kube-client';
import { prose } from '../engine/template-text';

export type NodeCountFailureReason =
  'no-kubeconfig' | 'no-context' | 'unauthorized' | 'forbidden' | 'unreachable' | 'timeout' | 'error';

export interface NodeCountSuccess {
  ok: true;
  nodes: number;
  context: string;
  server: string;
  /** How many list requests it took. */
  pages: number;
}

export interface NodeCountFailure {
  ok: false;
  reason: NodeCountFailureReason;
  /** One line for the output channel or stderr. */
  message: string;
  context?: string;
  server?: string;
}

export type NodeCountResult = NodeCountSuccess | NodeCountFailure;

export interface NodeCountOptions {
  /** Environment to read KUBECONFIG from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Home folder for `~/.kube/config`. */
  home?: string;
  /** The whole count, all pages, must finish within this. Default 5 s. */
  timeoutMs?: number;
  /** Nodes per list request (`limit`). Default 500, as kubectl's chunk size. */
  pageSize?: number;
  /** Loads @kubernetes/client-node; by default the separate bundle beside this one (tests import the source). */
  loadClient?: () => Promise<KubeClient>;
}

export type KubeClient = typeof KubeClientModule;

/**
 * server/out/kube-client.js, built apart (esbuild.mjs) so that the language server and the CLI do
 * not parse 4 MB of generated API code at every start. A computed path keeps esbuild from inlining it.
 */
async function loadBundledClient(): Promise<KubeClient> {
  const file = path.join(__dirname, 'kube-client.js');
  return require(file) as KubeClient;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const MAX_PAGES = 10_000;

/** The kubeconfig files kubectl would read, existing ones only, or why there are none. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv, home: string): { files: string[] } | { missing: string } {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).filter(Boolean) ?? [];
  if (fromEnv.length > 0) {
    // kubectl skips listed files that do not exist; so do we.
    const files = fromEnv.filter((f) => fs.existsSync(f));
    return files.length > 0
      ? { files }
      : { missing: `KUBECONFIG names ${fromEnv.join(path.delimiter)}, which does not exist` };
  }
  const def = path.join(home, '.kube', 'config');
  return fs.existsSync(def)
    ? { files: [def] }
    : { missing: `no kubeconfig: KUBECONFIG is not set and ${def} does not exist` };
}

type KubeConfig = InstanceType<KubeClient['KubeConfig']>;
type ExecConfig = { command?: unknown } | null | undefined;

/**
 * The kubeconfig files merged as kubectl merges them (client-go tools/clientcmd/loader.go,
 * `ClientConfigLoadingRules.Load`): the first file to name a cluster, user or context wins, and
 * so does the first current-context; and each user's relative paths are resolved against the
 * folder of the file that defined it (`ResolveLocalPaths`). client-node resolves the
 * certificate and key files so (`makePathsAbsolute`) but spawns an exec credential plugin's
 * command as it is, from the current directory: the repository for the CLI, the workspace folder
 * for the language server, where a checked-out `bin/auth-helper` would run instead of the one
 * beside the kubeconfig. kubectl resolves the command only when it contains a path separator
 * (`GetAuthInfoFileReferences`: "Only resolve exec command if it isn't PATH based"); a bare name
 * such as `aws` is looked up in PATH.
 */
export function loadKubeconfigs(k8s: KubeClient, files: readonly string[]): KubeConfig {
  const merged: {
    clusters: KubeConfig['clusters'][number][];
    users: KubeConfig['users'][number][];
    contexts: KubeConfig['contexts'][number][];
    currentContext: string;
  } = {
    clusters: [],
    users: [],
    contexts: [],
    currentContext: '',
  };
  for (const file of files) {
    const one = new k8s.KubeConfig();
    one.loadFromFile(file);
    const base = path.dirname(path.resolve(file));
    for (const user of one.users) {
      resolveExecCommand(user.exec as ExecConfig, base);
      // client-node also runs the exec of an `auth-provider` config, which kubectl does not know; the same rule.
      resolveExecCommand((user.authProvider as { config?: { exec?: ExecConfig } } | undefined)?.config?.exec, base);
    }
    const firstWins = <T extends { name: string }>(into: T[], from: readonly T[]) => {
      for (const x of from) if (!into.some((y) => y.name === x.name)) into.push(x);
    };
    firstWins(merged.clusters, one.clusters);
    firstWins(merged.users, one.users);
    firstWins(merged.contexts, one.contexts);
    if (!merged.currentContext && one.currentContext) merged.currentContext = one.currentContext;
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(merged);
  return kc;
}

function resolveExecCommand(exec: ExecConfig, base: string): void {
  if (!exec || typeof exec.command !== 'string' || exec.command === '') return;
  if (exec.command.includes(path.sep) && !path.isAbsolute(exec.command)) exec.command = path.join(base, exec.command);
}

function fail(reason: NodeCountFailureReason, message: string, context?: string, server?: string): NodeCountFailure {
  return { ok: false, reason, message, ...(context ? { context } : {}), ...(server ? { server } : {}) };
}

/** The Kubernetes `Status` message of an error response, when it has one (the scale actions read it too). */
export function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.trim() || undefined;
    }
  }
  const m = (body as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : undefined;
}

export async function countNodes(opts: NodeCountOptions = {}): Promise<NodeCountResult> {
  const env = opts.env ?? process.env;
  const home = opts.home ?? os.homedir();
  const timeoutMs = opts.timeoutMs ?? 5000;
  const pageSize = opts.pageSize ?? 500;

  // Loaded here, not at the top: only a user who turned counting on pays for the client.
  let k8s: KubeClient;
  try {
    k8s = await (opts.loadClient ?? loadBundledClient)();
  } catch (err) {
    return fail('error', `cannot load the Kubernetes client: ${(err as Error).message.split('\n')[0]}`);
  }
  let kc = new k8s.KubeConfig();
  const found = kubeconfigFiles(env, home);
  try {
    if ('files' in found) {
      kc = loadKubeconfigs(k8s, found.files);
    } else if (env.KUBERNETES_SERVICE_HOST && fs.existsSync(SERVICE_ACCOUNT_TOKEN)) {
      kc.loadFromCluster();
    } else {
      return fail('no-kubeconfig', found.missing);
    }
  } catch (err) {
    return fail('no-kubeconfig', `cannot read the kubeconfig: ${(err as Error).message.split('\n')[0]}`);
  }

  const context = kc.getCurrentContext();
  if (!context) return fail('no-context', 'the kubeconfig has no current-context (kubectl config use-context NAME)');
  const cluster = kc.getCurrentCluster();
  if (!kc.getContextObject(context) || !cluster)
    return fail('no-context', `current-context "${context}" names no context or cluster in the kubeconfig`, context);
  const server = cluster.server;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  // The generated client has no timeout of its own; the abort signal reaches node-fetch. The
  // object API takes observable-style middleware (its rxjs stub only calls toPromise), as
  // setHeaderOptions builds it.
  const settled = <T>(value: T) => ({ toPromise: () => Promise.resolve(value) });
  const withSignal = {
    middleware: [
      {
        pre: (ctx: { setSignal(s: AbortSignal): void }) => {
          ctx.setSignal(controller.signal);
          return settled(ctx);
        },
        post: <T>(res: T) => settled(res),
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  };
  let nodes = 0;
  let pages = 0;
  try {
    const api = kc.makeApiClient(k8s.CoreV1Api);
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      // Read-only: a plain list of nodes, one page at a time.
      const list = await api.listNode({ limit: pageSize, ...(token ? { _continue: token } : {}) }, withSignal as never);
      pages++;
      nodes += list.items?.length ?? 0;
      token = list.metadata?._continue || undefined;
      if (token && seen.has(token)) throw new Error(`the API server returned the same continue token twice (${token})`);
      if (token) seen.add(token);
    } while (token && pages < MAX_PAGES);
    return { ok: true, nodes, context, server, pages };
  } catch (err) {
    const e = err as Error & { code?: unknown; body?: unknown; type?: string; name?: string };
    if (controller.signal.aborted || e.name === 'AbortError' || e.type === 'aborted') {
      return fail(
        'timeout',
        prose`
        no answer from ${server} within ${timeoutMs / 1000} s (context
        ${context}${pages > 0 ? `, ${nodes} nodes in ${pages} pages so far` : ''})
      `,
        context,
        server,
      );
    }
    if (typeof e.code === 'number') {
      const detail = statusMessage(e.body);
      if (e.code === 401)
        return fail(
          'unauthorized',
          prose`
        the API server at ${server} did not accept the credentials of context ${context} (401
        Unauthorized${detail ? `: ${detail}` : ''})
      `,
          context,
          server,
        );
      if (e.code === 403)
        return fail(
          'forbidden',
          prose`
        no permission to list nodes in context ${context} (403 Forbidden${detail ? `: ${detail}` : ''});
        counting needs "list" on "nodes" at the cluster scope
      `,
          context,
          server,
        );
      return fail(
        'error',
        `listing nodes in context ${context} failed with HTTP ${e.code}${detail ? `: ${detail}` : ''}`,
        context,
        server,
      );
    }
    const code = typeof e.code === 'string' ? e.code : (e as { errno?: string }).errno;
    const first = e.message.split('\n')[0];
    if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)$/.test(code)) {
      return fail(
        'unreachable',
        `cannot reach the API server of context ${context} at ${server} (${code})`,
        context,
        server,
      );
    }
    return fail('error', `listing nodes in context ${context} at ${server} failed: ${first}`, context, server);
  } finally {
    clearTimeout(timer);
  }
}

/** One line for logs and stderr. */
export function describeCount(r: NodeCountResult): string {
  return r.ok
    ? `${r.nodes} node${r.nodes === 1 ? '' : 's'} counted in context ${r.context} (${r.server})`
    : `nodes not counted: ${r.message}`;
}

/**
 * The count as a config layer (engine/config.ts `assembleConfig`): `.scalewise.yaml`'s
 * `cluster.nodes` wins over it (it is the size the files are meant for, shared by the team); the
 * count fills it in when absent. Nothing when the count failed.
 */
export function countedNodes(r: NodeCountResult | undefined): { nodes: number; source: string } | undefined {
  return r?.ok ? { nodes: r.nodes, source: `counted in context ${r.context}` } : undefined;
}

/**
 * Counts once and keeps the answer: the server counts at start and again only on "Refresh Cluster
 * Size"; concurrent callers share one request.
 */
export class NodeCounter {
  private current: Promise<NodeCountResult> | undefined;

  constructor(
    private readonly opts: NodeCountOptions = {},
    private readonly count: typeof countNodes = countNodes,
  ) {}

  get(): Promise<NodeCountResult> {
    this.current ??= this.count(this.opts).catch((err: unknown) => fail('error', `counting failed: ${String(err)}`));
    return this.current;
  }

  refresh(): Promise<NodeCountResult> {
    this.current = undefined;
    return this.get();
  }

  /** The last answer if it has arrived, without waiting. */
  peek(): Promise<NodeCountResult> | undefined {
    return this.current;
  }
}
