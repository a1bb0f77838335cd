/**
 * Cost that grows like the input. Each family of inputs that once took seconds to minutes
 * (many documents in one stream, HPAs matched to workloads, `\` continuations, runs of
 * suppression comments) is run at two sizes, four times apart, and the work it does must grow
 * about four times too: characters read by the string built-ins (test/helpers/work.ts), or
 * documents and workspace entries read. Counted, never timed; bench/cost.mjs has the clock.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig, emptyWorkspace, lint, RULES, scanCommands } from '../../server/src/engine';
import { locateScaleCommands } from '../../server/src/engine/scale-commands';
import { k3sScript } from '../../server/src/engine/model/k3s';
import { scanKubernetesFile } from '../../server/src/engine/model/k8s-hpa';
import { MAX_SCRIPT_BYTES, parseFile } from '../../server/src/engine/parse';
import { sizingHints } from '../../server/src/engine/sizing';
import { ruleModels } from '../../server/src/engine/models';
import type {
  KubernetesHpaFacts,
  KubernetesWorkloadFacts,
  ParsedFile,
  RuleContext,
  WorkspaceFacts,
} from '../../server/src/engine/types';
import { charactersRead, countingNodeReads } from '../helpers/work';

/** Four times the input may cost four times the work, and a quarter more for what grows in log n. */
const LINEAR = 4 * 1.25;

function assertLinear(what: string, work: (n: number) => number, n: number): void {
  const small = work(n);
  const large = work(4 * n);
  assert.ok(small > 0, `${what}: some work is counted`);
  assert.ok(
    large / small <= LINEAR,
    `${what}: 4x the input cost ${(large / small).toFixed(1)}x the work (${small} -> ${large})`,
  );
}

function deploymentAndHpa(i: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${i}`,
    'spec:',
    '  replicas: 3',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          resources:',
    '            requests: { cpu: 100m, memory: 128Mi }',
    '---',
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: app-${i}`,
    'spec:',
    `  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: app-${i} }`,
    '  minReplicas: 2',
    '  maxReplicas: 10',
    '',
  ].join('\n');
}

const pairs = (n: number) => Array.from({ length: n }, (_, i) => deploymentAndHpa(i)).join('---\n');
const configMaps = (n: number) => 'apiVersion: v1\nkind: ConfigMap\n---\n'.repeat(n);

describe('multi-document manifests', () => {
  test('linting and scanning a stream of Deployment + HPA pairs reads its text a fixed number of times, however many pairs', () => {
    assertLinear(
      'Deployment + HPA pairs',
      (n) => {
        const text = pairs(n);
        return charactersRead(() => {
          scanKubernetesFile('/k8s/apps.yaml', text, {} as WorkspaceFacts);
          lint(text, { uri: '/k8s/apps.yaml' });
        });
      },
      50,
    );
  });

  test('a stream of ConfigMaps: yaml/syntax-error looks for aliases once per file, not once per document', () => {
    assertLinear('ConfigMaps', (n) => charactersRead(() => lint(configMaps(n), { uri: '/k8s/config.yaml' })), 1000);
  });

  test('fixes that drop the last pair of a flow mapping look for its comma next to it, not from the start of the file', () => {
    const stack = (n: number) =>
      `services:\n${Array.from({ length: n }, (_, i) => `  s${i}: {image: nginx, container_name: c${i}}\n`).join('')}`;
    const fixes = (text: string) =>
      lint(text, { uri: '/repo/stack.yml', kind: 'swarm', only: ['swarm/container-name-ignored'] }).findings.flatMap(
        (f) => f.fixes,
      );
    assert.equal(fixes(stack(2)).length, 2, 'one removal per service');
    assertLinear('flow-pair removals', (n) => charactersRead(() => fixes(stack(n))), 250);
  });

  /**
   * A parsed file whose documents count how often a model reads them, and a workspace whose HPA
   * and workload entries count how often they are looked at.
   */
  function counted(n: number): { file: ParsedFile; workspace: WorkspaceFacts; reads: () => number } {
    let reads = 0;
    const parsed = parseFile('/k8s/apps.yaml', pairs(n));
    const documents = parsed.documents.map((d) => ({
      doc: d.doc,
      range: d.range,
      get root() {
        reads++;
        return d.root;
      },
    }));
    const watch = <T extends object>(x: T): T =>
      new Proxy(x, {
        get(target, key, receiver) {
          reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    // The workspace holds the same number of pairs in another file, none of them matching.
    const kubernetesHpas: KubernetesHpaFacts[] = Array.from({ length: n }, (_, i) =>
      watch({
        path: '/k8s/other.yaml',
        name: `o-${i}`,
        targetKind: 'Deployment',
        targetName: `other-${i}`,
        cpuUtilization: true,
      }),
    );
    const kubernetesWorkloads: KubernetesWorkloadFacts[] = Array.from({ length: n }, (_, i) =>
      watch({
        path: '/k8s/other.yaml',
        kind: 'Deployment',
        name: `other-${i}`,
        containers: ['web'],
        containersWithoutCpuRequest: [],
      }),
    );
    return {
      file: { ...parsed, documents },
      workspace: { ...emptyWorkspace(), kubernetesHpas, kubernetesWorkloads },
      reads: () => reads,
    };
  }

  test('the Kubernetes rules and the workload lens match workloads and HPAs without re-reading the file or the workspace per workload', () => {
    assertLinear(
      'documents and workspace entries read',
      (n) => {
        const { file, workspace, reads } = counted(n);
        for (const rule of RULES.filter((r) => r.meta.kinds.includes('kubernetes'))) {
          const ctx: RuleContext<string> = {
            file,
            kind: 'kubernetes',
            config: defaultConfig(),
            workspace,
            models: ruleModels(file, 'kubernetes', workspace),
            report: () => {},
            hint: () => {},
            message: (id, data) => rule.meta.messages[id]!(data ?? {}),
          };
          rule.check(ctx);
        }
        sizingHints(file, 'kubernetes', workspace);
        return reads();
      },
      50,
    );
  });
});

describe('scripts', () => {
  const continued = (n: number) =>
    `#!/bin/sh\ndocker compose up -d \\\n${Array.from({ length: n }, (_, i) => `  --scale web${i}=2 \\\n`).join('')}  --wait\n`;

  test('a command continued over thousands of lines with `\\` is joined in one pass', () => {
    assertLinear(
      'continuation lines',
      (n) => {
        const text = continued(n);
        return charactersRead(() => {
          scanCommands('/repo/build.sh', text);
          lint(text, { uri: '/repo/build.sh' });
        });
      },
      250,
    );
  });

  test('the continued command is still read whole: every --scale of it, at its own line', () => {
    const found = locateScaleCommands('/repo/build.sh', continued(3));
    assert.deepEqual(
      found.map((c) => `${c.service}=${c.replicas} ${c.where}`),
      ['web0=2 build.sh:2', 'web1=2 build.sh:2', 'web2=2 build.sh:2'],
    );
    const text = continued(3);
    assert.deepEqual(
      found.map((c) => text.slice(c.range.start, c.range.end)),
      ['web0', 'web1', 'web2'],
    );
  });

  const oversized = (head: string) => head + '#\n'.repeat(Math.ceil((MAX_SCRIPT_BYTES + 1 - head.length) / 2));

  test('a script above the size limit is not read: one script/too-large finding, no commands, no k3s settings, no lens', () => {
    const install = oversized(
      '#!/bin/sh\ncurl -sfL https://get.k3s.io | sh -s - server --cluster-cidr=10.42.0.0/24 --kubelet-arg=max-pods=500\n',
    );
    const result = lint(install, { uri: '/repo/install.sh' });
    assert.equal(result.kind, 'k3s-install');
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['script/too-large'],
    );
    assert.deepEqual(result.hints, []);
    assert.deepEqual(k3sScript(install).settings, []);

    const deploy = oversized('#!/bin/sh\ndocker compose up -d --scale web=3\ndocker stack deploy -c stack.yml app\n');
    assert.deepEqual(
      lint(deploy, { uri: '/repo/deploy.sh' }).findings.map((f) => f.ruleId),
      ['script/too-large'],
    );
    assert.deepEqual(
      scanCommands('/repo/deploy.sh', deploy),
      emptyWorkspace(),
      'the workspace scan reads no command from it',
    );
  });

  test('a script just under the size limit is read as usual', () => {
    const head = '#!/bin/sh\ndocker compose up -d --scale web=3\n';
    const text = head + '#\n'.repeat(Math.floor((MAX_SCRIPT_BYTES - head.length) / 2));
    assert.ok(text.length <= MAX_SCRIPT_BYTES);
    assert.equal(lint(text, { uri: '/repo/deploy.sh' }).kind, 'script');
    assert.equal(scanCommands('/repo/deploy.sh', text).scaleCommands.length, 1);
  });
});

describe('suppression comments', () => {
  const comments = (n: number, ids: (i: number) => string) =>
    [
      'services:',
      '  web:',
      `${Array.from({ length: n }, (_, i) => `    # scalewise-disable-next-line${ids(i)}\n`).join('')}    image: nginx`,
      '    container_name: web',
      '    deploy:',
      '      replicas: 3',
      '',
    ].join('\n');

  test('thousands of disable-next-line comments in a row are read once each', () => {
    assertLinear(
      'consecutive suppression comments',
      (n) =>
        charactersRead(() =>
          lint(
            comments(n, () => ''),
            { uri: 'compose.yaml' },
          ),
        ),
      500,
    );
  });

  test('... also when each names other rules: their ids are gathered, not copied per comment', () => {
    const adds = (n: number) => {
      const text = comments(n, (i) => ` rule-${i}`);
      const add = Set.prototype.add;
      let count = 0;
      Set.prototype.add = function (this: Set<unknown>, value: unknown) {
        count++;
        return add.call(this, value);
      };
      try {
        lint(text, { uri: 'compose.yaml' });
      } finally {
        Set.prototype.add = add;
      }
      return count;
    };
    assertLinear('ids added to sets', adds, 500);
  });

  test('a run of comments suppresses, together, the rules each names on the line they lead to', () => {
    const rule = 'compose/container-name-blocks-scale';
    const run = (ids: string[], line = '    container_name: web') =>
      `services:\n  web:\n    image: nginx\n${ids.map((id) => `    # scalewise-disable-next-line ${id}\n`).join('')}${line}\n    deploy:\n      replicas: 3\n`;
    const reported = (text: string) =>
      lint(text, { uri: 'compose.yaml' }).findings.filter((f) => f.ruleId === rule).length;
    assert.equal(reported(run(['rule-a', 'rule-b'])), 1, 'other rules named: still reported');
    assert.equal(reported(run(['rule-a', rule, 'rule-b'])), 0, 'named in the middle of the run');
    assert.equal(
      reported(run(['rule-a', rule], `    container_name: web # scalewise-disable-next-line rule-c`)),
      0,
      'a code line that carries its own comment is still the one the run leads to',
    );
  });
});

describe('Compose files of many services', () => {
  const mergeKeyServices = (n: number) =>
    [
      'x-base: &base',
      '  image: registry.example.invalid/app:1.0',
      '  deploy:',
      '    replicas: 2',
      '    resources:',
      '      limits: {cpus: "0.5", memory: 256M}',
      'services:',
      `${Array.from({ length: n }, (_, i) => `  svc-${i}:\n    <<: *base\n    labels: {team: core}\n    environment:\n      SVC_NAME: svc-${i}\n`).join('')}`,
    ].join('\n');
  const namedServices = (n: number) =>
    [
      'services:',
      Array.from({ length: n }, (_, i) =>
        [
          `  svc-${i}:`,
          '    image: registry.example.invalid/svc:1.0',
          '    scale: 2',
          '    expose: ["8080"]',
          '    environment:',
          `      UPSTREAM: http://svc-${(i + 1) % n}:8080`,
          '',
        ].join('\n'),
      ).join(''),
    ].join('\n');

  /**
   * Every Compose rule and the sizing lens on a file parsed beforehand (the `yaml` lexer's own
   * reads are not ours to count), whose nodes count the reads made on them.
   */
  const composeWork = (text: string, only?: string): { nodes: number; characters: number } => {
    const { file, reads } = countingNodeReads(parseFile('/repo/compose.yaml', text));
    const characters = charactersRead(() => {
      for (const rule of RULES.filter((r) => r.meta.kinds.includes('compose') && (!only || r.meta.id === only))) {
        const ctx: RuleContext<string> = {
          file,
          kind: 'compose',
          config: defaultConfig(),
          workspace: emptyWorkspace(),
          models: ruleModels(file, 'compose', emptyWorkspace()),
          report: () => {},
          hint: () => {},
          message: (id, data) => rule.meta.messages[id]!(data ?? {}),
        };
        rule.check(ctx);
      }
      if (!only) sizingHints(file, 'compose', emptyWorkspace());
    });
    return { nodes: reads(), characters };
  };

  test('services that each merge one anchor (<<: *base): aliases are resolved with one walk per document, not one per alias', () => {
    const merged = lint(mergeKeyServices(2), { uri: '/repo/compose.yaml' });
    assert.equal(merged.kind, 'compose');
    assertLinear('YAML nodes read, services merging one anchor', (n) => composeWork(mergeKeyServices(n)).nodes, 100);
  });

  test('services that name each other (http://svc-18:8080): compose/no-load-balancer reads each text once, not once per pair of services', () => {
    assert.deepEqual(
      lint(namedServices(3), { uri: '/repo/compose.yaml', only: ['compose/no-load-balancer'] }).findings,
      [],
      'every service is named by another',
    );
    assertLinear(
      'characters read, services naming each other',
      (n) => composeWork(namedServices(n), 'compose/no-load-balancer').characters,
      250,
    );
    assertLinear('YAML nodes read, services naming each other', (n) => composeWork(namedServices(n)).nodes, 100);
  });
});
