/**
 * `scalewise scale` argument handling, without Docker: usage errors exit 2 before anything runs,
 * a system this build has no executor for says so (exit 1), and the usage is reachable. The
 * scaling itself runs on the real engine in test/integration/scale-actions.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { changingCalls, standinHost, type StandinState } from '../helpers/drakrun-standins';
import { repoRoot } from '../helpers/lsp-client';

const CLI = path.join(repoRoot(), 'server/out/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-scale-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function scalewise(...args: string[]) {
  // No docker on this PATH: a usage error must be found before any program is looked for.
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

test('usage errors exit 2 with the scale usage', () => {
  const cases: [string[], RegExp][] = [
    [['scale'], /scale needs a system/],
    [['scale', 'nomad', 'web=2'], /unknown system "nomad"/],
    [['scale', 'compose', 'web'], /expected SERVICE=N, not "web"/],
    [['scale', 'compose', 'web=3.0', '-f', 'x.yml'], /must be a whole number, not "3.0"/],
    [['scale', 'compose', 'web=-1', '-f', 'x.yml'], /must be a whole number, not "-1"/],
    [['scale', 'compose', 'web=2'], /no compose\.yaml, .* here; give the file with -f FILE/],
    [['scale', 'compose', 'web=2', 'api=3', '-f', 'x.yml'], /takes one SERVICE=N/],
    [['scale', 'swarm', 'web=2', '--bogus'], /Unknown option '--bogus'/],
    [['scale', 'k8s', 'pod/x', '--replicas', '2'], /expected KIND\/NAME with KIND deployment/],
    [['scale', 'k8s', 'deploy/web'], /needs --replicas N/],
    [['scale', 'k8s', 'deploy/web', '--replicas', 'many'], /--replicas must be a whole number/],
    [['scale', 'drakrun'], /takes one N/],
    [['scale', 'drakrun', 'two'], /must be a whole number/],
  ];
  for (const [args, says] of cases) {
    const r = scalewise(...args);
    assert.equal(r.status, 2, `${args.join(' ')}:\n${r.stderr}`);
    assert.match(r.stderr, says, args.join(' '));
    assert.match(r.stderr, /^Usage:\n {2}scalewise scale compose SERVICE=N/m, 'the usage follows');
  }
});

/**
 * drakrun through the CLI, on stand-in systemctl / draksetup programs (DRAKVUF Sandbox needs a Xen
 * host, which the test machines are not; test/fixtures/drakrun-standins/ record every call).
 */
function drakrunHost(units: StandinState['units']) {
  const host = standinHost(dir, { unitFiles: ['drakrun-worker@.service'], units });
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      cwd: host.dir,
      encoding: 'utf8',
      env: host.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  return { run, changes: () => changingCalls(host.calls()) };
}

test('stand-ins: scale drakrun 3 --dry-run prints the plan and runs nothing; --yes runs exactly its commands', () => {
  const host = drakrunHost({ 'drakrun-worker@1.service': 'active' });
  const dry = host.run('scale', 'drakrun', '3', '--dry-run');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /^Scale drakrun workers: 1 → 3$/m);
  assert.match(dry.stdout, /^ {2}systemctl enable --now drakrun-worker@2$/m);
  assert.match(dry.stdout, /^ {2}systemctl enable --now drakrun-worker@3$/m);
  assert.deepEqual(host.changes(), [], 'a dry run changes nothing');

  const noTerminal = host.run('scale', 'drakrun', '3');
  assert.equal(noTerminal.status, 1, noTerminal.stderr);
  assert.deepEqual(host.changes(), [], 'without a terminal and without --yes nothing runs');

  const yes = host.run('scale', 'drakrun', '3', '--yes');
  assert.equal(yes.status, 0, yes.stderr);
  assert.deepEqual(host.changes(), [
    ['systemctl', 'enable', '--now', 'drakrun-worker@2'],
    ['systemctl', 'enable', '--now', 'drakrun-worker@3'],
  ]);
});

test('the usage: scalewise help scale, scale --help, and the general usage lists the verbs', () => {
  for (const args of [
    ['help', 'scale'],
    ['scale', '--help'],
    ['scale', 'compose', '--help'],
  ]) {
    const r = scalewise(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /scalewise scale swarm SERVICE=N \[--yes\] \[--dry-run\]/);
    assert.match(r.stdout, /--dry-run +Print the plan and exit 0/);
  }
  const general = scalewise('help');
  assert.match(general.stdout, /^ {2}scalewise scale SYSTEM \.\.\. /m);
  assert.match(
    general.stdout,
    /^ {6}k8s KIND\/NAME --replicas N \| --hpa-min N --hpa-max N \[--context C\] \[--namespace NS\] \[--yes\] \[--dry-run\]$/m,
  );
});
