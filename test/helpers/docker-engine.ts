/**
 * The real Docker Engine for test/integration: a private dockerd started by
 * scripts/docker-setup.sh, reached through DOCKER_HOST. Every command is spawned with an argument
 * array (never a shell string), stdin closed, with a deadline. Nothing here imitates Docker: when
 * no engine answers, the tests that need one fail with the reason.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import {
  applyFixes,
  lint,
  RULES_BY_ID,
  scanCommands,
  type Finding,
  type Fix,
  type LintResult,
} from '../../server/src/engine';
import { paragraph, prose } from '../../server/src/engine/template-text';

export const IMAGE = process.env.SCALEWISE_TEST_IMAGE ?? 'scalewise-test/tiny:latest';
/** Unique per run: every project, stack and service name starts with it. */
export const RUN_PREFIX = (process.env.SCALEWISE_DOCKER_RUN ?? `sw${Math.random().toString(36).slice(2, 10)}`)
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '');
const SETUP_HINT = paragraph(
  'run the suite through `bash scripts/docker-setup.sh --run node --test test/out/integration` (or `npm run',
  'test:engine`), which starts a private Docker Engine',
);

export interface Run {
  argv: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for matching texts that either stream may carry. */
  output: string;
  ms: number;
}

export function run(argv: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 180_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${argv.join(' ')}: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ argv, code, stdout, stderr, output: `${stdout}\n${stderr}`, ms: Date.now() - started });
    });
  });
}

/** Runs and fails the test when the command does not exit 0, showing what it said. */
export async function ok(argv: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  const r = await run(argv, opts);
  assert.equal(r.code, 0, `${argv.join(' ')} exited ${r.code}:\n${r.output}`);
  return r;
}

export function describeRun(r: Run): string {
  return `$ ${shellLine(r.argv)}\n(exit ${r.code}, ${r.ms} ms)\n${r.output.trim()}`;
}

/** A command as it would appear in a deploy script (for scanCommands and messages). */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

// ---------------------------------------------------------------- the engine

export interface EngineInfo {
  server: string;
  client: string;
  /** Major version of the docker client, which parses stack files for `docker stack deploy`. */
  clientMajor: number;
  swarm: boolean;
}

let engineInfo: Promise<EngineInfo> | undefined;

/** The engine, checked once: fails (never skips) when it is not there. */
export function requireEngine(): Promise<EngineInfo> {
  engineInfo ??= (async () => {
    if (!process.env.DOCKER_HOST)
      throw new Error(`DOCKER_HOST is not set: these tests need a real Docker Engine; ${SETUP_HINT}.`);
    let r: Run;
    try {
      r = await run(['docker', 'version', '--format', '{{.Server.Version}}|{{.Client.Version}}'], {
        timeoutMs: 30_000,
      });
    } catch (err) {
      throw new Error(`the docker client is missing (${(err as Error).message}); ${SETUP_HINT}.`);
    }
    if (r.code !== 0)
      throw new Error(
        `no Docker Engine answers at DOCKER_HOST=${process.env.DOCKER_HOST}:\n${r.output.trim()}\n${SETUP_HINT}.`,
      );
    const [server = '', client = ''] = r.stdout.trim().split('|');
    const img = await run(['docker', 'image', 'inspect', '--format', '{{.Id}}', IMAGE]);
    if (img.code !== 0)
      throw new Error(prose`
      the test image ${IMAGE} is not in the engine (no registry is reachable, so it is imported by
      scripts/docker-setup.sh); ${SETUP_HINT}.
    `);
    const swarm = (await run(['docker', 'info', '--format', '{{.Swarm.LocalNodeState}}'])).stdout.trim() === 'active';
    return { server, client, clientMajor: Number(client.split('.')[0]), swarm };
  })();
  return engineInfo;
}

export async function requireSwarm(): Promise<EngineInfo> {
  const info = await requireEngine();
  if (!info.swarm) throw new Error(`the engine at ${process.env.DOCKER_HOST} is not a Swarm manager; ${SETUP_HINT}.`);
  return info;
}

// ---------------------------------------------------------------- Compose (v1 and, when present, v2)

export interface ComposeTool {
  /** `Compose v1 1.29.2` or `Compose v2 2.x`: used in test names and assertion messages. */
  label: string;
  generation: 1 | 2;
  argv: string[];
}

/** The Compose CLIs on this machine, found synchronously so test names can carry them. */
export function composeTools(): ComposeTool[] {
  const tools: ComposeTool[] = [];
  const v1 = spawnSync('docker-compose', ['version', '--short'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Some distributions ship v2 as `docker-compose` too; the version tells them apart.
  if (v1.status === 0) {
    const version = v1.stdout.trim().replace(/^v/, '');
    if (version.startsWith('1.'))
      tools.push({ label: `Compose v1 ${version}`, generation: 1, argv: ['docker-compose'] });
  }
  const v2 = spawnSync('docker', ['compose', 'version', '--short'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (v2.status === 0)
    tools.push({
      label: `Compose v2 ${v2.stdout.trim().replace(/^v/, '')}`,
      generation: 2,
      argv: ['docker', 'compose'],
    });
  return tools;
}

/** Fails loudly when there is no Compose at all (the suite must not pass with nothing run). */
export function composeToolsOrFail(): ComposeTool[] {
  const tools = composeTools();
  return tools.length > 0 ? tools : [{ label: 'Compose (missing)', generation: 1, argv: ['docker-compose'] }];
}

export class ComposeProject {
  readonly name: string;
  readonly file: string;
  constructor(
    readonly tool: ComposeTool,
    readonly dir: string,
    tag: string,
    fileName = 'docker-compose.yml',
  ) {
    this.name = `${RUN_PREFIX}${tag}`.toLowerCase().replace(/[^a-z0-9]/g, '');
    this.file = path.join(dir, fileName);
  }

  /** `docker-compose -f FILE -p NAME ARGS...` */
  argv(...args: string[]): string[] {
    return [...this.tool.argv, '-f', path.basename(this.file), '-p', this.name, ...args];
  }

  write(text: string): void {
    fs.writeFileSync(this.file, text);
  }

  up(...extra: string[]): Promise<Run> {
    return run(this.argv('up', '-d', ...extra), { cwd: this.dir });
  }

  /** Removes everything of the project, even containers the current file no longer describes. */
  async down(): Promise<void> {
    if (fs.existsSync(this.file)) await run(this.argv('down', '-v', '--remove-orphans', '-t', '0'), { cwd: this.dir });
    const label = `label=com.docker.compose.project=${this.name}`;
    const left = (await run(['docker', 'ps', '-aq', '--filter', label])).stdout.split(/\s+/).filter(Boolean);
    if (left.length) await run(['docker', 'rm', '-f', '-v', ...left]);
    const nets = (await run(['docker', 'network', 'ls', '-q', '--filter', label])).stdout.split(/\s+/).filter(Boolean);
    if (nets.length) await run(['docker', 'network', 'rm', ...nets]);
  }

  /** Ids of the project's running containers for a service. */
  async running(service: string): Promise<string[]> {
    const r = await ok([
      'docker',
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${this.name}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
      '--filter',
      'status=running',
    ]);
    return r.stdout.split(/\s+/).filter(Boolean);
  }

  /** Waits until exactly `count` containers of the service are running (a state, not a sleep). */
  async waitRunning(service: string, count: number, deadlineMs = 90_000): Promise<string[]> {
    let ids: string[] = [];
    await waitFor(`${count} running containers of ${this.name}/${service}`, deadlineMs, async () => {
      ids = await this.running(service);
      return ids.length === count;
    });
    return ids;
  }
}

// ---------------------------------------------------------------- Swarm stacks

export class Stack {
  readonly name: string;
  readonly file: string;
  constructor(
    readonly dir: string,
    tag: string,
    fileName = 'stack.yml',
  ) {
    this.name = `${RUN_PREFIX}${tag}`.toLowerCase().replace(/[^a-z0-9]/g, '');
    this.file = path.join(dir, fileName);
  }

  argv(): string[] {
    return ['docker', 'stack', 'deploy', '-c', path.basename(this.file), this.name];
  }

  write(text: string): void {
    fs.writeFileSync(this.file, text);
  }

  deploy(): Promise<Run> {
    return run(this.argv(), { cwd: this.dir });
  }

  service(name: string): string {
    return `${this.name}_${name}`;
  }

  /** Waits until the service runs `count` of `count` replicas, per `docker service ls`. */
  async waitConverged(service: string, count: number, deadlineMs = 120_000): Promise<void> {
    const full = this.service(service);
    let last = '';
    await waitFor(
      `${full} to converge to ${count}/${count}`,
      deadlineMs,
      async () => {
        const r = await ok([
          'docker',
          'service',
          'ls',
          '--filter',
          `name=${full}`,
          '--format',
          '{{.Name}} {{.Replicas}}',
        ]);
        last = r.stdout.trim();
        return last.split('\n').some((l) => l.startsWith(`${full} `) && l.endsWith(` ${count}/${count}`));
      },
      async () =>
        `docker service ls: ${last}\n${(await run(['docker', 'service', 'ps', '--no-trunc', full])).output.trim()}`,
    );
  }

  async inspect(service: string, format: string): Promise<string> {
    return (await ok(['docker', 'service', 'inspect', '--format', format, this.service(service)])).stdout.trim();
  }

  /** Removes the stack and waits until its services, containers and networks are gone. */
  async remove(): Promise<void> {
    const label = `label=com.docker.stack.namespace=${this.name}`;
    await run(['docker', 'stack', 'rm', this.name]);
    // `sleep` as PID 1 ignores SIGTERM: without this every removal waits out the 10 s grace period.
    const tasks = (await run(['docker', 'ps', '-aq', '--filter', label])).stdout.split(/\s+/).filter(Boolean);
    if (tasks.length) await run(['docker', 'rm', '-f', '-v', ...tasks]);
    const gone = async (what: string[]): Promise<boolean> => (await run(what)).stdout.trim() === '';
    try {
      await waitFor(`stack ${this.name} to be removed`, 60_000, async () => {
        if (!(await gone(['docker', 'service', 'ls', '-q', '--filter', label]))) return false;
        const left = (await run(['docker', 'ps', '-aq', '--filter', label])).stdout.split(/\s+/).filter(Boolean);
        if (left.length) {
          await run(['docker', 'rm', '-f', '-v', ...left]);
          return false;
        }
        const nets = (await run(['docker', 'network', 'ls', '-q', '--filter', label])).stdout
          .split(/\s+/)
          .filter(Boolean);
        // A network whose last task just went away can take a moment to be released.
        if (nets.length) await run(['docker', 'network', 'rm', ...nets]);
        return gone(['docker', 'network', 'ls', '-q', '--filter', label]);
      });
    } catch {
      // scripts/docker-setup.sh removes whatever is left when the run ends.
    }
  }
}

// ---------------------------------------------------------------- waiting, ports, folders

export async function waitFor(
  what: string,
  deadlineMs: number,
  check: () => Promise<boolean>,
  explain?: () => Promise<string>,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${explain ? `\n${await explain()}` : ''}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '0.0.0.0', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/**
 * `count` consecutive free TCP ports, below the kernel's ephemeral range (32768+), where the
 * engine picks ports for container-only publishing.
 */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const start = 20000 + Math.floor(Math.random() * 12000);
    let all = true;
    for (let p = start; p < start + count && all; p++) all = await portFree(p);
    if (all) return start;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `scalewise-engine-${tag}-`));
}

/**
 * A Compose project in a fresh folder, removed (containers, networks, folder) after the test.
 * Project names start with `c`, stack names with `s`, so the two never share a network name.
 */
export function composeProject(t: TestContext, tool: ComposeTool, tag: string): ComposeProject {
  const p = new ComposeProject(tool, tempDir(tag), `c${tool.generation}${tag}`);
  t.after(async () => {
    await p.down();
    fs.rmSync(p.dir, { recursive: true, force: true });
  });
  return p;
}

/** A stack in a fresh folder, removed (services, task containers, networks, folder) after the test. */
export function swarmStack(t: TestContext, tag: string): Stack {
  const s = new Stack(tempDir(tag), `s${tag}`);
  t.after(async () => {
    await s.remove();
    fs.rmSync(s.dir, { recursive: true, force: true });
  });
  return s;
}

// ---------------------------------------------------------------- Scalewise on the same files

/**
 * The rule a real-engine test proves, checked when the test is defined: a renamed or removed rule
 * fails the suite (test/unit/integration-rules.test.ts checks the same ids without Docker).
 */
export function registeredRule(id: string): string {
  if (!RULES_BY_ID.has(id))
    throw new Error(
      `${id} is not a registered rule (renamed or removed?): the real-engine test that proves it must follow`,
    );
  return id;
}

/**
 * Lints `file` as the editor and the CLI would: the workspace facts come from a deploy script
 * beside it holding the very command the test runs (so `--scale web=2` and `docker stack deploy -c`
 * count). Fails the test when a rule throws.
 */
export function lintLikeTheWorkspace(file: string, script: string): LintResult {
  const scriptPath = path.join(path.dirname(file), 'deploy.sh');
  fs.writeFileSync(scriptPath, `#!/bin/sh\n${script}\n`);
  const workspace = scanCommands(scriptPath, fs.readFileSync(scriptPath, 'utf8'));
  const crashes: string[] = [];
  const result = lint(fs.readFileSync(file, 'utf8'), {
    uri: file,
    workspace,
    onRuleError: (id, err) => crashes.push(`${id}: ${(err as Error).stack ?? String(err)}`),
  });
  assert.deepEqual(crashes, [], 'no rule threw');
  return result;
}

export function findingsOf(result: LintResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** The one finding of the rule, failing with everything that was found when there is not exactly one. */
export function oneFinding(result: LintResult, ruleId: string): Finding {
  const found = findingsOf(result, ruleId);
  assert.equal(
    found.length,
    1,
    prose`
    expected one ${ruleId} finding in ${result.file.uri} (kind ${result.kind}), got:
    ${JSON.stringify(
      result.findings.map((f) => `${f.ruleId}: ${f.message}`),
      null,
      1,
    )}
  `,
  );
  return found[0]!;
}

/** The finding's fix whose title matches, or the one at that index. */
export function pickFix(finding: Finding, which: RegExp | number): Fix {
  const fix = typeof which === 'number' ? finding.fixes[which] : finding.fixes.find((f) => which.test(f.title));
  assert.ok(
    fix,
    `${finding.ruleId} offers a fix matching ${String(which)}; it offers: ${JSON.stringify(finding.fixes.map((f) => f.title))}`,
  );
  return fix;
}

/** Applies one fix to the file on disk and returns the new text. */
export function applyFixToFile(file: string, fix: Fix): string {
  const before = fs.readFileSync(file, 'utf8');
  const { text, applied } = applyFixes(before, [fix]);
  assert.equal(applied.length, 1, `the fix "${fix.title}" applies`);
  assert.notEqual(text, before, `the fix "${fix.title}" changes the file`);
  fs.writeFileSync(file, text);
  return text;
}
