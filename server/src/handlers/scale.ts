/**
 * Scale actions over LSP, for every editor: `workspace/executeCommand` (protocol.ts
 * ServerCommands), the plan for a client that confirms itself (PlanScaleRequest), the pickers'
 * lists (ScaleChoicesRequest), the status bar's contexts, and the scale code lenses. The
 * executors are the registry's (actions/index.ts); this file only asks, confirms, reports.
 *
 * Nothing runs without a confirmation: `scale` asks with `window/showMessageRequest` itself;
 * `runScale` runs only a plan this server made (`planScale`), once, for a client that said it
 * confirms plans itself. An untrusted workspace is refused before anything is read.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import {
  MessageType,
  type CodeLens,
  type Connection,
  type ExecuteCommandParams,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { processActionEnv, type ScaleRegistry } from '../actions';
import {
  describePlan,
  failure,
  type ActionFailure,
  type ActionResult,
  type ScaleSuccess,
  type ActionEnv,
  type ScalePlan,
  type ScaleSystem,
} from '../actions/types';
import { composeServices, workloads, writtenReplicas } from '../engine';
import type { LintResult } from '../engine/types';
import { nodeRange } from '../engine/yaml-ast';
import { fileUriToPath } from '../engine/uri';
import {
  Commands,
  ServerCommands,
  type ActiveContexts,
  type PlanScaleParams,
  type PlanScaleResult,
  type RunScaleArgs,
  type ScaleChoice,
  type ScaleChoicesParams,
  type ScaleChoicesResult,
  type ScaleCommandArgs,
  type ScaleCommandResult,
  type UseDockerContextParams,
  type UseKubeContextParams,
} from '../protocol';

const SYSTEMS: readonly ScaleSystem[] = ['kubernetes', 'compose', 'swarm', 'drakrun'];
/** A plan shown to the user goes stale: counts change. After this the client plans again. */
const PLAN_TTL_MS = 10 * 60_000;
/** Workloads per context for the "Scale in CONTEXT…" lens: short, so a deleted workload loses its lens soon. */
const WORKLOAD_TTL_MS = 30_000;

export const UNTRUSTED_MESSAGE =
  'Scalewise: scale actions are off in an untrusted workspace (nothing was read or run). ' +
  'Trust the workspace to scale from it.';

export interface ScaleHost {
  connection: Connection;
  registry: ScaleRegistry;
  trusted(): boolean;
  /** InitializationOptions.confirmsScale: the client shows its own dialog and runs with `runScale`. */
  clientConfirms(): boolean;
  /** Where programs run: the first workspace folder. */
  cwd(): string;
  log(line: string): void;
  /** Asks the client to ask for lenses again (when it supports `workspace/codeLens/refresh`). */
  refreshLenses(): void;
  env?: NodeJS.ProcessEnv;
}

interface StoredPlan {
  plan: ScalePlan;
  expires: number;
}

interface WorkloadCache {
  at: number;
  names?: Set<string>;
  pending?: Promise<void>;
}

/** The first argument of `scale`, checked: the executor checks its own `args`. */
function scaleArgs(value: unknown): ScaleCommandArgs | ActionFailure {
  const v = value as Partial<ScaleCommandArgs> | null | undefined;
  if (!v || typeof v !== 'object') return failure('invalid', 'scalewise.scale takes one argument: { system, args }.');
  if (typeof v.system !== 'string' || !SYSTEMS.includes(v.system))
    return failure('invalid', `Unknown system ${JSON.stringify(v.system)}: one of ${SYSTEMS.join(', ')}.`);
  if (!v.args || typeof v.args !== 'object' || Array.isArray(v.args))
    return failure('invalid', 'scalewise.scale: `args` must be an object of the executor’s arguments.');
  if (v.confirm !== undefined && typeof v.confirm !== 'string')
    return failure('invalid', 'scalewise.scale: `confirm` must be a string.');
  return { system: v.system, args: v.args, ...(v.confirm !== undefined ? { confirm: v.confirm } : {}) };
}

export class ScaleHandler {
  private readonly plans = new Map<string, StoredPlan>();
  private kube: UseKubeContextParams = {};
  private readonly workloadCache = new Map<string, WorkloadCache>();

  constructor(private readonly host: ScaleHost) {}

  /** The commands this handler runs (server.ts declares every `ServerCommands` id). */
  static readonly commands: readonly string[] = [ServerCommands.scale, ServerCommands.runScale];

  private env(): ActionEnv {
    return processActionEnv({
      trusted: this.host.trusted(),
      cwd: this.host.cwd(),
      ...(this.host.env ? { env: this.host.env } : {}),
      log: (line) => this.host.log(line),
    });
  }

  async executeCommand(params: ExecuteCommandParams): Promise<ScaleCommandResult | null> {
    if (params.command === ServerCommands.scale) return this.scale(params.arguments?.[0]);
    if (params.command === ServerCommands.runScale) return this.runScale(params.arguments?.[0]);
    return null;
  }

  /** The executor's args, with Scalewise's chosen Kubernetes context where the caller named none. */
  private withDefaults(a: PlanScaleParams): PlanScaleParams {
    if (a.system !== 'kubernetes' || !this.kube.context || a.args.context !== undefined) return a;
    return {
      ...a,
      args: {
        ...a.args,
        context: this.kube.context,
        ...(this.kube.namespace ? { namespace: this.kube.namespace } : {}),
      },
    };
  }

  private async plan(a: PlanScaleParams): Promise<{ ok: true; plan: ScalePlan } | ActionFailure> {
    if (!this.host.trusted()) return failure('untrusted', UNTRUSTED_MESSAGE);
    const action = this.host.registry.action(a.system);
    if (!action)
      return failure('missing-tool', `Scalewise has no ${a.system} executor in this build; nothing was run.`);
    const r = await action.plan(this.withDefaults(a).args, this.env());
    if (!r.ok) return r;
    return r.plan.blocked ? r.plan.blocked : { ok: true, plan: r.plan };
  }

  /** `scalewise.scale`: plan, confirm with showMessageRequest, run with progress, say the outcome. */
  private async scale(arg: unknown): Promise<ScaleCommandResult> {
    const a = scaleArgs(arg);
    if ('ok' in a) return this.outcome(a);
    const planned = await this.plan(a);
    if (!planned.ok) return this.outcome(planned);
    const { plan } = planned;
    const text = describePlan(plan);
    this.host.log(`scale plan:\n${text}`);
    if (plan.typeToConfirm !== undefined && a.confirm !== plan.typeToConfirm) {
      // A message request has buttons, no text field: the name must come with the command.
      const wrong = a.confirm === undefined ? '' : ` (it was ${JSON.stringify(a.confirm)})`;
      return this.outcome(
        failure(
          'cancelled',
          `Scalewise: this context is protected. Run scalewise.scale again with confirm: ` +
            `${JSON.stringify(plan.typeToConfirm)} in its arguments${wrong}; nothing was changed.\n${text}`,
        ),
      );
    }
    const yes = `Scale to ${plan.desired}`;
    const choice = await this.host.connection.window.showWarningMessage(text, { title: yes }, { title: 'Cancel' });
    if (choice?.title !== yes)
      return this.outcome(failure('cancelled', `Scalewise: scale of ${plan.target} cancelled; nothing was changed.`));
    return this.run(plan);
  }

  /** `PlanScaleRequest`: a plan for the client's own dialog, kept here to be run once. */
  async planScale(p: PlanScaleParams): Promise<PlanScaleResult> {
    const a = scaleArgs(p);
    if ('ok' in a) return a;
    const planned = await this.plan(a);
    if (!planned.ok) return planned;
    const now = Date.now();
    for (const [id, s] of this.plans) if (s.expires < now) this.plans.delete(id);
    const planId = randomUUID();
    this.plans.set(planId, { plan: planned.plan, expires: now + PLAN_TTL_MS });
    return { ok: true, planId, plan: planned.plan, text: describePlan(planned.plan) };
  }

  /** `scalewise.runScale`: the plan the client confirmed, by id. */
  private async runScale(arg: unknown): Promise<ScaleCommandResult> {
    if (!this.host.trusted()) return this.outcome(failure('untrusted', UNTRUSTED_MESSAGE));
    if (!this.host.clientConfirms())
      return this.outcome(
        failure(
          'refused',
          'scalewise.runScale is for a client that confirms plans itself (initializationOptions.confirmsScale); use scalewise.scale.',
        ),
      );
    const a = arg as Partial<RunScaleArgs> | undefined;
    const stored = typeof a?.planId === 'string' ? this.plans.get(a.planId) : undefined;
    if (!stored || stored.expires < Date.now())
      return this.outcome(failure('conflict', 'Scalewise: that scale plan is unknown or too old; plan it again.'));
    this.plans.delete(a!.planId!);
    const { plan } = stored;
    if (plan.typeToConfirm !== undefined && a?.confirm !== plan.typeToConfirm)
      return this.outcome(
        failure(
          'cancelled',
          `Scalewise: the name typed was not ${JSON.stringify(plan.typeToConfirm)}; nothing was changed.`,
        ),
      );
    return this.run(plan);
  }

  private async run(plan: ScalePlan): Promise<ScaleCommandResult> {
    const action = this.host.registry.action(plan.system);
    if (!action)
      return this.outcome(failure('missing-tool', `Scalewise has no ${plan.system} executor in this build.`));
    const reporter: WorkDoneProgressServerReporter = await this.host.connection.window.createWorkDoneProgress();
    const abort = new AbortController();
    const cancelled = reporter.token.onCancellationRequested(() => abort.abort());
    reporter.begin(`Scaling ${plan.target}`, 0, `${plan.current ?? 'not running'} → ${plan.desired}`, true);
    let r: ActionResult<ScaleSuccess>;
    try {
      r = await action.run(plan, this.env(), {
        signal: abort.signal,
        report: (message, percentage) => {
          this.host.log(`${plan.target}: ${message}`);
          if (percentage === undefined) reporter.report(message);
          else reporter.report(Math.max(0, Math.min(100, Math.round(percentage))), message);
        },
      });
    } catch (err) {
      // An executor returns failures; one that threw is a bug, said once, never a crash.
      this.host.log(`scale ${plan.target} failed: ${(err as Error).stack ?? String(err)}`);
      r = failure('error', `Scalewise: scaling ${plan.target} failed: ${(err as Error).message}`);
    } finally {
      cancelled.dispose();
      reporter.done();
    }
    // After the progress ended, so the outcome is the last thing the user sees.
    return this.outcome(r.ok ? { ok: true, message: r.message, details: r.details } : r);
  }

  /** Says the outcome (showMessage) and logs the details; answers the command with it. */
  private outcome(r: { ok: true; message: string; details?: string[] } | ActionFailure): ScaleCommandResult {
    for (const line of r.details ?? []) this.host.log(`  ${line}`);
    const type = r.ok ? MessageType.Info : r.reason === 'cancelled' ? MessageType.Info : MessageType.Error;
    this.host.log(r.message);
    void this.host.connection.sendNotification('window/showMessage', { type, message: r.message });
    return r.ok ? { ok: true, message: r.message } : r;
  }

  /** `ScaleChoicesRequest`: the registry's lists; Kubernetes ones default to Scalewise's context. */
  async choices(p: ScaleChoicesParams): Promise<ScaleChoicesResult> {
    if (!this.host.trusted()) return failure('untrusted', UNTRUSTED_MESSAGE);
    const env = this.env();
    const reg = this.host.registry;
    const none = (what: string) => failure('missing-tool', `Scalewise has no list of ${what} in this build.`);
    const context = p.context ?? this.kube.context;
    const namespace = p.namespace ?? (p.context === undefined ? this.kube.namespace : undefined);
    switch (p.what) {
      case 'kubeContexts':
        return reg.list('kubeContexts')?.(env) ?? none('Kubernetes contexts');
      case 'kubeNamespaces':
        return reg.list('kubeNamespaces')?.(env, context) ?? none('namespaces');
      case 'kubeWorkloads':
        return reg.list('kubeWorkloads')?.(env, context, namespace) ?? none('workloads');
      case 'composeServices': {
        const file = p.file?.startsWith('file:') ? fileUriToPath(p.file) : p.file;
        if (!file) return failure('invalid', 'Name the Compose file to list its services.');
        return reg.list('composeServices')?.(env, path.resolve(this.host.cwd(), file)) ?? none('Compose services');
      }
      case 'swarmServices':
        return reg.list('swarmServices')?.(env) ?? none('Swarm services');
      case 'dockerContexts':
        return reg.list('dockerContexts')?.(env) ?? none('Docker contexts');
      default:
        return failure('invalid', `Unknown list ${JSON.stringify((p as { what?: unknown }).what)}.`);
    }
  }

  /** For the status bar. Untrusted: nothing is read (no kubeconfig, no docker). */
  async activeContexts(): Promise<ActiveContexts> {
    if (!this.host.trusted()) return { trusted: false };
    const env = this.env();
    const out: ActiveContexts = { trusted: true };
    const kube = this.host.registry.list('kubeContexts');
    const contexts = kube ? await kube(env) : failure('missing-tool', 'no Kubernetes context reader in this build');
    if (contexts.ok) {
      const fromFile = contexts.items.find((c) => c.current);
      const chosen = this.kube.context ? contexts.items.find((c) => c.value === this.kube.context) : undefined;
      const active = chosen ?? fromFile;
      if (active)
        out.kubernetes = {
          context: active.value,
          namespace: (chosen ? this.kube.namespace : undefined) ?? namespaceOf(active) ?? 'default',
          scalewiseOnly: chosen !== undefined && chosen !== fromFile,
          ...(fromFile ? { kubeconfigContext: fromFile.value } : {}),
        };
      else out.kubernetesMissing = 'the kubeconfig names no current-context';
    } else out.kubernetesMissing = contexts.message;
    const docker = this.host.registry.list('dockerContexts');
    const dctx = docker ? await docker(env) : failure('missing-tool', 'no Docker context reader in this build');
    if (dctx.ok) {
      const current = dctx.items.find((c) => c.current);
      if (current) out.docker = { context: current.value };
      else out.dockerMissing = 'docker names no current context';
    } else out.dockerMissing = dctx.message;
    return out;
  }

  /** Scalewise's own choice of context; the kubeconfig is left as it is (see protocol.ts). */
  async useKubeContext(p: UseKubeContextParams): Promise<ActiveContexts> {
    this.kube = p.context ? { context: p.context, ...(p.namespace ? { namespace: p.namespace } : {}) } : {};
    this.host.log(
      p.context
        ? `Kubernetes context for scale actions: ${p.context}${p.namespace ? `/${p.namespace}` : ''} (the kubeconfig is unchanged)`
        : 'Kubernetes context for scale actions: the kubeconfig’s current-context',
    );
    this.host.refreshLenses();
    return this.activeContexts();
  }

  /** `docker context use NAME`, as argv: Docker's own switch, which the user asked for by name. */
  async useDockerContext(p: UseDockerContextParams): Promise<ScaleCommandResult> {
    if (!this.host.trusted()) return failure('untrusted', UNTRUSTED_MESSAGE);
    if (typeof p?.context !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(p.context))
      return failure('invalid', `Not a Docker context name: ${JSON.stringify(p?.context)}.`);
    const r = await this.env().exec('docker', ['context', 'use', p.context], { timeoutMs: 10_000 });
    if (r.error?.code === 'ENOENT') return failure('missing-tool', 'docker is not installed (not found on PATH).');
    if (r.code !== 0) return failure('error', `docker context use ${p.context} failed: ${r.stderr.trim()}`);
    this.host.log(`docker context use ${p.context}`);
    return { ok: true, message: `Docker context: ${p.context}.` };
  }

  /**
   * "Scale service…" above each Compose service; "Scale in CONTEXT…" above a Deployment or
   * StatefulSet whose name the active context has (its workloads cached briefly; none are read in
   * an untrusted workspace). A client that confirms itself gets its own command (pickers and a
   * modal); another gets `scalewise.scale` to the count the file declares.
   */
  lenses(doc: TextDocument, result: LintResult): CodeLens[] {
    if (!this.host.trusted()) return [];
    const file = fileUriToPath(doc.uri);
    if (!file) return [];
    const at = (offset: number) => {
      const p = doc.positionAt(offset);
      return { start: p, end: p };
    };
    const out: CodeLens[] = [];
    const vscode = this.host.clientConfirms();
    if (result.kind === 'compose') {
      for (const s of composeServices(result.file)) {
        const n = writtenReplicas(s)?.count ?? 1;
        const args = { file, service: s.name, replicas: n };
        out.push({
          range: at(nodeRange(s.pair).start),
          command: vscode
            ? { title: 'Scale service…', command: Commands.scaleCompose, arguments: [args] }
            : {
                title: `Scale ${s.name} to ${n}…`,
                command: ServerCommands.scale,
                arguments: [{ system: 'compose', args } satisfies ScaleCommandArgs],
              },
        });
      }
    }
    if (result.kind === 'kubernetes') {
      const context = this.kube.context;
      for (const w of workloads(result.file)) {
        if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet') continue;
        const ctx = this.activeKube();
        if (!ctx) break;
        const namespace = w.namespace ?? this.kube.namespace ?? ctx.namespace;
        const names = this.workloadNames(ctx.context, namespace);
        const value = `${w.kind}/${w.name}`;
        if (!names?.has(value)) continue;
        const args = {
          kind: w.kind,
          name: w.name,
          namespace,
          ...(context ? { context } : { context: ctx.context }),
          replicas: w.replicas ?? 1,
        };
        out.push({
          range: at(nodeRange(w.root).start),
          command: vscode
            ? { title: `Scale in ${ctx.context}…`, command: Commands.scaleKubernetes, arguments: [args] }
            : {
                title: `Scale in ${ctx.context} to ${args.replicas}…`,
                command: ServerCommands.scale,
                arguments: [{ system: 'kubernetes', args } satisfies ScaleCommandArgs],
              },
        });
      }
    }
    return out;
  }

  /** The active context for lenses, from the last contexts read (read in the background). */
  private lastKube: { context: string; namespace: string } | undefined;
  private kubeRead: WorkloadCache = { at: 0 };
  private activeKube(): { context: string; namespace: string } | undefined {
    const list = this.host.registry.list('kubeContexts');
    if (!list) return undefined;
    if (!this.kubeRead.pending && Date.now() - this.kubeRead.at > WORKLOAD_TTL_MS) {
      this.kubeRead.pending = list(this.env())
        .then((r) => {
          const before = JSON.stringify(this.lastKube);
          const active = r.ok ? r.items.find((c) => c.current) : undefined;
          this.lastKube = active ? { context: active.value, namespace: namespaceOf(active) ?? 'default' } : undefined;
          if (JSON.stringify(this.lastKube) !== before) this.host.refreshLenses();
        })
        .catch((err: unknown) => this.host.log(`reading the kubeconfig failed: ${String(err)}`))
        .finally(() => {
          this.kubeRead = { at: Date.now() };
        });
    }
    if (this.kube.context) return { context: this.kube.context, namespace: this.kube.namespace ?? 'default' };
    return this.lastKube;
  }

  /** The workloads of a context and namespace, or undefined while they are read (the lenses refresh then). */
  private workloadNames(context: string, namespace: string): Set<string> | undefined {
    const list = this.host.registry.list('kubeWorkloads');
    if (!list) return undefined;
    const key = `${context}\0${namespace}`;
    const cached = this.workloadCache.get(key);
    if (cached && (cached.pending || Date.now() - cached.at < WORKLOAD_TTL_MS)) return cached.names;
    const entry: WorkloadCache = { at: 0, ...(cached?.names ? { names: cached.names } : {}) };
    entry.pending = list(this.env(), context, namespace)
      .then((r) => {
        if (!r.ok) this.host.log(`workloads of ${context}/${namespace} for the scale lenses: ${r.message}`);
        entry.names = new Set(r.ok ? r.items.map((i) => i.value) : []);
        this.host.refreshLenses();
      })
      .catch((err: unknown) => this.host.log(`listing workloads of ${context}/${namespace} failed: ${String(err)}`))
      .finally(() => {
        entry.at = Date.now();
        delete entry.pending;
      });
    this.workloadCache.set(key, entry);
    return entry.names;
  }
}

function namespaceOf(c: ScaleChoice): string | undefined {
  return c.namespace;
}
