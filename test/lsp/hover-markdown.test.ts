/**
 * Hover Markdown with hostile names (issue item 16): service names, keys, values and workload
 * names that are Markdown or HTML (an image, a link, an autolink, a raw tag, backticks, emphasis)
 * must show as text, never render; our own links (the rule documentation) keep working. Values
 * (a memory value) are code spans; names are escaped text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES_BY_ID } from '../../server/src/engine';
import { codeSpan, escapeMarkdown } from '../../server/src/engine/markdown';
import { fileUri, LspClient } from '../helpers/lsp-client';

const IMAGE = '![x](http://evil/a.png)';
const LINK = '[a](http://evil)';
const TAG = '<img src=x>';
const AUTOLINK = '<http://evil>';
const TICKS = '`code` *em* __b__';
const BARE = 'www.evil.example http://evil.example a@evil.example';

const OUR_LINK = /\]\((https:\/\/github\.com\/scalewise\/scalewise\/blob\/main\/docs\/rules\/[a-z0-9-]+\.md)\)/g;

/**
 * What of `md` can render as something other than its characters: after taking out backslash
 * escapes and our own rule-documentation links, any `<` (HTML, autolinks), link or image
 * bracket, bare URL or e-mail that GFM would link, or the hostile code span and emphasis.
 */
function unescapedConstructs(md: string): string[] {
  const rest = md.replace(OUR_LINK, '').replace(/\\[!-/:-@[-`{-~]/g, '');
  const found: string[] = [];
  for (const [name, re] of [
    ['html or autolink', /</],
    ['image', /!\[/],
    ['link', /\]\(./],
    // Our rule summaries quote keys in code spans; the hostile one must not become one.
    ['code span', /`code`/],
    ['bare url', /https?:|www\./],
    ['e-mail autolink', /@/],
  ] as const) {
    if (re.test(rest)) found.push(name);
  }
  // Emphasis only where the hostile text was: our own Markdown bolds headings with `**`.
  if (/\*em\*|__b__/.test(rest)) found.push('emphasis');
  return found;
}

function hoverMarkdown(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  return c.value;
}

function at(text: string, needle: string, by = 1) {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} in the text`);
  return TextDocument.create('file:///x', 'yaml', 1, text).positionAt(i + by);
}

describe('hover Markdown escapes what the file says', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-hover-md-'));
    client = await LspClient.start({ settings: { debounceMs: 0 } });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the escaping helper: what can start a construct is escaped, line breaks become spaces, the rest reads as it is', () => {
    assert.equal(escapeMarkdown(LINK), '\\[a\\](http\\://evil)');
    assert.equal(escapeMarkdown('a\nb\r\nc'), 'a b c');
    assert.equal(escapeMarkdown('web (hpa.yaml:3), 250m'), 'web (hpa.yaml\\:3), 250m');
    assert.equal(escapeMarkdown('WWW.evil.example'), 'WWW\\.evil.example');
    for (const [start, escaped] of [
      ['- item', '\\- item'],
      ['+ item', '\\+ item'],
      ['=====', '\\====='],
      ['1. item', '1\\. item'],
      ['2) item', '2\\) item'],
      ['# h', '\\# h'],
    ]) {
      assert.equal(escapeMarkdown(start!), escaped, start);
    }
    assert.deepEqual(unescapedConstructs(escapeMarkdown([IMAGE, LINK, TAG, AUTOLINK, TICKS, BARE].join(' '))), []);
    // The checker itself sees each construct when it is not escaped.
    assert.deepEqual(unescapedConstructs([IMAGE, LINK, TAG, TICKS, BARE].join(' ')), [
      'html or autolink',
      'image',
      'link',
      'code span',
      'bare url',
      'e-mail autolink',
      'emphasis',
    ]);
  });

  test('Compose: a hostile service name in the sizing detail, a container_name hover without the message, a hostile memory value', async () => {
    const text = `services:
  "${IMAGE} ${TAG}":
    image: nginx
    container_name: "${LINK} ${AUTOLINK} ${TICKS} ${BARE}"
    deploy:
      replicas: 3
      resources:
        limits:
          memory: "${TAG}${TICKS}"
`;
    const u = fileUri(path.join(dir, 'compose/docker-compose.yml'));
    await client.open(u, text);
    const diagnostics = await client.diagnostics(u, (ds) =>
      ds.some((d) => d.code === 'compose/container-name-blocks-scale'),
    );
    assert.ok(diagnostics.length > 0);

    const onName = hoverMarkdown(
      await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: u },
        position: at(text, '"![x]'),
      }),
    );
    assert.ok(onName.includes(escapeMarkdown(`${IMAGE} ${TAG}`)), onName);
    assert.deepEqual(unescapedConstructs(onName), [], onName);

    const onContainerName = hoverMarkdown(
      await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: u },
        position: at(text, 'container_name', 3),
      }),
    );
    // The finding's message (which quotes the container name) is the diagnostic's, not repeated here.
    assert.ok(!onContainerName.includes(escapeMarkdown(LINK)), onContainerName);
    assert.deepEqual(unescapedConstructs(onContainerName), [], onContainerName);
    // Our own link still is one.
    const docs = RULES_BY_ID.get('compose/container-name-blocks-scale')!.meta.docsUrl;
    assert.ok(onContainerName.includes(`[Rule documentation](${docs})`), onContainerName);

    const onMemory = hoverMarkdown(
      await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: u },
        position: at(text, `"${TAG}`, 2),
      }),
    );
    // The value in a code span, where nothing renders: the checker takes out exactly that span.
    const span = codeSpan(`${TAG}${TICKS}`);
    assert.equal(span, '``<img src=x>`code` *em* __b__``');
    assert.ok(onMemory.includes(`**memory**: ${span}`), onMemory);
    assert.deepEqual(unescapedConstructs(onMemory.replace(span, '')), [], onMemory);
  });

  test('Kubernetes: a hostile workload name, container name and HPA', async () => {
    const name = `${AUTOLINK}${TICKS}`;
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "${name}"
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: "${IMAGE}"
          image: nginx
          resources:
            limits: {cpu: 500m, memory: 256Mi}
        - name: "${LINK}${BARE}"
          image: nginx
`;
    const u = fileUri(path.join(dir, 'k8s/deployment.yaml'));
    await client.open(u, text);
    await client.diagnostics(u);
    const md = hoverMarkdown(
      await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: u },
        position: at(text, 'kind: Deployment', 1),
      }),
    );
    assert.ok(md.includes(escapeMarkdown(name)), md);
    assert.ok(md.includes(escapeMarkdown(IMAGE)) || md.includes(escapeMarkdown(LINK + BARE)), md);
    assert.deepEqual(unescapedConstructs(md), [], md);
  });

  test('Helm values: a hostile block key and request values', async () => {
    fs.mkdirSync(path.join(dir, 'chart'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'chart/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    const text = `"${LINK}${TAG}":
  replicaCount: 2
  resources:
    requests:
      cpu: "${AUTOLINK}"
      memory: "${IMAGE}${TICKS}"
`;
    const u = fileUri(path.join(dir, 'chart/values.yaml'));
    await client.open(u, text);
    await client.diagnostics(u);
    const md = hoverMarkdown(
      await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: u },
        position: at(text, '"[a]', 2),
      }),
    );
    assert.ok(md.includes(escapeMarkdown(`${LINK}${TAG}`)), md);
    assert.deepEqual(unescapedConstructs(md), [], md);
  });
});
