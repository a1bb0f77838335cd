/**
 * The engine around the rules: kind detection, suppression comments, YAML streams, hostile input,
 * workspace command scanning, fix application and the config file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyEdits,
  applyFixes,
  defaultConfig,
  emptyWorkspace,
  FILE_KINDS,
  isCommandSource,
  LineIndex,
  lint,
  mergeConfig,
  parseConfig,
  scanCommands,
  type EngineOptions,
  type Fix,
  type KindOrNone,
  type LintResult,
  type ScalewiseConfig,
} from '../../server/src/engine';
import { prng } from '../helpers/prng';

/** Lints and fails the test if any rule throws (a rule crash is our bug, whatever the input). */
function check(text: string, options: Partial<EngineOptions> & { uri?: string } = {}): LintResult {
  const crashes: string[] = [];
  const result = lint(text, {
    uri: 'compose.yaml',
    schemaDiagnostics: true,
    ...options,
    onRuleError: (id, err) => crashes.push(`${id}: ${(err as Error).stack ?? String(err)}`),
  });
  assert.deepEqual(crashes, [], 'no rule threw');
  for (const f of result.findings) {
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.ruleId} range ${JSON.stringify(f.range)} inside the text`);
  }
  return result;
}

function kindOf(uri: string, text: string, options: Partial<EngineOptions> = {}): KindOrNone {
  return check(text, { uri, ...options }).kind;
}

function at(text: string, offset: number): string {
  const p = new LineIndex(text).position(offset);
  return `${p.line + 1}:${p.character + 1}`;
}

function summary(result: LintResult): string[] {
  return result.findings.map((f) => `${at(result.file.text, f.range.start)} ${f.ruleId}`);
}

const SERVICES = 'services:\n  web:\n    image: nginx\n';

describe('kind detection', () => {
  const byName: [string, KindOrNone][] = [
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['/w/compose.override.yaml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.prod.yml', 'compose'],
    ['/srv/app/Docker-Compose.YAML', 'compose'],
    ['file:///w/docker-compose.yaml', 'compose'],
  ];
  for (const [uri, kind] of byName) {
    test(`${uri} is ${kind} by its name, whatever it holds`, () => {
      assert.equal(kindOf(uri, 'x: 1\n'), kind);
    });
  }

  test('a YAML file with a top-level services: map is Compose', () => {
    const result = check(SERVICES, { uri: '/w/app.yaml' });
    assert.equal(result.kind, 'compose');
    assert.equal(result.kindReason, 'top-level services:');
  });

  test('services: as a list, or nested, is not Compose', () => {
    assert.equal(kindOf('/w/app.yaml', 'services:\n  - web\n'), 'none');
    assert.equal(kindOf('/w/app.yaml', 'app:\n  services:\n    web: {}\n'), 'none');
    assert.equal(kindOf('/w/notes.yaml', 'title: hello\n'), 'none');
  });

  test('values.yaml is Helm values only beside a Chart.yaml', () => {
    const values = 'replicaCount: 2\n';
    const asked: string[] = [];
    const chartIn = (dir: string) => (p: string) => {
      asked.push(p);
      return p === `${dir}/Chart.yaml`;
    };
    assert.equal(kindOf('/c/values.yaml', values), 'none', 'without exists, no way to know');
    assert.equal(kindOf('/c/values.yaml', values, { exists: () => false }), 'none');
    assert.equal(kindOf('/c/values.yaml', values, { exists: chartIn('/c') }), 'helm-values');
    assert.ok(asked.includes('/c/Chart.yaml'), 'looked for /c/Chart.yaml');
    assert.equal(kindOf('/c/values-prod.yml', values, { exists: chartIn('/c') }), 'helm-values');
    assert.equal(kindOf('/c/values.yaml', values, { exists: (p) => p === '/c/Chart.yml' }), 'helm-values');
    assert.equal(kindOf('/c/values.yaml', values, { exists: chartIn('/other') }), 'none');
    assert.equal(kindOf('/c/my-values.yaml', values, { exists: chartIn('/c') }), 'none', 'only values*.yaml');
  });

  test('RunaiConfig by apiVersion and kind', () => {
    assert.equal(kindOf('/w/cluster.yaml', 'apiVersion: run.ai/v1\nkind: RunaiConfig\n'), 'runai-config');
    assert.equal(kindOf('/w/cluster.yaml', 'apiVersion: other/v1\nkind: RunaiConfig\n'), 'kubernetes');
    assert.equal(kindOf('/w/cluster.yaml', 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: run.ai/v1\nkind: RunaiConfig\n'), 'runai-config');
  });

  test('k3s config paths', () => {
    assert.equal(kindOf('/etc/rancher/k3s/config.yaml', 'cluster-init: true\n'), 'k3s-config');
    assert.equal(kindOf('/etc/rancher/k3s/config.yaml.d/10-x.yaml', 'cluster-init: true\n'), 'k3s-config');
    assert.equal(kindOf('file:///etc/rancher/k3s/config.yaml', 'cluster-init: true\n'), 'k3s-config');
    assert.equal(kindOf('/w/rancher/k3s/config.yaml', 'cluster-init: true\n'), 'k3s-config', 'a copy in a repository');
    assert.equal(kindOf('/w/config.yaml', 'cluster-init: true\n'), 'none');
  });

  test('Kubernetes manifests by apiVersion and kind, in any document', () => {
    assert.equal(kindOf('/w/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'), 'kubernetes');
    assert.equal(kindOf('/w/deploy.yaml', '# just a comment\n---\napiVersion: v1\nkind: Service\n'), 'kubernetes');
    assert.equal(kindOf('/w/deploy.yaml', 'kind: Deployment\n'), 'none', 'kind alone is not enough');
  });

  test('shell scripts that install k3s', () => {
    assert.equal(kindOf('/w/install.sh', 'curl -sfL https://get.k3s.io | sh -\n'), 'k3s-install');
    assert.equal(kindOf('/w/bootstrap', '#!/bin/bash\ncurl -sfL https://get.k3s.io | sh -s - server\n'), 'k3s-install', 'a shebang makes it a script');
    assert.equal(kindOf('/w/Makefile', 'install:\n\tINSTALL_K3S_EXEC="server" ./install.sh\n'), 'k3s-install');
    assert.equal(kindOf('/w/run.sh', 'k3s agent --server https://x:6443\n'), 'k3s-install');
    assert.equal(kindOf('/w/build.sh', 'docker build -t x .\n'), 'none');
    const r = check('curl https://get.k3s.io | sh -\n', { uri: '/w/install.sh' });
    assert.equal(r.file.isYaml, false);
  });

  test('a modeline wins over the name and the content', () => {
    assert.equal(kindOf('compose.yaml', '# scalewise: kind=kubernetes\nservices: {}\n'), 'kubernetes');
    assert.equal(kindOf('compose.yaml', '#scalewise:kind=none\nservices: {}\n'), 'none');
    assert.equal(kindOf('/w/x.yaml', 'a: 1 # scalewise: kind=compose\n'), 'none', 'only a whole-line comment');
    assert.equal(kindOf('/w/x.yaml', '  # scalewise: kind=helm-values\nreplicaCount: 1\n'), 'helm-values');
    assert.equal(kindOf('compose.yaml', '# scalewise: kind=nonsense\nservices: {}\n'), 'compose', 'an unknown kind is ignored');
    assert.equal(kindOf('/w/x.yaml', `${'# filler\n'.repeat(300)}# scalewise: kind=compose\n`), 'none', 'only the head of the file counts');
    const r = check('# scalewise: kind=swarm\nservices: {}\n', { uri: 'compose.yaml' });
    assert.equal(r.kindReason, 'modeline');
  });

  test('kinds globs from the config override detection, after the modeline', () => {
    const config = mergeConfig({ kinds: { 'deploy/*.yml': 'compose', '**/k8s/**/*.yaml': 'kubernetes', 'legacy-compose.yaml': 'none' } });
    const r = check('x: 1\n', { uri: '/w/deploy/app.yml', config });
    assert.equal(r.kind, 'compose');
    assert.equal(r.kindReason, 'setting "deploy/*.yml"');
    assert.equal(kindOf('/w/deploy/sub/app.yml', 'x: 1\n', { config }), 'none', '* does not cross folders');
    assert.equal(kindOf('/w/k8s/base/app.yaml', 'x: 1\n', { config }), 'kubernetes');
    assert.equal(kindOf('/w/k8s/app.yaml', 'x: 1\n', { config }), 'kubernetes', '**/ matches no folder too');
    assert.equal(kindOf('/w/legacy-compose.yaml', SERVICES, { config }), 'none');
    assert.equal(kindOf('/w/deploy/app.yml', '# scalewise: kind=kubernetes\n', { config }), 'kubernetes');
  });

  test('kinds globs take classes and braces, and an adversarial one still finishes', () => {
    const config = mergeConfig({ kinds: { 'stack-[0-9].yml': 'swarm', '{prod,staging}/*.yml': 'compose', ['**a'.repeat(30) + '**b']: 'kubernetes', ['**/a/'.repeat(30) + '**/b']: 'kubernetes' } });
    assert.equal(kindOf('/w/stack-1.yml', 'x: 1\n', { config }), 'swarm');
    assert.equal(kindOf('/w/staging/app.yml', 'x: 1\n', { config }), 'compose');
    assert.equal(kindOf(`/w/${'a'.repeat(200)}.yml`, 'x: 1\n', { config }), 'none');
    assert.equal(kindOf(`/w/${'a/'.repeat(200)}x.yml`, 'x: 1\n', { config }), 'none');
    assert.equal(kindOf(`/w/${'a/'.repeat(30)}b`, 'x: 1\n', { config }), 'kubernetes');
  });

  test('a Compose file deployed with docker stack deploy -c is a Swarm stack', () => {
    const workspace = scanCommands('/w/deploy.sh', 'docker stack deploy -c stack.yml x', emptyWorkspace());
    assert.deepEqual(workspace.stackFiles, ['/w/stack.yml']);
    const r = check(SERVICES, { uri: '/w/stack.yml', workspace });
    assert.equal(r.kind, 'swarm');
    assert.match(r.kindReason, /docker stack deploy/);
    assert.equal(kindOf('/w/docker-compose.yml', SERVICES, { workspace }), 'compose', 'other Compose files stay Compose');
    assert.equal(kindOf('file:///w/stack.yml', SERVICES, { workspace }), 'swarm');
  });

  test('a forced kind skips detection', () => {
    const r = check('x: 1\n', { uri: '/w/anything.txt', kind: 'kubernetes' });
    assert.equal(r.kind, 'kubernetes');
    assert.equal(r.kindReason, 'given');
  });
});

describe('suppression comments', () => {
  // A flow map puts two rules' findings on one line.
  const twoOnOneLine = 'services:\n  web: {image: nginx, container_name: w, scale: 3, ports: ["8080:80"], deploy: {resources: {limits: {memory: 1g}}}}\n';

  test('without a comment, both findings are there', () => {
    assert.deepEqual(summary(check(twoOnOneLine)), ['2:23 compose/container-name-blocks-scale', '2:60 compose/host-port-conflict']);
  });

  test('disable-next-line with two ids', () => {
    const text = `services:\n  # scalewise-disable-next-line compose/container-name-blocks-scale, compose/host-port-conflict\n${twoOnOneLine.split('\n')[1]}\n`;
    assert.deepEqual(summary(check(text)), []);
  });

  test('disable-next-line with one id leaves the other rule', () => {
    const text = `services:\n  # scalewise-disable-next-line compose/host-port-conflict -- fronted by a proxy\n${twoOnOneLine.split('\n')[1]}\n`;
    assert.deepEqual(summary(check(text)), ['3:23 compose/container-name-blocks-scale']);
  });

  test('disable-next-line skips comment lines to the next line of YAML', () => {
    const tight = 'services:\n  web:\n    # scalewise-disable-next-line compose/container-name-blocks-scale\n    # the name is used by the backup job\n    container_name: w\n    scale: 2\n    deploy: {resources: {limits: {memory: 1g}}}\n';
    assert.deepEqual(summary(check(tight)), []);
  });

  test('disable-next-line without ids covers every rule on that line only', () => {
    const text = 'version: "3"\nservices:\n  # scalewise-disable-next-line\n  web: {image: nginx, container_name: w, scale: 3, ports: ["8080:80"]}\n';
    assert.deepEqual(summary(check(text)), ['1:1 compose/obsolete-version']);
  });

  test('disable-file with ids, and without', () => {
    const text = 'version: "3"\nservices:\n  web: {image: nginx, container_name: w, scale: 3, ports: ["8080:80"], deploy: {resources: {limits: {memory: 1g}}}}\n';
    assert.deepEqual(summary(check(`# scalewise-disable-file compose/obsolete-version compose/host-port-conflict\n${text}`)), ['4:23 compose/container-name-blocks-scale']);
    assert.deepEqual(summary(check(`${text}# scalewise-disable-file\n`)), []);
    assert.deepEqual(summary(check(`# scalewise-disable-file other/rule\n${text}`)).length, 3);
  });

  test('suppression comments work in CRLF files', () => {
    const text = 'services:\r\n  web:\r\n    # scalewise-disable-next-line compose/container-name-blocks-scale\r\n    container_name: w\r\n    scale: 2\r\n    deploy: {resources: {limits: {memory: 1g}}}\r\n';
    assert.deepEqual(summary(check(text)), []);
    const fileWide = '# scalewise-disable-file compose/obsolete-version\r\nversion: "3"\r\nservices: {}\r\n';
    assert.deepEqual(summary(check(fileWide)), []);
  });
});

describe('YAML streams', () => {
  const stream = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: a}',
    'spec:',
    '  containers:',
    '    - name: a',
    '      resources: {limits: {memory: 400m}}',
    '---',
    '# second',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: b}',
    'spec:',
    '  containers:',
    '    - name: b',
    '      resources:',
    '        requests:',
    '          memory: 500m',
    '',
  ].join('\n');

  test('each document is parsed with its own range, and findings keep exact offsets', () => {
    const r = check(stream, { uri: '/w/pods.yaml' });
    assert.equal(r.kind, 'kubernetes');
    assert.equal(r.file.documents.length, 2);
    const second = stream.indexOf('# second');
    assert.equal(r.file.documents[0]!.range.start, 0);
    assert.ok(r.file.documents[0]!.range.end <= stream.indexOf('---'), 'the first document ends before the marker');
    assert.ok(r.file.documents[1]!.range.start >= stream.indexOf('---') && r.file.documents[1]!.range.start <= second);
    assert.equal(r.file.documents[1]!.range.end, stream.length);
    const millis = r.findings.filter((f) => f.ruleId === 'k8s/memory-in-millis');
    const a = stream.indexOf('400m');
    const b = stream.indexOf('500m');
    assert.deepEqual(millis.map((f) => f.range), [{ start: a, end: a + 4 }, { start: b, end: b + 4 }]);
    assert.deepEqual(millis.map((f) => at(stream, f.range.start)), ['7:36', '18:19']);
  });

  test('the same stream with CRLF line endings keeps offsets in the CRLF text', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    const r = check(crlf, { uri: '/w/pods.yaml' });
    const b = crlf.indexOf('500m');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'k8s/memory-in-millis').map((f) => f.range)[1], { start: b, end: b + 4 });
    assert.equal(at(crlf, b), '18:19');
  });

  test('an error in one document leaves the others linted', () => {
    const text = 'version: "3"\nservices: {web: {image: a}}\n---\nservices:\n  web:\n   image: b\n  bad\n';
    const r = check(text);
    assert.deepEqual(
      summary(r).filter((s) => !s.endsWith('yaml/syntax-error')),
      ['1:1 compose/obsolete-version'],
    );
    assert.ok(r.findings.some((f) => f.ruleId === 'yaml/syntax-error' && at(text, f.range.start).startsWith('7:')), summary(r).join('\n'));
  });
});

describe('syntax errors', () => {
  test('become findings at the line of the mistake', () => {
    const text = 'services:\n  web:\n    image: nginx\n    ports:\n    - "80"\n   restart: always\n';
    const r = check(text);
    assert.deepEqual(summary(r), ['6:1 yaml/syntax-error']);
    assert.equal(r.findings[0]!.severity, 'error');
    assert.match(r.findings[0]!.message, /^YAML syntax error: /);
  });

  const broken = [
    '',
    ':',
    '- - -',
    '{',
    '[}',
    '"',
    "'",
    'a: "b',
    'a: |\n b\n c\n  d',
    '? [a\n: b',
    'a: &x 1\nb: *y\n',
    'a: &x [*x]\n',
    '--- !!map\n- a\n',
    '%YAML 9.9\n---\na: 1\n',
    'a:\tb\n\tc: d',
    'services:\n  web:\n    <<: *nope\n',
    'services: !!binary AAAA\n',
    'services:\n  ? - a\n    - b\n  : c\n',
    '\u2028services:\u2029 {}',
  ];
  for (const text of broken) {
    test(`never throw: ${JSON.stringify(text)}`, () => {
      for (const kind of FILE_KINDS) check(text, { kind, config: mergeConfig({ cluster: { nodes: 500 } }) });
      check(text, { uri: 'compose.yaml' });
    });
  }
});

describe('hostile input', () => {
  const HOSTILE_TIMEOUT = { timeout: 60_000 };

  test('an alias bomb (billion laughs) is never expanded', HOSTILE_TIMEOUT, () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `${lines.join('\n')}\nservices:\n  web:\n    <<: *i\n`;
    for (const kind of FILE_KINDS) {
      const started = Date.now();
      const r = check(bomb, { kind });
      assert.ok(Date.now() - started < 5000, `${kind} took ${Date.now() - started} ms`);
      for (const f of r.findings) assert.notEqual(f.ruleId, 'yaml/syntax-error', f.message);
    }
    const schema = check(bomb, { kind: 'runai-config' }).findings.filter((f) => f.ruleId === 'schema/mismatch');
    assert.equal(schema.length, 1, 'the schema check says it did not validate');
    assert.match(schema[0]!.message, /^Not validated: /);
  });

  test('a 5 MB Compose file: every service is checked', HOSTILE_TIMEOUT, () => {
    const svc = (i: number) => `  svc${i}:\n    image: nginx\n    container_name: c${i}\n    scale: 2\n`;
    const parts = ['services:\n'];
    let size = parts[0]!.length;
    let n = 0;
    while (size < 5 * 1024 * 1024) {
      const s = svc(n++);
      parts.push(s);
      size += s.length;
    }
    const text = parts.join('');
    const r = check(text, { only: ['compose/container-name-blocks-scale'] });
    assert.equal(r.findings.length, n);
    assert.equal(at(text, r.findings[n - 1]!.range.start), `${1 + (n - 1) * 4 + 3}:5`);
  });

  test('300 random binary inputs (seeded)', HOSTILE_TIMEOUT, () => {
    const random = prng(2024);
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 2000);
      let text = '';
      for (let j = 0; j < length; j++) {
        // Mostly bytes (as a file read as latin1 would give), sometimes YAML punctuation to reach deeper.
        text += random() < 0.3 ? ':-[]{}#&*!|>\'"%@`,?\n \t'[Math.floor(random() * 23)] : String.fromCharCode(Math.floor(random() * 256));
      }
      const kind = i % 2 === 0 ? FILE_KINDS[i % FILE_KINDS.length] : undefined;
      try {
        check(text, { uri: i % 3 === 0 ? 'install.sh' : 'compose.yaml', kind });
      } catch (err) {
        throw new Error(`case ${i} (kind ${kind}): ${JSON.stringify(text.slice(0, 200))}: ${(err as Error).message}`);
      }
    }
  });

  test('10,000 levels of [[[...]]] and {a: {a: ...}}', HOSTILE_TIMEOUT, () => {
    const seq = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const map = `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const block = Array.from({ length: 3000 }, (_, d) => `${' '.repeat(d)}k:`).join('\n');
    for (const text of [seq, `services: ${seq}`, map, `services: ${map}`, block]) {
      for (const kind of [undefined, ...FILE_KINDS]) check(text, { kind });
    }
  });

  test('tabs, NUL bytes, a BOM, CRLF, lone CR and surrogates', HOSTILE_TIMEOUT, () => {
    const texts = [
      'services:\n\tweb:\n\t\timage: nginx\n',
      'services:\n  web:\n    image: "a\0b"\n    container_name: w\0\n    scale: 2\n',
      '\0\0\0\0',
      '\uFEFFversion: "3"\nservices: {}\n',
      'version: "3"\r\nservices:\r\n  web:\r\n    image: nginx\r\n',
      'version: "3"\rservices:\r  web: {}\r',
      'services:\n  "\uD800": {container_name: x, scale: 2}\n',
    ];
    for (const text of texts) for (const kind of [undefined, ...FILE_KINDS]) check(text, { kind });
  });

  test('a BOM does not shift findings', () => {
    const text = '\uFEFFversion: "3"\nservices: {}\n';
    const r = check(text);
    assert.deepEqual(summary(r), ['1:2 compose/obsolete-version']);
    const fixed = applyFixes(text, r.findings.flatMap((f) => f.fixes)).text;
    assert.equal(fixed, '\uFEFFservices: {}\n');
  });

  test('CRLF: the safe fix removes the line and its CRLF', () => {
    const text = 'version: "3"\r\nservices: {}\r\n';
    const r = check(text);
    assert.equal(applyFixes(text, r.findings.flatMap((f) => f.fixes)).text, 'services: {}\r\n');
  });
});

describe('scanCommands', () => {
  const scan = (text: string, file = '/w/deploy.sh') => scanCommands(file, text, emptyWorkspace());

  test('docker compose up --scale a=3', () => {
    assert.deepEqual(scan('docker compose up -d --scale a=3').scaleCommands, [{ service: 'a', replicas: 3, where: 'deploy.sh:1', tool: 'compose' }]);
  });

  test('docker-compose (v1) --scale, and --scale=S=N', () => {
    assert.deepEqual(scan('docker-compose up --scale web=2 --scale=worker=4').scaleCommands, [
      { service: 'web', replicas: 2, where: 'deploy.sh:1', tool: 'compose' },
      { service: 'worker', replicas: 4, where: 'deploy.sh:1', tool: 'compose' },
    ]);
  });

  test('docker compose -f x.yml scale a=2 b=5', () => {
    assert.deepEqual(
      scan('docker compose -f x.yml -p proj scale a=2 b=5').scaleCommands.map((c) => [c.service, c.replicas]),
      [['a', 2], ['b', 5]],
    );
  });

  test('a flag value is not the subcommand', () => {
    assert.deepEqual(scan('docker compose -f scale up').scaleCommands, []);
    assert.deepEqual(scan('docker compose --file scale.yml up --scale web=2').scaleCommands.map((c) => c.service), ['web']);
  });

  test('docker service scale st_web=5', () => {
    assert.deepEqual(scan('docker service scale st_web=5 st_db=1').scaleCommands, [
      { service: 'st_web', replicas: 5, where: 'deploy.sh:1', tool: 'swarm' },
      { service: 'st_db', replicas: 1, where: 'deploy.sh:1', tool: 'swarm' },
    ]);
  });

  test('docker stack deploy -c a.yml -c b.yml st, resolved against the script folder', () => {
    const ws = scan('cd /w\ndocker stack deploy -c a.yml -c ../shared/b.yml --compose-file=c.yaml st\n', '/w/ops/deploy.sh');
    assert.deepEqual(ws.stackFiles, ['/w/ops/a.yml', '/w/shared/b.yml', '/w/ops/c.yaml']);
    assert.deepEqual(scan('docker stack deploy -c $FILE st\ndocker stack deploy -c - st').stackFiles, [], 'variables and stdin are unknown');
  });

  test('backslash continuations: the command is read whole and placed on its first line', () => {
    const ws = scan('#!/bin/sh\nset -e\ndocker compose \\\n  -f compose.yaml \\\n  up -d \\\n  --scale web=4\n');
    assert.deepEqual(ws.scaleCommands, [{ service: 'web', replicas: 4, where: 'deploy.sh:3', tool: 'compose' }]);
  });

  test('Markdown code blocks with prompts', () => {
    const md = '# Run it\n\n```sh\n$ docker compose up --scale api=3\n> docker service scale prod_api=6\n```\n\n```console\nuser@host:~$ docker compose up --scale worker=2\n```\n';
    assert.deepEqual(
      scan(md, '/w/README.md').scaleCommands.map((c) => `${c.service}=${c.replicas} ${c.tool} ${c.where}`),
      ['api=3 compose README.md:4', 'prod_api=6 swarm README.md:5', 'worker=2 compose README.md:9'],
    );
  });

  test('several commands on one line, and noise that is not a scale', () => {
    const ws = scan('docker compose build && docker compose up --scale web=2; echo done | tee log\ndocker compose up --scale web=lots\ndocker run --scale x=2 nginx\n');
    assert.deepEqual(ws.scaleCommands.map((c) => `${c.service}=${c.replicas}`), ['web=2']);
  });

  test('results accumulate over files', () => {
    const ws = scanCommands('/w/a.sh', 'docker compose up --scale a=2', emptyWorkspace());
    scanCommands('/w/Makefile', 'up:\n\tdocker compose up --scale b=3\n', ws);
    assert.deepEqual(ws.scaleCommands.map((c) => c.where), ['a.sh:1', 'Makefile:2']);
  });

  test('which files are worth scanning', () => {
    for (const f of ['/w/deploy.sh', '/w/Makefile', '/w/README.md', '/w/.github/workflows/ci.yml', '/w/Justfile', '/w/ops.mk']) assert.ok(isCommandSource(f), f);
    for (const f of ['/w/compose.yaml', '/w/main.go', '/w/workflows/ci.yml']) assert.ok(!isCommandSource(f), f);
  });

  test('the largest scripted scale wins for a service, and Swarm names count for their service', () => {
    const ws = scan('docker compose up --scale web=2\ndocker service scale prod_web=7\ndocker compose up --scale web=3\n');
    const r = check('services:\n  web:\n    container_name: w\n', { uri: '/w/compose.yaml', workspace: ws, only: ['compose/container-name-blocks-scale'] });
    assert.deepEqual(r.findings.map((f) => f.data?.why), ['docker service scale prod_web=7 in deploy.sh:2']);
  });
});

describe('applyEdits and applyFixes', () => {
  const fix = (title: string, ...edits: [number, number, string][]): Fix => ({ title, safety: 'safe', edits: edits.map(([start, end, text]) => ({ start, end, text })) });

  test('applyEdits applies edits given in any order against the original offsets', () => {
    assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, text: 'E' }, { start: 0, end: 1, text: 'A' }, { start: 2, end: 2, text: '+' }]), 'Ab+cdEf');
  });

  test('overlapping fixes: the first in document order wins, the other is dropped', () => {
    const text = '0123456789';
    const { text: out, applied } = applyFixes(text, [fix('late', [3, 6, 'X']), fix('early', [1, 4, 'Y']), fix('apart', [8, 9, 'Z'])]);
    assert.equal(out, '0Y4567Z9');
    assert.deepEqual(applied.map((f) => f.title), ['early', 'apart']);
  });

  test('touching fixes both apply; two insertions at one point do not', () => {
    const touching = applyFixes('abcd', [fix('a', [0, 2, 'X']), fix('b', [2, 4, 'Y'])]);
    assert.equal(touching.text, 'XY');
    const inserts = applyFixes('abcd', [fix('one', [2, 2, '1']), fix('two', [2, 2, '2'])]);
    assert.equal(inserts.text, 'ab1cd');
    assert.deepEqual(inserts.applied.map((f) => f.title), ['one']);
  });

  test('a fix whose second edit overlaps a taken fix is dropped whole', () => {
    const { text, applied } = applyFixes('abcdefgh', [fix('first', [0, 1, 'A']), fix('pair', [4, 5, 'E'], [0, 2, 'Q'])]);
    assert.equal(text, 'Abcdefgh');
    assert.deepEqual(applied.map((f) => f.title), ['first']);
  });

  test('fixing a real file: two safe fixes in two documents apply together', () => {
    const text = 'version: "3"\nservices: {}\n---\nversion: "2"\nservices: {}\n';
    const r = check(text);
    const { text: out, applied } = applyFixes(text, r.findings.flatMap((f) => f.fixes.filter((x) => x.safety === 'safe')));
    assert.equal(applied.length, 2);
    assert.equal(out, 'services: {}\n---\nservices: {}\n');
  });
});

describe('config (.scalewise.yaml)', () => {
  test('a valid config', () => {
    const { config, problems } = parseConfig('rules:\n  compose/obsolete-version: off\n  k8s/memory-in-millis: warning\nkinds:\n  "deploy/*.yml": compose\ncluster:\n  nodes: 150\n  gpus: 8\nsizing:\n  polis.participants: 5000\n');
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
    assert.deepEqual(problems.map((p) => p.message), ['The document must be a map, not a list.']);
  });

  test('an unknown key is a problem placed on the key', () => {
    const text = 'rules: {}\nclustr:\n  nodes: 3\n';
    const { config, problems } = parseConfig(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^Unknown key "clustr" at the top level \(did you mean "cluster"\?\)/);
    assert.deepEqual(problems[0]!.range, { start: text.indexOf('clustr'), end: text.indexOf('clustr') + 'clustr'.length });
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
      [...problems].sort((a, b) => a.range.start - b.range.start).map((p) => [text.slice(p.range.start, p.range.end), p.message]),
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

  test('mergeConfig: later layers win, per key', () => {
    const merged = mergeConfig({ rules: { 'a/b': 'error', 'c/d': 'hint' }, cluster: { nodes: 10 } }, { rules: { 'a/b': 'off' }, cluster: { gpus: 4 } });
    assert.deepEqual(merged.rules, { 'a/b': 'off', 'c/d': 'hint' });
    assert.deepEqual(merged.cluster, { nodes: 10, gpus: 4 });
  });
});

describe('lint options', () => {
  const text = 'version: "3"\nservices:\n  web: {container_name: w, scale: 2, deploy: {resources: {limits: {memory: 1g}}}}\n';

  test('only runs the named rules', () => {
    assert.deepEqual(summary(check(text, { only: ['compose/obsolete-version'] })), ['1:1 compose/obsolete-version']);
  });

  test('a configured severity wins; off turns a rule off', () => {
    const config = mergeConfig({ rules: { 'compose/obsolete-version': 'error', 'compose/container-name-blocks-scale': 'off' } });
    const r = check(text, { config });
    assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.severity}`), ['compose/obsolete-version error']);
  });

  test('default severities come from the rules', () => {
    assert.deepEqual(check(text).findings.map((f) => `${f.ruleId} ${f.severity}`), ['compose/obsolete-version hint', 'compose/container-name-blocks-scale error']);
  });

  test('schemaDiagnostics: false skips schema/mismatch only', () => {
    const k3s = 'flannel-backend: ipsec\nkubelet-arg: [max-pods=500]\n';
    const uri = '/etc/rancher/k3s/config.yaml';
    assert.deepEqual(check(k3s, { uri }).findings.map((f) => f.ruleId), ['schema/mismatch', 'k3s/max-pods-above-tested', 'k3s/max-pods-exceeds-node-cidr']);
    assert.deepEqual(check(k3s, { uri, schemaDiagnostics: false }).findings.map((f) => f.ruleId), ['k3s/max-pods-above-tested', 'k3s/max-pods-exceeds-node-cidr']);
  });

  test('nothing is reported for a file that is not ours', () => {
    const r = check('services: [\n', { uri: '/w/notes.txt', kind: 'none' });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.hints, []);
  });

  test('sizing hints come sorted with the findings', () => {
    const r = check('services:\n  web:\n    image: nginx\n    scale: 3\n    deploy:\n      resources:\n        limits: {cpus: "0.5", memory: 512m}\n');
    assert.deepEqual(r.hints.map((h) => h.title), ['1 service, 3 containers: limits 1.5 cores, 1.5 GiB', '3 × (0.5 cores, 512 MiB) = 1.5 cores, 1.5 GiB']);
  });
});
