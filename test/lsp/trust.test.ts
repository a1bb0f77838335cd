/**
 * Workspace trust and `.scalewise.yaml` `kinds` (issue item 7): in an untrusted workspace the
 * server ignores `kinds` from the workspace's config file, as VS Code ignores the restricted
 * setting `scalewise.kinds`; trusting the workspace applies it. A client that says nothing about
 * trust (another editor) is trusted.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileUri, LspClient } from '../helpers/lsp-client';

const COMPOSE = 'services:\n  web:\n    image: nginx\n    container_name: web\n    deploy:\n      replicas: 3\n';

describe('kinds from .scalewise.yaml follow workspace trust', () => {
  let dir: string;
  let compose: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-trust-'));
    // A workspace that tells Scalewise to look at none of its YAML.
    fs.writeFileSync(path.join(dir, '.scalewise.yaml'), 'kinds:\n  "**/*.yml": none\n');
    compose = path.join(dir, 'docker-compose.yml');
    fs.writeFileSync(compose, COMPOSE);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const kindOf = (client: LspClient, uri: string) =>
    client.notifications
      .filter((n) => n.method === 'scalewise/kind' && (n.params as { uri: string }).uri === uri)
      .map((n) => n.params as { kind: string; reason: string })
      .at(-1);

  test("untrusted: the file is linted by its own kind; trusted: the config file's kinds apply", async () => {
    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      initializationOptions: { workspaceTrusted: false },
      settings: { debounceMs: 0 },
    });
    try {
      const u = fileUri(compose);
      await client.open(u, COMPOSE);
      const untrusted = await client.diagnostics(u);
      assert.ok(
        untrusted.some((d) => d.code === 'compose/container-name-blocks-scale'),
        JSON.stringify(untrusted),
      );
      assert.equal(kindOf(client, u)?.kind, 'compose');
      assert.ok(
        client.messages.some((m) =>
          m.includes(`ignoring kinds of ${path.join(dir, '.scalewise.yaml')}: the workspace is not trusted`),
        ),
        client.log,
      );

      await client.notify('scalewise/workspaceTrust', { trusted: true });
      await client.diagnostics(u, (ds) => ds.length === 0);
      assert.deepEqual(kindOf(client, u), { uri: u, kind: 'none', reason: 'setting "**/*.yml"', problems: 0 });
    } finally {
      await client.shutdown();
    }
  });

  test('a client that says nothing about trust is trusted: the kinds apply', async () => {
    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      settings: { debounceMs: 0 },
    });
    try {
      const u = fileUri(compose);
      await client.open(u, COMPOSE);
      assert.deepEqual(await client.diagnostics(u), []);
      assert.equal(kindOf(client, u)?.kind, 'none');
    } finally {
      await client.shutdown();
    }
  });
});
