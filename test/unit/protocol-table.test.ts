/**
 * server/src/protocol.ts is the one table of what the client and the server agree on: typed
 * messages both sides use, the `scalewise.*` command ids package.json contributes, the rule docs
 * address (issue 9).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import { RULES } from '../../server/src/engine';
import * as protocol from '../../server/src/protocol';
import { repoRoot } from '../helpers/lsp-client';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus?: Record<string, { command?: string }[]>;
    keybindings?: { command: string }[];
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as Manifest;
const table = Object.values(protocol.Commands) as string[];

test('package.json contributes exactly the commands of the table, and the table has no other', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.deepEqual(
    contributed.filter((c) => !table.includes(c)),
    [],
    'contributed but not in protocol.ts Commands',
  );
  assert.deepEqual(
    table.filter((c) => !contributed.includes(c)),
    [],
    'in protocol.ts Commands but not contributed',
  );
  assert.equal(new Set(table).size, table.length, 'no id twice in the table');
  for (const id of table) assert.match(id, /^scalewise\.[a-z][A-Za-z]*$/);
});

test('menus and keybindings name only commands of the table', () => {
  const named = [
    ...Object.values(manifest.contributes.menus ?? {}).flatMap((items) => items.map((i) => i.command)),
    ...(manifest.contributes.keybindings ?? []).map((k) => k.command),
  ].filter((c): c is string => typeof c === 'string' && c.startsWith('scalewise.'));
  assert.deepEqual(
    named.filter((c) => !table.includes(c)),
    [],
  );
});

function clientSources(): { file: string; text: string }[] {
  const dir = path.join(repoRoot(), 'client/src');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

test('the client names commands and custom methods only through protocol.ts', () => {
  const literals = clientSources().flatMap(({ file, text }) =>
    [...text.matchAll(/['"`](scalewise[./][A-Za-z.]+)['"`]/g)]
      .map((m) => m[1]!)
      .filter((s) => table.includes(s) || s.startsWith('scalewise/'))
      .map((s) => `${file}: ${s}`),
  );
  assert.deepEqual(literals, []);
});

test('the client builds no docs address of its own: protocol.ts gives the engine one', () => {
  const own = clientSources()
    .filter(({ text }) => /https?:\/\/|docs\/rules\//.test(text.replace(/\/\/.*$/gm, '')))
    .map(({ file }) => file);
  assert.deepEqual(own, []);
  for (const rule of RULES) assert.equal(protocol.ruleDocsUrl(rule.meta.id), rule.meta.docsUrl);
});

test('each custom method is a typed message object, not a bare string', () => {
  const messages = {
    KindNotification: NotificationType,
    WorkspaceTrustNotification: NotificationType,
    RefreshClusterSizeRequest: RequestType0,
    PlanScaleRequest: RequestType,
    ScaleChoicesRequest: RequestType,
    ActiveContextsRequest: RequestType0,
    UseKubeContextRequest: RequestType,
    UseDockerContextRequest: RequestType,
    RuleListRequest: RequestType0,
  } as const;
  for (const [name, kind] of Object.entries(messages)) {
    const m = (protocol as Record<string, unknown>)[name];
    assert.ok(m instanceof kind, `${name} is a ${kind.name}`);
    assert.match((m as { method: string }).method, /^scalewise\/[a-zA-Z]+$/);
  }
});

test('client, server and CLI bundles hold one copy of vscode-jsonrpc (the message objects must be its own)', () => {
  for (const bundle of ['client/out/main.js', 'server/out/server.js', 'server/out/cli.js']) {
    const text = fs.readFileSync(path.join(repoRoot(), bundle), 'utf8');
    // A message of jsonrpc's connection.js, once per copy (minified or not); the check that throws
    // it for another copy's message object.
    const copies = text.split('Unknown parameter structure ').length - 1;
    assert.equal(copies, 1, `${bundle}: ${copies} copies of vscode-jsonrpc`);
  }
});

test('the activation module holds no library: the language client is in main.js, loaded after activate()', () => {
  const text = fs.readFileSync(path.join(repoRoot(), 'client/out/extension.js'), 'utf8');
  assert.equal(text.split('Unknown parameter structure ').length - 1, 0, 'vscode-jsonrpc in extension.js');
  assert.ok(text.length < 20_000, `extension.js is ${text.length} bytes`);
  assert.match(text, /require\("\.\/main\.js"\)/);
});

test('the server commands (executeCommandProvider) are apart from the client table: vscode-languageclient registers each itself', () => {
  const server = Object.values(protocol.ServerCommands) as string[];
  assert.deepEqual(
    server.filter((c) => table.includes(c)),
    [],
  );
  assert.deepEqual(
    manifest.contributes.commands.map((c) => c.command).filter((c) => server.includes(c)),
    [],
  );
  for (const id of server) assert.match(id, /^scalewise\.[a-z][A-Za-z]*$/);
});

test('the scale commands are enabled only in a trusted workspace', () => {
  const scale = manifest.contributes.commands.filter((c) => /^scalewise\.(scale|switchContext)/.test(c.command));
  assert.equal(scale.length, 5);
  for (const c of scale) assert.equal((c as { enablement?: string }).enablement, 'isWorkspaceTrusted', c.command);
});
