/**
 * Scale a Swarm service: `docker service scale --detach NAME=N`, then poll `docker service ls` and
 * `docker service ps` until the service runs N of N tasks (our own progress rather than the
 * client's terminal animation). A global service runs one task per node and is refused.
 */
import {
  checkDocker,
  columns,
  commandLine,
  daemonFailure,
  daemonFields,
  docker,
  jsonRecords,
  missingDocker,
  notStarted,
} from './docker';
import {
  failure,
  type ActionEnv,
  type ActionFailure,
  type ActionResult,
  type ScaleAction,
  type ScalePlan,
  type ScaleSuccess,
} from './types';

export interface SwarmScaleArgs {
  /** The service's name (`stack_web`) or id. */
  service: string;
  replicas: number;
}

export interface SwarmServiceSummary {
  id: string;
  name: string;
  /** `replicated`, `global`, `replicated-job`, `global-job`. */
  mode: string;
  /** As `docker service ls` shows it: `2/3`, `1/1 (3/5 completed)`. */
  replicas: string;
  image: string;
}

/**
 * swarmkit `api/validation`: a service name is a DNS label of letters, digits, "-" and "_", at most
 * 63 characters, starting and ending with a letter or digit (an id has the same shape).
 */
export const SWARM_SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$/;
export const MAX_SWARM_REPLICAS = 10_000;
/** How long `run` waits for the tasks to converge (an image pull on a busy node can take this long). */
export const SWARM_CONVERGE_TIMEOUT_MS = 180_000;
const POLL_MS = 1000;

export function validateSwarmArgs(args: SwarmScaleArgs): ActionFailure | undefined {
  if (typeof args.service !== 'string' || args.service.length > 63 || !SWARM_SERVICE_NAME.test(args.service))
    return failure(
      'invalid',
      `"${String(args.service)}" is not a Swarm service name: use letters, digits, "-" and "_" (at most 63, starting and ending with a letter or digit).`,
    );
  if (!Number.isSafeInteger(args.replicas) || args.replicas < 0 || args.replicas > MAX_SWARM_REPLICAS)
    return failure(
      'invalid',
      `The replica count must be a whole number from 0 to ${MAX_SWARM_REPLICAS}, not ${String(args.replicas)}.`,
    );
  return undefined;
}

/** This engine must be a Swarm manager: only managers answer `docker service` commands. */
async function checkManager(env: ActionEnv): Promise<ActionFailure | undefined> {
  const r = await docker(env, ['info', '--format', '{{.Swarm.LocalNodeState}}|{{.Swarm.ControlAvailable}}']);
  if (r.code !== 0) return daemonFailure(env, r, '`docker info`');
  const [state, manager] = r.stdout.trim().split('|');
  if (state !== 'active')
    return failure(
      'not-found',
      `This Docker Engine is not part of a Swarm (state: ${state || 'unknown'}): run it against a manager (DOCKER_HOST or \`docker context use\`), or \`docker swarm init\` first.`,
    );
  if (manager !== 'true')
    return failure(
      'forbidden',
      'This Docker Engine is a Swarm worker: services can be scaled only from a manager node.',
    );
  return undefined;
}

/** `docker service ls --format json`: every service with its mode and replicas. */
export async function listSwarmServices(env: ActionEnv): Promise<ActionResult<{ services: SwarmServiceSummary[] }>> {
  if (!env.trusted)
    return failure('untrusted', 'Scale actions are off in an untrusted workspace: trust the folder first.');
  const checked = await checkDocker(env);
  if (!checked.ok) return checked;
  const notManager = await checkManager(env);
  if (notManager) return notManager;
  const r = await docker(env, ['service', 'ls', '--format', 'json']);
  if (r.code !== 0) return daemonFailure(env, r, '`docker service ls`');
  try {
    const services = jsonRecords(r.stdout).map((s) => ({
      id: String(s.ID ?? ''),
      name: String(s.Name ?? ''),
      mode: String(s.Mode ?? ''),
      replicas: String(s.Replicas ?? ''),
      image: String(s.Image ?? ''),
    }));
    return { ok: true, services: services.sort((a, b) => a.name.localeCompare(b.name)) };
  } catch {
    return failure('error', 'Could not read the output of `docker service ls --format json`.', [
      r.stdout.slice(0, 500),
    ]);
  }
}

interface ServiceSpec {
  id: string;
  name: string;
  mode: 'replicated' | 'global' | 'replicated-job' | 'global-job' | 'unknown';
  /** Spec.Mode.Replicated.Replicas (or the job's TotalCompletions). */
  replicas: number | undefined;
}

/** `docker service inspect NAME`: its id, name, mode and the replicas it is set to. */
async function inspectService(env: ActionEnv, service: string): Promise<ActionResult<{ spec: ServiceSpec }>> {
  const r = await docker(env, ['service', 'inspect', '--format', '{{json .}}', service]);
  if (notStarted(r)) return missingDocker(env);
  if (r.code !== 0) {
    if (/no such service|not found/i.test(r.stderr))
      return failure('not-found', `There is no Swarm service "${service}" (see \`docker service ls\`).`, [
        r.stderr.trim(),
      ]);
    return daemonFailure(env, r, '`docker service inspect`');
  }
  try {
    const s = JSON.parse(r.stdout.trim()) as {
      ID?: string;
      Spec?: {
        Name?: string;
        Mode?: {
          Replicated?: { Replicas?: number };
          Global?: object;
          ReplicatedJob?: { TotalCompletions?: number };
          GlobalJob?: object;
        };
      };
    };
    const m = s.Spec?.Mode ?? {};
    const mode: ServiceSpec['mode'] = m.Replicated
      ? 'replicated'
      : m.Global
        ? 'global'
        : m.ReplicatedJob
          ? 'replicated-job'
          : m.GlobalJob
            ? 'global-job'
            : 'unknown';
    const replicas = m.Replicated ? (m.Replicated.Replicas ?? 1) : m.ReplicatedJob?.TotalCompletions;
    return { ok: true, spec: { id: String(s.ID ?? ''), name: String(s.Spec?.Name ?? service), mode, replicas } };
  } catch {
    return failure('error', 'Could not read the output of `docker service inspect`.', [r.stdout.slice(0, 500)]);
  }
}

/** Where the service stands: `docker service ls` replicas and the tasks meant to run (`docker service ps`). */
async function observe(
  env: ActionEnv,
  id: string,
): Promise<
  ActionResult<{ running: number; desired: number; runningTasks: number; tasks: string[]; errors: string[] }>
> {
  const ls = await docker(env, ['service', 'ls', '--filter', `id=${id}`, '--format', 'json']);
  if (ls.code !== 0) return daemonFailure(env, ls, '`docker service ls`');
  const ps = await docker(env, ['service', 'ps', '--filter', 'desired-state=running', '--format', 'json', id]);
  if (ps.code !== 0) return daemonFailure(env, ps, '`docker service ps`');
  try {
    const row = jsonRecords(ls.stdout).find((s) => s.ID === id || String(id).startsWith(String(s.ID)));
    const m = /^(\d+)\/(\d+)/.exec(String(row?.Replicas ?? ''));
    const tasks = jsonRecords(ps.stdout).sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
    return {
      ok: true,
      running: m ? Number(m[1]) : 0,
      desired: m ? Number(m[2]) : 0,
      runningTasks: tasks.filter((t) => String(t.CurrentState).startsWith('Running')).length,
      tasks: columns(tasks.map((t) => [String(t.Name), String(t.CurrentState), String(t.Node ?? '')])),
      errors: tasks.map((t) => String(t.Error ?? '')).filter((e) => e !== ''),
    };
  } catch {
    return failure('error', 'Could not read the output of `docker service ls` / `docker service ps`.');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function scaleArgv(service: string, replicas: number): string[] {
  return ['docker', 'service', 'scale', '--detach', `${service}=${replicas}`];
}

export const swarmScale: ScaleAction<SwarmScaleArgs> = {
  system: 'swarm',

  async plan(args, env) {
    if (!env.trusted)
      return failure('untrusted', 'Scale actions are off in an untrusted workspace: trust the folder first.');
    const invalid = validateSwarmArgs(args);
    if (invalid) return invalid;
    const checked = await checkDocker(env);
    if (!checked.ok) return checked;
    const notManager = await checkManager(env);
    if (notManager) return notManager;
    const inspected = await inspectService(env, args.service);
    if (!inspected.ok) return inspected;
    const { spec } = inspected;
    const seen = await observe(env, spec.id);
    if (!seen.ok) return seen;
    const warnings: string[] = [];
    let blocked: ActionFailure | undefined;
    if (spec.mode === 'global' || spec.mode === 'global-job')
      blocked = failure(
        'refused',
        `Swarm service ${spec.name} is ${spec.mode}: a global service runs one task per node; it cannot be scaled (add or drain nodes, or redeploy it with mode: replicated).`,
      );
    else if (spec.mode !== 'replicated' && spec.mode !== 'replicated-job')
      blocked = failure(
        'refused',
        `Swarm service ${spec.name} has a mode this version does not know; it was not scaled.`,
      );
    else if (seen.running !== seen.desired)
      warnings.push(`only ${seen.running} of ${seen.desired} tasks run now; the scale waits for all ${args.replicas}.`);
    const plan: ScalePlan = {
      system: 'swarm',
      target: `Swarm service ${spec.name}`,
      where: [{ label: 'Mode', value: spec.mode }, ...daemonFields(checked.daemon)],
      current: spec.replicas,
      desired: args.replicas,
      steps: [commandLine(scaleArgv(spec.name, args.replicas))],
      warnings,
      ...(blocked ? { blocked } : {}),
      state: {
        service: spec.name,
        id: spec.id,
        replicas: args.replicas,
        current: spec.replicas ?? null,
        timeoutMs: SWARM_CONVERGE_TIMEOUT_MS,
      },
    };
    return { ok: true, plan };
  },

  async run(plan, env, progress): Promise<ActionResult<ScaleSuccess>> {
    if (!env.trusted)
      return failure('untrusted', 'Scale actions are off in an untrusted workspace: trust the folder first.');
    if (plan.blocked) return plan.blocked;
    const args: SwarmScaleArgs = { service: String(plan.state.service), replicas: Number(plan.state.replicas) };
    // The plan crossed LSP and came back: check it again rather than trust it.
    const invalid = validateSwarmArgs(args);
    if (invalid) return invalid;
    const checked = await checkDocker(env);
    if (!checked.ok) return checked;
    const inspected = await inspectService(env, args.service);
    if (!inspected.ok) return inspected;
    const { spec } = inspected;
    if (spec.id !== plan.state.id)
      return failure(
        'conflict',
        `Swarm service ${args.service} was replaced since the plan (another id): nothing was changed; plan again.`,
      );
    if (spec.replicas !== plan.current)
      return failure(
        'conflict',
        `Swarm service ${args.service} is now set to ${spec.replicas ?? 'no'} replicas, not the ${plan.current ?? 'none'} the plan showed: nothing was changed; plan again.`,
      );

    const argv = scaleArgv(args.service, args.replicas);
    progress.report(`running ${commandLine(argv)}`, 5);
    env.log(`$ ${commandLine(argv)}`);
    const r = await docker(env, argv.slice(1), 60_000);
    if (notStarted(r)) return missingDocker(env);
    if (r.code !== 0) return daemonFailure(env, r, `\`${commandLine(argv)}\``);

    const timeoutMs = Number(plan.state.timeoutMs) > 0 ? Number(plan.state.timeoutMs) : SWARM_CONVERGE_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    let last: { running: number; desired: number; runningTasks: number; tasks: string[]; errors: string[] } | undefined;
    for (;;) {
      const seen = await observe(env, spec.id);
      if (!seen.ok) return { ...seen, message: `${seen.message} The scale to ${args.replicas} was already requested.` };
      last = seen;
      const converged =
        seen.desired === args.replicas && seen.running === args.replicas && seen.runningTasks === args.replicas;
      const pct = args.replicas === 0 ? 100 : Math.min(99, Math.round((100 * seen.running) / args.replicas));
      progress.report(`${seen.running}/${seen.desired} running`, converged ? 100 : pct);
      if (converged) break;
      if (progress.signal.aborted)
        return failure(
          'cancelled',
          `Stopped waiting: Swarm service ${args.service} runs ${seen.running}/${seen.desired}; the scale to ${args.replicas} was requested and Swarm keeps converging.`,
          seen.tasks,
        );
      if (Date.now() >= deadline)
        return failure(
          'timeout',
          `Swarm service ${args.service} did not converge in ${Math.round(timeoutMs / 1000)} s: ${seen.running}/${seen.desired} running. The scale was requested and Swarm keeps trying; see \`docker service ps ${args.service}\`.`,
          [...seen.tasks, ...seen.errors.map((e) => `task error: ${e}`)],
        );
      await sleep(POLL_MS, progress.signal);
    }
    return {
      ok: true,
      message: `Swarm service ${args.service}: ${plan.current ?? 0} → ${args.replicas} replicas, ${last.running}/${last.desired} running.`,
      details: [`$ ${commandLine(argv)}`, ...last.tasks],
    };
  },
};
