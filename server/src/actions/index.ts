/**
 * The registry of scale executors: system -> ScaleAction, and the list functions the pickers and
 * the code lenses read (contexts, namespaces, workloads, Compose services of a file, Swarm
 * services). The language server (handlers/scale.ts) and the CLI reach executors only through it.
 * Adding an executor is one `.register(...)` line in `SCALE_ACTIONS` below.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { composeServices, writtenReplicas } from '../engine';
import { parseFile } from '../engine/parse';
import type { ScaleChoice } from '../protocol';
import { composeScale } from './compose';
import { drakrunScale } from './drakrun';
import { kubeContexts, kubernetesScale, listKubernetesNamespaces, listKubernetesWorkloads } from './kubernetes';
import { listSwarmServices, swarmScale } from './swarm';
import {
  failure,
  type ActionEnv,
  type ActionResult,
  type ExecResult,
  type ScaleAction,
  type ScaleSystem,
} from './types';

export type { ScaleChoice };
export type ChoiceList = ActionResult<{ items: ScaleChoice[] }>;

/** What the pickers, the status bar and the lenses read. Each is optional: an executor brings its own. */
export interface ScaleLists {
  /** The kubeconfig's contexts (merged as kubectl merges them), the current one marked. Reads files only. */
  kubeContexts(env: ActionEnv): Promise<ChoiceList>;
  kubeNamespaces(env: ActionEnv, context: string | undefined): Promise<ChoiceList>;
  /** `value` is `kind/name` (`deployment/web`), as `kubectl scale` takes it. */
  kubeWorkloads(env: ActionEnv, context: string | undefined, namespace: string | undefined): Promise<ChoiceList>;
  composeServices(env: ActionEnv, file: string): Promise<ChoiceList>;
  swarmServices(env: ActionEnv): Promise<ChoiceList>;
  /** The Docker context `docker` uses now (`docker context show`). */
  dockerContexts(env: ActionEnv): Promise<ChoiceList>;
}

export class ScaleRegistry {
  private readonly actions = new Map<ScaleSystem, ScaleAction<unknown>>();
  private readonly lists: Partial<ScaleLists> = {};

  /** An executor and the lists it brings; a second one for the same system replaces the first. */
  register<A>(action: ScaleAction<A>, lists: Partial<ScaleLists> = {}): this {
    this.actions.set(action.system, action as ScaleAction<unknown>);
    Object.assign(this.lists, lists);
    return this;
  }

  /** Lists with no executor (the Compose file reader, the Docker context). */
  provide(lists: Partial<ScaleLists>): this {
    Object.assign(this.lists, lists);
    return this;
  }

  action(system: ScaleSystem): ScaleAction<unknown> | undefined {
    return this.actions.get(system);
  }

  systems(): ScaleSystem[] {
    return [...this.actions.keys()].sort();
  }

  list<K extends keyof ScaleLists>(name: K): ScaleLists[K] | undefined {
    return this.lists[name];
  }
}

/** `docker compose` needs no daemon to say what a file defines: the engine's own Compose reader does. */
async function composeServicesOfFile(_env: ActionEnv, file: string): Promise<ChoiceList> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    return failure('not-found', `Cannot read the Compose file ${file}: ${(err as Error).message}.`);
  }
  const items = composeServices(parseFile(file, text)).map((s): ScaleChoice => {
    const written = writtenReplicas(s);
    return {
      value: s.name,
      label: s.name,
      ...(written ? { replicas: written.count, description: `${written.count} in the file (${written.source})` } : {}),
    };
  });
  return { ok: true, items };
}

/** `docker context ls`: the names, the current one marked (argv, no shell). */
async function dockerContexts(env: ActionEnv): Promise<ChoiceList> {
  const r = await env.exec('docker', ['context', 'ls', '--format', '{{json .}}'], { timeoutMs: 5000 });
  if (r.error?.code === 'ENOENT') return failure('missing-tool', 'docker is not installed (not found on PATH).');
  if (r.code !== 0) return failure('error', `docker context ls failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  const items: ScaleChoice[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as { Name?: string; Current?: boolean; DockerEndpoint?: string; Description?: string };
      if (!c.Name) continue;
      items.push({
        value: c.Name,
        label: c.Name,
        ...(c.DockerEndpoint || c.Description ? { description: c.DockerEndpoint || c.Description } : {}),
        ...(c.Current ? { current: true } : {}),
      });
    } catch {
      // Not a JSON line (an old docker): skipped.
    }
  }
  return { ok: true, items };
}

/**
 * Every executor, one line each (its file exports the ScaleAction and the lists it brings). The
 * executors import their clients lazily, so this module stays cheap to load.
 */
export const SCALE_ACTIONS = new ScaleRegistry()
  .provide({ composeServices: composeServicesOfFile, dockerContexts })
  .register(composeScale)
  .register(drakrunScale)
  .register(kubernetesScale, { kubeContexts: kubeContextItems, kubeNamespaces, kubeWorkloads })
  .register(swarmScale, { swarmServices });

/** The kubeconfig's contexts (files only, no cluster). */
async function kubeContextItems(env: ActionEnv): Promise<ChoiceList> {
  const r = await kubeContexts(env);
  if (!r.ok) return r;
  return {
    ok: true,
    items: r.contexts.map((c) => ({
      value: c.name,
      label: c.name,
      description: `cluster ${c.cluster}, namespace ${c.namespace}`,
      namespace: c.namespace,
      ...(r.current?.name === c.name ? { current: true } : {}),
    })),
  };
}

async function kubeNamespaces(env: ActionEnv, context: string | undefined): Promise<ChoiceList> {
  const [r, contexts] = await Promise.all([
    listKubernetesNamespaces(env, context ? { context } : {}),
    kubeContexts(env),
  ]);
  if (!r.ok) return r;
  const own = contexts.ok ? contexts.contexts.find((c) => c.name === r.context)?.namespace : undefined;
  return {
    ok: true,
    items: r.namespaces.map((n) => ({ value: n, label: n, ...(n === own ? { current: true } : {}) })),
  };
}

/** `value` is `Kind/name` with the kind as kubernetesScale takes it (`Deployment/web`). */
async function kubeWorkloads(
  env: ActionEnv,
  context: string | undefined,
  namespace: string | undefined,
): Promise<ChoiceList> {
  const r = await listKubernetesWorkloads(env, {
    ...(context ? { context } : {}),
    ...(namespace ? { namespace } : {}),
  });
  if (!r.ok) return r;
  for (const w of r.warnings) env.log(w);
  return {
    ok: true,
    items: r.workloads.map((w) => ({
      value: `${w.kind}/${w.name}`,
      label: `${w.kind.toLowerCase()}/${w.name}`,
      description: `${w.readyReplicas}/${w.replicas} ready`,
      replicas: w.replicas,
    })),
  };
}

/** `docker service ls` as picker items; the count is the one asked for (`2/3` -> 3). */
async function swarmServices(env: ActionEnv): Promise<ChoiceList> {
  const r = await listSwarmServices(env);
  if (!r.ok) return r;
  return {
    ok: true,
    items: r.services.map((s): ScaleChoice => {
      const wanted = /^\d+\/(\d+)/.exec(s.replicas)?.[1];
      return {
        value: s.name,
        label: s.name,
        description: `${s.mode}, ${s.replicas}, ${s.image}`,
        ...(wanted !== undefined && s.mode === 'replicated' ? { replicas: Number(wanted) } : {}),
      };
    }),
  };
}

/**
 * Runs a program with an argument array: `execFile`, never a shell. The one runner of the server
 * and the CLI. `error` is set only when the program did not start (ENOENT: not installed); a
 * program killed by the timeout or the signal has started, and has `code` null.
 */
export function execArgv(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs ?? 0,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
        shell: false,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
        // execFile's error has a numeric `code` for an exit status, a string one when it did not start.
        const started = !e || typeof e.code === 'number' || e.code === undefined || e.killed === true;
        resolve({
          code: !e ? 0 : typeof e.code === 'number' ? e.code : null,
          stdout,
          stderr,
          ...(e && !started ? { error: e } : {}),
        });
      },
    );
  });
}

/** An ActionEnv over this process: the server's (trust from the client) and the CLI's (trusted). */
export function processActionEnv(opts: {
  trusted: boolean;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): ActionEnv {
  const env = opts.env ?? process.env;
  return {
    trusted: opts.trusted,
    cwd: opts.cwd,
    env,
    exec: (file, args, o = {}) => execArgv(file, args, { env, cwd: o.cwd ?? opts.cwd, ...o }),
    log: opts.log,
  };
}
