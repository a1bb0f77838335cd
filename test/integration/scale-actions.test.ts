/**
 * `scalewise scale compose` and `scalewise scale swarm` on the real Docker Engine: the built CLI
 * (server/out/cli.js) is spawned with an argument array, stdin closed (so never a terminal), and
 * every count is checked with docker itself. Needs scripts/docker-setup.sh (see README, "Testing").
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import {
  composeProject,
  composeToolsOrFail,
  IMAGE,
  ok,
  requireEngine,
  requireSwarm,
  RUN_PREFIX,
  run,
  waitFor,
} from '../helpers/docker-engine';
import { repoRoot } from '../helpers/lsp-client';

const CLI = path.join(repoRoot(), 'server/out/cli.js');
const TOOLS = composeToolsOrFail();

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a script runs it: argv, stdin not a terminal, its own environment when given. */
function scalewise(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'scale', ...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const show = (r: CliRun) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

function tempDir(t: TestContext, tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scalewise-scale-${tag}-`));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A folder whose `docker` and `docker-compose` note each call in a log, then run the real program:
 * a test can then prove that nothing reached docker at all.
 */
function recordingPath(t: TestContext): { env: NodeJS.ProcessEnv; log: string } {
  const dir = tempDir(t, 'path');
  const log = path.join(dir, 'calls.log');
  for (const name of ['docker', 'docker-compose']) {
    const real = (process.env.PATH ?? '')
      .split(path.delimiter)
      .map((d) => path.join(d, name))
      .find((p) => fs.existsSync(p));
    const script = real
      ? `#!/bin/sh\nprintf '%s\\n' "${name} $*" >>'${log}'\nexec '${real}' "$@"\n`
      : `#!/bin/sh\nprintf '%s\\n' "${name} $*" >>'${log}'\nexit 127\n`;
    fs.writeFileSync(path.join(dir, name), script, { mode: 0o755 });
  }
  return { env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` }, log };
}

const webService = (extra = ''): string =>
  `services:\n  web:\n    image: ${IMAGE}\n    command: ["/bin/sleep", "3600"]\n${extra}`;

/** All containers of a project, running or not (a blocked plan must have made none). */
async function allContainers(project: string): Promise<string[]> {
  const r = await ok(['docker', 'ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
  return r.stdout.split(/\s+/).filter(Boolean);
}

for (const tool of TOOLS) {
  describe(`scalewise scale compose on ${tool.label}`, () => {
    test('scales web from 1 to 3 with --yes: three running containers, the first one kept', async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'scl3');
      p.write(webService());
      await ok(p.argv('up', '-d'), { cwd: p.dir });
      const [first] = await p.waitRunning('web', 1);

      const r = await scalewise(['compose', 'web=3', '-f', p.file, '-p', p.name, '--yes'], { cwd: p.dir });
      t.diagnostic(`$ scalewise scale compose web=3 -f ${p.file} -p ${p.name} --yes\n${show(r)}`);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^Scale Compose service web: 1 → 3$/m, show(r));
      assert.match(r.stdout, new RegExp(`^Project: ${p.name}$`, 'm'));
      assert.match(
        r.stdout,
        tool.generation === 1 ? /^Compose: docker-compose \(Compose v1 /m : /^Compose: docker compose/m,
      );
      assert.ok(
        r.stdout.includes(`-f ${p.file} -p ${p.name} up -d --no-recreate --scale web=3`),
        `the plan shows the exact command:\n${show(r)}`,
      );
      assert.match(r.stdout, /→ 3 running containers/);
      assert.match(r.stderr, /running .*--scale web=3/, 'progress goes to stderr');
      const ids = await p.running('web');
      assert.equal(ids.length, 3, `docker ps shows 3 running containers of web:\n${show(r)}`);
      assert.ok(
        ids.some((id) => first!.startsWith(id) || id.startsWith(first!)),
        '--no-recreate kept the first container',
      );
    });

    test('--dry-run prints the plan, exits 0 and changes nothing', async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'dry');
      p.write(webService());
      await ok(p.argv('up', '-d'), { cwd: p.dir });
      const before = await p.waitRunning('web', 1);

      const r = await scalewise(['compose', 'web=2', '-f', p.file, '-p', p.name, '--dry-run'], { cwd: p.dir });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^Scale Compose service web: 1 → 2$/m);
      // Will it fit, against the engine's own host (docker info): its CPUs and memory named.
      assert.match(r.stdout, /^Will it fit\? fits\b.*\(the 1 added container\)$/m, show(r));
      assert.match(r.stdout, /this Docker host \(\d+ CPUs, [\d.]+ GiB/, show(r));
      assert.match(r.stdout, /^Runs:$/m);
      assert.deepEqual(await p.running('web'), before, 'the same single container');
      assert.deepEqual((await allContainers(p.name)).length, 1);
    });

    test('without --yes and without a terminal it refuses and changes nothing', async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'notty');
      p.write(webService());
      await ok(p.argv('up', '-d'), { cwd: p.dir });
      const before = await p.waitRunning('web', 1);

      const r = await scalewise(['compose', 'web=2', '-f', p.file, '-p', p.name], { cwd: p.dir });
      assert.equal(r.code, 1, show(r));
      assert.match(r.stdout, /^Scale Compose service web: 1 → 2$/m, 'the plan is shown first');
      assert.match(r.stderr, /not a terminal.*--yes/, show(r));
      assert.deepEqual(await p.running('web'), before);
    });

    test('a plan a rule blocks (container_name, a fixed host port) runs nothing, even with --yes', async (t) => {
      await requireEngine();
      const cases = [
        {
          tag: 'blkname',
          extra: (name: string) => `    container_name: ${name}-fixed\n`,
          finding: /container_name/,
          fix: /Quick fix: Remove container_name/,
        },
        {
          tag: 'blkport',
          extra: () => '    ports:\n      - "18999:80"\n',
          finding: /publishes host port 18999/,
          fix: /Quick fix: Publish only the container port/,
        },
      ];
      for (const c of cases) {
        const p = composeProject(t, tool, c.tag);
        p.write(webService(c.extra(p.name)));
        const calls = recordingPath(t);
        const r = await scalewise(['compose', 'web=2', '-f', p.file, '-p', p.name, '--yes'], {
          cwd: p.dir,
          env: calls.env,
        });
        assert.equal(r.code, 1, show(r));
        assert.match(r.stdout, /^Refused: /m, show(r));
        assert.match(r.stdout, c.finding);
        assert.match(r.stdout, c.fix);
        assert.deepEqual(await allContainers(p.name), [], 'no container was created');
        const called = fs.existsSync(calls.log) ? fs.readFileSync(calls.log, 'utf8') : '';
        assert.doesNotMatch(called, /\bup\b/, `compose up never ran:\n${called}`);
      }
    });

    test('docker missing from PATH: one clear message', async (t) => {
      const p = composeProject(t, tool, 'nodk');
      p.write(webService());
      const empty = tempDir(t, 'empty');
      const r = await scalewise(['compose', 'web=2', '-f', p.file, '-p', p.name, '--yes'], {
        cwd: p.dir,
        env: { ...process.env, PATH: empty },
      });
      assert.equal(r.code, 1, show(r));
      assert.match(r.stderr, /^scalewise: The docker client was not found on PATH: install Docker/m, show(r));
      assert.equal(r.stderr.match(/^scalewise: /gm)?.length, 1, `one message:\n${show(r)}`);
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    });

    test('daemon down (DOCKER_HOST at a socket that does not exist): one clear message, nothing changed', async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'down');
      p.write(webService());
      await ok(p.argv('up', '-d'), { cwd: p.dir });
      const before = await p.waitRunning('web', 1);
      const r = await scalewise(['compose', 'web=3', '-f', p.file, '-p', p.name, '--yes'], {
        cwd: p.dir,
        env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
      });
      assert.equal(r.code, 1, show(r));
      assert.match(
        r.stderr,
        /^scalewise: The Docker daemon does not answer at DOCKER_HOST=unix:\/\/\/nonexistent\.sock: start it/m,
        show(r),
      );
      assert.equal(r.stderr.match(/^scalewise: /gm)?.length, 1, `one message:\n${show(r)}`);
      assert.deepEqual(await p.running('web'), before, 'the real daemon still runs the one container');
    });
  });
}

describe('names with shell metacharacters are refused before any docker call', () => {
  test('service, project and Swarm names', async (t) => {
    const dir = tempDir(t, 'inject');
    const file = path.join(dir, 'docker-compose.yml');
    fs.writeFileSync(file, webService());
    const marker = path.join(dir, 'pwned');
    const cases: { args: string[]; says: RegExp }[] = [
      { args: ['compose', `web;touch ${marker}=2`, '-f', file, '-p', 'ok'], says: /not a Compose service name/ },
      { args: ['compose', `$(touch ${marker})=2`, '-f', file, '-p', 'ok'], says: /not a Compose service name/ },
      { args: ['compose', '$(id)=2', '-f', file, '-p', 'ok'], says: /not a Compose service name/ },
      { args: ['compose', 'web`id`=2', '-f', file, '-p', 'ok'], says: /not a Compose service name/ },
      { args: ['compose', 'web=2', '-f', file, '-p', 'a b'], says: /not a Compose project name/ },
      { args: ['compose', 'web=2', '-f', file, '-p', `x;touch ${marker}`], says: /not a Compose project name/ },
      { args: ['compose', 'web=2', '-f', file, '-p', '$(id)'], says: /not a Compose project name/ },
      { args: ['swarm', `web;touch ${marker}=2`], says: /not a Swarm service name/ },
      { args: ['swarm', '$(id)=2'], says: /not a Swarm service name/ },
    ];
    for (const c of cases) {
      const calls = recordingPath(t);
      const r = await scalewise([...c.args, '--yes'], { cwd: dir, env: calls.env });
      assert.equal(r.code, 1, `${c.args.join(' ')}:\n${show(r)}`);
      assert.match(r.stderr, c.says, show(r));
      assert.ok(
        !fs.existsSync(calls.log),
        `no docker call for ${c.args.join(' ')}:\n${fs.existsSync(calls.log) ? fs.readFileSync(calls.log, 'utf8') : ''}`,
      );
      assert.ok(!fs.existsSync(marker), 'the marker file was never created');
    }
  });
});

describe('scalewise scale swarm on a one-node Swarm', () => {
  /** A replicated (or global) service of the run, removed after the test. */
  async function service(t: TestContext, tag: string, ...flags: string[]): Promise<string> {
    const name = `${RUN_PREFIX}${tag}`;
    await ok(['docker', 'service', 'create', '--detach', '--name', name, ...flags, IMAGE, '/bin/sleep', '3600']);
    t.after(async () => {
      await run(['docker', 'service', 'rm', name]);
      const left = (
        await run(['docker', 'ps', '-aq', '--filter', `label=com.docker.swarm.service.name=${name}`])
      ).stdout
        .split(/\s+/)
        .filter(Boolean);
      if (left.length) await run(['docker', 'rm', '-f', ...left]);
    });
    return name;
  }

  async function replicas(name: string): Promise<string> {
    return (
      await ok(['docker', 'service', 'ls', '--filter', `name=${name}`, '--format', '{{.Name}} {{.Replicas}}'])
    ).stdout
      .split('\n')
      .find((l) => l.startsWith(`${name} `))!
      .split(' ')[1]!;
  }

  test('scales a replicated service from 1 to 2 with --yes and reports progress until converged', async (t) => {
    await requireSwarm();
    const name = await service(t, 'swweb', '--replicas', '1');
    await waitFor(`${name} at 1/1`, 120_000, async () => (await replicas(name)) === '1/1');

    const r = await scalewise(['swarm', `${name}=2`, '--yes'], { cwd: os.tmpdir() });
    t.diagnostic(`$ scalewise scale swarm ${name}=2 --yes\n${show(r)}`);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, new RegExp(`^Scale Swarm service ${name}: 1 → 2$`, 'm'));
    assert.ok(r.stdout.includes(`docker service scale --detach ${name}=2`), show(r));
    assert.match(r.stderr, /2\/2 running/, 'progress until converged');
    assert.equal(await replicas(name), '2/2');
    const tasks = await ok([
      'docker',
      'service',
      'ps',
      '--filter',
      'desired-state=running',
      '--format',
      '{{.CurrentState}}',
      name,
    ]);
    assert.equal(tasks.stdout.split('\n').filter((l) => l.startsWith('Running')).length, 2, tasks.stdout);
  });

  test('a global service is refused and left as it is', async (t) => {
    await requireSwarm();
    const name = await service(t, 'swglob', '--mode', 'global');
    const r = await scalewise(['swarm', `${name}=2`, '--yes'], { cwd: os.tmpdir() });
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /Refused: .*a global service runs one task per node; it cannot be scaled/, show(r));
    const mode = await ok(['docker', 'service', 'inspect', '--format', '{{if .Spec.Mode.Global}}global{{end}}', name]);
    assert.equal(mode.stdout.trim(), 'global');
  });

  test('daemon down: one clear message', async () => {
    const r = await scalewise(['swarm', `${RUN_PREFIX}none=2`, '--yes'], {
      cwd: os.tmpdir(),
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    assert.equal(r.code, 1, show(r));
    assert.match(
      r.stderr,
      /^scalewise: The Docker daemon does not answer at DOCKER_HOST=unix:\/\/\/nonexistent\.sock/m,
    );
    assert.equal(r.stderr.match(/^scalewise: /gm)?.length, 1, `one message:\n${show(r)}`);
  });
});
