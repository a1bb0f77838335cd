/**
 * Kubernetes scale actions over LSP, against the local HTTPS contract server (test/helpers/
 * kube-api-server.ts, judged by the real kubectl in test/cluster/): the "Scale in CONTEXT…" lens
 * only for a workload the context has, a protected context that a showMessageRequest cannot
 * confirm (the name comes as `confirm`), and the status bar's contexts, switched for Scalewise
 * without touching the kubeconfig.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { KubeApiServer } from '../helpers/kube-api-server';
import { fileUri, LspClient, PULL_CAPABILITIES } from '../helpers/lsp-client';

/** A scale lens: one with a command other than the sizing lens's (which shows its summary). */
const isScaleLens = (l: CodeLens) =>
  l.command?.command.startsWith('scalewise.') === true && l.command.command !== 'scalewise.sizingDetails';

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: 3',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: ghost',
  'spec:',
  '  replicas: 2',
  '',
].join('\n');

const CAPABILITIES = { ...PULL_CAPABILITIES, window: { workDoneProgress: true } };

describe('Kubernetes scale over LSP (contract server)', () => {
  let api: KubeApiServer;
  let dir: string;
  before(async () => {
    api = await KubeApiServer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-scale-k8s-'));
    fs.writeFileSync(path.join(dir, 'web.yaml'), MANIFEST);
  });
  after(async () => {
    await api?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => api.reset());

  const start = (kubeconfig: string, initializationOptions: Record<string, unknown> = {}) =>
    LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      capabilities: CAPABILITIES,
      initializationOptions,
      settings: { debounceMs: 0 },
      cwd: dir,
      env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir },
    });
  const scaleLenses = async (client: LspClient, uri: string) =>
    (await client.codeLenses(uri))
      .filter(isScaleLens)
      .map((l) => ({ line: l.range.start.line, title: l.command!.title, arguments: l.command!.arguments }));

  test('"Scale in CONTEXT…" above the Deployment the context has, none above one it has not', async () => {
    api.addWorkload('Deployment', 'web', 1);
    const client = await start(api.kubeconfig('lens.yaml', 'admin@local'));
    try {
      const uri = fileUri(path.join(dir, 'web.yaml'));
      await client.open(uri, MANIFEST);
      // The first ask starts the reads (kubeconfig, then the workloads); each answer refreshes the lenses.
      const refreshes = () => client.serverRequests.filter((m) => m === 'workspace/codeLens/refresh').length;
      let seen = refreshes();
      let lenses = await scaleLenses(client, uri);
      for (let i = 0; lenses.length === 0 && i < 5; i++) {
        const before = seen;
        await client.waitFor('a code lens refresh', () => refreshes() > before);
        seen = refreshes();
        lenses = await scaleLenses(client, uri);
      }
      assert.deepEqual(lenses, [
        {
          line: 0,
          title: 'Scale in admin@local to 3…',
          arguments: [
            {
              system: 'kubernetes',
              args: { kind: 'Deployment', name: 'web', namespace: 'default', context: 'admin@local', replicas: 3 },
            },
          ],
        },
      ]);
      assert.ok(client.serverRequests.includes('workspace/codeLens/refresh'));
    } finally {
      await client.shutdown();
    }
  });

  test('a protected context: the name must come as `confirm`; with it, the scale is asked and runs', async () => {
    const web = api.addWorkload('Deployment', 'web', 1, { namespace: 'shop' });
    const client = await start(api.kubeconfig('prod.yaml', 'prod-eu'));
    const asked: string[] = [];
    client.answers.set('window/showMessageRequest', (p) => {
      asked.push((p as { message: string }).message);
      return { title: 'Scale to 3' };
    });
    const scale = (confirm?: string) =>
      client.request<{ ok: boolean; reason?: string; message: string }>('workspace/executeCommand', {
        command: 'scalewise.scale',
        arguments: [
          {
            system: 'kubernetes',
            args: { kind: 'Deployment', name: 'web', replicas: 3 },
            ...(confirm ? { confirm } : {}),
          },
        ],
      });
    try {
      const refused = await scale();
      assert.equal(refused.reason, 'cancelled');
      assert.match(refused.message, /this context is protected\. Run scalewise\.scale again with confirm: "web"/);
      assert.match(refused.message, /Protected: type "web" to confirm\./);
      assert.deepEqual(asked, [], 'nothing to answer: the name cannot be typed in a message request');
      assert.equal(web.replicas, 1);

      const wrong = await scale('wbe');
      assert.match(wrong.message, /\(it was "wbe"\); nothing was changed/);
      assert.equal(web.replicas, 1);

      const done = await scale('web');
      assert.equal(done.ok, true, done.message);
      assert.equal(asked.length, 1);
      assert.match(asked[0]!, /^Scale deployment\/web: 1 → 3\n/);
      assert.match(asked[0]!, /Context: prod-eu/);
      assert.equal(web.replicas, 3);
    } finally {
      await client.shutdown();
    }
  });

  test('cancelling the progress (window/workDoneProgress/cancel) stops the wait; the scale stays, as it says', async () => {
    const web = api.addWorkload('Deployment', 'web', 1, { stuck: true });
    const client = await start(api.kubeconfig('cancel.yaml', 'admin@local'));
    client.answers.set('window/showMessageRequest', () => ({ title: 'Scale to 2' }));
    try {
      const pending = client.request<{ ok: boolean; message: string }>('workspace/executeCommand', {
        command: 'scalewise.scale',
        arguments: [
          { system: 'kubernetes', args: { kind: 'Deployment', name: 'web', replicas: 2, timeoutSeconds: 120 } },
        ],
      });
      const created = await client.waitFor('the progress token', () =>
        client.serverRequestsWithParams.find((q) => q.method === 'window/workDoneProgress/create'),
      );
      const token = (created.params as { token: string }).token;
      await client.waitFor('a progress report after the scale was written', () => web.replicas === 2);
      await client.notify('window/workDoneProgress/cancel', { token });
      const r = await pending;
      assert.equal(r.ok, true);
      assert.match(r.message, /1 → 2 replicas; stopped waiting at 1 ready \(the cluster carries on\)\.$/);
      await client.waitFor('the progress ended', () =>
        client.notifications.find(
          (n) =>
            n.method === '$/progress' &&
            (n.params as { token: string; value: { kind: string } }).token === token &&
            (n.params as { value: { kind: string } }).value.kind === 'end',
        ),
      );
    } finally {
      await client.shutdown();
    }
  });

  test('activeContexts: the kubeconfig’s; useKubeContext changes Scalewise’s only, the kubeconfig stays', async () => {
    api.addWorkload('Deployment', 'web', 1);
    const kubeconfig = api.kubeconfig('ctx.yaml', 'admin@local');
    const before = fs.readFileSync(kubeconfig, 'utf8');
    const client = await start(kubeconfig);
    try {
      const a = await client.request<{ kubernetes?: unknown }>('scalewise/activeContexts', null);
      assert.deepEqual(a.kubernetes, {
        context: 'admin@local',
        namespace: 'default',
        scalewiseOnly: false,
        kubeconfigContext: 'admin@local',
      });
      const b = await client.request<{ kubernetes?: unknown }>('scalewise/useKubeContext', {
        context: 'prod-eu',
        namespace: 'shop',
      });
      assert.deepEqual(b.kubernetes, {
        context: 'prod-eu',
        namespace: 'shop',
        scalewiseOnly: true,
        kubeconfigContext: 'admin@local',
      });
      assert.equal(fs.readFileSync(kubeconfig, 'utf8'), before);
      const contexts = await client.request<{ ok: boolean; items: { value: string; current?: boolean }[] }>(
        'scalewise/scaleChoices',
        { what: 'kubeContexts' },
      );
      assert.ok(contexts.ok);
      assert.deepEqual(
        contexts.items.filter((c) => c.current).map((c) => c.value),
        ['admin@local'],
      );
      const workloads = await client.request('scalewise/scaleChoices', {
        what: 'kubeWorkloads',
        context: 'admin@local',
        namespace: 'default',
      });
      assert.deepEqual(workloads, {
        ok: true,
        items: [
          {
            value: 'Deployment/web',
            label: 'deployment/web',
            description: '1/1 ready',
            replicas: 1,
          },
        ],
      });
    } finally {
      await client.shutdown();
    }
  });
});
