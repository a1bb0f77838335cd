/**
 * New workspace facts re-lint only the open documents that read what changed (document-linter.ts):
 * a saved script that changes a --scale re-lints the Compose file it scales, not a Helm values
 * file that reads no scale command. Proven by the documents' kind notifications (one per lint)
 * and the server's log, never by a time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileUri, LspClient } from '../helpers/lsp-client';

const HOST_PORT = 'compose/host-port-conflict';

test('a saved script re-lints the Compose file it scales and not a document that reads no scale command', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-dependents-'));
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n',
  );
  fs.writeFileSync(path.join(dir, 'deploy.sh'), '#!/bin/sh\ndocker compose up -d --scale web=2\n');
  fs.mkdirSync(path.join(dir, 'chart'));
  fs.writeFileSync(path.join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\n');
  const values = 'replicaCount: 2\nresources:\n  limits:\n    memory: 400m\n';
  fs.writeFileSync(path.join(dir, 'chart', 'values.yaml'), values);
  const client = await LspClient.start({
    workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
    settings: { debounceMs: 0 },
    timeoutMs: 60_000,
  });
  try {
    const compose = fileUri(path.join(dir, 'compose.yaml'));
    const chart = fileUri(path.join(dir, 'chart', 'values.yaml'));
    const script = fileUri(path.join(dir, 'deploy.sh'));
    const lints = (uri: string) =>
      client.notifications.filter((n) => n.method === 'scalewise/kind' && (n.params as { uri: string }).uri === uri)
        .length;
    await client.open(compose, fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'));
    await client.open(chart, values);
    await client.waitFor('the scan to end', () =>
      client.messages.some((m) => /^\[scalewise\] workspace scan \(start\) done: /.test(m)),
    );
    await client.diagnostics(compose, (ds) =>
      ds.some((d) => d.code === HOST_PORT && /--scale web=2/.test(String(d.message))),
    );
    const chartDiagnostics = await client.diagnostics(chart);
    assert.ok(chartDiagnostics.length > 0, 'the values file has findings of its own');
    const chartLints = lints(chart);
    const composeLints = lints(compose);
    assert.ok(chartLints >= 1 && composeLints >= 1);

    const edited = '#!/bin/sh\ndocker compose up -d --scale web=3\n';
    await client.open(script, edited, 'shellscript');
    fs.writeFileSync(path.join(dir, 'deploy.sh'), edited);
    await client.notify('textDocument/didSave', { textDocument: { uri: script } });
    await client.diagnostics(compose, (ds) =>
      ds.some((d) => d.code === HOST_PORT && /--scale web=3/.test(String(d.message))),
    );
    const relinted = await client.waitFor('the re-lint of the dependents', () =>
      client.messages.find((m) => /workspace facts changed \(scaleCommands\): re-linting/.test(m)),
    );
    assert.match(relinted, /re-linting \d of 3 open documents: .*compose\.yaml/);
    assert.doesNotMatch(relinted, /values\.yaml/);
    assert.ok(lints(compose) > composeLints, 'the Compose file was linted again');
    // A request on the values file is answered from its cached lint: no new lint, the same findings.
    await client.request('textDocument/hover', { textDocument: { uri: chart }, position: { line: 0, character: 1 } });
    assert.equal(lints(chart), chartLints, `the values file was not linted again\n${client.log}`);
    assert.deepEqual(client.latestDiagnostics(chart)?.diagnostics, chartDiagnostics);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
