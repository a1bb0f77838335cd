/**
 * Code lenses, hovers and code actions answer from the cached lint (issue 11, "Latency where
 * people feel it"): textDocument/codeLens returns lenses without commands and codeLens/resolve
 * fills in the command the lens had before, so an editor resolves only the lenses it shows; none
 * of these requests lints again when the lint of the current version is cached, and requests that
 * come while a lint is in flight join it. A finished lint is counted by its `scalewise/kind`
 * notification (document-linter.ts sends one per lint).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LSPErrorCodes, type CodeAction, type CodeLens, type Hover } from 'vscode-languageserver-protocol';
import { fileUri, LspClient } from '../helpers/lsp-client';

const COMPOSE = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    container_name: web',
  '    deploy:',
  '      replicas: 3',
  '      resources:',
  '        limits:',
  '          cpus: "0.5"',
  '          memory: 400M',
  '  worker:',
  '    image: busybox',
  '    deploy:',
  '      resources:',
  '        limits:',
  '          memory: 128M',
  '',
].join('\n');

const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

/**
 * What the server answered with commands in place before lenses were resolved lazily. A sizing
 * lens shows its summary (cut to 60 characters) and a click says it whole (`scalewise.sizingDetails`).
 */
function expectedLenses(file: string): CodeLens[] {
  const scale = (service: string, replicas: number) => ({
    title: `Scale ${service} to ${replicas}…`,
    command: 'scalewise.scale',
    arguments: [{ system: 'compose', args: { file, service, replicas } }],
  });
  const sizing = (title: string) => ({ title, command: 'scalewise.sizingDetails' });
  return [
    { range: at(0, 0), command: sizing('2 services, 4 containers: limits 1.5 cores, 1.3 GiB …') },
    { range: at(1, 2), command: sizing('3 × (0.5 cores, 400 MiB) = 1.5 cores, 1.17 GiB') },
    { range: at(10, 2), command: sizing('1 × (no CPU limit, 128 MiB) = no CPU limit, 128 MiB') },
    { range: at(1, 2), command: scale('web', 3) },
    { range: at(10, 2), command: scale('worker', 1) },
  ];
}

/** A resolved lens as expectedLenses gives it: a sizing lens's tooltip and arguments are checked apart. */
function shape(l: CodeLens): CodeLens {
  const c = l.command!;
  if (c.command !== 'scalewise.sizingDetails') return { range: l.range, command: c };
  const args = c.arguments?.[0] as { title: string; detail?: string };
  assert.equal(c.tooltip, args.detail ? `${args.title}\n\n${args.detail}` : args.title);
  assert.ok(args.title.startsWith(c.title.replace(/ …$/, '')), `${c.title} / ${args.title}`);
  return { range: l.range, command: { title: c.title, command: c.command } };
}

const kindsFor = (client: LspClient, u: string) =>
  client.notifications.filter((n) => n.method === 'scalewise/kind' && (n.params as { uri: string }).uri === u).length;

const errorCode = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e as { code?: number }).code,
  );

describe('code lenses resolved lazily, and requests that do not lint again', () => {
  let dir: string;
  let file: string;
  let u: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lenses-'));
    file = path.join(dir, 'docker-compose.yml');
    fs.writeFileSync(file, COMPOSE);
    u = fileUri(file);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('codeLens answers without commands; codeLens/resolve gives each the title and command it had', async () => {
    const client = await LspClient.start({ settings: { debounceMs: 0 }, cwd: dir });
    try {
      assert.deepEqual(client.initializeResult.capabilities.codeLensProvider, { resolveProvider: true });
      await client.open(u, COMPOSE);
      await client.diagnostics(u);
      const bare = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      assert.deepEqual(
        bare.filter((l) => l.command !== undefined),
        [],
        'no command until resolved',
      );
      const resolved = await Promise.all(bare.map((l) => client.request<CodeLens>('codeLens/resolve', l)));
      assert.deepEqual(resolved.map(shape), expectedLenses(file));
      assert.equal(
        (resolved[0]!.command!.arguments![0] as { title: string }).title,
        '2 services, 4 containers: limits 1.5 cores, 1.3 GiB; no CPU limit: worker',
      );
      // The same version answers with the same lenses.
      assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } }), bare);
    } finally {
      await client.shutdown();
    }
  });

  test('a lens of an older version is not resolved: ContentModified', async () => {
    const client = await LspClient.start({ settings: { debounceMs: 0 }, cwd: dir });
    try {
      await client.open(u, COMPOSE);
      await client.diagnostics(u);
      const old = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      await client.change(u, [{ text: COMPOSE.replace('replicas: 3', 'replicas: 4') }]);
      await client.diagnostics(u);
      const now = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      assert.equal(await errorCode(client.request('codeLens/resolve', old[1])), LSPErrorCodes.ContentModified);
      const web = await client.request<CodeLens>('codeLens/resolve', now[1]);
      assert.equal(web.command?.title, '4 × (0.5 cores, 400 MiB) = 2 cores, 1.56 GiB');
    } finally {
      await client.shutdown();
    }
  });

  test('lenses, their resolve, hovers and code actions use the cached lint of the current version', async () => {
    const client = await LspClient.start({ settings: { debounceMs: 0 }, cwd: dir });
    try {
      await client.open(u, COMPOSE);
      const diagnostics = await client.diagnostics(u);
      await client.waitFor('the lint of version 1', () => kindsFor(client, u) === 1);
      const blocking = diagnostics.find((d) => d.code === 'compose/container-name-blocks-scale');
      assert.ok(blocking, JSON.stringify(diagnostics));
      for (let i = 0; i < 3; i++) {
        const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
        await Promise.all(lenses.map((l) => client.request('codeLens/resolve', l)));
        const h = await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri: u },
          position: { line: 9, character: 19 },
        });
        assert.ok(h, 'a hover on memory: 400M');
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: u },
          range: blocking.range,
          context: { diagnostics: [blocking] },
        });
        assert.ok(
          actions.some((a) => a.edit),
          JSON.stringify(actions),
        );
      }
      assert.equal(kindsFor(client, u), 1, 'no lint after the first');
    } finally {
      await client.shutdown();
    }
  });

  test('after an edit, a lens, a hover and a code action asked at once share one lint', async () => {
    // Diagnostics wait a minute: the requests are the first to ask for the new version.
    const client = await LspClient.start({ settings: { debounceMs: 60_000 }, cwd: dir });
    try {
      await client.open(u, COMPOSE);
      await client.request('textDocument/codeLens', { textDocument: { uri: u } });
      assert.equal(kindsFor(client, u), 1);
      await client.change(u, [{ text: COMPOSE.replace('memory: 400M', 'memory: 500M') }]);
      const [lenses, h, actions] = await Promise.all([
        client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } }),
        client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri: u },
          position: { line: 9, character: 19 },
        }),
        client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: u },
          range: at(3, 4),
          context: { diagnostics: [] },
        }),
      ]);
      assert.ok(lenses.length > 0 && h && Array.isArray(actions));
      assert.equal(kindsFor(client, u), 2, 'one lint for version 2');
      const web = await client.request<CodeLens>('codeLens/resolve', lenses[1]);
      assert.equal(web.command?.title, '3 × (0.5 cores, 500 MiB) = 1.5 cores, 1.46 GiB');
      assert.equal(kindsFor(client, u), 2, 'resolve does not lint');
    } finally {
      await client.shutdown();
    }
  });
});
