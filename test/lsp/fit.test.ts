/**
 * "Will it fit?" over LSP: the real server over stdio shows the answer as a code lens and a hover
 * on `replicas:` and an HPA's `maxReplicas:` when `.scalewise.yaml` declares node sizes, and
 * nothing of it when it does not.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, LspClient } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

const MANIFEST = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 3
    template:
      spec:
        containers:
          - name: web
            resources:
              requests: {cpu: "1", memory: 2Gi}
  ---
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    minReplicas: 3
    maxReplicas: 20
`;

const position = (text: string, needle: string, by = 1) =>
  TextDocument.create('file:///x', 'yaml', 1, text).positionAt(text.indexOf(needle) + by);

describe('will-it-fit lens and hover (LSP)', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-fit-lsp-'));
    fs.mkdirSync(path.join(dir, 'declared'));
    fs.writeFileSync(
      path.join(dir, 'declared/.scalewise.yaml'),
      'cluster:\n  nodes: 3\n  node: { cpu: 4, memory: 16Gi }\n',
    );
    fs.mkdirSync(path.join(dir, 'plain'));
    fs.writeFileSync(path.join(dir, 'plain/.scalewise.yaml'), 'cluster:\n  nodes: 3\n');
    client = await LspClient.start({ settings: { debounceMs: 0 } });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('declared nodes: a lens on replicas: and on maxReplicas:, the details in the hover', async () => {
    const u = fileUri(path.join(dir, 'declared/web.yaml'));
    await client.open(u, MANIFEST);
    await client.diagnostics(u);
    const lenses = await client.codeLenses(u);
    const fit = lenses.filter((l) => l.command?.title.startsWith('Will it fit?'));
    assert.deepEqual(
      fit.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [5, 'Will it fit? 3 replicas: fits with 75% headroom …', 'scalewise.sizingDetails'],
        [20, 'Will it fit? maxReplicas 20 (HPA web): does not fit …', 'scalewise.sizingDetails'],
      ],
    );
    // The whole answer is in the tooltip (and in what a click shows).
    assert.deepEqual(
      fit.map((l) => l.command?.tooltip?.split('\n')[0]),
      [
        'Will it fit? 3 replicas: fits with 75% headroom (CPU is the tightest)',
        'Will it fit? maxReplicas 20 (HPA web): does not fit: only 12 of 20 replicas fit: short by 8 cores',
      ],
    );
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: u },
      position: position(MANIFEST, 'replicas: 3', 'replicas: '.length),
    });
    assert.ok(h, 'a hover on the value of replicas:');
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /\*\*Will it fit\?\*\* Deployment web, 3 replicas\\?: fits with 75% headroom/);
    assert.match(md, /- against \.scalewise\.yaml cluster\.node × 3 \(running pods not counted\)/);
  });

  test('no declared node sizes: no fit lens, no fit hover', async () => {
    const u = fileUri(path.join(dir, 'plain/web.yaml'));
    await client.open(u, MANIFEST);
    await client.diagnostics(u);
    const lenses = await client.codeLenses(u);
    assert.ok(lenses.length > 0, 'the sizing lens is still there');
    assert.deepEqual(
      lenses.filter((l) => l.command?.title.startsWith('Will it fit?')),
      [],
    );
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: u },
      position: position(MANIFEST, 'replicas: 3'),
    });
    assert.ok(!h || !(h.contents as MarkupContent).value.includes('Will it fit?'));
  });
});
