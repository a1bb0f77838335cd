/**
 * The real language server (server/out/server.js, and `scalewise lsp --stdio`) over stdio:
 * what an editor sees. Documents are opened with file:// URIs under a temp folder; settings are
 * chosen per document through workspace/configuration.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type CodeAction,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Hover,
  type MarkupContent,
  type Position,
  type Range,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { RULES_BY_ID, ruleFileName } from '../../server/src/engine';
import {
  ServerCommands,
  DEFAULT_SETTINGS,
  FIX_ALL_KIND,
  type DiagnosticData,
  type ScalewiseSettings,
} from '../../server/src/protocol';
import { fileUri, LspClient, PULL_CAPABILITIES } from '../helpers/lsp-client';

const COMPOSE = `# Web tier: three replicas behind the host's port 8080.
version: "3.8"
services:
  web:
    image: nginx:1.27
    container_name: web # a fixed name
    ports:
      - "8080:80"
    deploy:
      replicas: 3
      resources:
        limits:
          memory: 400m
`;

const CONTAINER_NAME = 'compose/container-name-blocks-scale';
const HOST_PORT = 'compose/host-port-conflict';
const OBSOLETE_VERSION = 'compose/obsolete-version';
const MAX_PODS = 'k3s/max-pods-exceeds-node-cidr';

/** The range of the `nth` occurrence of `needle` in `text`, as LSP positions. */
function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" occurs ${nth + 1} times in the text`);
  }
  const doc = TextDocument.create('file:///x', 'yaml', 1, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}

function inside(text: string, needle: string, by = 1): Position {
  const r = rangeOf(text, needle);
  return { line: r.start.line, character: r.start.character + by };
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic {
  const d = diagnostics.find((x) => x.code === code);
  assert.ok(d, `a ${code} diagnostic among ${JSON.stringify(codes(diagnostics))}`);
  return d;
}

/** Applies the edits of a single versioned TextDocumentEdit to `text`. */
function applyAction(text: string, uri: string, version: number, action: CodeAction): string {
  const changes = action.edit?.documentChanges;
  assert.ok(changes && changes.length === 1, `${action.title}: one document change`);
  const change = changes[0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri, version }, `${action.title}: versioned for ${uri} v${version}`);
  const edits = change.edits.map((e) => {
    assert.ok('newText' in e, `${action.title}: plain text edits, not snippets`);
    return e;
  });
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', version, text), edits);
}

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  return c.value;
}

describe('language server over stdio (server/out/server.js)', () => {
  let client: LspClient;
  let dir: string;
  /** Per-folder overrides of the settings workspace/configuration answers with. */
  const overrides: Record<string, Partial<ScalewiseSettings>> = {};
  const uri = (name: string) => fileUri(path.join(dir, name));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lsp-'));
    client = await LspClient.start({
      settings: (scopeUri) => {
        const folder = Object.keys(overrides).find((f) => scopeUri?.includes(`/${f}/`));
        return { ...DEFAULT_SETTINGS, debounceMs: 20, ...(folder ? overrides[folder] : {}) };
      },
    });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('initialize advertises hover, code lens, quick fixes and source.fixAll.scalewise', () => {
    const { capabilities, serverInfo } = client.initializeResult;
    assert.equal(serverInfo?.name, 'scalewise');
    assert.match(serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
    assert.equal(capabilities.hoverProvider, true);
    assert.ok(capabilities.codeLensProvider, 'codeLensProvider');
    const kinds = (capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds;
    assert.deepEqual(kinds?.slice().sort(), [CodeActionKind.QuickFix, FIX_ALL_KIND].sort());
    assert.equal(FIX_ALL_KIND, 'source.fixAll.scalewise');
    // Incremental sync (2), and no pull diagnostics for a client that did not ask for them.
    const sync = capabilities.textDocumentSync;
    assert.equal(typeof sync === 'number' ? sync : sync?.change, 2);
    assert.equal(capabilities.diagnosticProvider, undefined);
  });

  test('publishes diagnostics for a Compose file with source, code, docs link, ranges and data', async () => {
    const u = uri('publish/docker-compose.yml');
    await client.open(u, COMPOSE);
    const diagnostics = await client.diagnostics(u);
    assert.deepEqual(codes(diagnostics), [CONTAINER_NAME, HOST_PORT, OBSOLETE_VERSION].sort());
    for (const d of diagnostics) {
      const id = String(d.code);
      assert.equal(d.source, 'scalewise');
      assert.ok(
        d.codeDescription?.href.endsWith(`/docs/rules/${ruleFileName(id)}.md`),
        `${id} href ${d.codeDescription?.href}`,
      );
      assert.equal(d.codeDescription?.href, RULES_BY_ID.get(id)?.meta.docsUrl);
      const data = d.data as DiagnosticData;
      assert.equal(data.ruleId, id);
      assert.equal(data.version, 1);
      assert.equal(typeof data.messageId, 'string');
    }
    assert.deepEqual(byCode(diagnostics, CONTAINER_NAME).range, rangeOf(COMPOSE, 'container_name'));
    assert.deepEqual(byCode(diagnostics, HOST_PORT).range, rangeOf(COMPOSE, '"8080:80"'));
    assert.deepEqual(byCode(diagnostics, OBSOLETE_VERSION).range, rangeOf(COMPOSE, 'version'));
    assert.equal(byCode(diagnostics, CONTAINER_NAME).severity, DiagnosticSeverity.Error);
    assert.equal(byCode(diagnostics, OBSOLETE_VERSION).severity, DiagnosticSeverity.Hint);
    assert.deepEqual(byCode(diagnostics, OBSOLETE_VERSION).tags, [DiagnosticTag.Unnecessary]);
    assert.match(messageOf(byCode(diagnostics, CONTAINER_NAME)), /container_name "web" but runs 3 replicas/);
    assert.ok(client.serverRequests.includes('workspace/configuration'), 'the server asked for its settings');
  });

  test('an incremental edit that removes container_name updates the diagnostics', async () => {
    const u = uri('edit/docker-compose.yml');
    await client.open(u, COMPOSE);
    assert.ok(codes(await client.diagnostics(u)).includes(CONTAINER_NAME));
    const line = rangeOf(COMPOSE, 'container_name').start.line;
    const v = await client.change(u, [
      { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' },
    ]);
    const after = await client.diagnostics(u);
    assert.equal(client.latestDiagnostics(u)?.version, v);
    assert.deepEqual(codes(after), [HOST_PORT, OBSOLETE_VERSION].sort());
    // Ranges follow the edit: the port moved up a line.
    assert.deepEqual(
      byCode(after, HOST_PORT).range,
      rangeOf(COMPOSE.replace(/ {4}container_name.*\n/, ''), '"8080:80"'),
    );
  });

  test('a burst of edits is linted once, for the last version (debounced)', async () => {
    overrides.burst = { debounceMs: 400 };
    const u = uri('burst/docker-compose.yml');
    await client.open(u, COMPOSE);
    await client.diagnostics(u);
    const line = rangeOf(COMPOSE, 'replicas: 3').end;
    const replicas = { start: { line: line.line, character: line.character - 1 }, end: line }; // the `3`
    // Written back to back, well inside the 400 ms debounce of this folder.
    const sent = [4, 5, 6].map((n) => client.change(u, [{ range: replicas, text: String(n) }]));
    await Promise.all(sent);
    const diagnostics = await client.diagnostics(u);
    assert.match(messageOf(byCode(diagnostics, CONTAINER_NAME)), /runs 6 replicas/);
    const versions = client.published.get(u)!.map((p) => p.version);
    assert.deepEqual(versions, [1, 4], 'versions 2 and 3 were never published');
  });

  test('quick fixes for a diagnostic: the rule fix as a versioned edit, disable line/file, documentation', async () => {
    const u = uri('actions/docker-compose.yml');
    await client.open(u, COMPOSE);
    const diagnostics = await client.diagnostics(u);
    const d = byCode(diagnostics, CONTAINER_NAME);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const titles = actions.map((a) => a.title);
    const rule = RULES_BY_ID.get(CONTAINER_NAME)!;
    assert.ok(
      actions.every((a) => a.kind === CodeActionKind.QuickFix),
      'all quick fixes',
    );

    const fix = actions.find((a) => a.title.startsWith('Remove container_name'));
    assert.ok(fix, `the rule's own fix among ${JSON.stringify(titles)}`);
    assert.equal(fix.isPreferred, false, 'a suggestion is not the preferred fix');
    assert.deepEqual(fix.diagnostics, [d]);
    const fixed = applyAction(COMPOSE, u, 1, fix);
    assert.ok(!fixed.includes('container_name'));
    assert.ok(fixed.includes('# Web tier') && fixed.includes('replicas: 3'), 'the rest of the file is kept');

    const line = actions.find((a) => a.title === `Disable ${CONTAINER_NAME} for this line`);
    assert.ok(line, `disable for this line among ${JSON.stringify(titles)}`);
    const lineDisabled = applyAction(COMPOSE, u, 1, line);
    assert.ok(
      lineDisabled.includes(`    # scalewise-disable-next-line ${CONTAINER_NAME}\n    container_name: web`),
      lineDisabled,
    );

    const file = actions.find((a) => a.title === `Disable ${CONTAINER_NAME} for this file`);
    assert.ok(file, `disable for this file among ${JSON.stringify(titles)}`);
    assert.equal(applyAction(COMPOSE, u, 1, file), `# scalewise-disable-file ${CONTAINER_NAME}\n${COMPOSE}`);

    const docs = actions.find((a) => a.title === `Show documentation for ${CONTAINER_NAME}`);
    assert.ok(docs, `show documentation among ${JSON.stringify(titles)}`);
    // The server's command (any editor can run it), not the client's.
    assert.equal(docs.command?.command, ServerCommands.ruleDocumentation);
    assert.deepEqual(docs.command?.arguments, [{ ruleId: CONTAINER_NAME, url: rule.meta.docsUrl }]);

    // The disable comment the action wrote really silences the finding, and only that one.
    await client.change(u, [{ text: lineDisabled }]);
    assert.deepEqual(codes(await client.diagnostics(u)), [HOST_PORT, OBSOLETE_VERSION].sort());
  });

  test('the safe fix of a diagnostic is the preferred quick fix', async () => {
    const u = uri('preferred/docker-compose.yml');
    await client.open(u, COMPOSE);
    const d = byCode(await client.diagnostics(u), OBSOLETE_VERSION);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(!applyAction(COMPOSE, u, 1, preferred[0]!).includes('version:'));
  });

  test('source.fixAll.scalewise applies only safe fixes: removes version:, keeps comments and container_name', async () => {
    const u = uri('fixall/docker-compose.yml');
    await client.open(u, COMPOSE);
    await client.diagnostics(u);
    const whole = { start: { line: 0, character: 0 }, end: { line: COMPOSE.split('\n').length, character: 0 } };
    for (const only of [[FIX_ALL_KIND], [CodeActionKind.SourceFixAll]]) {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: u },
        range: whole,
        context: { diagnostics: [], only },
      });
      assert.deepEqual(
        actions.map((a) => a.kind),
        [FIX_ALL_KIND],
        `only ${only.join()}: one fix-all action and no quick fixes`,
      );
      const fixed = applyAction(COMPOSE, u, 1, actions[0]!);
      assert.ok(!/^version:/m.test(fixed), fixed);
      assert.ok(fixed.startsWith("# Web tier: three replicas behind the host's port 8080.\n"), 'leading comment kept');
      assert.ok(
        fixed.includes('container_name: web # a fixed name'),
        'a suggestion is not applied by fix all; its comment stays',
      );
      assert.ok(fixed.includes('"8080:80"'));
      assert.equal(fixed, COMPOSE.replace('version: "3.8"\n', ''));
    }
    // A quick-fix request does not smuggle in the fix-all action.
    const quick = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: whole,
      context: { diagnostics: [], only: [CodeActionKind.QuickFix] },
    });
    assert.deepEqual(quick, []);
  });

  test('a CRLF document gets the same ranges, and fix all keeps its line endings', async () => {
    const crlf = COMPOSE.replace(/\n/g, '\r\n');
    const u = uri('crlf/docker-compose.yml');
    await client.open(u, crlf);
    const diagnostics = await client.diagnostics(u);
    assert.deepEqual(byCode(diagnostics, CONTAINER_NAME).range, rangeOf(COMPOSE, 'container_name'));
    assert.deepEqual(byCode(diagnostics, HOST_PORT).range, rangeOf(COMPOSE, '"8080:80"'));
    const whole = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    const [fixAll] = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: whole,
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    assert.ok(fixAll);
    assert.equal(applyAction(crlf, u, 1, fixAll), crlf.replace('version: "3.8"\r\n', ''));
  });

  test('hover on a finding shows the rule summary and the docs link', async () => {
    const u = uri('hover/docker-compose.yml');
    await client.open(u, COMPOSE);
    const d = byCode(await client.diagnostics(u), CONTAINER_NAME);
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: u },
      position: inside(COMPOSE, 'container_name', 3),
    });
    const text = markdown(h);
    const rule = RULES_BY_ID.get(CONTAINER_NAME)!;
    assert.ok(text.includes(`**${CONTAINER_NAME}**`), text);
    assert.ok(text.includes(rule.meta.docs.summary), text);
    assert.ok(text.includes(`(${rule.meta.docsUrl})`), text);
    // The message is shown with the diagnostic; the hover does not repeat it.
    assert.ok(!text.includes(typeof d.message === 'string' ? d.message : d.message.value), text);
    assert.deepEqual(h!.range, d.range);
  });

  test('hover on memory: 400m in Compose shows both readings: 400 MiB in Compose, 0.4 bytes in Kubernetes', async () => {
    const u = uri('hover-memory/docker-compose.yml');
    await client.open(u, COMPOSE);
    await client.diagnostics(u);
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: u },
      position: inside(COMPOSE, '400m'),
    });
    const text = markdown(h);
    assert.match(text, /Compose reads it as 400 MiB/);
    assert.match(text, /Kubernetes would read it as 0\.4 bytes/);
    assert.deepEqual(h!.range, rangeOf(COMPOSE, '400m'));
  });

  test('code lenses show the sizing: replicas × limits', async () => {
    const u = uri('lens/docker-compose.yml');
    await client.open(u, COMPOSE);
    const lenses = await client.codeLenses(u);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => t.includes('3 ×') && t.includes('400 MiB')),
      JSON.stringify(titles),
    );
    const web = lenses.find((l) => l.command?.title.includes('3 ×'))!;
    assert.equal(web.range.start.line, rangeOf(COMPOSE, 'web:').start.line, 'above the service');
    assert.equal(web.command?.command, ServerCommands.showSizing, 'a click shows the whole summary');
  });

  test('a k3s config.yaml with kubelet-arg max-pods=500 gets k3s/max-pods-exceeds-node-cidr', async () => {
    const text = '# k3s server config\nkubelet-arg:\n  - "max-pods=500"\n';
    const u = uri('node1/etc/rancher/k3s/config.yaml');
    await client.open(u, text);
    const diagnostics = await client.diagnostics(u, (ds) => ds.length > 0);
    const d = byCode(diagnostics, MAX_PODS);
    assert.equal(d.range.start.line, 2);
    assert.match(messageOf(d), /max-pods 500/);
    assert.equal(d.severity, DiagnosticSeverity.Error);
  });

  test('workspace/configuration scalewise.rules turns a rule off for that document', async () => {
    overrides['rules-off'] = { rules: { [OBSOLETE_VERSION]: 'off' } };
    const u = uri('rules-off/docker-compose.yml');
    await client.open(u, COMPOSE);
    assert.deepEqual(codes(await client.diagnostics(u)), [CONTAINER_NAME, HOST_PORT].sort());
  });

  test('changed settings are asked for again on didChangeConfiguration and re-lint open documents', async () => {
    overrides.reconfigure = {};
    const u = uri('reconfigure/docker-compose.yml');
    await client.open(u, COMPOSE);
    assert.equal(byCode(await client.diagnostics(u), HOST_PORT).severity, DiagnosticSeverity.Error);
    overrides.reconfigure = { rules: { [HOST_PORT]: 'warning' } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const diagnostics = await client.diagnostics(u, (ds) =>
      ds.some((x) => x.code === HOST_PORT && x.severity === DiagnosticSeverity.Warning),
    );
    assert.equal(
      byCode(diagnostics, CONTAINER_NAME).severity,
      DiagnosticSeverity.Error,
      'other rules keep their severity',
    );
  });

  test('a .scalewise.yaml with an unknown key gets a config/invalid diagnostic', async () => {
    const text = `rules:\n  ${OBSOLETE_VERSION}: off\nrulez:\n  ${HOST_PORT}: off\n`;
    const u = uri('cfg/.scalewise.yaml');
    await client.open(u, text);
    const diagnostics = await client.diagnostics(u, (ds) => ds.length > 0);
    const d = byCode(diagnostics, 'config/invalid');
    assert.equal(d.source, 'scalewise');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 2, 'on the unknown key');
    assert.match(messageOf(d), /rulez|additional/i);
    // Fixing the file clears it.
    await client.change(u, [{ text: text.replace(/rulez:\n.*\n/, '') }]);
    assert.deepEqual(await client.diagnostics(u), []);
  });

  test('stays alive through garbage YAML, a 3 MB document and an alias bomb, then still answers', async () => {
    const garbage = uri('hostile/garbage/docker-compose.yml');
    await client.open(garbage, 'services:\n  web: [unclosed\n\t- : : {{\n%%% \u0000\uffff\n  - ]]\n"\n');
    const syntax = await client.diagnostics(garbage, (ds) => ds.length > 0);
    assert.ok(syntax.every((d) => d.source === 'scalewise'));
    assert.ok(
      syntax.some((d) => d.severity === DiagnosticSeverity.Error),
      JSON.stringify(syntax),
    );

    // ~3 MB: many plain services and a few that cannot scale.
    let big = 'services:\n';
    let n = 0;
    while (big.length < 3 * 1024 * 1024) {
      big += [
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
      if (n % 5000 === 0) big += `    container_name: fixed${n}\n    scale: 2\n`;
      n++;
    }
    const bigUri = uri('hostile/big/docker-compose.yml');
    await client.open(bigUri, big);
    const bigDiagnostics = await client.diagnostics(bigUri, undefined, 120_000);
    const named = bigDiagnostics.filter((d) => d.code === CONTAINER_NAME);
    assert.equal(named.length, Math.ceil(n / 5000), JSON.stringify(codes(bigDiagnostics).slice(0, 20)));

    // Billion laughs: 9^9 references if anything expanded the aliases.
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++)
      bomb += `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]\n`;
    bomb +=
      'services:\n  web:\n    image: nginx\n    command: *i\n    deploy:\n      replicas: 2\n    container_name: web\n';
    const bombUri = uri('hostile/bomb/docker-compose.yml');
    await client.open(bombUri, bomb);
    const bombDiagnostics = await client.diagnostics(bombUri, undefined, 60_000);
    assert.ok(bombDiagnostics.every((d) => d.source === 'scalewise'));
    const at = { line: bomb.split('\n').length - 2, character: 6 };
    await client.request('textDocument/hover', { textDocument: { uri: bombUri }, position: at });
    await client.request('textDocument/codeLens', { textDocument: { uri: bombUri } });
    await client.request('textDocument/codeAction', {
      textDocument: { uri: bombUri },
      range: { start: at, end: at },
      context: { diagnostics: bombDiagnostics },
    });

    // And a normal request on a normal document still answers.
    const normal = uri('hostile/normal/docker-compose.yml');
    await client.open(normal, COMPOSE);
    assert.ok(codes(await client.diagnostics(normal)).includes(CONTAINER_NAME));
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: normal },
      position: inside(COMPOSE, '400m'),
    });
    assert.match(markdown(h), /400 MiB/);
    assert.ok(client.alive);
    for (const u of [garbage, bigUri, bombUri, normal]) await client.close(u);
  });

  test('closing a document clears its diagnostics', async () => {
    const u = uri('close/docker-compose.yml');
    await client.open(u, COMPOSE);
    assert.ok((await client.diagnostics(u)).length > 0);
    await client.close(u);
    await client.diagnostics(u, (ds) => ds.length === 0);
  });

  test('shuts down cleanly on shutdown + exit', async () => {
    await client.shutdown();
    assert.equal(client.exitCode, 0, client.log);
  });
});

describe('pull diagnostics (textDocument/diagnostic)', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lsp-pull-'));
    client = await LspClient.start({ capabilities: PULL_CAPABILITIES, settings: { debounceMs: 20 } });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a client that declares textDocument.diagnostic pulls the items instead of being pushed them', async () => {
    const provider = client.initializeResult.capabilities.diagnosticProvider;
    assert.ok(provider && 'identifier' in provider && provider.identifier === 'scalewise', JSON.stringify(provider));
    const u = fileUri(path.join(dir, 'docker-compose.yml'));
    await client.open(u, COMPOSE);
    const report = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri: u },
    });
    assert.equal(report.kind, 'full');
    const items = (report as { items: Diagnostic[] }).items;
    assert.deepEqual(codes(items), [CONTAINER_NAME, HOST_PORT, OBSOLETE_VERSION].sort());
    assert.deepEqual(byCode(items, CONTAINER_NAME).range, rangeOf(COMPOSE, 'container_name'));
    assert.equal(byCode(items, CONTAINER_NAME).source, 'scalewise');

    const line = rangeOf(COMPOSE, 'container_name').start.line;
    await client.change(u, [
      { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' },
    ]);
    const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri: u },
    });
    assert.deepEqual(codes((again as { items: Diagnostic[] }).items), [HOST_PORT, OBSOLETE_VERSION].sort());
    assert.equal(client.published.get(u), undefined, 'nothing was pushed');
  });

  test('new settings make the server ask the client to pull again (workspace/diagnostic/refresh)', async () => {
    const refreshes = () => client.serverRequests.filter((m) => m === 'workspace/diagnostic/refresh').length;
    const before = refreshes();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('a diagnostic refresh request', () => refreshes() > before);
    await client.waitFor('a code lens refresh request', () =>
      client.serverRequests.includes('workspace/codeLens/refresh'),
    );
    assert.ok(client.alive);
  });
});

describe('scalewise lsp --stdio (server/out/cli.js)', () => {
  test('initializes and publishes diagnostics for an opened Compose file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lsp-cli-'));
    const client = await LspClient.start({ entry: 'cli', settings: { debounceMs: 20 } });
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'scalewise');
      const u = fileUri(path.join(dir, 'compose.yaml'));
      await client.open(u, COMPOSE);
      const diagnostics = await client.diagnostics(u);
      assert.deepEqual(codes(diagnostics), [CONTAINER_NAME, HOST_PORT, OBSOLETE_VERSION].sort());
      await client.shutdown();
      assert.equal(client.exitCode, 0, client.log);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
