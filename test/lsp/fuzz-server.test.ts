/**
 * Hostile input through the real language server over stdio: mutated example and rule files are
 * opened, diagnostics awaited, and hover, code actions (with the diagnostics as context) and code
 * lenses asked for at random places. The server must answer every request, publish for every
 * version, log no handler failure and stay alive. Seeded; SCALEWISE_LSP_FUZZ_CASES scales it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { mutate, prng, seeds } from '../helpers/fuzz';
import { fileUri, LspClient } from '../helpers/lsp-client';

const CASES = Number(process.env.SCALEWISE_LSP_FUZZ_CASES ?? 150);
const SEED = Number(process.env.SCALEWISE_FUZZ_SEED ?? 20261123);

let client: LspClient;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lsp-fuzz-'));
  fs.writeFileSync(
    path.join(dir, 'deploy.sh'),
    'docker compose up -d --scale web=3 --scale worker=4\ndocker stack deploy -c stack.yml dl\n',
  );
  client = await LspClient.start({
    settings: { ...DEFAULT_SETTINGS, debounceMs: 0 },
    workspaceFolders: [{ uri: fileUri(dir), name: 'fuzz' }],
    timeoutMs: 20_000,
  });
});

after(async () => {
  await client?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test(
  `${CASES} mutated documents through the server: every request answered, no handler failure (seed ${SEED})`,
  { timeout: 600_000 },
  async () => {
    const all = seeds();
    const rnd = prng(SEED);
    let withFindings = 0;
    let withActions = 0;
    for (let n = 0; n < CASES; n++) {
      const seed = all[Math.floor(rnd() * all.length)]!;
      const text = mutate(seed.text, rnd);
      // Keep the seed's file name (it decides the kind); one folder per case so nothing is shared.
      const u = fileUri(path.join(dir, `case-${n}`, path.basename(seed.uri)));
      const where = `case ${n} (${seed.uri})\n--- input ---\n${text.slice(0, 1500)}`;
      await client.open(u, text);
      const diagnostics: Diagnostic[] = await client.diagnostics(u);
      const doc = TextDocument.create(u, 'yaml', 1, text);
      const at = () => doc.positionAt(Math.floor(rnd() * (text.length + 1)));
      for (let k = 0; k < 3; k++)
        await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: at() });
      const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
      const actions = await client.request<CodeAction[] | null>('textDocument/codeAction', {
        textDocument: { uri: u },
        range: whole,
        context: { diagnostics },
      });
      assert.ok(Array.isArray(actions), `code actions answered: ${where}`);
      if (diagnostics.length > 0) withFindings++;
      if (actions.length > 0) withActions++;
      await client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: u } });
      await client.close(u);
      assert.equal(client.exitCode, null, `server alive after ${where}\n${client.stderr}`);
    }
    // The inputs must reach the rules: most mutated files still have findings and quick fixes.
    assert.ok(
      withFindings > CASES / 4 && withActions > CASES / 4,
      `findings in ${withFindings}, actions in ${withActions} of ${CASES} cases`,
    );
    const failures = client.notifications
      .filter((m) => m.method === 'window/logMessage')
      .map((m) => m.params as { type: number; message: string })
      .filter((p) => p.type === 1 && /failed/.test(p.message))
      .map((p) => p.message.slice(0, 2000));
    assert.deepEqual(failures, [], 'no handler or rule failure was logged');
  },
);
