/**
 * The server keeps the protocol under a client that does not (issue item 20): broken frames,
 * malformed incremental changes, requests before `initialize` and after `shutdown`, and
 * `$/cancelRequest` or a newer version while a lint runs; concurrent requests share one lint.
 * Everything over stdio against the built server; waits are for states, never for a time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CancellationTokenSource,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type CodeLens,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { fileUri, LspClient, PULL_CAPABILITIES } from '../helpers/lsp-client';
import { paragraph } from '../../server/src/engine/template-text';

const COMPOSE = `services:
  web:
    image: nginx:1.27
    container_name: web
    ports:
      - "8080:80"
    deploy:
      replicas: 3
      resources:
        limits:
          memory: 400m
`;

/** A Compose file of about `mb` MB, so that a lint of it takes many steps. */
function bigCompose(mb: number): string {
  let text = 'services:\n';
  for (let n = 0; text.length < mb * 1024 * 1024; n++) {
    text += [
      `  svc${n}:`,
      `    image: registry.example.invalid/app:${n}`,
      '    environment:',
      `      SLOT: "${n}"`,
      '    deploy:',
      '      replicas: 1',
      '      resources:',
      '        limits:',
      '          memory: 256M',
      '',
    ].join('\n');
  }
  return text;
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
}

/** The error code a request failed with. */
async function errorCode(p: Promise<unknown>): Promise<number> {
  try {
    const value = await p;
    assert.fail(`expected an error, got ${JSON.stringify(value)?.slice(0, 300)}`);
  } catch (err) {
    assert.ok(err instanceof ResponseError, `a JSON-RPC error, not ${String(err)}`);
    return err.code;
  }
}

/** Every `line`/`character` in `value` is a non-negative integer. */
function positionsAreIntegers(value: unknown, where = '$'): void {
  if (Array.isArray(value)) value.forEach((v, i) => positionsAreIntegers(v, `${where}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'line' || k === 'character')
        assert.ok(Number.isInteger(v) && (v as number) >= 0, `${where}.${k} is ${JSON.stringify(v)}`);
      else positionsAreIntegers(v, `${where}.${k}`);
    }
  }
}

let dir: string;
const uriOf = (name: string) => fileUri(path.join(dir, name));

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-protocol-'));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('framing', () => {
  test(
    paragraph(
      'frames with a missing, non-numeric, negative or short Content-Length, or a body that is not JSON, are',
      'skipped; the server keeps answering',
    ),
    async () => {
      const client = await LspClient.start();
      try {
        const u = uriOf('frames/docker-compose.yml');
        await client.open(u, COMPOSE);
        await client.diagnostics(u);
        const position = { line: 10, character: 19 };
        const hover = JSON.stringify({
          jsonrpc: '2.0',
          id: 'raw-1',
          method: 'textDocument/hover',
          params: { textDocument: { uri: u }, position },
        });
        const bad: [string, RegExp][] = [
          [`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${hover}`, /no Content-Length header/],
          [`Content-Length: abc\r\n\r\n${hover}`, /Content-Length "abc"/],
          [`Content-Length: -7\r\n\r\n${hover}`, /Content-Length "-7"/],
          [`garbage without a colon\r\n\r\n${hover}`, /a header line without a field name/],
          [`Content-Length: 5\r\n\r\n{"a":`, /body is not JSON/],
          // A length too short cuts the body; the rest of it is then read as a header, and fails too.
          [`Content-Length: 20\r\n\r\n${hover}`, /body is not JSON/],
        ];
        for (const [bytes, why] of bad) {
          const logged = client.messages.length;
          await client.writeRaw(bytes);
          // The next request, framed well, is answered.
          const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position });
          assert.match(hoverText(h), /400 MiB/);
          assert.ok(
            client.messages.slice(logged).some((m) => why.test(m)),
            `logged ${why}:\n${client.log}`,
          );
        }
        // And a frame split across writes still reads.
        const whole = frame(
          JSON.stringify({
            jsonrpc: '2.0',
            method: 'textDocument/didChange',
            params: {
              textDocument: { uri: u, version: 2 },
              contentChanges: [{ text: COMPOSE.replace('container_name: web\n', '') }],
            },
          }),
        );
        await client.writeRaw(whole.slice(0, 7));
        await client.writeRaw(whole.slice(7, 40));
        await client.writeRaw(whole.slice(40));
        await client.waitFor('diagnostics for version 2', () => client.published.get(u)?.find((p) => p.version === 2));
        assert.ok(client.alive);
      } finally {
        await client.shutdown();
      }
    },
  );
});

describe('incremental changes', () => {
  test('a change with fractional, null or negative positions is rejected: the text stays whole and no answer carries a null position', async () => {
    const client = await LspClient.start({ settings: { debounceMs: 0 } });
    try {
      const u = uriOf('changes/docker-compose.yml');
      await client.open(u, COMPOSE);
      const before = await client.diagnostics(u);
      assert.ok(before.length > 0);
      // A position past the end of a line is legal (it means the end of the line): applied.
      await client.change(u, [
        { range: { start: { line: 0, character: 99 }, end: { line: 0, character: 99 } }, text: ' # end' },
      ]);
      await client.diagnostics(u);
      const bad = [
        { range: { start: { line: 3, character: 2.5 }, end: { line: 3, character: 7 } }, text: 'x' },
        { range: { start: { line: null, character: 0 }, end: { line: 3, character: 0 } }, text: '' },
        { range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: 'y' },
        { range: null, text: 'z' },
      ];
      const whole = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
      for (const change of bad) {
        await client.change(u, [change as never]);
        const diagnostics = await client.diagnostics(u);
        positionsAreIntegers(diagnostics);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: u },
          range: whole,
          context: { diagnostics: before },
        });
        positionsAreIntegers(actions);
        positionsAreIntegers(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } }));
        // The server's copy no longer matches the editor's: it offers nothing until the editor sends the whole text.
        assert.deepEqual(diagnostics, []);
        assert.deepEqual(actions, []);
      }
      assert.equal(client.messages.filter((m) => /rejected a change/.test(m)).length, bad.length, client.log);
      // A whole-document change brings it back, with the editor's text.
      const text = `# end\n${COMPOSE}`;
      await client.change(u, [{ text }]);
      const again = await client.diagnostics(u, (ds) => ds.length > 0);
      positionsAreIntegers(again);
      assert.ok(
        again.some((d) => d.code === 'compose/container-name-blocks-scale' && d.range.start.line === 4),
        JSON.stringify(again),
      );
    } finally {
      await client.shutdown();
    }
  });
});

describe('lifecycle', () => {
  test('a request before initialize gets ServerNotInitialized (-32002) and a notification is dropped', async () => {
    const client = await LspClient.start({ initialize: false });
    try {
      const u = uriOf('early/docker-compose.yml');
      assert.equal(
        await errorCode(
          client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 0 } }),
        ),
        ErrorCodes.ServerNotInitialized,
      );
      await client.notify('textDocument/didOpen', {
        textDocument: { uri: u, languageId: 'yaml', version: 1, text: COMPOSE },
      });
      await client.initialize();
      // The early didOpen was dropped: the document is unknown, so no hover.
      assert.equal(
        await client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 10, character: 19 } }),
        null,
      );
      await client.open(u, COMPOSE);
      assert.ok((await client.diagnostics(u)).length > 0);
      assert.equal(
        await errorCode(client.request('initialize', client.initializeParams)),
        ErrorCodes.InvalidRequest,
        'a second initialize',
      );
    } finally {
      await client.shutdown();
    }
  });

  test('after shutdown a request gets InvalidRequest (-32600); exit then ends with 0', async () => {
    const client = await LspClient.start();
    const u = uriOf('late/docker-compose.yml');
    await client.open(u, COMPOSE);
    await client.diagnostics(u);
    assert.equal(await client.request('shutdown', null), null);
    assert.equal(
      await errorCode(
        client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 10, character: 19 } }),
      ),
      ErrorCodes.InvalidRequest,
    );
    await client.notify('exit', null);
    await client.waitForExit();
    assert.equal(client.exitCode, 0, client.log);
  });

  test('exit without shutdown ends with 1', async () => {
    const client = await LspClient.start();
    await client.notify('exit', null);
    await client.waitForExit();
    assert.equal(client.exitCode, 1, client.log);
  });

  test('the end of the input after shutdown ends with 0, without shutdown with 1', async () => {
    const clean = await LspClient.start();
    await clean.request('shutdown', null);
    clean.proc.stdin!.end();
    await clean.waitForExit();
    assert.equal(clean.exitCode, 0, clean.log);
    const abrupt = await LspClient.start();
    abrupt.proc.stdin!.end();
    await abrupt.waitForExit();
    assert.equal(abrupt.exitCode, 1, abrupt.log);
  });
});

describe('cancellation and sharing', () => {
  const big = bigCompose(1.5);
  const kindsFor = (client: LspClient, u: string) =>
    client.notifications.filter((n) => n.method === 'scalewise/kind' && (n.params as { uri: string }).uri === u).length;

  test('$/cancelRequest stops the lint: the request gets RequestCancelled (-32800) and the lint never finishes', async () => {
    const u = uriOf('cancel/docker-compose.yml');
    const cancel = new CancellationTokenSource();
    // Pull diagnostics: nothing lints on open, so the hover's lint is the first to ask for the
    // document's settings. The cancel goes out then, when the lint has started (vscode-jsonrpc
    // itself answers a cancel that comes before the request is dispatched).
    const client = await LspClient.start({
      capabilities: PULL_CAPABILITIES,
      settings: (scopeUri) => {
        if (scopeUri === u) cancel.cancel();
        return { ...DEFAULT_SETTINGS, debounceMs: 0 };
      },
    });
    try {
      await client.open(u, big);
      const pending = client.connection.sendRequest(
        'textDocument/hover',
        { textDocument: { uri: u }, position: { line: 1, character: 3 } },
        cancel.token,
      );
      assert.equal(await errorCode(pending), LSPErrorCodes.RequestCancelled);
      await client.waitFor('the stop in the log', () =>
        client.messages.find((m) => /lint of .*cancel\/docker-compose\.yml v1 stopped: cancelled/.test(m)),
      );
      assert.equal(kindsFor(client, u), 0, 'no lint of it finished');
      // A later request lints it, and answers.
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } }, 120_000);
      assert.ok(lenses.length > 0);
      assert.equal(kindsFor(client, u), 1);
    } finally {
      await client.shutdown();
    }
  });

  test('a newer version stops the lint of the old one: its requests get ContentModified (-32801)', async () => {
    const client = await LspClient.start({ settings: { debounceMs: 60_000 } });
    try {
      const u = uriOf('modified/docker-compose.yml');
      await client.open(u, big);
      const pending = client.request<Hover | null>(
        'textDocument/hover',
        { textDocument: { uri: u }, position: { line: 1, character: 3 } },
        120_000,
      );
      await client.change(u, [{ text: COMPOSE }]);
      assert.equal(await errorCode(pending), LSPErrorCodes.ContentModified);
      await client.waitFor('the stop in the log', () =>
        client.messages.find((m) => /lint of .*modified\/docker-compose\.yml v1 stopped: a newer version/.test(m)),
      );
      const h = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: u },
        position: { line: 10, character: 19 },
      });
      assert.match(hoverText(h), /400 MiB/);
    } finally {
      await client.shutdown();
    }
  });

  test('a pull for diagnostics whose lint is overtaken by a newer version answers for the newer version', async () => {
    const client = await LspClient.start({ capabilities: PULL_CAPABILITIES, settings: { debounceMs: 0 } });
    try {
      const u = uriOf('pull/docker-compose.yml');
      await client.open(u, big);
      const pending = client.request<DocumentDiagnosticReport>(
        'textDocument/diagnostic',
        { textDocument: { uri: u } },
        120_000,
      );
      await client.change(u, [{ text: COMPOSE }]);
      const report = (await pending) as { items: Diagnostic[] };
      assert.ok(
        report.items.some((d) => d.code === 'compose/container-name-blocks-scale'),
        JSON.stringify(report.items.map((d) => d.code)),
      );
    } finally {
      await client.shutdown();
    }
  });

  test('concurrent requests for the same version share one lint', async () => {
    const client = await LspClient.start({ settings: { debounceMs: 60_000 } });
    try {
      const u = uriOf('shared/docker-compose.yml');
      const text = bigCompose(0.3);
      await client.open(u, text);
      const whole = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
      const [h, lenses, actions] = await Promise.all([
        client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri: u },
          position: { line: 1, character: 3 },
        }),
        client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } }),
        client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: u },
          range: whole,
          context: { diagnostics: [] },
        }),
      ]);
      assert.ok(h && lenses.length > 0 && Array.isArray(actions));
      assert.equal(kindsFor(client, u), 1, 'one lint, one kind notification');
    } finally {
      await client.shutdown();
    }
  });
});
