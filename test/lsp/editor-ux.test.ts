/**
 * What a user sees in the editor (issue 12, part 2), over LSP with the real server (snippets:
 * snippet-completion.test.ts):
 * - hover: a finding's summary and docs once, not its message again (the editor shows that with the
 *   diagnostic); values in code spans (a quantity pattern, `*`); "3 bytes" said once; a `replicas:`
 *   has the sizing of its service or workload;
 * - code lenses: none for a service at one replica without limits, titles of at most 60 characters,
 *   and a click that shows the whole summary (`scalewise.sizingDetails`);
 * - snippets as completion items of the file's kind only;
 * - every declared server command answers `workspace/executeCommand` (no -32601).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ErrorCodes,
  type CodeAction,
  type Hover,
  type MarkupContent,
  type ShowDocumentParams,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES_BY_ID } from '../../server/src/engine';
import { codeSpan } from '../../server/src/engine/markdown';
import { markdownToText, shortTitle } from '../../server/src/handlers/code-lens';
import { ServerCommands } from '../../server/src/protocol';
import { fileUri, LspClient, PUSH_CAPABILITIES, repoRoot } from '../helpers/lsp-client';

const PATTERN = '^[0-9]+(\\.[0-9]+)?[KMGT]i?$';

const COMPOSE = `services:
  web:
    image: nginx:1.27
    container_name: web
    deploy:
      replicas: 3
      resources:
        limits:
          cpus: "*"
          memory: "${PATTERN.replace(/\\/g, '\\\\')}"
  worker:
    image: busybox
  tiny:
    image: busybox
    mem_limit: 3
`;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 4
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: nginx
          resources:
            requests: {cpu: 250m, memory: 256Mi}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: one
spec:
  selector:
    matchLabels: {app: one}
  template:
    metadata:
      labels: {app: one}
    spec:
      containers:
        - name: one
          image: nginx

`;

const VALUES = `replicaCount: 3
resources:
  requests:
    cpu: 100m
    memory: 128Mi
`;

function position(text: string, needle: string, by = 1) {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} in the text`);
  return TextDocument.create('file:///x', 'yaml', 1, text).positionAt(i + by);
}

const messageText = (m: string | MarkupContent) => (typeof m === 'string' ? m : m.value);

function md(h: Hover | null): string {
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
}

describe('the text helpers', () => {
  test('codeSpan: a fence longer than any run inside, padded where the value starts or ends with one', () => {
    assert.equal(codeSpan(PATTERN), '`^[0-9]+(\\.[0-9]+)?[KMGT]i?$`');
    assert.equal(codeSpan('*'), '`*`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(codeSpan('a\nb'), '`a b`');
  });

  test('shortTitle: at most 60 characters, cut at a separator and outside parentheses', () => {
    const long = '2 services, 4 containers: limits 1.5 cores, 1.3 GiB; no CPU limit: worker';
    assert.equal(shortTitle(long), '2 services, 4 containers: limits 1.5 cores, 1.3 GiB …');
    assert.equal(
      shortTitle('Will it fit? maxReplicas 20 (HPA web): does not fit: only 12 of 20 replicas fit: short by 8 cores'),
      'Will it fit? maxReplicas 20 (HPA web): does not fit …',
    );
    assert.equal(
      shortTitle('Run:ai sizing for 7 nodes (counted in context admin@local): 1 CPU / 1Gi requests'),
      'Run:ai sizing for 7 nodes …',
    );
    assert.equal(
      shortTitle('3 × (0.5 cores, 400 MiB) = 1.5 cores, 1.17 GiB'),
      '3 × (0.5 cores, 400 MiB) = 1.5 cores, 1.17 GiB',
    );
  });

  test('markdownToText: no emphasis markers, fences or escapes; a backslash inside a code span stays', () => {
    assert.equal(markdownToText(`**web\\_1**: ${codeSpan(PATTERN)} \\[x\\]`), `web_1: ${PATTERN} [x]`);
  });
});

describe('hover, lenses and commands as an editor shows them', () => {
  let dir: string;
  let client: LspClient;
  const files = {
    compose: '',
    manifest: '',
    values: '',
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-editor-ux-'));
    files.compose = path.join(dir, 'app/docker-compose.yml');
    files.manifest = path.join(dir, 'k8s/deployment.yaml');
    files.values = path.join(dir, 'chart/values.yaml');
    fs.mkdirSync(path.join(dir, 'app'));
    fs.mkdirSync(path.join(dir, 'k8s'));
    fs.mkdirSync(path.join(dir, 'chart'));
    fs.writeFileSync(path.join(dir, 'chart/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    client = await LspClient.start({ settings: { debounceMs: 0 }, cwd: dir });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function hoverAt(file: string, text: string, needle: string, by = 1): Promise<Hover | null> {
    return client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: fileUri(file) },
      position: position(text, needle, by),
    });
  }

  test('hover: the summary once and no diagnostic message; values in code spans; 3 bytes once', async () => {
    const u = fileUri(files.compose);
    await client.open(u, COMPOSE);
    const diagnostics = await client.diagnostics(u, (ds) =>
      ds.some((d) => d.code === 'compose/container-name-blocks-scale'),
    );
    const blocking = diagnostics.find((d) => d.code === 'compose/container-name-blocks-scale')!;
    const onContainerName = md(await hoverAt(files.compose, COMPOSE, 'container_name', 3));
    const rule = RULES_BY_ID.get('compose/container-name-blocks-scale')!;
    assert.equal(onContainerName.split(rule.meta.docs.summary).length - 1, 1, onContainerName);
    assert.ok(onContainerName.includes(`[Rule documentation](${rule.meta.docsUrl})`), onContainerName);
    // The diagnostic's message is the editor's to show: no sentence of it in the hover.
    assert.ok(!onContainerName.includes('Docker requires each container'), onContainerName);
    assert.ok(messageText(blocking.message).includes('Docker requires each container'), messageText(blocking.message));

    for (const d of diagnostics) {
      const h = md(
        await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: d.range.start }),
      );
      assert.ok(!h.includes(messageText(d.message).slice(0, 40)), `${d.code}: ${h}`);
    }

    const onPattern = md(await hoverAt(files.compose, COMPOSE, '"^[0-9]', 2));
    assert.ok(onPattern.includes(`**memory**: ${codeSpan(PATTERN)}`), onPattern);
    const onStar = md(await hoverAt(files.compose, COMPOSE, '"*"', 1));
    assert.ok(onStar.includes('**cpus**: `*`'), onStar);

    const onThree = md(await hoverAt(files.compose, COMPOSE, 'mem_limit: 3', 'mem_limit: '.length));
    assert.match(onThree, /- Compose reads it as 3 bytes\n/);
    assert.match(onThree, /- Kubernetes would read it as 3 bytes$/);
    assert.ok(!onThree.includes('(3 bytes)'), onThree);
  });

  test('hover: replicas: has the sizing its service or workload name has', async () => {
    const onName = md(await hoverAt(files.compose, COMPOSE, 'web:', 0));
    for (const [needle, by] of [
      ['replicas: 3', 0],
      ['replicas: 3', 'replicas: '.length],
    ] as const) {
      const onReplicas = md(await hoverAt(files.compose, COMPOSE, needle, by));
      assert.match(onReplicas, /^\*\*web\*\*: 3 replicas \(deploy\.replicas: 3\)/);
      assert.ok(onName.includes(onReplicas), `${onName}\n\n${onReplicas}`);
    }
    const onWorker = md(await hoverAt(files.compose, COMPOSE, 'worker:', 0));
    assert.match(onWorker, /^\*\*worker\*\*: 1 replica \(neither scale nor deploy\.replicas is set\)/);

    await client.open(fileUri(files.manifest), MANIFEST);
    await client.diagnostics(fileUri(files.manifest));
    const onKind = md(await hoverAt(files.manifest, MANIFEST, 'kind: Deployment', 0));
    const onSpecReplicas = md(await hoverAt(files.manifest, MANIFEST, 'replicas: 4', 'replicas: '.length));
    assert.match(onSpecReplicas, /^\*\*Deployment api\*\*: 4 replicas/);
    assert.ok(onKind.includes(onSpecReplicas), `${onKind}\n\n${onSpecReplicas}`);

    await client.open(fileUri(files.values), VALUES);
    await client.diagnostics(fileUri(files.values));
    const onCount = md(await hoverAt(files.values, VALUES, 'replicaCount: 3', 'replicaCount: '.length));
    assert.match(onCount, /This chart: 3 replicas/);
  });

  test('lenses: none for a service at one replica without limits; short titles; a click shows the whole summary', async () => {
    const u = fileUri(files.compose);
    const lenses = await client.codeLenses(u);
    const sizing = lenses.filter((l) => l.command?.command === ServerCommands.showSizing);
    const line = (needle: string) => position(COMPOSE, needle, 0).line;
    assert.deepEqual(
      sizing.map((l) => [l.range.start.line, l.command?.title]),
      [
        [line('services:'), '3 services, 5 containers: limits 3 bytes; no CPU limits …'],
        [line('web:'), '3 × (no limits)'],
        [line('tiny:'), '1 × (no CPU limit, 3 bytes) = no CPU limit, 3 bytes'],
      ],
    );
    for (const l of lenses) assert.ok(l.command!.title.length <= 60, l.command!.title);
    assert.ok(!sizing.some((l) => l.range.start.line === line('worker:')), 'no sizing lens on worker');
    const file = sizing[0]!.command!;
    assert.match(
      file.tooltip ?? '',
      /^3 services, 5 containers: limits 3 bytes; no CPU limits; no memory limit: web, worker$/,
    );
    const web = sizing[1]!.command!;
    assert.match(web.tooltip ?? '', /^3 × \(no limits\)\n\nweb: 3 replicas \(deploy\.replicas: 3\)\n- no limits/);

    const shown = client.notifications.length;
    assert.equal(
      await client.request('workspace/executeCommand', { command: web.command, arguments: web.arguments }),
      null,
    );
    await client.waitFor('the sizing message', () =>
      client.notifications.slice(shown).some((n) => n.method === 'window/showMessage'),
    );
    const message = client.notifications.slice(shown).find((n) => n.method === 'window/showMessage')!.params as {
      message: string;
    };
    assert.equal(message.message, web.tooltip);

    const k8s = (await client.codeLenses(fileUri(files.manifest))).filter(
      (l) => l.command?.command === ServerCommands.showSizing,
    );
    assert.deepEqual(
      k8s.map((l) => [l.range.start.line, l.command?.title]),
      [[1, 'Deployment api: 4 × (250m, 256Mi) = 1 core, 1 GiB; no limits']],
      'no lens on Deployment one (one replica, no requests or limits)',
    );
  });

  test('commands: initialize declares every server command, and each answers workspace/executeCommand', async () => {
    assert.deepEqual(
      client.initializeResult.capabilities.executeCommandProvider?.commands,
      Object.values(ServerCommands),
    );
    const args: Record<string, unknown[]> = {
      [ServerCommands.scale]: [{ system: 'none', args: {} }],
      [ServerCommands.runScale]: [{ planId: 'unknown' }],
      [ServerCommands.showSizing]: [{ title: '3 × (no limits)', detail: 'web: 3 replicas' }],
      [ServerCommands.ruleDocumentation]: [{ ruleId: 'compose/container-name-blocks-scale' }],
    };
    for (const command of Object.values(ServerCommands)) {
      const shown = client.notifications.length;
      const r = await client.request<unknown>('workspace/executeCommand', { command, arguments: args[command] }).then(
        (v) => ({ ok: v }),
        (e: { code?: number; message?: string }) => ({ error: e }),
      );
      assert.ok('ok' in r, `${command}: ${JSON.stringify(r)}`);
      await client.waitFor(`${command} says something`, () =>
        client.notifications.slice(shown).some((n) => n.method === 'window/showMessage'),
      );
    }
    // This client has no window/showDocument: the docs command says the summary and the address.
    const docs = client.notifications.filter((n) => n.method === 'window/showMessage').at(-1)!.params as {
      message: string;
    };
    const rule = RULES_BY_ID.get('compose/container-name-blocks-scale')!;
    assert.equal(docs.message, `${rule.meta.id}: ${rule.meta.docs.summary}\nDocumentation: ${rule.meta.docsUrl}`);

    const unknown = await client.request('workspace/executeCommand', { command: 'scalewise.nope' }).then(
      () => undefined,
      (e: { code?: number }) => e.code,
    );
    assert.equal(unknown, ErrorCodes.InvalidParams);
  });

  test('Show documentation: the code action names the server command; a client with showDocument gets the page', async () => {
    const u = fileUri(files.compose);
    const diagnostics = await client.diagnostics(u);
    const blocking = diagnostics.find((d) => d.code === 'compose/container-name-blocks-scale')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: blocking.range,
      context: { diagnostics: [blocking] },
    });
    const docs = actions.find((a) => a.title === 'Show documentation for compose/container-name-blocks-scale');
    assert.equal(docs?.command?.command, ServerCommands.ruleDocumentation);

    const withShow = await LspClient.start({
      settings: { debounceMs: 0 },
      cwd: dir,
      capabilities: { ...PUSH_CAPABILITIES, window: { showDocument: { support: true } } },
    });
    try {
      const asked: ShowDocumentParams[] = [];
      withShow.answers.set('window/showDocument', (p) => {
        asked.push(p as ShowDocumentParams);
        return { success: true };
      });
      assert.equal(
        await withShow.request('workspace/executeCommand', {
          command: docs!.command!.command,
          arguments: docs!.command!.arguments,
        }),
        null,
      );
      assert.deepEqual(asked, [
        {
          uri: fileUri(path.join(repoRoot(), 'docs/rules/compose-container-name-blocks-scale.md')),
          takeFocus: true,
        },
      ]);
    } finally {
      await withShow.shutdown();
    }
  });
});
