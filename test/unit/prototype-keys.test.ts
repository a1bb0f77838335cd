/**
 * Keys from the user's files are looked up in tables of ours; a plain object answers `constructor`,
 * `toString`, `__proto__` ... from Object.prototype, which once crashed k3s/unknown-flag ("parent.replace
 * is not a function") and hid the real typo beside it. For every kind of file, generated files that
 * use such names at many places (service names, flags, values keys, env names, labels, container
 * names, values) lint with no rule error, and the real mistakes beside them are still reported.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  emptyWorkspace,
  lint,
  scanCommands,
  valueFacts,
  type FileKind,
  type WorkspaceFacts,
} from '../../server/src/engine';
import { scanComposeFile } from '../../server/src/engine/scale-commands';

/** Object.prototype's own names, and a few of Array's and Function's that a lookup may also meet. */
export const PROTOTYPE_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  'length',
  'name',
  'call',
  'apply',
  'bind',
  'caller',
  'arguments',
  'then',
  'map',
  'push',
];

interface Case {
  kind: FileKind;
  uri: string;
  /** The file, with `$` in each place a name goes; `names` fills them in order. */
  text: (n: () => string) => string;
  /** A finding the file has whatever the names are: `rule-id@line` (1-based). */
  expect: string[];
  workspace?: (n: () => string) => WorkspaceFacts;
}

const CASES: Case[] = [
  {
    kind: 'compose',
    uri: '/w/compose.yaml',
    text: (n) =>
      [
        'services:',
        `  ${n()}:`,
        `    image: ${n()}`,
        `    container_name: ${n()}`,
        '    deploy:',
        '      replicas: 3',
        `      labels: {${n()}: x}`,
        '      resources:',
        `        limits: {${n()}: 1, memory: ${n()}}`,
        '    environment:',
        `      ${n()}: ${n()}`,
        `    ports: ["${n()}"]`,
        `    networks: [${n()}]`,
        `    volumes: ["${n()}:/data"]`,
        `  ${n()}:`,
        '    image: nginx',
        `    scale: ${n()}`,
        `    depends_on: [${n()}]`,
        'networks:',
        `  ${n()}: {}`,
        'volumes:',
        `  ${n()}: {}`,
        `${n()}: 1`,
        '',
      ].join('\n'),
    expect: ['compose/container-name-blocks-scale@4'],
    workspace: (n) =>
      scanCommands('/w/deploy.sh', `docker compose up -d --scale ${n()}=3 --scale ${n()}=2\n`, emptyWorkspace()),
  },
  {
    kind: 'swarm',
    uri: '/w/stack.yml',
    text: (n) =>
      [
        'services:',
        `  ${n()}:`,
        `    image: ${n()}`,
        `    container_name: ${n()}`,
        `    ${n()}: 1`,
        '    mem_limit: 1g',
        '    deploy:',
        '      replicas: 2',
        `      placement: {constraints: ["node.platform.arch == ${n()}"]}`,
        `      resources: {limits: {cpus: 0.5, ${n()}: 1}}`,
        `    networks: [${n()}]`,
        'networks:',
        `  ${n()}: {driver: overlay}`,
        '',
      ].join('\n'),
    expect: ['swarm/forbidden-option@6'],
  },
  {
    kind: 'k3s-config',
    uri: '/etc/rancher/k3s/config.yaml',
    text: (n) =>
      `${n()}: x\n${n()}: 1\nkubelet-arg:\n  - "${n()}=1"\n  - max-pods=${n()}\nnode-label: ["${n()}=${n()}"]\n${n()}+: [a]\nkubelet-args:\n  - max-pods=150\n`,
    expect: ['k3s/unknown-flag@8'],
  },
  {
    kind: 'k3s-install',
    uri: '/w/install-k3s.sh',
    text: (n) =>
      [
        '#!/bin/sh',
        `curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --${n()}=1 --kubelet-arg=${n()}=2 ` +
          `--kubelet-arg=max-pods=${n()}" K3S_${n()}=1 sh -s - --${n()} x --node-label ${n()}=${n()} ` +
          '--cluster-cidrs 10.42.0.0/16',
        '',
      ].join('\n'),
    expect: ['k3s/unknown-flag@2'],
  },
  {
    kind: 'helm-values',
    uri: '/w/chart/values.yaml',
    text: (n) =>
      [
        `${n()}:`,
        `  ${n()}: 1`,
        'replicaCount: 3',
        'autoscaling:',
        '  enabled: true',
        '  minReplicas: 5',
        '  maxReplicas: 2',
        `  ${n()}: x`,
        'resources:',
        `  limits: {${n()}: 1, memory: ${n()}}`,
        `  requests: {${n()}: 2}`,
        `${n()}:`,
        '  resources: {limits: {memory: 400m}}',
        '',
      ].join('\n'),
    expect: ['helm/autoscaling-min-exceeds-max@7'],
  },
  {
    kind: 'kubernetes',
    uri: '/w/k8s/deploy.yaml',
    text: (n) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${n()}`,
        `  namespace: ${n()}`,
        `  labels: {${n()}: ${n()}}`,
        'spec:',
        '  replicas: 3',
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: ${n()}`,
        `          image: ${n()}`,
        '          resources:',
        `            limits: {${n()}: 1, memory: 400m}`,
        `            requests: {${n()}: 2}`,
        `          env: [{name: ${n()}, value: ${n()}}]`,
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        `metadata: {name: ${n()}}`,
        'spec:',
        `  scaleTargetRef: {apiVersion: apps/v1, kind: ${n()}, name: ${n()}}`,
        '  minReplicas: 5',
        '  maxReplicas: 2',
        `  ${n()}: 1`,
        '',
      ].join('\n'),
    expect: ['k8s/hpa-min-exceeds-max@25'],
  },
  {
    kind: 'runai-config',
    uri: '/w/runaiconfig.yaml',
    text: (n) =>
      [
        'apiVersion: run.ai/v1',
        'kind: RunaiConfig',
        `metadata: {name: ${n()}}`,
        'spec:',
        `  ${n()}: 1`,
        '  global:',
        `    ${n()}: {${n()}: 1}`,
        '    schedulingServices:',
        '      resources:',
        '        limits:',
        '          cpu: [2]',
        `          ${n()}: 1`,
        '  prometheus:',
        `    remoteWrite: {${n()}: 1, queueConfig: {${n()}: 2}}`,
        '',
      ].join('\n'),
    expect: ['schema/mismatch@11'],
  },
  {
    kind: 'prometheus',
    uri: '/w/prometheus.yml',
    text: (n) =>
      [
        `global: {${n()}: 1}`,
        'remote_write:',
        `  - url: http://${n()}/`,
        '    queue_config:',
        `      ${n()}: 1`,
        '      capacity: 10',
        '      max_samples_per_send: 100',
        `${n()}: x`,
        `scrape_configs: [{job_name: ${n()}}]`,
        '',
      ].join('\n'),
    expect: ['prometheus/queue-config@6'],
  },
  {
    kind: 'script',
    uri: '/w/scale.sh',
    text: (n) =>
      `#!/bin/sh\ndocker compose up -d --scale ${n()}=3 --scale ${n()}=${n()}\ndocker service scale ${n()}_${n()}=2\n`,
    expect: [],
    workspace: (n) =>
      scanComposeFile(
        '/w/compose.yaml',
        `services:\n  ${n()}: {image: x, container_name: ${n()}, scale: 2}\n  ${n()}:\n    image: y\n`,
        emptyWorkspace(),
      ),
  },
];

function lintCase(c: Case, names: string[]): { errors: string[]; found: string[]; text: string } {
  let i = 0;
  const n = () => names[i++ % names.length]!;
  const workspace = c.workspace ? c.workspace(n) : emptyWorkspace();
  const text = c.text(n);
  const errors: string[] = [];
  const onRuleError = (id: string, e: unknown) => errors.push(`${id}: ${(e as Error).stack ?? String(e)}`);
  const r = lint(text, { uri: c.uri, kind: c.kind, workspace, schemaDiagnostics: true, onRuleError });
  for (let at = 0; at < text.length; at += 7) valueFacts(r.file, c.kind, at);
  const found = r.findings.map((f) => `${f.ruleId}@${text.slice(0, f.range.start).split('\n').length}`);
  // A lookup that met Object.prototype shows in a message as a function or an object.
  const leak = /native code|\[object |function \w*\(/;
  for (const f of r.findings) {
    if (leak.test(f.message)) errors.push(`${f.ruleId} says: ${f.message}`);
    for (const fix of f.fixes)
      if (leak.test(fix.title) || fix.edits.some((e) => leak.test(e.text)))
        errors.push(`${f.ruleId} fix: ${fix.title}`);
  }
  for (const h of r.hints)
    if (/native code|\[object |function \w*\(/.test(h.title)) errors.push(`hint says: ${h.title}`);
  return { errors, found, text };
}

describe('keys and values named like Object.prototype properties', () => {
  for (const c of CASES) {
    test(`${c.kind}: no rule error, and ${c.expect.join(', ') || 'nothing'} still reported`, () => {
      // The plain case first: the expected finding is there with ordinary names.
      const plain = lintCase(c, ['alpha', 'beta', 'gamma']);
      assert.deepEqual(plain.errors, []);
      for (const e of c.expect) assert.ok(plain.found.includes(e), `${e} in ${JSON.stringify(plain.found)}`);
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...PROTOTYPE_NAMES, 'alpha'), { minLength: 1, maxLength: 30 }),
          (names) => {
            const r = lintCase(c, names);
            assert.deepEqual(r.errors, [], r.text);
            for (const e of c.expect) assert.ok(r.found.includes(e), `${e} in ${JSON.stringify(r.found)}\n${r.text}`);
          },
        ),
        { numRuns: 60 },
      );
      // Each name in every place at once.
      for (const name of PROTOTYPE_NAMES) {
        const r = lintCase(c, [name]);
        assert.deepEqual(r.errors, [], r.text);
        for (const e of c.expect)
          assert.ok(r.found.includes(e), `${name}: ${e} in ${JSON.stringify(r.found)}\n${r.text}`);
      }
    });
  }

  test('the k3s typo beside constructor:, toString:, valueOf: is reported, and they are reported as unknown flags', () => {
    const text = 'constructor: x\ntoString: y\nvalueOf: 1\nkubelet-args:\n  - max-pods=150\n';
    const errors: string[] = [];
    const r = lint(text, {
      uri: '/etc/rancher/k3s/config.yaml',
      kind: 'k3s-config',
      onRuleError: (id, e) => errors.push(`${id}: ${String(e)}`),
    });
    assert.deepEqual(errors, []);
    const unknown = r.findings.filter((f) => f.ruleId === 'k3s/unknown-flag').map((f) => f.message.split(':')[0]);
    assert.deepEqual(unknown, [
      '"constructor" is not a k3s flag',
      '"toString" is not a k3s flag',
      '"valueOf" is not a k3s flag',
      '"kubelet-args" is not a k3s flag',
    ]);
  });
});
