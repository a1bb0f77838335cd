/**
 * Snippets over LSP (issue 12, part 2): the server offers the snippets of snippets/yaml.json as
 * completion items (kind Snippet) for the file's kind only, with the short prefix as the label and
 * the snippet's name as the detail; package.json contributes none, so VS Code does not offer all
 * twelve in every YAML file.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, LspClient, PUSH_CAPABILITIES, repoRoot } from '../helpers/lsp-client';

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

describe('snippets as completion items of the file’s kind', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-snippets-'));
    client = await LspClient.start({ settings: { debounceMs: 0 }, cwd: dir });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('initialize declares a completion provider', () => {
    assert.ok(client.initializeResult.capabilities.completionProvider, 'completionProvider');
  });

  test('completion: the snippets of the file’s kind, as Snippet items with the name in detail', async () => {
    const cases: { file: string; text: string; at: string; labels: string[] }[] = [
      {
        file: 'compose/compose.yaml',
        text: 'services:\n  web:\n    image: nginx\n    sw\n',
        at: '    sw',
        labels: ['sw-compose-resources', 'sw-compose-replicas', 'scalewise-polarway-workers', 'scalewise-polis-math'],
      },
      {
        file: 'swarm/stack.yml',
        text: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    sw\n',
        at: '    sw',
        labels: ['sw-compose-resources', 'sw-compose-replicas'],
      },
      {
        file: 'manifests/deployment.yaml',
        text: `${MANIFEST}          sw\n`,
        at: '          sw',
        labels: ['sw-k8s-resources', 'sw-k8s-hpa', 'sw-prometheus-operator-remote-write'],
      },
      {
        file: 'chart2/values.yaml',
        text: `${VALUES}sw\n`,
        at: 'sw',
        labels: ['sw-k8s-resources', 'sw-helm-autoscaling'],
      },
      {
        file: 'runai/runaiconfig.yaml',
        text: 'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  sw\n',
        at: '  sw',
        labels: ['sw-runai-service-group', 'sw-runai-remote-write'],
      },
      {
        file: 'etc/rancher/k3s/config.yaml',
        text: 'write-kubeconfig-mode: "0644"\nsw\n',
        at: 'sw',
        labels: ['sw-k3s-max-pods'],
      },
      {
        file: 'prom/prometheus.yml',
        text: 'global:\n  scrape_interval: 30s\nscrape_configs: []\nsw\n',
        at: 'sw',
        labels: ['sw-prometheus-remote-write'],
      },
    ];
    fs.mkdirSync(path.join(dir, 'chart2'));
    fs.writeFileSync(path.join(dir, 'chart2/Chart.yaml'), 'apiVersion: v2\nname: c2\nversion: 0.1.0\n');
    for (const c of cases) {
      const u = fileUri(path.join(dir, c.file));
      await client.open(u, c.text);
      await client.diagnostics(u);
      const at = position(c.text, c.at, c.at.length);
      const items = await client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: u },
        position: at,
      });
      assert.deepEqual(
        items.map((i) => i.label),
        c.labels,
        c.file,
      );
      for (const i of items) {
        assert.equal(i.kind, CompletionItemKind.Snippet, i.label);
        assert.equal(i.insertTextFormat, InsertTextFormat.PlainText, 'this client did not declare snippetSupport');
        assert.ok(i.detail && i.detail.length > i.label.length - 10, i.label);
        assert.ok(i.textEdit && 'range' in i.textEdit, i.label);
        assert.deepEqual(i.textEdit.range, { start: { line: at.line, character: at.character - 2 }, end: at });
        assert.doesNotMatch(i.textEdit.newText, /\$\{?\d/, `${i.label}: placeholders expanded for a plain-text client`);
      }
    }
    // An empty YAML file is no kind yet: the snippets that are a whole file start one; not in Markdown.
    for (const [file, languageId, labels] of [
      ['new/hpa.yaml', 'yaml', ['sw-k8s-hpa', 'sw-k3s-max-pods', 'scalewise-polarway-workers']],
      ['new/notes.md', 'markdown', []],
    ] as const) {
      const u = fileUri(path.join(dir, file));
      await client.open(u, 'sw', languageId);
      await client.diagnostics(u);
      const items = await client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: u },
        position: { line: 0, character: 2 },
      });
      assert.deepEqual(
        items.map((i) => i.label),
        labels,
        file,
      );
    }
    // A value is no place for a snippet.
    const u = fileUri(path.join(dir, 'compose/compose.yaml'));
    const text = 'services:\n  web:\n    image: ngi\n';
    await client.change(u, [{ text }]);
    const none = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: u },
      position: position(text, 'ngi', 3),
    });
    assert.deepEqual(none, []);
  });

  test('completion: a client with snippet support gets the snippet body with its placeholders', async () => {
    const snippets = await LspClient.start({
      settings: { debounceMs: 0 },
      cwd: dir,
      capabilities: {
        ...PUSH_CAPABILITIES,
        textDocument: { ...PUSH_CAPABILITIES.textDocument, completion: { completionItem: { snippetSupport: true } } },
      },
    });
    try {
      const text = 'services:\n  web:\n    image: nginx\n    sw-compose-rep\n';
      const u = fileUri(path.join(dir, 'compose2/compose.yaml'));
      await snippets.open(u, text);
      await snippets.diagnostics(u);
      const items = await snippets.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: u },
        position: position(text, 'sw-compose-rep', 'sw-compose-rep'.length),
      });
      const replicas = items.find((i) => i.label === 'sw-compose-replicas')!;
      assert.equal(replicas.detail, 'Compose replicas and resources');
      assert.equal(replicas.insertTextFormat, InsertTextFormat.Snippet);
      assert.ok(replicas.textEdit && 'range' in replicas.textEdit);
      assert.match(replicas.textEdit.newText, /^deploy:\n {2}replicas: \$\{1:3\}\n/);
    } finally {
      await snippets.shutdown();
    }
  });

  test('package.json contributes no snippets: VS Code would offer all of them in every file', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
      contributes: Record<string, unknown>;
    };
    assert.equal(manifest.contributes.snippets, undefined);
  });
});
