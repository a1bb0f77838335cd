/**
 * Scale actions over LSP (issue 10, "Where it lives"): the real server over stdio, as Neovim or
 * Helix would drive it. `workspace/executeCommand scalewise.scale` plans, asks with
 * `window/showMessageRequest`, runs under `window/workDoneProgress`, and says the outcome with
 * `window/showMessage`; an untrusted workspace is refused before anything is read; the pickers'
 * lists come from `scalewise/scaleChoices`; code lenses carry the command with its arguments.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { changingCalls, standinHost, type StandinHost } from '../helpers/drakrun-standins';
import { fileUri, LspClient, PUSH_CAPABILITIES } from '../helpers/lsp-client';

/** A scale lens: one with a command other than the sizing lens's (which shows its summary). */
const isScaleLens = (l: CodeLens) =>
  l.command?.command.startsWith('scalewise.') === true && l.command.command !== 'scalewise.sizingDetails';

const COMPOSE = 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n  worker:\n    image: busybox\n';

/** A client that shows progress (window.workDoneProgress), as Neovim and Helix declare. */
const CAPABILITIES = { ...PUSH_CAPABILITIES, window: { workDoneProgress: true, showMessage: {} } };

describe('scale actions over LSP', () => {
  let dir: string;
  let compose: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-scale-lsp-'));
    compose = path.join(dir, 'docker-compose.yml');
    fs.writeFileSync(compose, COMPOSE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const start = (initializationOptions: Record<string, unknown> = {}) =>
    LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      capabilities: CAPABILITIES,
      initializationOptions,
      settings: { debounceMs: 0 },
      cwd: dir,
    });

  test('the server declares its commands in executeCommandProvider', async () => {
    const client = await start();
    try {
      assert.deepEqual(client.initializeResult.capabilities.executeCommandProvider?.commands, [
        'scalewise.scale',
        'scalewise.runScale',
        'scalewise.sizingDetails',
        'scalewise.ruleDocumentation',
      ]);
    } finally {
      await client.shutdown();
    }
  });

  test('untrusted: scale, planScale and the pickers are refused before anything is read or asked', async () => {
    const client = await start({ workspaceTrusted: false });
    try {
      const r = await client.request<{ ok: boolean; reason: string; message: string }>('workspace/executeCommand', {
        command: 'scalewise.scale',
        arguments: [{ system: 'compose', args: { file: compose, service: 'web', replicas: 2 } }],
      });
      assert.equal(r.ok, false);
      assert.equal(r.reason, 'untrusted');
      assert.match(r.message, /untrusted workspace \(nothing was read or run\)/);
      await client.waitFor('the refusal shown', () =>
        client.notifications.find(
          (n) => n.method === 'window/showMessage' && (n.params as { message: string }).message === r.message,
        ),
      );
      const plan = await client.request<{ ok: boolean; reason: string }>('scalewise/planScale', {
        system: 'compose',
        args: { file: compose, service: 'web', replicas: 2 },
      });
      assert.deepEqual([plan.ok, plan.reason], [false, 'untrusted']);
      const choices = await client.request<{ ok: boolean; reason: string }>('scalewise/scaleChoices', {
        what: 'composeServices',
        file: compose,
      });
      assert.deepEqual([choices.ok, choices.reason], [false, 'untrusted']);
      assert.deepEqual(await client.request('scalewise/activeContexts', null), { trusted: false });
      assert.ok(!client.serverRequests.includes('window/showMessageRequest'), client.serverRequests.join());
      assert.ok(!client.serverRequests.includes('window/workDoneProgress/create'), client.serverRequests.join());

      // No scale lens either: the lens would offer what the workspace may not do.
      const u = fileUri(compose);
      await client.open(u, COMPOSE);
      const lenses = await client.codeLenses(u);
      assert.deepEqual(lenses.filter(isScaleLens), []);
    } finally {
      await client.shutdown();
    }
  });

  test('scaleChoices lists the services of a Compose file with their declared counts', async () => {
    const client = await start();
    try {
      const r = await client.request('scalewise/scaleChoices', { what: 'composeServices', file: fileUri(compose) });
      assert.deepEqual(r, {
        ok: true,
        items: [
          { value: 'web', label: 'web', replicas: 3, description: '3 in the file (deploy.replicas)' },
          { value: 'worker', label: 'worker' },
        ],
      });
    } finally {
      await client.shutdown();
    }
  });

  test('code lenses above each Compose service: scalewise.scale for other editors, the client command for VS Code', async () => {
    const u = fileUri(compose);
    const lensesOf = async (client: LspClient) => {
      await client.open(u, COMPOSE);
      await client.diagnostics(u);
      const lenses = await client.codeLenses(u);
      return lenses.filter(isScaleLens).map((l) => ({ line: l.range.start.line, ...l.command }));
    };
    const other = await start();
    try {
      assert.deepEqual(await lensesOf(other), [
        {
          line: 1,
          title: 'Scale web to 3…',
          command: 'scalewise.scale',
          arguments: [{ system: 'compose', args: { file: compose, service: 'web', replicas: 3 } }],
        },
        {
          line: 5,
          title: 'Scale worker to 1…',
          command: 'scalewise.scale',
          arguments: [{ system: 'compose', args: { file: compose, service: 'worker', replicas: 1 } }],
        },
      ]);
    } finally {
      await other.shutdown();
    }
    const vscode = await start({ confirmsScale: true });
    try {
      const lenses = await lensesOf(vscode);
      assert.deepEqual(
        lenses.map((l) => [l.title, l.command, l.arguments]),
        [
          ['Scale service…', 'scalewise.scaleCompose', [{ file: compose, service: 'web', replicas: 3 }]],
          ['Scale service…', 'scalewise.scaleCompose', [{ file: compose, service: 'worker', replicas: 1 }]],
        ],
      );
    } finally {
      await vscode.shutdown();
    }
  });

  test('runScale runs only a plan the server made, for a client that confirms itself', async () => {
    const client = await start();
    try {
      const r = await client.request<{ ok: boolean; reason: string }>('workspace/executeCommand', {
        command: 'scalewise.runScale',
        arguments: [{ planId: 'made-up' }],
      });
      assert.deepEqual([r.ok, r.reason], [false, 'refused']);
    } finally {
      await client.shutdown();
    }
    const vscode = await start({ confirmsScale: true });
    try {
      const r = await vscode.request<{ ok: boolean; reason: string }>('workspace/executeCommand', {
        command: 'scalewise.runScale',
        arguments: [{ planId: 'made-up' }],
      });
      assert.deepEqual([r.ok, r.reason], [false, 'conflict']);
    } finally {
      await vscode.shutdown();
    }
  });

  test('bad arguments are refused with one message', async () => {
    const client = await start();
    try {
      const r = await client.request<{ ok: boolean; reason: string; message: string }>('workspace/executeCommand', {
        command: 'scalewise.scale',
        arguments: [{ system: 'nomad; rm -rf /', args: {} }],
      });
      assert.deepEqual([r.ok, r.reason], [false, 'invalid']);
      assert.match(r.message, /^Unknown system "nomad; rm -rf \/": one of kubernetes, compose, swarm, drakrun\.$/);
    } finally {
      await client.shutdown();
    }
  });
});

/**
 * A real executor through the real server: drakrunScale (server/src/actions/drakrun.ts). DRAKVUF
 * needs a Xen host, which these machines are not, so `systemctl` and `draksetup` on the server's
 * PATH are the stand-ins of test/fixtures/drakrun-standins/, which keep the units in a state file
 * and record each call's argv; the server runs them as real processes.
 */
describe('scalewise.scale drives drakrunScale (stand-in systemctl/draksetup on PATH)', () => {
  let dir: string;
  let host: StandinHost;
  const changing = () => changingCalls(host.calls()).map((c) => c.join(' '));

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-scale-drakrun-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const start = (initializationOptions: Record<string, unknown> = {}) => {
    host = standinHost(dir, {
      unitFiles: ['drakrun-worker@.service', 'drakrun-web.service'],
      units: { 'drakrun-worker@1.service': 'active', 'drakrun-web.service': 'active' },
    });
    return LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      capabilities: CAPABILITIES,
      initializationOptions,
      cwd: dir,
      // Only the stand-ins on PATH: no real systemctl can be reached.
      env: host.env,
    });
  };
  const scale = (client: LspClient, workers: number) =>
    client.request<{ ok: boolean; reason?: string; message: string }>('workspace/executeCommand', {
      command: 'scalewise.scale',
      arguments: [{ system: 'drakrun', args: { workers } }],
    });

  test('confirmed: the plan is asked, progress begins, reports and ends, the outcome is shown', async () => {
    const client = await start();
    const asked: { type: number; message: string; actions: { title: string }[] }[] = [];
    client.answers.set('window/showMessageRequest', (p) => {
      asked.push(p as (typeof asked)[number]);
      return { title: 'Scale to 3' };
    });
    try {
      const r = await scale(client, 3);
      assert.deepEqual(r, { ok: true, message: 'drakrun workers: 1 → 3, 3 running.' });

      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.type, 2, 'a warning');
      assert.deepEqual(asked[0]!.actions, [{ title: 'Scale to 3' }, { title: 'Cancel' }]);
      assert.match(asked[0]!.message, /^Scale drakrun workers: 1 → 3\n/);
      assert.match(
        asked[0]!.message,
        /\nRuns:\n {2}systemctl enable --now drakrun-worker@2\n {2}systemctl enable --now drakrun-worker@3/,
      );

      // Progress under the token the server created (window/workDoneProgress/create).
      const created = client.serverRequestsWithParams.find((q) => q.method === 'window/workDoneProgress/create');
      assert.ok(created, client.serverRequests.join());
      const token = (created.params as { token: string }).token;
      const progress = client.notifications
        .filter((n) => n.method === '$/progress' && (n.params as { token: string }).token === token)
        .map(
          (n) =>
            (n.params as { value: { kind: string; title?: string; message?: string; cancellable?: boolean } }).value,
        );
      assert.deepEqual(progress[0], {
        kind: 'begin',
        title: 'Scaling drakrun workers',
        percentage: 0,
        message: '1 → 3',
        cancellable: true,
      });
      assert.ok(progress.slice(1, -1).length > 0 && progress.slice(1, -1).every((v) => v.kind === 'report'));
      assert.deepEqual(progress.at(-1), { kind: 'end' });
      // The request for the confirmation came before anything changed, the progress after it.
      const order = client.serverRequests.filter((m) => m.startsWith('window/'));
      assert.deepEqual(order, ['window/showMessageRequest', 'window/workDoneProgress/create']);

      assert.deepEqual(changing(), [
        'systemctl enable --now drakrun-worker@2',
        'systemctl enable --now drakrun-worker@3',
      ]);
      // The outcome comes after the progress ended: the last thing the user sees.
      const at = (pred: (n: { method: string; params: unknown }) => boolean) => client.notifications.findIndex(pred);
      const end = at(
        (n) => n.method === '$/progress' && (n.params as { value: { kind: string } }).value.kind === 'end',
      );
      const shown = at(
        (n) => n.method === 'window/showMessage' && (n.params as { message: string }).message === r.message,
      );
      assert.ok(end >= 0 && shown > end, `end at ${end}, outcome at ${shown}`);
      await client.waitFor('the outcome shown', () =>
        client.notifications.find(
          (n) =>
            n.method === 'window/showMessage' &&
            (n.params as { message: string; type: number }).message === r.message &&
            (n.params as { type: number }).type === 3,
        ),
      );
      if (process.env.SCALEWISE_LSP_TRANSCRIPT)
        fs.writeFileSync(
          process.env.SCALEWISE_LSP_TRANSCRIPT,
          JSON.stringify(
            { asked, requests: client.serverRequestsWithParams, notifications: client.notifications, r },
            null,
            1,
          ),
        );
    } finally {
      await client.shutdown();
    }
  });

  test('answered "Cancel": nothing runs, no progress, and it says so', async () => {
    const client = await start();
    client.answers.set('window/showMessageRequest', () => ({ title: 'Cancel' }));
    try {
      const r = await scale(client, 3);
      assert.deepEqual(
        [r.ok, r.reason, r.message],
        [false, 'cancelled', 'Scalewise: scale of drakrun workers cancelled; nothing was changed.'],
      );
      assert.deepEqual(changing(), []);
      assert.ok(!client.serverRequests.includes('window/workDoneProgress/create'));
    } finally {
      await client.shutdown();
    }
  });

  test('dismissed (no answer chosen): nothing runs', async () => {
    const client = await start();
    client.answers.set('window/showMessageRequest', () => null);
    try {
      const r = await scale(client, 2);
      assert.equal(r.reason, 'cancelled');
      assert.deepEqual(changing(), []);
    } finally {
      await client.shutdown();
    }
  });

  test('untrusted: refused before planning, not even the unit files are listed', async () => {
    const client = await start({ workspaceTrusted: false });
    try {
      const r = await scale(client, 3);
      assert.equal(r.reason, 'untrusted');
      assert.deepEqual(host.calls(), []);
      assert.ok(!client.serverRequests.includes('window/showMessageRequest'));
    } finally {
      await client.shutdown();
    }
  });

  test('VS Code path: planScale, then runScale with the plan id runs it once', async () => {
    const client = await start({ confirmsScale: true });
    try {
      const planned = await client.request<{ ok: boolean; planId: string; text: string; plan: { desired: number } }>(
        'scalewise/planScale',
        { system: 'drakrun', args: { workers: 2 } },
      );
      assert.ok(planned.ok, JSON.stringify(planned));
      assert.match(planned.text, /^Scale drakrun workers: 1 → 2\n/);
      assert.deepEqual(changing(), [], 'planning changes nothing');
      const run = () =>
        client.request<{ ok: boolean; reason?: string; message: string }>('workspace/executeCommand', {
          command: 'scalewise.runScale',
          arguments: [{ planId: planned.planId }],
        });
      assert.deepEqual(await run(), { ok: true, message: 'drakrun workers: 1 → 2, 2 running.' });
      assert.deepEqual(changing(), ['systemctl enable --now drakrun-worker@2']);
      assert.equal((await run()).reason, 'conflict', 'a plan runs once');
      assert.ok(!client.serverRequests.includes('window/showMessageRequest'), 'the client confirmed');
    } finally {
      await client.shutdown();
    }
  });
});
