/**
 * A Compose scale driven the way Neovim or Helix drive it, against the real Docker Engine: the real
 * language server over stdio, `workspace/executeCommand scalewise.scale`, the plan asked with
 * `window/showMessageRequest` and answered, progress under `window/workDoneProgress`, and the
 * containers counted with docker itself afterwards. Cancel runs nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeProject, composeToolsOrFail, IMAGE, ok, requireEngine } from '../helpers/docker-engine';
import { fileUri, LspClient, PUSH_CAPABILITIES } from '../helpers/lsp-client';

const [tool] = composeToolsOrFail();
const CAPABILITIES = { ...PUSH_CAPABILITIES, window: { workDoneProgress: true, showMessage: {} } };
const webService = `services:\n  web:\n    image: ${IMAGE}\n    command: ["/bin/sleep", "3600"]\n`;

describe(`scalewise.scale over LSP on the real engine (${tool!.label})`, () => {
  test('Cancel runs nothing; "Scale to 2" scales web from 1 to 2, with progress, and docker shows 2', async (t) => {
    await requireEngine();
    const p = composeProject(t, tool!, 'lsp');
    p.write(webService);
    await ok(p.argv('up', '-d'), { cwd: p.dir });
    await p.waitRunning('web', 1);

    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(p.dir), name: 'w' }],
      capabilities: CAPABILITIES,
      settings: { debounceMs: 0 },
      cwd: p.dir,
    });
    try {
      const scale = () =>
        client.request<{ ok: boolean; reason?: string; message: string }>('workspace/executeCommand', {
          command: 'scalewise.scale',
          arguments: [{ system: 'compose', args: { file: p.file, project: p.name, service: 'web', replicas: 2 } }],
        });

      client.answers.set('window/showMessageRequest', () => ({ title: 'Cancel' }));
      const cancelled = await scale();
      assert.equal(cancelled.ok, false);
      assert.equal(cancelled.reason, 'cancelled');
      assert.equal((await p.running('web')).length, 1, 'Cancel: still one container');

      const asked: string[] = [];
      client.answers.set('window/showMessageRequest', (q) => {
        asked.push((q as { message: string }).message);
        return { title: 'Scale to 2' };
      });
      const r = await scale();
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.match(asked[0] ?? '', /^Scale Compose service web: 1 → 2\n/);
      assert.match(asked[0] ?? '', new RegExp(`\\nProject: ${p.name}\\n`));
      assert.match(asked[0] ?? '', /\nWill it fit\? fits\b.*\n {2}against this Docker host/);
      assert.match(asked[0] ?? '', /up -d --no-recreate --scale web=2/);
      const progress = client.notifications
        .filter((n) => n.method === '$/progress')
        .map((n) => (n.params as { value: { kind: string } }).value.kind);
      assert.equal(progress[0], 'begin');
      assert.equal(progress.at(-1), 'end');
      assert.equal((await p.running('web')).length, 2, 'docker ps shows two running containers of web');
    } finally {
      await client.shutdown();
    }
  });
});
