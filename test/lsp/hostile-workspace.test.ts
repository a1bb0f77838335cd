/**
 * The language server in a workspace that holds a FIFO and links to /dev/zero where a script,
 * `.gitignore` and `.scalewise.yaml` should be (issue item 6): it starts, its scan ends, it
 * answers instead of hanging or growing to gigabytes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { fileUri, LspClient } from '../helpers/lsp-client';

describe('a workspace with a FIFO and links to /dev/zero', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-hostile-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n');
    fs.writeFileSync(path.join(dir, 'deploy.sh'), 'docker compose up -d --scale web=3\n');
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'scale.sh')]).status, 0);
    fs.symlinkSync('/dev/zero', path.join(dir, 'build.sh'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'README.md'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.scalewise.yaml'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the scan ends, the server answers, and the scripts beside them still count', async () => {
    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(dir), name: 'w' }],
      settings: { debounceMs: 0 },
      timeoutMs: 60_000,
    });
    try {
      await client.waitFor('the workspace scan to end', () =>
        client.messages.some((m) => /workspace scan \(.*\) done/.test(m)),
      );
      const u = fileUri(path.join(dir, 'compose.yaml'));
      await client.open(u, fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'));
      const ds = await client.diagnostics(u, (d: Diagnostic[]) =>
        d.some((x) => x.code === 'compose/host-port-conflict'),
      );
      assert.match(
        String(ds.find((x) => x.code === 'compose/host-port-conflict')!.message),
        /--scale web=3 in deploy\.sh/,
      );
      assert.ok(client.alive, client.log);
    } finally {
      await client.shutdown();
    }
  });
});
