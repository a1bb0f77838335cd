/**
 * Every snippet in snippets/yaml.json, expanded with its defaults and placed where it belongs,
 * lints clean with every rule: a snippet never teaches a mistake the linter reports.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lint, mergeConfig, type ScalewiseConfig } from '../../server/src/engine';
import { expandDefaults } from '../../server/src/handlers/completion';
import { inAChart } from '../helpers/rule-tester';

const ROOT = path.resolve(__dirname, '../../..');
const SNIPPETS = JSON.parse(readFileSync(path.join(ROOT, 'snippets/yaml.json'), 'utf8')) as Record<
  string,
  { prefix: string | string[]; kinds: string[]; body: string[] }
>;

/** The text VS Code inserts when every placeholder keeps its default: the server's own expansion (completion.ts). */
const expandSnippet = (body: readonly string[]): string => expandDefaults(body.join('\n'));

const indent = (text: string, n: number) =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

/** Where each snippet goes: the file it is linted as, the text around it, and the config it assumes. */
const PLACES: Record<string, { file: string; wrap: (s: string) => string; config?: Partial<ScalewiseConfig> }> = {
  'Compose deploy.resources': {
    file: 'compose.yaml',
    wrap: (s) => `services:\n  worker:\n    image: registry.example.invalid/worker:1.0\n${indent(s, 4)}\n`,
  },
  'Compose replicas and resources': {
    file: 'compose.yaml',
    wrap: (s) => `services:\n  worker:\n    image: registry.example.invalid/worker:1.0\n${indent(s, 4)}\n`,
  },
  'Kubernetes container resources': {
    file: 'deployment.yaml',
    wrap: (s) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  selector:',
        '    matchLabels: {app: web}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: nginx',
        `${indent(s, 10)}`,
        '',
      ].join('\n'),
  },
  'Kubernetes HorizontalPodAutoscaler on CPU': {
    file: 'web.yaml',
    // The target it names, with a CPU request on its container and no spec.replicas.
    wrap: (s) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  selector:',
        '    matchLabels: {app: web}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: nginx',
        '          resources:',
        '            requests: {cpu: 250m, memory: 256Mi}',
        '---',
        `${s}`,
        '',
      ].join('\n'),
  },
  'k3s high pod density': { file: '/etc/rancher/k3s/config.yaml', wrap: (s) => `${s}\n` },
  'Run:ai service group resources': {
    file: 'runai-config.yaml',
    // Once per group: the first choice, then the same block for the other group.
    // The remote-write queue Run:ai asks for at this size too, so only the snippet is judged.
    wrap: (s) =>
      [
        'apiVersion: run.ai/v1',
        'kind: RunaiConfig',
        'metadata:',
        '  name: runai',
        'spec:',
        '  global:',
        `${indent(s, 4)}`,
        `${indent(s.replace('schedulingServices', 'syncServices'), 4)}`,
        '  prometheus:',
        '    remoteWrite:',
        '      queueConfig: {capacity: 5000, maxSamplesPerSend: 1000, maxShards: 100}',
        '',
      ].join('\n'),
    config: { cluster: { nodes: 150, gpus: 1200 } },
  },
  'Run:ai remote-write queue': {
    file: 'runai-config.yaml',
    wrap: (s) =>
      [
        'apiVersion: run.ai/v1',
        'kind: RunaiConfig',
        'metadata:',
        '  name: runai',
        'spec:',
        '  global:',
        '    schedulingServices:',
        '      resources:',
        '        requests: {cpu: 2, memory: 2Gi}',
        '        limits: {cpu: 2, memory: 2Gi}',
        '    syncServices:',
        '      resources:',
        '        requests: {cpu: 1, memory: 1Gi}',
        '        limits: {cpu: 2, memory: 2Gi}',
        `${indent(s, 2)}`,
        '',
      ].join('\n'),
    config: { cluster: { nodes: 150, gpus: 1200 } },
  },
  'Prometheus remote_write queue_config': {
    file: 'prometheus.yml',
    wrap: (s) => `global:\n  scrape_interval: 30s\n${s}\n`,
  },
  'Prometheus Operator remoteWrite queueConfig': {
    file: 'prometheus.yaml',
    wrap: (s) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\nspec:\n  replicas: 2\n${indent(s, 2)}\n`,
  },
  'Helm autoscaling and resources': {
    file: 'values.yaml',
    wrap: (s) => `image:\n  repository: registry.example.invalid/web\n  tag: "1.0"\n${s}\nworker:\n${indent(s, 2)}\n`,
  },
  'Polarway workers with a shared handle store': { file: 'compose.yaml', wrap: (s) => `${s}\n` },
  'Polis math worker sized for the conversation': {
    file: 'compose.yaml',
    wrap: (s) => `services:\n  server:\n    image: docker.io/compdem/polis-server:\${TAG:-dev}\n${indent(s, 2)}\n`,
    config: { polis: { participants: 30000, comments: 3000 } },
  },
};

describe('snippets', () => {
  test('every snippet has a place in this test', () => {
    assert.deepEqual(
      Object.keys(SNIPPETS).filter((name) => !PLACES[name]),
      [],
      'add the new snippet to PLACES',
    );
  });

  test('prefixes are unique and start with scalewise- (the short sw- forms stay as aliases)', () => {
    const all = Object.values(SNIPPETS).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    assert.equal(new Set(all).size, all.length);
    for (const [name, s] of Object.entries(SNIPPETS)) {
      const list = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      if (name.startsWith('Polarway') || name.startsWith('Polis') || name.startsWith('Compose'))
        assert.ok(
          list.some((p) => p.startsWith('scalewise-')),
          `${name}: a scalewise- prefix`,
        );
    }
  });

  test('the expander knows defaults, choices, tab stops and escapes', () => {
    assert.equal(
      expandSnippet(['a: ${1:x}', 'b: ${2|p,q|}', 'c: $0${3}', 'd: \\${TAG:-dev}', 'e: ${4:${5:nested}}']),
      'a: x\nb: p\nc: \nd: ${TAG:-dev}\ne: nested',
    );
  });

  for (const [name, snippet] of Object.entries(SNIPPETS)) {
    const place = PLACES[name];
    // Every snippet needs a place to be linted in: a new snippet without one fails here.
    test(`${name} lints clean with every rule`, () => {
      assert.ok(place, `${name} has no entry in PLACES`);
      const text = place!.wrap(expandSnippet(snippet.body));
      const result = lint(text, {
        uri: place!.file,
        config: mergeConfig(place!.config ?? {}),
        exists: inAChart,
        schemaDiagnostics: true,
      });
      assert.notEqual(result.kind, 'none', `${place!.file} is recognised`);
      // The language server offers it in files of its `kinds` (server/src/handlers/completion.ts): its own place is one.
      assert.ok(
        snippet.kinds.includes(result.kind),
        `${name}: kinds ${JSON.stringify(snippet.kinds)} lack ${result.kind}`,
      );
      assert.deepEqual(
        result.findings.map((f) => `${f.ruleId}: ${f.message}`),
        [],
        text,
      );
    });
  }
});
