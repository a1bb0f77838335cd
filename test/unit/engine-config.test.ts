/** The config file (.scalewise.yaml: parseConfig, mergeConfig) and lint options. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig, mergeConfig, parseConfig, type ScalewiseConfig } from '../../server/src/engine';
import { at, check, summary } from '../helpers/engine-check';
import { yaml } from '../../server/src/engine/template-text';

describe('config (.scalewise.yaml)', () => {
  test('a valid config', () => {
    const { config, problems } = parseConfig(yaml`
      rules:
        compose/obsolete-version: off
        k8s/memory-in-millis: warning
      kinds:
        "deploy/*.yml": compose
      cluster:
        nodes: 150
        gpus: 8
      sizing:
        polis.participants: 5000
    `);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: { 'compose/obsolete-version': 'off', 'k8s/memory-in-millis': 'warning' },
      kinds: { 'deploy/*.yml': 'compose' },
      cluster: { nodes: 150, gpus: 8 },
      sizing: { 'polis.participants': 5000 },
    } satisfies ScalewiseConfig);
  });

  test('an empty file, or one with only comments, is the default config', () => {
    assert.deepEqual(parseConfig(''), { config: defaultConfig(), problems: [] });
    assert.deepEqual(parseConfig('# rules: {}\n'), { config: defaultConfig(), problems: [] });
  });

  test('kinds holds at most 256 globs of at most 1,024 characters (each file is matched against every glob)', () => {
    const many = Array.from({ length: 257 }, (_, i) => `  "g${i}/*.yml": compose`).join('\n');
    assert.equal(parseConfig(`kinds:\n${many}\n`).problems.length, 1);
    assert.equal(parseConfig(`kinds:\n  "${'*a'.repeat(600)}": compose\n`).problems.length, 1);
    assert.deepEqual(parseConfig(`kinds:\n${many.split('\n').slice(0, 256).join('\n')}\n`).problems, []);
  });

  test('a config that is not a map is a problem', () => {
    const { problems } = parseConfig('- rules\n');
    assert.deepEqual(
      problems.map((p) => p.message),
      ['The document must be a map, not a list.'],
    );
  });

  test('an unknown key is a problem placed on the key', () => {
    const text = 'rules: {}\nclustr:\n  nodes: 3\n';
    const { config, problems } = parseConfig(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^Unknown key "clustr" at the top level \(did you mean "cluster"\?\)/);
    assert.deepEqual(problems[0]!.range, {
      start: text.indexOf('clustr'),
      end: text.indexOf('clustr') + 'clustr'.length,
    });
    assert.deepEqual(config, defaultConfig(), 'a config with problems is not used');
  });

  test('a wrong type is a problem on the value', () => {
    const text = 'cluster:\n  nodes: many\n';
    const { problems } = parseConfig(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, '/cluster/nodes');
    assert.equal(problems[0]!.message, '"nodes" must be a whole number, not a string.');
    assert.equal(text.slice(problems[0]!.range.start, problems[0]!.range.end), 'many');
  });

  test('an unknown severity and a bad rule id are problems, each on its own text', () => {
    const text = 'rules:\n  compose/obsolete-version: loud\n  NotAnId: off\n';
    const { problems } = parseConfig(text);
    assert.deepEqual(
      [...problems]
        .sort((a, b) => a.range.start - b.range.start)
        .map((p) => [text.slice(p.range.start, p.range.end), p.message]),
      [
        ['loud', '"compose/obsolete-version" must be one of "off", "hint", "info", "warning", "error", not "loud".'],
        ['NotAnId', 'Key "NotAnId" is not a rule id such as compose/container-name-blocks-scale.'],
      ],
    );
  });

  test('a YAML error is a problem at its place', () => {
    const text = 'rules:\n  a/b: off\n bad\n';
    const { problems } = parseConfig(text);
    assert.ok(problems.length >= 1);
    assert.equal(at(text, problems[0]!.range.start).split(':')[0], '3');
  });

  test('declared node sizes: cluster.node with cluster.nodes, or cluster.nodePools', () => {
    const one = parseConfig('cluster:\n  nodes: 3\n  node: { cpu: 8, memory: 32Gi, pods: 110 }\n');
    assert.deepEqual(one.problems, []);
    assert.deepEqual(one.config.cluster, { nodes: 3, node: { cpu: 8, memory: '32Gi', pods: 110 } });
    const pools = parseConfig(yaml`
      cluster:
        nodes: 3
        nodePools:
          - { name: gpu, count: 1, cpu: 7800m, memory: 60Gi }
          - { count: 2, cpu: 4, memory: 17179869184 }
    `);
    assert.deepEqual(pools.problems, []);
    assert.equal(pools.config.cluster.nodePools?.length, 2);
  });

  test('invalid node sizes are problems on the value, in words', () => {
    const text = 'cluster:\n  nodes: 2\n  node: { cpu: eight, memory: 32GB, pods: 0, disk: 1 }\n';
    const { problems } = parseConfig(text);
    assert.deepEqual(
      [...problems]
        .sort((a, b) => a.range.start - b.range.start)
        .map((p) => [text.slice(p.range.start, p.range.end), p.message]),
      [
        ['eight', '"cpu" is "eight", not a number of cores such as 8 or a quantity such as 7800m.'],
        ['32GB', '"memory" is "32GB", not a Kubernetes quantity such as 32Gi.'],
        ['0', '"pods" must be >= 1.'],
        ['disk', 'Unknown key "disk" in "node"; allowed there: cpu, memory, pods.'],
      ],
    );
  });

  test('node sizes that do not add up are problems on the key', () => {
    const messages = (text: string) =>
      parseConfig(text).problems.map((p) => [text.slice(p.range.start, p.range.end), p.message]);
    assert.deepEqual(messages('cluster:\n  node: { cpu: 8, memory: 32Gi }\n'), [
      ['node', 'cluster.node is the size of each of cluster.nodes nodes: write cluster.nodes too.'],
    ]);
    assert.deepEqual(
      messages(
        'cluster:\n  nodes: 5\n  nodePools:\n    - { count: 2, cpu: 4, memory: 16Gi }\n    - { count: 1, cpu: 4, memory: 16Gi }\n',
      ),
      [
        [
          'nodePools',
          'cluster.nodePools declare 3 nodes, but cluster.nodes is 5: make them agree, or leave cluster.nodes out.',
        ],
      ],
    );
    assert.deepEqual(
      messages(
        'cluster:\n  nodes: 1\n  node: { cpu: 8, memory: 32Gi }\n  nodePools:\n    - { count: 1, cpu: 4, memory: 16Gi }\n',
      ),
      [['nodePools', 'Write either cluster.node (with cluster.nodes) or cluster.nodePools, not both.']],
    );
  });

  test('mergeConfig: later layers win, per key', () => {
    const merged = mergeConfig(
      { rules: { 'a/b': 'error', 'c/d': 'hint' }, cluster: { nodes: 10 } },
      { rules: { 'a/b': 'off' }, cluster: { gpus: 4 } },
    );
    assert.deepEqual(merged.rules, { 'a/b': 'off', 'c/d': 'hint' });
    assert.deepEqual(merged.cluster, { nodes: 10, gpus: 4 });
  });
});

describe('lint options', () => {
  const text =
    'version: "3"\nservices:\n  web: {container_name: w, scale: 2, deploy: {resources: {limits: {memory: 1g}}}}\n';

  test('only runs the named rules', () => {
    assert.deepEqual(summary(check(text, { only: ['compose/obsolete-version'] })), ['1:1 compose/obsolete-version']);
  });

  test('a configured severity wins; off turns a rule off', () => {
    const config = mergeConfig({
      rules: { 'compose/obsolete-version': 'error', 'compose/container-name-blocks-scale': 'off' },
    });
    const r = check(text, { config });
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId} ${f.severity}`),
      ['compose/obsolete-version error'],
    );
  });

  test('default severities come from the rules', () => {
    assert.deepEqual(
      check(text).findings.map((f) => `${f.ruleId} ${f.severity}`),
      ['compose/obsolete-version hint', 'compose/container-name-blocks-scale error'],
    );
  });

  test('schemaDiagnostics: false skips schema/mismatch only', () => {
    const k3s = 'flannel-backend: ipsec\nkubelet-arg: [max-pods=500]\n';
    const uri = '/etc/rancher/k3s/config.yaml';
    assert.deepEqual(
      check(k3s, { uri }).findings.map((f) => f.ruleId),
      ['schema/mismatch', 'k3s/max-pods-above-tested', 'k3s/max-pods-exceeds-node-cidr'],
    );
    assert.deepEqual(
      check(k3s, { uri, schemaDiagnostics: false }).findings.map((f) => f.ruleId),
      ['k3s/max-pods-above-tested', 'k3s/max-pods-exceeds-node-cidr'],
    );
  });

  test('nothing is reported for a file that is not ours', () => {
    const r = check('services: [\n', { uri: '/w/notes.txt', kind: 'none' });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.hints, []);
  });

  test('sizing hints come sorted with the findings', () => {
    const r = check(
      'services:\n  web:\n    image: nginx\n    scale: 3\n    deploy:\n      resources:\n        limits: {cpus: "0.5", memory: 512m}\n',
    );
    assert.deepEqual(
      r.hints.map((h) => h.title),
      ['1 service, 3 containers: limits 1.5 cores, 1.5 GiB', '3 × (0.5 cores, 512 MiB) = 1.5 cores, 1.5 GiB'],
    );
  });
});
