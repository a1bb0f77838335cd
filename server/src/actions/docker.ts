/**
 * What the Compose and Swarm actions share: finding the `docker` client, asking whether its daemon
 * answers, telling Compose v2 (`docker compose`) from v1 (`docker-compose`), and the Docker context.
 * Every program runs through `env.exec` with an argument array; nothing here builds a shell string.
 */
import { failure, type ActionEnv, type ActionFailure, type ActionResult, type ExecResult } from './types';

/** A Compose CLI found on this machine, and how to run it. */
export interface ComposeCli {
  /** 2: the `docker compose` plugin (or a v2 `docker-compose`); 1: the Python `docker-compose` 1.x. */
  generation: 1 | 2;
  /** The program and its leading words: `['docker', 'compose']` or `['docker-compose']`. */
  argv: string[];
  version: string;
  /** For plans and messages: `docker compose (Compose v2 2.27.0)`, `docker-compose (Compose v1 1.29.2)`. */
  label: string;
}

/** The Docker daemon as the client sees it: versions and where it is reached. */
export interface DockerDaemon {
  clientVersion: string;
  serverVersion: string;
  /** `docker context show` (`default` when DOCKER_HOST is set or no context was chosen). */
  context: string;
  /** DOCKER_HOST when set: it overrides the context. */
  host?: string;
}

/** Reads of the daemon are quick; a deadline keeps a hung socket from hanging the action. */
export const READ_TIMEOUT_MS = 30_000;

export function docker(env: ActionEnv, args: readonly string[], timeoutMs = READ_TIMEOUT_MS): Promise<ExecResult> {
  return env.exec('docker', args, { cwd: env.cwd, timeoutMs });
}

/** The program could not be started at all: it is not on PATH (ENOENT) or not executable (EACCES). */
export function notStarted(r: ExecResult): boolean {
  return r.error !== undefined && (r.error.code === 'ENOENT' || r.error.code === 'EACCES');
}

export function missingDocker(env: ActionEnv): ActionFailure {
  return failure(
    'missing-tool',
    'The docker client was not found on PATH: install Docker (Debian: apt-get install docker.io; elsewhere Docker Engine or Docker Desktop) and try again.',
    [`PATH=${env.env.PATH ?? ''}`],
  );
}

/** Where the client looks for its daemon, for messages. */
function daemonAddress(env: ActionEnv): string {
  return env.env.DOCKER_HOST ? `DOCKER_HOST=${env.env.DOCKER_HOST}` : 'the current Docker context';
}

/** A failure from a docker command whose daemon may be gone: says `daemon-down` when it is. */
export function daemonFailure(env: ActionEnv, r: ExecResult, what: string): ActionFailure {
  const said = (r.stderr || r.stdout).trim();
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connect: no such file/i.test(
      said,
    )
  )
    return failure(
      'daemon-down',
      `The Docker daemon does not answer at ${daemonAddress(env)}: start it (systemctl start docker, or dockerd) or point DOCKER_HOST or \`docker context use\` at a running one. Nothing was changed.`,
      said ? [said] : undefined,
    );
  if (r.code === null && !r.error)
    return failure(
      'timeout',
      `${what} did not finish in time (${daemonAddress(env)}); nothing more was run.`,
      said ? [said] : undefined,
    );
  return failure('error', `${what} failed (exit ${r.code ?? 'signal'}).`, said ? [said] : undefined);
}

/**
 * The client on PATH and a daemon that answers, checked before anything else runs: one clear
 * `missing-tool` or `daemon-down` instead of a half-run plan.
 */
export async function checkDocker(env: ActionEnv): Promise<ActionResult<{ daemon: DockerDaemon }>> {
  const r = await docker(env, ['version', '--format', '{{.Client.Version}}|{{.Server.Version}}']);
  if (notStarted(r)) return missingDocker(env);
  const [clientVersion = '', serverVersion = ''] = r.stdout.trim().split('|');
  if (r.code !== 0 || serverVersion === '') {
    const f = daemonFailure(env, r, '`docker version`');
    // A client that answers without a server is a daemon that does not answer, whatever it printed.
    return f.reason === 'error'
      ? {
          ...f,
          reason: 'daemon-down',
          message: `The Docker daemon does not answer at ${daemonAddress(env)}: start it or point DOCKER_HOST or \`docker context use\` at a running one. Nothing was changed.`,
        }
      : f;
  }
  const context = await dockerContext(env);
  return {
    ok: true,
    daemon: {
      clientVersion,
      serverVersion,
      context,
      ...(env.env.DOCKER_HOST ? { host: env.env.DOCKER_HOST } : {}),
    },
  };
}

/** `docker context show`; `default` when the client is too old to have it. */
export async function dockerContext(env: ActionEnv): Promise<string> {
  const r = await docker(env, ['context', 'show']);
  return r.code === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : 'default';
}

/** The plan's "where" lines for the daemon: the context, and DOCKER_HOST when it overrides it. */
export function daemonFields(daemon: DockerDaemon): { label: string; value: string }[] {
  return [
    { label: 'Docker context', value: daemon.context },
    ...(daemon.host ? [{ label: 'Docker host', value: `${daemon.host} (DOCKER_HOST)` }] : []),
    { label: 'Docker Engine', value: daemon.serverVersion },
  ];
}

/** `2.27.0` from `v2.27.0`, `2.27.0-desktop.1`, `docker-compose version 1.29.2, build unknown`. */
function versionOf(text: string): string {
  return /(\d+\.\d+(?:\.\d+)?[^\s,]*)/.exec(text)?.[1] ?? text.trim();
}

/**
 * The Compose to use: the v2 plugin (`docker compose version`) when present, else `docker-compose`
 * (`docker-compose version`), which is v1 on Debian bookworm but a v2 binary on some systems; the
 * version says which. The label says which one was found, for the plan.
 */
export async function findCompose(env: ActionEnv): Promise<ActionResult<{ compose: ComposeCli }>> {
  const v2 = await docker(env, ['compose', 'version', '--short']);
  if (notStarted(v2)) return missingDocker(env);
  if (v2.code === 0 && v2.stdout.trim() !== '') {
    const version = versionOf(v2.stdout);
    return {
      ok: true,
      compose: { generation: 2, argv: ['docker', 'compose'], version, label: `docker compose (Compose v2 ${version})` },
    };
  }
  const v1 = await env.exec('docker-compose', ['version', '--short'], { cwd: env.cwd, timeoutMs: READ_TIMEOUT_MS });
  if (!notStarted(v1) && v1.code === 0 && v1.stdout.trim() !== '') {
    const version = versionOf(v1.stdout);
    const generation = version.startsWith('1.') ? 1 : 2;
    return {
      ok: true,
      compose: {
        generation,
        argv: ['docker-compose'],
        version,
        label: `docker-compose (Compose v${generation} ${version})`,
      },
    };
  }
  return failure(
    'missing-tool',
    'Neither `docker compose` (the Compose v2 plugin) nor `docker-compose` (Compose v1) was found: install the docker-compose-plugin package (or docker-compose) and try again.',
    [(v2.stderr || v2.stdout).trim(), (v1.stderr || v1.stdout || v1.error?.message || '').trim()].filter(Boolean),
  );
}

/** A command line for plans and logs; arguments with blanks or quotes are quoted so the line reads unambiguously. */
export function commandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Output lines of a program, blank lines dropped. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/**
 * Parses `--format json` output: a JSON array (Compose v2 before 2.21) or one object per line
 * (`docker service ls`, Compose v2.21 and later).
 */
export function jsonRecords(text: string): Record<string, unknown>[] {
  const t = text.trim();
  if (t === '') return [];
  if (t.startsWith('[')) {
    const parsed: unknown = JSON.parse(t);
    return Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : [];
  }
  return lines(t).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Rows of cells as aligned columns (two spaces apart), for the details of a result. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}
