/**
 * Scale a Compose service: `docker compose -f FILE -p PROJECT up -d --no-recreate --scale S=N`
 * (or `docker-compose` when only Compose v1 is installed). The plan lints the file first, as if
 * this scale were written in a script, and refuses when a rule says the scale will fail (a
 * `container_name`, a fixed host port): the user gets the finding and its quick fix instead of a
 * half-started service. Names are checked as Compose checks them before any program runs.
 */
import * as path from 'node:path';
import { emptyWorkspace, fitPods, fitSubjects, LineIndex, lint, scanComposeFile, type Finding } from '../engine';
import { pathToFileUri } from '../engine/uri';
import { MAX_LINT_BYTES } from '../engine/parse';

import { readTextFile } from '../read-file';
import { prose } from '../engine/template-text';
import {
  checkDocker,
  columns,
  commandLine,
  daemonFailure,
  docker,
  daemonFields,
  findCompose,
  jsonRecords,
  lines,
  notStarted,
  missingDocker,
  type ComposeCli,
} from './docker';
import {
  failure,
  type ActionEnv,
  type ActionFailure,
  type ActionResult,
  type FitAnswer,
  type ScaleAction,
  type ScalePlan,
  type ScaleSuccess,
} from './types';

export interface ComposeScaleArgs {
  /** The Compose file, absolute or relative to `env.cwd`. */
  file: string;
  /** The project; default as Compose derives it (COMPOSE_PROJECT_NAME, the file's `name:`, its folder). */
  project?: string;
  service: string;
  replicas: number;
}

/** compose-spec schema, `services` patternProperties: the names Compose accepts for a service. */
export const COMPOSE_SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;
/** compose-go `loader.projectNameRegexp` (and the spec's `name`): lowercase, a letter or digit first. */
export const COMPOSE_PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** A count far above any one host's; `docker compose` would try to create every container. */
export const MAX_COMPOSE_REPLICAS = 1000;

/**
 * The rules whose findings mean `up --scale` fails, and whether they depend on the count (a
 * container name or a fixed host port only breaks from the second container on).
 */
export const COMPOSE_SCALE_BLOCKERS: ReadonlyMap<string, { perReplica: boolean }> = new Map([
  ['compose/container-name-blocks-scale', { perReplica: true }], // second container: name conflict
  ['compose/host-port-conflict', { perReplica: true }], // second container: port is already allocated
  ['compose/host-port-range-too-small', { perReplica: true }], // the range runs out of ports
  ['compose/scale-replicas-disagree', { perReplica: false }], // Compose refuses the whole file
  ['yaml/syntax-error', { perReplica: false }], // Compose cannot read the file
]);

/** Names Compose itself would refuse, checked before anything runs (no program sees them). */
export function validateComposeArgs(args: ComposeScaleArgs): ActionFailure | undefined {
  if (typeof args.service !== 'string' || !COMPOSE_SERVICE_NAME.test(args.service))
    return failure(
      'invalid',
      `"${String(args.service)}" is not a Compose service name: use letters, digits, ".", "_" and "-" only.`,
    );
  if (args.project !== undefined && (typeof args.project !== 'string' || !COMPOSE_PROJECT_NAME.test(args.project)))
    return failure(
      'invalid',
      `"${String(args.project)}" is not a Compose project name: use lowercase letters, digits, "_" and "-", starting with a letter or digit.`,
    );
  if (!Number.isSafeInteger(args.replicas) || args.replicas < 0 || args.replicas > MAX_COMPOSE_REPLICAS)
    return failure(
      'invalid',
      `The replica count must be a whole number from 0 to ${MAX_COMPOSE_REPLICAS}, not ${String(args.replicas)}.`,
    );
  if (typeof args.file !== 'string' || args.file === '')
    return failure('invalid', 'No Compose file was given (-f FILE).');
  return undefined;
}

/** compose-go `NormalizeProjectName`: lowercase, only [a-z0-9_-], no leading "_" or "-". */
export function normalizeProjectName(name: string): string {
  return (name.toLowerCase().match(/[a-z0-9_-]/g) ?? []).join('').replace(/^[_-]+/, '');
}

/** The file's top-level `name:` when written as a plain word (Compose v2 uses it as the project). */
function topLevelName(text: string): string | undefined {
  return /^name[ \t]*:[ \t]*["']?([A-Za-z0-9_-]+)["']?[ \t]*(?:#.*)?$/m.exec(text)?.[1];
}

/** The project Compose would use without `-p`, in its order (COMPOSE_PROJECT_NAME, `name:`, the folder). */
function defaultProject(env: ActionEnv, file: string, text: string, compose: ComposeCli | undefined): string {
  const fromEnv = env.env.COMPOSE_PROJECT_NAME;
  if (fromEnv) return normalizeProjectName(fromEnv);
  const named = compose?.generation === 1 ? undefined : topLevelName(text);
  if (named) return normalizeProjectName(named);
  return normalizeProjectName(path.basename(path.dirname(file)));
}

function composeArgv(compose: ComposeCli, file: string, project: string, ...rest: string[]): string[] {
  return [...compose.argv, '-f', file, '-p', project, ...rest];
}

function exec(env: ActionEnv, argv: readonly string[], cwd: string, timeoutMs: number, signal?: AbortSignal) {
  return env.exec(argv[0]!, argv.slice(1), { cwd, timeoutMs, ...(signal ? { signal } : {}) });
}

/** Filters for one service's own containers (not `compose run` one-offs), as Compose labels them. */
function labelFilters(project: string, service: string): string[] {
  return [
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    `label=com.docker.compose.service=${service}`,
    '--filter',
    'label=com.docker.compose.oneoff=False',
  ];
}

/**
 * Running containers of the service: `docker compose ps --format json` (v2), or for v1, which
 * has no JSON output, the labels Compose v1 puts on its containers (`docker ps --filter label=…`).
 */
async function runningCount(
  env: ActionEnv,
  compose: ComposeCli,
  file: string,
  project: string,
  service: string,
): Promise<ActionResult<{ count: number }>> {
  const cwd = path.dirname(file);
  if (compose.generation === 2) {
    const r = await exec(env, composeArgv(compose, file, project, 'ps', '--format', 'json'), cwd, 60_000);
    if (r.code !== 0) return daemonFailure(env, r, `\`${commandLine(composeArgv(compose, file, project, 'ps'))}\``);
    try {
      const rows = jsonRecords(r.stdout);
      return { ok: true, count: rows.filter((c) => c.Service === service && c.State === 'running').length };
    } catch {
      return failure('error', 'Could not read the output of `docker compose ps --format json`.', [
        r.stdout.slice(0, 500),
      ]);
    }
  }
  const r = await exec(
    env,
    ['docker', 'ps', '-q', ...labelFilters(project, service), '--filter', 'status=running'],
    cwd,
    60_000,
  );
  if (r.code !== 0) return daemonFailure(env, r, '`docker ps`');
  return { ok: true, count: lines(r.stdout).length };
}

/**
 * Will it fit? The containers a scale adds, by the service's reservations (what Compose asks the
 * engine to hold for each: deploy.resources.reservations, else the limits' reader as the fit lens
 * reads them), against this Docker host's CPUs and memory (`docker info`). Containers already
 * running are not counted: `docker info` does not say what they reserve. Never a refusal.
 */
async function composeFit(
  env: ActionEnv,
  file: string,
  text: string,
  service: string,
  current: number,
  desired: number,
): Promise<FitAnswer> {
  if (desired <= current)
    return {
      verdict: 'fits',
      text: `fits: ${desired < current ? 'scaling down frees room' : 'no container is added'}`,
    };
  const parsed = lint(text, { uri: pathToFileUri(file), kind: 'compose', only: [] }).file;
  const subject = fitSubjects(parsed, 'compose', emptyWorkspace()).find(
    (s) => s.label === `Compose service ${service}`,
  );
  const info = await docker(env, ['info', '--format', '{{.NCPU}}|{{.MemTotal}}']);
  const [cpus, memory] = info.stdout.trim().split('|').map(Number);
  if (info.code !== 0 || !cpus || !memory)
    return { verdict: 'unknown', text: "unknown: `docker info` did not give the host's CPUs and memory" };
  const host = `this Docker host (${cpus} CPUs, ${(memory / 2 ** 30).toFixed(1)} GiB; running containers not counted)`;
  const report = fitPods(
    { replicas: desired - current, requests: subject?.request.requests ?? {} },
    {
      source: host,
      nodes: [
        {
          name: 'this Docker host',
          allocatable: { cpuMillis: cpus * 1000, memoryBytes: memory, pods: Number.MAX_SAFE_INTEGER },
          requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
        },
      ],
    },
  );
  const added = desired - current;
  return {
    verdict: report.verdict,
    text: `${report.text} (the ${added} added container${added === 1 ? '' : 's'})`,
    source: host,
  };
}

/** Where a finding is, as `docker-compose.yml:4:5`. */
function place(file: string, text: string, f: Finding): string {
  const { line, character } = new LineIndex(text).position(f.range.start);
  return `${path.basename(file)}:${line + 1}:${character + 1}`;
}

/** The first finding that means this scale fails, as a `refused` failure with its quick fix. */
function blocker(file: string, text: string, args: ComposeScaleArgs): ActionFailure | undefined {
  const result = lint(text, {
    uri: pathToFileUri(file),
    kind: 'compose',
    // The requested scale, as if a script ran it: the rules judge the count it asks for.
    workspace: {
      scaleCommands: [{ service: args.service, replicas: args.replicas, where: 'this scale', tool: 'compose' }],
      stackFiles: [],
    },
    // Asked for by id: on even where the user's settings turn them off, since they predict a failure, not a style.
    only: [...COMPOSE_SCALE_BLOCKERS.keys()],
    onlyEnables: true,
  });
  for (const f of result.findings) {
    const rule = COMPOSE_SCALE_BLOCKERS.get(f.ruleId);
    if (!rule) continue;
    if (rule.perReplica && (args.replicas <= 1 || f.data?.service !== args.service)) continue;
    if (f.ruleId === 'compose/scale-replicas-disagree' && f.data?.service !== args.service) continue;
    const fix = f.fixes[0];
    return failure('refused', `${f.message}${fix ? ` Quick fix: ${fix.title}.` : ''}`, [
      `${place(file, text, f)}: ${f.ruleId}`,
      ...(fix ? [`quick fix: ${fix.title}`] : []),
    ]);
  }
  return undefined;
}

function readComposeFile(file: string): ActionResult<{ text: string }> {
  const read = readTextFile(file, MAX_LINT_BYTES);
  if (!read.ok)
    return failure(
      read.io ? 'not-found' : 'invalid',
      `The Compose file ${file} cannot be read: ${read.reason}. Give the file with -f FILE.`,
    );
  return { ok: true, text: read.text };
}

export const composeScale: ScaleAction<ComposeScaleArgs> = {
  system: 'compose',

  async plan(args, env) {
    if (!env.trusted)
      return failure('untrusted', 'Scale actions are off in an untrusted workspace: trust the folder first.');
    const invalid = validateComposeArgs(args);
    if (invalid) return invalid;
    const file = path.resolve(env.cwd, args.file);
    const read = readComposeFile(file);
    if (!read.ok) return read;
    const { text } = read;
    const blocked = blocker(file, text, args);
    const facts = scanComposeFile(file, text).composeFiles?.[0];
    if (!blocked && !facts?.services.includes(args.service))
      return failure(
        'not-found',
        prose`
          ${path.basename(file)} defines no service
          "${args.service}"${facts && facts.services.length > 0 ? ` (its services: ${facts.services.join(', ')})` : ''}.
        `,
      );

    const checked = await checkDocker(env);
    if (!checked.ok) return checked;
    const found = await findCompose(env);
    if (!found.ok) return found;
    const { compose } = found;
    const project = args.project ?? defaultProject(env, file, text, compose);
    if (!COMPOSE_PROJECT_NAME.test(project))
      return failure(
        'invalid',
        `Compose would name the project "${project}" after the folder, which is not a valid project name: give one with -p PROJECT.`,
      );
    const current = await runningCount(env, compose, file, project, args.service);
    if (!current.ok) return current;

    const argv = composeArgv(
      compose,
      file,
      project,
      'up',
      '-d',
      '--no-recreate',
      '--scale',
      `${args.service}=${args.replicas}`,
    );
    const plan: ScalePlan = {
      system: 'compose',
      target: `Compose service ${args.service}`,
      where: [
        { label: 'Project', value: project },
        { label: 'File', value: file },
        { label: 'Compose', value: compose.label },
        ...daemonFields(checked.daemon),
      ],
      current: current.count,
      desired: args.replicas,
      steps: [commandLine(argv)],
      fit: await composeFit(env, file, text, args.service, current.count, args.replicas),
      warnings: [],
      ...(blocked ? { blocked } : {}),
      state: {
        file,
        project,
        service: args.service,
        replicas: args.replicas,
        composeArgv: compose.argv,
        generation: compose.generation,
        composeLabel: compose.label,
        current: current.count,
      },
    };
    return { ok: true, plan };
  },

  async run(plan, env, progress): Promise<ActionResult<ScaleSuccess>> {
    if (!env.trusted)
      return failure('untrusted', 'Scale actions are off in an untrusted workspace: trust the folder first.');
    if (plan.blocked) return plan.blocked;
    const s = plan.state;
    const args: ComposeScaleArgs = {
      file: String(s.file),
      project: String(s.project),
      service: String(s.service),
      replicas: Number(s.replicas),
    };
    // The plan crossed LSP and came back: check it again rather than trust it.
    const invalid = validateComposeArgs(args);
    if (invalid) return invalid;
    const known = JSON.stringify(s.composeArgv);
    if (known !== JSON.stringify(['docker', 'compose']) && known !== JSON.stringify(['docker-compose']))
      return failure('invalid', 'The plan names a Compose program other than `docker compose` or `docker-compose`.');
    const compose: ComposeCli = {
      generation: s.generation === 1 ? 1 : 2,
      argv: s.composeArgv as string[],
      version: '',
      label: String(s.composeLabel),
    };
    const { file, project, service, replicas } = { ...args, project: args.project! };
    const cwd = path.dirname(file);

    const checked = await checkDocker(env);
    if (!checked.ok) return checked;
    const before = await runningCount(env, compose, file, project, service);
    if (!before.ok) return before;
    if (before.count !== plan.current)
      return failure(
        'conflict',
        `Compose service ${service} now runs ${before.count} containers, not the ${plan.current ?? 0} the plan showed: nothing was changed; plan again.`,
      );

    const argv = composeArgv(compose, file, project, 'up', '-d', '--no-recreate', '--scale', `${service}=${replicas}`);
    progress.report(`running ${commandLine(argv)}`, 10);
    env.log(`$ ${commandLine(argv)}`);
    const r = await exec(env, argv, cwd, 10 * 60_000, progress.signal);
    for (const l of lines(r.stderr)) env.log(l);
    if (notStarted(r)) return missingDocker(env);
    if (progress.signal.aborted)
      return failure('cancelled', 'Cancelled while Compose was running; the service may be partly scaled.');
    const listed = await listContainers(env, project, service, cwd);
    if (r.code !== 0) {
      const f = daemonFailure(env, r, `\`${commandLine(argv)}\``);
      return { ...f, details: [...(f.details ?? []), ...(listed.ok ? listed.rows : [])] };
    }
    progress.report('listing the containers', 90);
    if (!listed.ok) return listed;
    const message = `Compose service ${service} (project ${project}): ${plan.current ?? 0} → ${listed.running} running containers, with ${compose.label}.`;
    if (listed.running !== replicas)
      return failure('error', `${message} Compose exited 0 but ${replicas} were asked for.`, listed.rows);
    return { ok: true, message, details: [`$ ${commandLine(argv)}`, ...listed.rows] };
  },
};

/** The service's containers after the scale: name, state and status, one line each. */
async function listContainers(
  env: ActionEnv,
  project: string,
  service: string,
  cwd: string,
): Promise<ActionResult<{ rows: string[]; running: number }>> {
  const r = await exec(
    env,
    ['docker', 'ps', '-a', ...labelFilters(project, service), '--format', '{{.Names}}\t{{.State}}\t{{.Status}}'],
    cwd,
    60_000,
  );
  if (r.code !== 0) return daemonFailure(env, r, '`docker ps`');
  const cells = lines(r.stdout)
    .sort()
    .map((l) => l.split('\t'));
  return { ok: true, rows: columns(cells), running: cells.filter((c) => c[1] === 'running').length };
}
