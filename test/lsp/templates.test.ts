/**
 * Templates are not YAML (issue 8), over LSP with the real server: a chart template gets no
 * diagnostics, and the kind notification (the status bar's source) says it is a template and why.
 * A document the editor opened as `helm` is a template wherever it is; a values file stays linted.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileUri, LspClient, repoRoot } from '../helpers/lsp-client';

const CHART = path.join(repoRoot(), 'test/fixtures/helm-chart');

interface Kind {
  uri: string;
  kind: string;
  reason: string;
  problems: number;
}

const kindOf = (client: LspClient, uri: string) =>
  client.waitFor(`the kind of ${uri}`, () =>
    client.notifications
      .filter((n) => n.method === 'scalewise/kind' && (n.params as Kind).uri === uri)
      .map((n) => n.params as Kind)
      .at(-1),
  );

describe('templates over LSP', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lsp-tmpl-'));
    fs.cpSync(CHART, path.join(dir, 'chart'), { recursive: true });
    client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      settings: { debounceMs: 0 },
    });
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a chart template opened as YAML: no diagnostics, and the reason', async () => {
    const file = path.join(dir, 'chart/templates/deployment.yaml');
    const u = fileUri(file);
    await client.open(u, fs.readFileSync(file, 'utf8'));
    assert.deepEqual(await client.diagnostics(u), []);
    assert.deepEqual(await kindOf(client, u), {
      uri: u,
      kind: 'template',
      reason: 'Helm chart template, under templates/ beside Chart.yaml',
      problems: 0,
    });
  });

  test('a document with the helm language id is a template, even outside a chart', async () => {
    const u = fileUri(path.join(dir, 'rendered-elsewhere.yaml'));
    // Plain YAML that would be linted as Kubernetes (no resource requests) if it were opened as yaml.
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n';
    await client.open(u, text, 'helm');
    assert.deepEqual(await client.diagnostics(u), []);
    assert.deepEqual(await kindOf(client, u), {
      uri: u,
      kind: 'template',
      reason: 'opened as a helm document',
      problems: 0,
    });
  });

  test('values.yaml opened as helm (as helm-ls has it) is still linted as Helm values', async () => {
    const file = path.join(dir, 'chart/values.yaml');
    const u = fileUri(file);
    await client.open(u, fs.readFileSync(file, 'utf8'), 'helm');
    const ds = await client.diagnostics(u);
    assert.deepEqual(
      ds.map((d) => d.code),
      ['helm/replicas-with-autoscaling'],
    );
    assert.equal((await kindOf(client, u)).kind, 'helm-values');
  });
});
