/**
 * `drakrunScale` (server/src/actions/drakrun.ts). DRAKVUF Sandbox needs a Xen host with systemd,
 * which these test machines are not: every test here runs against STAND-INS, small node programs
 * (test/fixtures/drakrun-standins/) put on PATH as `systemctl` and `draksetup`, that answer from a
 * JSON state file and record each call's argv. The real action runs them through real processes
 * (child_process.execFile, no shell), so what is asserted is the exact argv the hosts would get.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { describePlan, type ActionEnv, type ActionProgress, type ExecResult } from '../../server/src/actions/types';
import { drakrunScale, postprocessFor } from '../../server/src/actions/drakrun';
import {
  changingCalls,
  standinHost as makeHost,
  type StandinHost,
  type StandinState,
} from '../helpers/drakrun-standins';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-drakrun-'));
after(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

interface Host extends Omit<StandinHost, 'env'> {
  env: ActionEnv;
}

/** A stand-in host (test/helpers/drakrun-standins.ts) and an ActionEnv whose programs run on it. */
function standinHost(state: StandinState, tools?: ('systemctl' | 'draksetup')[]): Host {
  const host = makeHost(tmpRoot, state, tools);
  const childEnv = host.env;
  const env: ActionEnv = {
    trusted: true,
    cwd: host.dir,
    env: childEnv,
    exec: (file, args, options) =>
      new Promise<ExecResult>((resolve) => {
        execFile(
          file,
          [...args],
          { env: childEnv, cwd: options?.cwd ?? host.dir, timeout: options?.timeoutMs, signal: options?.signal },
          (err, stdout, stderr) => {
            const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
            resolve({
              code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
              stdout: String(stdout),
              stderr: String(stderr),
              ...(e && e.code === 'ENOENT' ? { error: e } : {}),
            });
          },
        );
      }),
    log: () => {},
  };
  return { ...host, env };
}

function progress(): ActionProgress & { seen: string[] } {
  const seen: string[] = [];
  return { seen, report: (m) => seen.push(m), signal: new AbortController().signal };
}

const changing = changingCalls;

const CURRENT: StandinState = {
  unitFiles: ['drakrun-worker@.service', 'drakrun-web.service'],
  units: { 'drakrun-worker@1.service': 'active', 'drakrun-web.service': 'active' },
};
const LEGACY: StandinState = {
  unitFiles: ['drakrun@.service', 'drak-postprocess@.service'],
  units: { 'drakrun@1.service': 'active', 'drak-postprocess@1.service': 'active' },
};

describe('drakrunScale against stand-in systemctl/draksetup (DRAKVUF needs a Xen host)', () => {
  test('stand-ins: the v0.19+ layout (drakrun-worker@.service) is detected; the plan runs nothing', async () => {
    const host = standinHost(CURRENT);
    const r = await drakrunScale.plan({ workers: 3 }, host.env);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.plan.current, 1);
    assert.equal(r.plan.desired, 3);
    assert.deepEqual(r.plan.steps, [
      'systemctl enable --now drakrun-worker@2',
      'systemctl enable --now drakrun-worker@3',
    ]);
    assert.match(r.plan.where[0]!.value, /v0\.19\+/);
    assert.deepEqual(changing(host.calls()), [], 'planning changes nothing');
    assert.deepEqual(host.calls(), [
      [
        'systemctl',
        'list-unit-files',
        '--no-legend',
        '--no-pager',
        'drakrun-worker@.service',
        'drakrun@.service',
        'drak-postprocess@.service',
      ],
      ['systemctl', 'list-units', '--all', '--plain', '--no-legend', '--no-pager', 'drakrun-worker@*.service'],
    ]);
    assert.equal(host.units()['drakrun-worker@2.service'], undefined, 'a plan that is not run starts nothing');
  });

  test('stand-ins: run executes exactly the planned argv, one by one', async () => {
    const host = standinHost(CURRENT);
    const r = await drakrunScale.plan({ workers: 3 }, host.env);
    assert.ok(r.ok);
    const p = progress();
    const done = await drakrunScale.run(r.plan, host.env, p);
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(done.message, 'drakrun workers: 1 → 3, 3 running.');
    assert.deepEqual(changing(host.calls()), [
      ['systemctl', 'enable', '--now', 'drakrun-worker@2'],
      ['systemctl', 'enable', '--now', 'drakrun-worker@3'],
    ]);
    assert.deepEqual(p.seen, [
      'systemctl enable --now drakrun-worker@2',
      'systemctl enable --now drakrun-worker@3',
      'done',
    ]);
  });

  test('stand-ins: scaling the v0.19+ layout down disables the highest workers first', async () => {
    const host = standinHost({
      ...CURRENT,
      units: {
        'drakrun-worker@1.service': 'active',
        'drakrun-worker@2.service': 'active',
        'drakrun-worker@3.service': 'active',
      },
    });
    const r = await drakrunScale.plan({ workers: 1, postprocess: 2 }, host.env);
    assert.ok(r.ok);
    assert.deepEqual(r.plan.steps, [
      'systemctl disable --now drakrun-worker@3',
      'systemctl disable --now drakrun-worker@2',
    ]);
    assert.ok(r.plan.warnings.some((w) => /no drak-postprocess units/.test(w)));
  });

  test('stand-ins: the v0.18 layout (drakrun@.service) scales with draksetup and adds postprocess at 1:3', async () => {
    const host = standinHost(LEGACY);
    const r = await drakrunScale.plan({ workers: 7 }, host.env);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.plan.current, 1);
    assert.deepEqual(r.plan.steps, [
      'draksetup scale 7',
      'systemctl enable --now drak-postprocess@2',
      'systemctl enable --now drak-postprocess@3',
    ]);
    assert.deepEqual(
      r.plan.where.find((f) => f.label === 'Postprocess'),
      { label: 'Postprocess', value: '1 → 3 (1:3 of 7)' },
    );
    assert.deepEqual(changing(host.calls()), []);
    assert.ok(
      host.calls().some((c) => c[0] === 'draksetup' && c[1] === '--help'),
      'draksetup was looked for',
    );
    const done = await drakrunScale.run(r.plan, host.env, progress());
    assert.ok(done.ok, JSON.stringify(done));
    assert.deepEqual(changing(host.calls()), [
      ['draksetup', 'scale', '7'],
      ['systemctl', 'enable', '--now', 'drak-postprocess@2'],
      ['systemctl', 'enable', '--now', 'drak-postprocess@3'],
    ]);
    assert.equal(host.units()['drakrun@7.service'], 'active');
    assert.equal(done.message, 'drakrun workers: 1 → 7, 7 running.');
  });

  test('the documented 1:3 ratio of postprocess to drakrun workers (at least one)', () => {
    const table: [number, number][] = [
      [1, 1],
      [3, 1],
      [4, 2],
      [6, 2],
      [7, 3],
      [9, 3],
      [10, 4],
    ];
    for (const [workers, pp] of table) assert.equal(postprocessFor(workers), pp, `${workers} workers`);
  });

  test('stand-ins: fewer postprocess workers than 1:3 is shown as a warning, and stops the extra ones', async () => {
    const host = standinHost({
      ...LEGACY,
      units: { ...LEGACY.units, 'drak-postprocess@2.service': 'active', 'drak-postprocess@3.service': 'active' },
    });
    const r = await drakrunScale.plan({ workers: 9, postprocess: 1 }, host.env);
    assert.ok(r.ok);
    assert.deepEqual(r.plan.steps, [
      'draksetup scale 9',
      'systemctl disable --now drak-postprocess@3',
      'systemctl disable --now drak-postprocess@2',
    ]);
    assert.ok(
      r.plan.warnings.some((w) => /below the documented 1:3 ratio \(3\)/.test(w)),
      r.plan.warnings.join('\n'),
    );
  });

  test('stand-ins: a failure in the middle stops the run, names the command and its stderr, and says what was done', async () => {
    const host = standinHost({
      ...LEGACY,
      fail: {
        'systemctl enable --now drak-postprocess@2': { code: 1, stderr: 'Failed to enable unit: Access denied' },
      },
    });
    const r = await drakrunScale.plan({ workers: 7 }, host.env);
    assert.ok(r.ok);
    const done = await drakrunScale.run(r.plan, host.env, progress());
    assert.equal(done.ok, false);
    assert.ok(!done.ok);
    assert.equal(done.reason, 'error');
    assert.equal(
      done.message,
      'systemctl enable --now drak-postprocess@2 failed (exit 1): Failed to enable unit: Access denied',
    );
    assert.deepEqual(done.details, [
      'stderr: Failed to enable unit: Access denied',
      'Already done: draksetup scale 7',
      'Not run: systemctl enable --now drak-postprocess@2; systemctl enable --now drak-postprocess@3',
    ]);
    assert.deepEqual(changing(host.calls()), [
      ['draksetup', 'scale', '7'],
      ['systemctl', 'enable', '--now', 'drak-postprocess@2'],
    ]);
  });

  test('stand-ins: workers started or stopped since the plan: conflict, nothing run', async () => {
    const host = standinHost(CURRENT);
    const r = await drakrunScale.plan({ workers: 3 }, host.env);
    assert.ok(r.ok);
    host.setState({ ...CURRENT, units: { ...CURRENT.units, 'drakrun-worker@2.service': 'active' } });
    const done = await drakrunScale.run(r.plan, host.env, progress());
    assert.ok(!done.ok);
    assert.equal(done.reason, 'conflict');
    assert.deepEqual(changing(host.calls()), []);
  });

  test('stand-ins: no draksetup on PATH for the v0.18 layout is missing-tool', async () => {
    const host = standinHost(LEGACY, ['systemctl']);
    const r = await drakrunScale.plan({ workers: 2 }, host.env);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'missing-tool');
    assert.match(r.message, /^draksetup was not found on PATH/);
    assert.deepEqual(changing(host.calls()), []);
  });

  test('stand-ins: no systemctl on PATH is missing-tool', async () => {
    const host = standinHost(CURRENT, ['draksetup']);
    const r = await drakrunScale.plan({ workers: 2 }, host.env);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'missing-tool');
    assert.match(r.message, /^systemctl was not found on PATH/);
  });

  test('stand-ins: a plan changed on its way back (another program, a shell string) runs nothing', async () => {
    const host = standinHost(CURRENT);
    const r = await drakrunScale.plan({ workers: 2 }, host.env);
    assert.ok(r.ok);
    for (const argv of [
      ['sh', '-c', 'touch /tmp/pwned'],
      ['systemctl', 'enable', '--now', 'drakrun-worker@2; reboot'],
    ]) {
      const tampered = { ...r.plan, state: { ...r.plan.state, argv: [argv] } };
      const done = await drakrunScale.run(tampered, host.env, progress());
      assert.ok(!done.ok);
      assert.equal(done.reason, 'invalid');
    }
    assert.deepEqual(changing(host.calls()), []);
  });

  test('stand-ins: an untrusted workspace runs nothing, neither plan nor run', async () => {
    const host = standinHost(CURRENT);
    const untrusted = { ...host.env, trusted: false };
    const r = await drakrunScale.plan({ workers: 3 }, untrusted);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'untrusted');
    const planned = await drakrunScale.plan({ workers: 3 }, host.env);
    assert.ok(planned.ok);
    const before = host.calls().length;
    const done = await drakrunScale.run(planned.plan, untrusted, progress());
    assert.ok(!done.ok);
    assert.equal(done.reason, 'untrusted');
    assert.equal(host.calls().length, before, 'no program ran');
    assert.equal(host.calls().length, 2, 'only the trusted plan listed units');
  });

  test('stand-ins: no drakrun units installed is not-found; a count draksetup refuses is invalid', async () => {
    const none = standinHost({ unitFiles: ['ssh.service'], units: {} });
    const r = await drakrunScale.plan({ workers: 2 }, none.env);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'not-found');
    const legacy = standinHost(LEGACY);
    for (const workers of [0, 1.5, -1]) {
      const bad = await drakrunScale.plan({ workers }, legacy.env);
      assert.ok(!bad.ok);
      assert.equal(bad.reason, 'invalid', String(workers));
    }
    assert.deepEqual(changing(legacy.calls()), []);
  });

  test('stand-ins: systemd not running (a container) is unreachable, with its own words', async () => {
    const host = standinHost({
      ...CURRENT,
      fail: {
        'systemctl list-unit-files --no-legend --no-pager drakrun-worker@.service drakrun@.service drak-postprocess@.service':
          { code: 1, stderr: "System has not been booted with systemd as init system (PID 1). Can't operate." },
      },
    });
    const r = await drakrunScale.plan({ workers: 2 }, host.env);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'unreachable');
    assert.match(r.message, /System has not been booted with systemd/);
  });

  test('stand-ins: the confirmation text lists the exact commands', async () => {
    const host = standinHost(LEGACY);
    const r = await drakrunScale.plan({ workers: 4 }, host.env);
    assert.ok(r.ok);
    assert.equal(
      describePlan(r.plan),
      [
        'Scale drakrun workers: 1 → 4',
        'Layout: DRAKVUF Sandbox v0.18 (draksetup scale, drakrun@N, drak-postprocess@N)',
        'Host: this machine (systemd)',
        'Postprocess: 1 → 2 (1:3 of 4)',
        'Will it fit? unknown: each worker runs a Xen VM, and Scalewise does not read the host’s Xen memory',
        'Runs:',
        '  draksetup scale 4',
        '  systemctl enable --now drak-postprocess@2',
      ].join('\n'),
    );
  });
});
