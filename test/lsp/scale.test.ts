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
import { fileUri, LspClient, PUSH_CAPABILITIES } from '../helpers/lsp-client';

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
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      assert.deepEqual(
        lenses.filter((l) => l.command?.command.startsWith('scalewise.')),
        [],
      );
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
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      return lenses
        .filter((l) => l.command?.command.startsWith('scalewise.'))
        .map((l) => ({ line: l.range.start.line, ...l.command }));
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
