/**
 * Scaling DRAKVUF Sandbox workers on this host (DOMAIN-FACTS §6). Two layouts, told apart by the
 * systemd unit files installed:
 *
 * - v0.19+ (`drakrun-worker@.service`): "enable and start services `drakrun-worker@2`,
 *   `drakrun-worker@3` and so on"; worker N analyses on `vm-N` with bridge `drakN`
 *   (CERT-Polska/drakvuf-sandbox@7c328ab:docs/usage/getting_started.rst, optional_features.rst).
 *   Postprocessing has no units of its own there.
 * - v0.18 (`drakrun@.service`, `drak-postprocess@.service`): `draksetup scale N` enables and starts
 *   `drakrun@1..N` and stops the rest, but "does not scale postprocessing": `drak-postprocess@N`
 *   are enabled one by one, at a "safe ratio of postprocess to drakrun workers" of 1:3
 *   (CERT-Polska/drakvuf-sandbox@v0.18.2:docs/usage/scaling.rst, drakrun/drakrun/draksetup.py).
 *
 * `plan` only reads (`systemctl list-unit-files`, `systemctl list-units`, `draksetup --help`);
 * `run` runs the plan's commands one by one, argv only, and stops at the first failure.
 */
import {
  failure,
  type ActionEnv,
  type ActionFailure,
  type ActionProgress,
  type ActionResult,
  type ExecResult,
  type ScaleAction,
  type ScalePlan,
  type ScaleSuccess,
} from './types';

export interface DrakrunScaleArgs {
  /** drakrun workers wanted (each one analyses in its own Xen VM). */
  workers: number;
  /** drak-postprocess workers wanted (v0.18 only); by default one per three workers (the documented 1:3). */
  postprocess?: number;
}

export type DrakrunLayout = 'current' | 'legacy';

/** What `run` needs: the argv of each step and the running units the plan was made against. */
interface DrakrunState {
  layout: DrakrunLayout;
  argv: string[][];
  workersRunning: number[];
  postprocessRunning: number[];
}

const WORKER_TEMPLATE = 'drakrun-worker@.service';
const LEGACY_TEMPLATE = 'drakrun@.service';
const POSTPROCESS_TEMPLATE = 'drak-postprocess@.service';

/**
 * The highest worker number of the v0.19 layout: worker N gets bridge `drakN` with 10.13.N.1/24
 * (optional_features.rst), so N must be one octet of a host address (an inference, DOMAIN-FACTS §6.1).
 */
export const MAX_WORKER_ID = 254;

/** "safe ratio of postprocess to drakrun workers to be 1:3" (v0.18.2 docs/usage/scaling.rst). */
export function postprocessFor(workers: number): number {
  return Math.max(1, Math.ceil(workers / 3));
}

/** An argv as one line a reader could paste into a shell (for display only: nothing is run through a shell). */
export function displayArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9@%_+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function notFound(program: string, why: string): ActionFailure {
  return failure('missing-tool', `${program} was not found on PATH: ${why}`);
}

const SYSTEMCTL_WHY = 'DRAKVUF Sandbox runs its workers as systemd units; run this on the Xen host that runs them.';

/** Runs a read-only command; a program that is not there or a systemd that does not answer is a failure. */
async function read(env: ActionEnv, argv: string[], why: string): Promise<ExecResult | ActionFailure> {
  const r = await env.exec(argv[0]!, argv.slice(1), { cwd: env.cwd, timeoutMs: 15_000 });
  if (r.error?.code === 'ENOENT') return notFound(argv[0]!, why);
  // systemctl list-unit-files exits 1 without a word when no unit file matches (systemd 252): that is
  // an answer. A failure says why on stderr ("System has not been booted with systemd", "Failed to connect to bus").
  if (r.code !== 0 && r.stdout.trim() === '' && r.stderr.trim() !== '') {
    return failure('unreachable', `${displayArgv(argv)} failed (exit ${r.code ?? 'signal'}): ${firstLine(r.stderr)}`, [
      ...lines(r.stderr),
    ]);
  }
  return r;
}

function firstLine(text: string): string {
  return lines(text)[0] ?? 'no output';
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

/** The instance numbers of a template's units that are active, from `systemctl list-units --all --plain --no-legend`. */
export function runningInstances(listUnits: string, template: string): number[] {
  const prefix = template.replace(/\.service$/, '').replace(/@$/, '');
  const out: number[] = [];
  for (const line of lines(listUnits)) {
    // UNIT LOAD ACTIVE SUB DESCRIPTION; a leading marker (● for a failed unit) when --plain is not honoured.
    const cols = line.replace(/^[^\w]+\s*/, '').split(/\s+/);
    const m = new RegExp(`^${prefix.replace(/[-.]/g, '\\$&')}@(\\d+)\\.service$`).exec(cols[0] ?? '');
    if (m && cols[2] === 'active') out.push(Number(m[1]));
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

async function listRunning(env: ActionEnv, template: string): Promise<number[] | ActionFailure> {
  const pattern = template.replace('@.service', '@*.service');
  const r = await read(
    env,
    ['systemctl', 'list-units', '--all', '--plain', '--no-legend', '--no-pager', pattern],
    SYSTEMCTL_WHY,
  );
  return 'ok' in r ? r : runningInstances(r.stdout, template);
}

/** Which templates are installed, from `systemctl list-unit-files`. */
async function installedTemplates(env: ActionEnv): Promise<Set<string> | ActionFailure> {
  const r = await read(
    env,
    [
      'systemctl',
      'list-unit-files',
      '--no-legend',
      '--no-pager',
      WORKER_TEMPLATE,
      LEGACY_TEMPLATE,
      POSTPROCESS_TEMPLATE,
    ],
    SYSTEMCTL_WHY,
  );
  if ('ok' in r) return r;
  return new Set(lines(r.stdout).map((l) => l.split(/\s+/)[0]!));
}

/** `systemctl enable --now UNIT@n` for the wanted ones not running, `disable --now` for running ones above the count (highest first). */
function unitSteps(unit: string, running: readonly number[], wanted: number): string[][] {
  const steps: string[][] = [];
  for (let n = 1; n <= wanted; n++)
    if (!running.includes(n)) steps.push(['systemctl', 'enable', '--now', `${unit}@${n}`]);
  for (const n of [...running].reverse()) if (n > wanted) steps.push(['systemctl', 'disable', '--now', `${unit}@${n}`]);
  return steps;
}

function isCount(n: unknown, min: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min;
}

async function plan(args: DrakrunScaleArgs, env: ActionEnv): Promise<ActionResult<{ plan: ScalePlan }>> {
  if (!env.trusted)
    return failure('untrusted', 'Scaling drakrun workers is off in an untrusted workspace: trust the folder first.');
  const templates = await installedTemplates(env);
  if ('ok' in templates) return templates;
  const layout: DrakrunLayout | undefined = templates.has(WORKER_TEMPLATE)
    ? 'current'
    : templates.has(LEGACY_TEMPLATE)
      ? 'legacy'
      : undefined;
  if (!layout) {
    return failure(
      'not-found',
      `No drakrun units on this host: neither ${WORKER_TEMPLATE} (DRAKVUF Sandbox v0.19+) nor ${LEGACY_TEMPLATE} (v0.18) is installed.`,
    );
  }
  const warnings: string[] = [];
  // draksetup scale refuses below 1 ("Invalid value of scale parameter. Must be at least 1."); units can all stop.
  const minWorkers = layout === 'legacy' ? 1 : 0;
  if (!isCount(args.workers, minWorkers))
    return failure(
      'invalid',
      `The worker count must be a whole number of at least ${minWorkers}, not ${String(args.workers)}.`,
    );
  if (layout === 'current' && args.workers > MAX_WORKER_ID)
    return failure(
      'invalid',
      `drakrun-worker@N uses bridge drakN with 10.13.N.1/24, so N cannot go past ${MAX_WORKER_ID}; ${args.workers} workers do not fit.`,
    );
  if (args.postprocess !== undefined && !isCount(args.postprocess, 0))
    return failure('invalid', `The postprocess count must be a whole number, not ${String(args.postprocess)}.`);

  const workersRunning = await listRunning(env, layout === 'current' ? WORKER_TEMPLATE : LEGACY_TEMPLATE);
  if ('ok' in workersRunning) return workersRunning;
  let postprocessRunning: number[] = [];
  const argv: string[][] = [];
  let postprocess: number | undefined;

  if (layout === 'current') {
    if (templates.has(LEGACY_TEMPLATE))
      warnings.push(`${LEGACY_TEMPLATE} (v0.18) is installed too; only the v0.19+ drakrun-worker@N units are scaled.`);
    if (args.postprocess !== undefined)
      warnings.push('DRAKVUF Sandbox v0.19+ has no drak-postprocess units: the postprocess count is not used.');
    for (const step of unitSteps('drakrun-worker', workersRunning, args.workers)) argv.push(step);
    warnings.push(
      'Each drakrun-worker@N analyses on vm-N: with more workers, Xen needs memory for every VM (dom0_mem, install.json).',
    );
  } else {
    const help = await read(
      env,
      ['draksetup', '--help'],
      'the DRAKVUF Sandbox v0.18 layout scales with `draksetup scale N`.',
    );
    if ('ok' in help) return help;
    if (!/^\s*scale\b/m.test(help.stdout))
      return failure('missing-tool', 'This draksetup has no scale command (it came with DRAKVUF Sandbox v0.18).');
    argv.push(['draksetup', 'scale', String(args.workers)]);
    postprocess = args.postprocess ?? postprocessFor(args.workers);
    if (args.postprocess !== undefined && args.postprocess < postprocessFor(args.workers))
      warnings.push(
        `${args.postprocess} postprocess workers for ${args.workers} drakrun workers is below the documented 1:3 ratio (${postprocessFor(args.workers)}).`,
      );
    if (templates.has(POSTPROCESS_TEMPLATE)) {
      const pp = await listRunning(env, POSTPROCESS_TEMPLATE);
      if ('ok' in pp) return pp;
      postprocessRunning = pp;
      for (const step of unitSteps('drak-postprocess', postprocessRunning, postprocess)) argv.push(step);
    } else {
      warnings.push(
        `${POSTPROCESS_TEMPLATE} is not installed here (postprocessing runs on another host): run ${postprocess} drak-postprocess workers there.`,
      );
    }
  }

  const state: DrakrunState = { layout, argv, workersRunning, postprocessRunning };
  const where =
    layout === 'current'
      ? [{ label: 'Layout', value: 'DRAKVUF Sandbox v0.19+ (drakrun-worker@N units)' }]
      : [{ label: 'Layout', value: 'DRAKVUF Sandbox v0.18 (draksetup scale, drakrun@N, drak-postprocess@N)' }];
  where.push({ label: 'Host', value: 'this machine (systemd)' });
  if (postprocess !== undefined)
    where.push({
      label: 'Postprocess',
      value: `${postprocessRunning.length} → ${postprocess} (1:3 of ${args.workers})`,
    });
  return {
    ok: true,
    plan: {
      system: 'drakrun',
      target: 'drakrun workers',
      where,
      current: workersRunning.length,
      desired: args.workers,
      steps: argv.map(displayArgv),
      fit: {
        verdict: 'unknown',
        text: 'unknown: each worker runs a Xen VM, and Scalewise does not read the host’s Xen memory',
      },
      warnings,
      state: state as unknown as Record<string, unknown>,
    },
  };
}

/**
 * The only commands a drakrun plan holds. The plan crosses LSP to the client and back, so `run`
 * checks each argv against these before it runs anything: a changed plan cannot run another program.
 */
export function isPlannedCommand(argv: unknown): argv is string[] {
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return false;
  const line = argv.join(' ');
  return (
    /^draksetup scale [1-9]\d{0,3}$/.test(line) ||
    /^systemctl (enable|disable) --now (drakrun-worker|drak-postprocess)@[1-9]\d{0,3}$/.test(line)
  );
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function run(p: ScalePlan, env: ActionEnv, progress: ActionProgress): Promise<ActionResult<ScaleSuccess>> {
  if (!env.trusted)
    return failure('untrusted', 'Scaling drakrun workers is off in an untrusted workspace: trust the folder first.');
  const state = p.state as unknown as DrakrunState;
  if (
    !state ||
    !Array.isArray(state.argv) ||
    !state.argv.every(isPlannedCommand) ||
    !Array.isArray(state.workersRunning) ||
    (state.layout !== 'current' && state.layout !== 'legacy')
  )
    return failure('invalid', 'This is not a drakrun scale plan (or it was changed): nothing was run. Plan again.');
  // What the plan was shown against must still hold: someone else may have started or stopped workers.
  const now = await listRunning(env, state.layout === 'current' ? WORKER_TEMPLATE : LEGACY_TEMPLATE);
  if ('ok' in now) return now;
  if (!sameList(now, state.workersRunning)) {
    return failure(
      'conflict',
      `The running workers changed since the plan was shown (${state.workersRunning.length} → ${now.length}); nothing was run. Plan again.`,
    );
  }
  const done: string[] = [];
  for (let i = 0; i < state.argv.length; i++) {
    const argv = state.argv[i]!;
    const shown = displayArgv(argv);
    const rest = state.argv.slice(i).map(displayArgv);
    if (progress.signal.aborted) return failure('cancelled', `Cancelled before ${shown}.`, summary(done, rest));
    progress.report(shown, Math.round((i / state.argv.length) * 100));
    env.log(`$ ${shown}`);
    const r = await env.exec(argv[0]!, argv.slice(1), { cwd: env.cwd, signal: progress.signal });
    if (r.error?.code === 'ENOENT') {
      const f = notFound(argv[0]!, argv[0] === 'draksetup' ? 'it ran when the plan was made.' : SYSTEMCTL_WHY);
      return { ...f, details: summary(done, rest) };
    }
    if (r.code !== 0) {
      return failure('error', `${shown} failed (exit ${r.code ?? 'signal'}): ${firstLine(r.stderr)}`, [
        ...lines(r.stderr).map((l) => `stderr: ${l}`),
        ...summary(done, rest),
      ]);
    }
    done.push(shown);
  }
  progress.report('done', 100);
  const after = await listRunning(env, state.layout === 'current' ? WORKER_TEMPLATE : LEGACY_TEMPLATE);
  const count = 'ok' in after ? undefined : after.length;
  return {
    ok: true,
    message: `drakrun workers: ${state.workersRunning.length} → ${p.desired}${count === undefined ? '' : `, ${count} running`}.`,
    details: done.length > 0 ? done.map((d) => `ran: ${d}`) : ['nothing to run: already at the count'],
  };
}

/** What was done and what was not, for a run that stopped. */
function summary(done: readonly string[], notRun: readonly string[]): string[] {
  return [
    done.length > 0 ? `Already done: ${done.join('; ')}` : 'Nothing before it was run.',
    ...(notRun.length > 0 ? [`Not run: ${notRun.join('; ')}`] : []),
  ];
}

export const drakrunScale: ScaleAction<DrakrunScaleArgs> = { system: 'drakrun', plan, run };
