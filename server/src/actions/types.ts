/**
 * Scale actions: what every executor (Kubernetes, Compose, Swarm, drakrun) shares with the three
 * places that drive them (the CLI, the language server's `workspace/executeCommand`, the VS Code
 * client through the server). An action is two steps: `plan` reads the current state (read-only) and
 * says exactly what would change; `run` changes it, only for a plan the user confirmed. Executors
 * never build shell strings: programs run with argument arrays (`ActionEnv.exec`).
 *
 * Lives in the server bundle beside `cluster/`; the engine knows nothing of it (no docker, no
 * network in the engine).
 */

export type ScaleSystem = 'kubernetes' | 'compose' | 'swarm' | 'drakrun';

/** Why an action stopped: each has one message naming what is missing and what to do. */
export type ActionFailureReason =
  | 'untrusted' // the workspace is not trusted: no action runs
  | 'invalid' // a name or number the real tool would refuse (DNS-1123, Compose service names, N < 0)
  | 'missing-tool' // docker, docker compose, draksetup, systemctl not found
  | 'daemon-down' // the Docker daemon does not answer
  | 'no-kubeconfig'
  | 'no-context'
  | 'unreachable' // cluster or daemon not reachable
  | 'unauthorized' // 401
  | 'forbidden' // 403 (RBAC)
  | 'not-found' // 404: the workload, service or file is not there
  | 'conflict' // 409, or the count changed since the plan was shown
  | 'timeout'
  | 'refused' // a blocker: a rule says this scale will fail, a global service, ...
  | 'cancelled' // the user said no or cancelled the progress
  | 'error';

/** A failure as a value: actions return it, never throw it at the caller. */
export interface ActionFailure {
  ok: false;
  reason: ActionFailureReason;
  /** One sentence: what happened, what is missing, what to do. */
  message: string;
  /** Extra lines for the output channel or stderr (the tool's own stderr, the finding and its fix). */
  details?: string[];
}

/** The "will it fit?" answer shown in every confirmation (never a refusal on its own). */
export interface FitAnswer {
  verdict: 'fits' | 'does-not-fit' | 'unknown';
  /** "fits with 35% headroom (CPU is the tightest)", "does not fit: short by 1.5 cores on every node", "unknown: no context and no declared nodes". */
  text: string;
  /** Where the capacity came from: "context prod (3 nodes, allocatable minus running pods' requests)" or ".scalewise.yaml cluster.nodes". */
  source?: string;
}

/** A place that says where the action acts: shown in this order in confirmations. */
export interface PlanField {
  label: string; // "Context", "Cluster", "Namespace", "Docker context", "Project", "File", "Host"
  value: string;
}

export interface ScalePlan {
  system: ScaleSystem;
  /** What is scaled, as the user knows it: `deployment/web`, Compose service `web`, Swarm `stack_web`, `drakrun workers`. */
  target: string;
  where: PlanField[];
  /** The count now (undefined when there is none yet, e.g. a Compose service not running). */
  current: number | undefined;
  desired: number;
  /** What will run, exactly: argv of each program (Docker, drakrun) or the API calls (Kubernetes), one line each. */
  steps: string[];
  fit?: FitAnswer;
  /** Shown, not blocking: "an HPA targets this Deployment and will override a manual count", ... */
  warnings: string[];
  /** Set for a protected context: the user must type this exact text to confirm. */
  typeToConfirm?: string;
  /** Set when the plan must not run; the message says why (a rule's finding with its quick fix, a global service). */
  blocked?: ActionFailure;
  /**
   * What `run` needs to do exactly what was shown (the scale's resourceVersion, the file and project,
   * the units). JSON-serialisable: the LSP sends the plan to the client and back.
   */
  state: Record<string, unknown>;
}

export interface ScaleSuccess {
  ok: true;
  /** One sentence: "deployment/web in prod/default: 2 → 3 replicas, 3 ready." */
  message: string;
  /** The containers or tasks after the scale, the events seen, the commands run. */
  details: string[];
}

export type ActionResult<T> = ({ ok: true } & T) | ActionFailure;

/** Output of a running program: never a shell, always argv. */
export interface ExecResult {
  code: number | null; // null: killed by a signal or not started
  stdout: string;
  stderr: string;
  /** Set when the program could not be started (ENOENT: not installed). */
  error?: NodeJS.ErrnoException;
}

export interface ActionEnv {
  /** From VS Code's `workspace.isTrusted` (sent by the client), or true for the CLI. False: every action returns `untrusted`. */
  trusted: boolean;
  cwd: string;
  /** PATH, KUBECONFIG, DOCKER_HOST, HOME... (tests pass their own). */
  env: NodeJS.ProcessEnv;
  /** Runs a program with an argument array (child_process.execFile, no shell). */
  exec(
    file: string,
    args: readonly string[],
    options?: { cwd?: string; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<ExecResult>;
  /** A line for the output channel (LSP) or stderr (CLI). */
  log(line: string): void;
}

/** Progress of `run`: a cancellable notification in VS Code, `window/workDoneProgress` in LSP, stderr lines in the CLI. */
export interface ActionProgress {
  report(message: string, percentage?: number): void;
  readonly signal: AbortSignal;
}

/**
 * One executor. `Args` are JSON (they cross LSP as `workspace/executeCommand` arguments).
 * `plan` changes nothing; `run` does only what the plan says, and re-checks what it read (a count
 * changed meanwhile is `conflict`, nothing overwritten).
 */
export interface ScaleAction<Args> {
  system: ScaleSystem;
  plan(args: Args, env: ActionEnv): Promise<ActionResult<{ plan: ScalePlan }>>;
  run(plan: ScalePlan, env: ActionEnv, progress: ActionProgress): Promise<ActionResult<ScaleSuccess>>;
}

export function failure(reason: ActionFailureReason, message: string, details?: string[]): ActionFailure {
  return { ok: false, reason, message, ...(details && details.length > 0 ? { details } : {}) };
}

/** The confirmation text every front end shows (CLI prompt, LSP showMessageRequest, VS Code modal). */
export function describePlan(plan: ScalePlan): string {
  const lines = [
    `Scale ${plan.target}: ${plan.current === undefined ? 'not running' : plan.current} → ${plan.desired}`,
    ...plan.where.map((f) => `${f.label}: ${f.value}`),
    `Will it fit? ${plan.fit ? plan.fit.text : 'unknown: not computed for this target'}`,
    ...(plan.fit?.source ? [`  against ${plan.fit.source}`] : []),
    ...plan.warnings.map((w) => `Warning: ${w}`),
    ...(plan.steps.length > 0 ? ['Runs:', ...plan.steps.map((s) => `  ${s}`)] : []),
  ];
  if (plan.blocked) lines.push(`Refused: ${plan.blocked.message}`);
  if (plan.typeToConfirm !== undefined) lines.push(`Protected: type "${plan.typeToConfirm}" to confirm.`);
  return lines.join('\n');
}
