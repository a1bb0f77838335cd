/**
 * `scalewise scale SYSTEM ...`: parse the arguments, plan (read-only), print the plan, confirm
 * (`--yes`, or a y/N prompt on a terminal; never without one), run, report. Exit codes as for
 * `lint`: 0 done (or a dry run), 1 the action failed or was refused or not confirmed, 2 usage.
 *
 * The executors come from the one registry the language server uses too (actions/index.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { ComposeScaleArgs } from './actions/compose';
import type { DrakrunScaleArgs } from './actions/drakrun';
import { execArgv, SCALE_ACTIONS } from './actions/index';
import type { KubernetesKind, KubernetesScaleArgs } from './actions/kubernetes';
import type { SwarmScaleArgs } from './actions/swarm';
import {
  describePlan,
  type ActionEnv,
  type ActionFailure,
  type ActionProgress,
  type ScaleSystem,
} from './actions/types';
import { DEFAULT_COMPOSE_FILES } from './engine/scale-commands';
import { terminalSafe } from './formatters/text';

export const SCALE_USAGE_LINES = [
  'scalewise scale compose SERVICE=N [-f FILE] [-p PROJECT]',
  'scalewise scale swarm SERVICE=N',
  'scalewise scale k8s KIND/NAME --replicas N | --hpa-min N --hpa-max N [--context C] [--namespace NS]',
  'scalewise scale drakrun N',
];

const SCALE_OPTION_LINES = [
  '--yes, -y        Run without asking (scripts and CI; without it a terminal is needed)',
  '--dry-run        Print the plan and exit 0; nothing is changed',
  '-h, --help       This help',
];

export const SCALE_USAGE = `Usage:
${SCALE_USAGE_LINES.map((l) => `  ${l} [--yes] [--dry-run]`).join('\n')}

Plans the scale (read-only), prints what would change and the exact commands, asks for
confirmation, runs it and reports. Exit 0 when done (or for --dry-run), 1 when the action
failed, was refused (with --dry-run too) or not confirmed, 2 for a usage error. Without a
terminal, only --yes confirms.

  compose   docker compose -f FILE -p PROJECT up -d --no-recreate --scale SERVICE=N (or
            docker-compose when only Compose v1 is installed). FILE defaults to compose.yaml,
            compose.yml, docker-compose.yml or docker-compose.yaml here; PROJECT as Compose names it.
            Refused when a rule says the scale will fail (container_name, a fixed host port).
  swarm     docker service scale --detach SERVICE=N, then waits until N of N tasks run.
            A global service cannot be scaled.
  k8s       KIND is deployment, statefulset, replicaset or replicationcontroller (or deploy, sts,
            rs, rc); the current kubeconfig context and its namespace unless given. With an HPA
            on the workload, --hpa-min / --hpa-max change its bounds instead of the count (which the
            HPA would override).
  drakrun   N analysis workers on this DRAKVUF Sandbox host.

Options:
  -f, --file FILE           The Compose file (compose)
  -p, --project-name NAME   The Compose project (compose)
  --replicas N              The count (k8s)
  --hpa-min N, --hpa-max N  The bounds of the HPA that targets the workload (k8s)
  --context C               The kubeconfig context (k8s)
  -n, --namespace NS        The namespace (k8s)
${SCALE_OPTION_LINES.map((l) => `  ${l}`).join('\n')}
`;

class ScaleUsageError extends Error {}

/** The CLI's names for the systems (`k8s` is what people type). */
const CLI_SYSTEMS: ReadonlyMap<string, ScaleSystem> = new Map([
  ['compose', 'compose'],
  ['swarm', 'swarm'],
  ['k8s', 'kubernetes'],
  ['kubernetes', 'kubernetes'],
  ['drakrun', 'drakrun'],
]);

/** A count as the tools accept it: digits only (no `3.0`, `1e3`, `-1`, `0x3`). */
function count(text: string | undefined, what: string): number {
  if (text === undefined || !/^\d{1,9}$/.test(text))
    throw new ScaleUsageError(`${what} must be a whole number, not "${text ?? ''}"`);
  return Number(text);
}

/** `web=3` -> web, 3. The name is the action's to judge (it says why a name is refused). */
function serviceCount(positionals: string[], system: string): { service: string; replicas: number } {
  if (positionals.length !== 1) throw new ScaleUsageError(`scale ${system} takes one SERVICE=N`);
  const spec = positionals[0]!;
  const at = spec.lastIndexOf('=');
  if (at <= 0) throw new ScaleUsageError(`expected SERVICE=N, not "${spec}"`);
  return { service: spec.slice(0, at), replicas: count(spec.slice(at + 1), `the count in "${spec}"`) };
}

const COMMON = {
  yes: { type: 'boolean', short: 'y', default: false },
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface Parsed {
  system: ScaleSystem;
  args: unknown;
  yes: boolean;
  dryRun: boolean;
  help: boolean;
}

const K8S_KINDS: ReadonlyMap<string, KubernetesKind> = new Map([
  ['deployment', 'Deployment'],
  ['deployments', 'Deployment'],
  ['deploy', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['statefulsets', 'StatefulSet'],
  ['sts', 'StatefulSet'],
  ['replicaset', 'ReplicaSet'],
  ['replicasets', 'ReplicaSet'],
  ['rs', 'ReplicaSet'],
  ['replicationcontroller', 'ReplicationController'],
  ['replicationcontrollers', 'ReplicationController'],
  ['rc', 'ReplicationController'],
]);

function defaultComposeFile(cwd: string): string {
  const found = DEFAULT_COMPOSE_FILES.map((f) => path.join(cwd, f)).find((f) => fs.existsSync(f));
  if (!found) throw new ScaleUsageError(`no ${DEFAULT_COMPOSE_FILES.join(', ')} here; give the file with -f FILE`);
  return found;
}

function parseScaleArgs(argv: string[], cwd: string): Parsed {
  const [name, ...rest] = argv;
  if (name === undefined) throw new ScaleUsageError('scale needs a system: compose, swarm, k8s or drakrun');
  if (name === '-h' || name === '--help')
    return { system: 'compose', args: undefined, yes: false, dryRun: false, help: true };
  const system = CLI_SYSTEMS.get(name);
  if (!system) throw new ScaleUsageError(`unknown system "${name}": compose, swarm, k8s or drakrun`);
  const common = (v: { yes?: boolean; 'dry-run'?: boolean; help?: boolean }) => ({
    yes: v.yes === true,
    dryRun: v['dry-run'] === true,
    help: v.help === true,
  });
  switch (system) {
    case 'compose': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          file: { type: 'string', short: 'f' },
          'project-name': { type: 'string', short: 'p' },
          ...COMMON,
        },
      });
      if (values.help) return { system, args: undefined, ...common(values) };
      const { service, replicas } = serviceCount(positionals, name);
      const args: ComposeScaleArgs = {
        file: values.file !== undefined ? path.resolve(cwd, values.file) : defaultComposeFile(cwd),
        service,
        replicas,
        ...(values['project-name'] !== undefined ? { project: values['project-name'] } : {}),
      };
      return { system, args, ...common(values) };
    }
    case 'swarm': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...COMMON } });
      if (values.help) return { system, args: undefined, ...common(values) };
      const args: SwarmScaleArgs = serviceCount(positionals, name);
      return { system, args, ...common(values) };
    }
    case 'kubernetes': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          replicas: { type: 'string' },
          'hpa-min': { type: 'string' },
          'hpa-max': { type: 'string' },
          context: { type: 'string' },
          namespace: { type: 'string', short: 'n' },
          ...COMMON,
        },
      });
      if (values.help) return { system, args: undefined, ...common(values) };
      if (positionals.length !== 1) throw new ScaleUsageError('scale k8s takes one KIND/NAME');
      const [kindText = '', workload = '', extra] = positionals[0]!.split('/');
      const kind = K8S_KINDS.get(kindText.toLowerCase());
      if (!kind || workload === '' || extra !== undefined)
        throw new ScaleUsageError(
          `expected KIND/NAME with KIND deployment, statefulset, replicaset or replicationcontroller, not "${positionals[0]!}"`,
        );
      const hpaMin = values['hpa-min'];
      const hpaMax = values['hpa-max'];
      const hpa = hpaMin !== undefined || hpaMax !== undefined;
      if (hpa && values.replicas !== undefined)
        throw new ScaleUsageError('give --replicas, or --hpa-min / --hpa-max, not both');
      if (!hpa && values.replicas === undefined) throw new ScaleUsageError('scale k8s needs --replicas N');
      const args: KubernetesScaleArgs = {
        kind,
        name: workload,
        ...(hpa
          ? {
              hpa: {
                ...(hpaMin !== undefined ? { minReplicas: count(hpaMin, '--hpa-min') } : {}),
                ...(hpaMax !== undefined ? { maxReplicas: count(hpaMax, '--hpa-max') } : {}),
              },
            }
          : { replicas: count(values.replicas, '--replicas') }),
        ...(values.context !== undefined ? { context: values.context } : {}),
        ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      };
      return { system, args, ...common(values) };
    }
    case 'drakrun': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...COMMON } });
      if (values.help) return { system, args: undefined, ...common(values) };
      if (positionals.length !== 1) throw new ScaleUsageError('scale drakrun takes one N (the number of workers)');
      const args: DrakrunScaleArgs = { workers: count(positionals[0], 'the number of workers') };
      return { system, args, ...common(values) };
    }
  }
}

export interface ScaleIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Whether stdin is a terminal a person can answer on. */
  stdinIsTTY: boolean;
  /** Asks one question on the terminal and returns the answer line. */
  ask(question: string): Promise<string>;
  /** Called just before the action runs: the signal it returns is aborted on Ctrl-C from then on. */
  interrupts?(): AbortSignal;
}

function printFailure(io: ScaleIO, f: ActionFailure): void {
  io.stderr(`scalewise: ${terminalSafe(f.message)}\n`);
  for (const d of f.details ?? []) for (const l of d.split('\n')) io.stderr(`  ${terminalSafe(l)}\n`);
}

/** `scalewise scale ...`: the exit code. */
export async function scaleCommand(argv: string[], io: ScaleIO): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseScaleArgs(argv, io.cwd);
  } catch (err) {
    if (err instanceof ScaleUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`scalewise: ${terminalSafe((err as Error).message)}\n\n${SCALE_USAGE}`);
      return 2;
    }
    throw err;
  }
  if (parsed.help) {
    io.stdout(SCALE_USAGE);
    return 0;
  }
  const action = SCALE_ACTIONS.action(parsed.system);
  if (!action) {
    io.stderr(`scalewise: scaling ${parsed.system} is not available in this build.\n`);
    return 1;
  }
  const env: ActionEnv = {
    trusted: true, // the CLI runs what its user typed, in a folder they chose
    cwd: io.cwd,
    env: io.env,
    exec: (file, args, options) => execArgv(file, args, { ...options, env: io.env }),
    log: (line) => io.stderr(`  ${terminalSafe(line)}\n`),
  };
  const planned = await action.plan(parsed.args, env);
  if (!planned.ok) {
    printFailure(io, planned);
    return 1;
  }
  const { plan } = planned;
  io.stdout(`${describePlan(plan).split('\n').map(terminalSafe).join('\n')}\n`);
  if (plan.blocked) {
    for (const d of plan.blocked.details ?? []) io.stderr(`  ${terminalSafe(d)}\n`);
    return 1;
  }
  if (parsed.dryRun) return 0;
  if (!parsed.yes) {
    if (!io.stdinIsTTY) {
      io.stderr(
        'scalewise: refusing to scale without a confirmation: stdin is not a terminal; pass --yes to run it, or --dry-run to only see the plan.\n',
      );
      return 1;
    }
    const confirmed =
      plan.typeToConfirm !== undefined
        ? (await io.ask(`Type "${terminalSafe(plan.typeToConfirm)}" to confirm: `)).trim() === plan.typeToConfirm
        : /^(y|yes)$/i.test((await io.ask('Proceed? [y/N] ')).trim());
    if (!confirmed) {
      io.stderr('scalewise: not confirmed; nothing was changed.\n');
      return 1;
    }
  }
  const progress: ActionProgress = {
    report: (message, percentage) =>
      io.stderr(`scalewise: ${percentage !== undefined ? `[${percentage}%] ` : ''}${terminalSafe(message)}\n`),
    signal: io.interrupts?.() ?? new AbortController().signal,
  };
  const result = await action.run(plan, env, progress);
  if (!result.ok) {
    printFailure(io, result);
    return 1;
  }
  io.stdout(`${terminalSafe(result.message)}\n`);
  for (const d of result.details) io.stdout(`  ${terminalSafe(d)}\n`);
  return 0;
}

/**
 * The process's terminal, for `main` in cli.ts. Ctrl-C while planning ends the process (nothing
 * has changed yet); at the prompt it answers no; while the action runs it cancels (the action
 * says what was already done), and a second Ctrl-C ends the process.
 */
export function processScaleIO(): ScaleIO {
  return {
    interrupts: () => {
      const controller = new AbortController();
      process.on('SIGINT', () => {
        if (controller.signal.aborted) process.exit(130);
        controller.abort();
      });
      return controller.signal;
    },
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    ask: (question) =>
      new Promise((resolve) => {
        const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
        rl.on('SIGINT', () => rl.close());
        rl.question(question, (answer) => {
          rl.close();
          resolve(answer);
        });
        rl.once('close', () => resolve(''));
      }),
  };
}
