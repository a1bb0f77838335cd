/**
 * The built CLI (server/out/cli.js) as CI and a terminal run it: spawned with an argument array
 * on temp folders and on the repository's examples/, checked by exit code and output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { RULES, RULES_BY_ID, ruleFileName } from '../../server/src/engine';
import { pathToFileUri } from '../../server/src/engine/uri';
import { repoRoot } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

const ROOT = repoRoot();
const CLI = path.join(ROOT, 'server/out/cli.js');
const EXAMPLES = path.join(ROOT, 'examples');
const RULE_DOCS = path.join(ROOT, 'docs/rules');

const CONTAINER_NAME = 'compose/container-name-blocks-scale';
const HOST_PORT = 'compose/host-port-conflict';
const OBSOLETE_VERSION = 'compose/obsolete-version';
const HELM_REPLICAS = 'helm/replicas-with-autoscaling';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function scalewise(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts the exit code, showing what the CLI said when it differs. */
function expectExit(r: Run, code: number): void {
  assert.equal(r.status, code, `exit ${r.status}, expected ${code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
}

interface JsonFinding {
  ruleId: string;
  messageId: string;
  severity: string;
  message: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  fixes: { title: string; safety: string }[];
}
interface JsonReport {
  file: string;
  kind: string;
  fixed: number;
  findings: JsonFinding[];
}

function lintJson(args: string[], cwd: string, code?: number): JsonReport[] {
  const r = scalewise(['lint', '--format', 'json', ...args], cwd);
  if (code !== undefined) expectExit(r, code);
  return JSON.parse(r.stdout) as JsonReport[];
}

const temps: string[] = [];
/** A temp folder with these files (paths relative to it, `/` separated). */
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-cli-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

const CLEAN = yaml`
  services:
    worker:
      image: example/worker:1.0
      deploy:
        replicas: 3
        resources:
          limits: {cpus: "0.5", memory: 256M}
`;
const NAMED = `# Web tier: three replicas behind the host's port 8080.
version: "3.8" # obsolete since Compose v2
services:
  web:
    image: nginx:1.27
    container_name: web # a fixed name
    ports:
      - "8080:80"
    deploy:
      replicas: 3
      resources:
        limits: { cpus: "0.5", memory: 256M }
`;
const HELM_CHART = 'apiVersion: v2\nname: app\nversion: 0.1.0\n';
const HELM_VALUES = 'replicaCount: 2\nautoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 5\n';

describe('exit codes', () => {
  test('0 for a folder with nothing to report', () => {
    const dir = workspace({ 'docker-compose.yml': CLEAN });
    const r = scalewise(['lint', '.'], dir);
    expectExit(r, 0);
    assert.match(r.stdout, /1 file checked: 0 findings/);
  });

  test('1 for an error-level finding', () => {
    const dir = workspace({ 'docker-compose.yml': NAMED });
    const r = scalewise(['lint'], dir);
    expectExit(r, 1);
    assert.match(r.stdout, /6:5 +error +Service "web" sets container_name/);
    assert.match(r.stdout, /compose\/container-name-blocks-scale/);
  });

  test('0 for hints only', () => {
    const dir = workspace({ 'compose.yaml': `version: "3"\n${CLEAN}` });
    const r = scalewise(['lint', '--format', 'json'], dir);
    expectExit(r, 0);
    assert.deepEqual(
      (JSON.parse(r.stdout) as JsonReport[]).flatMap((f) => f.findings.map((x) => `${x.ruleId} ${x.severity}`)),
      [`${OBSOLETE_VERSION} hint`],
    );
  });

  test('--max-warnings: 1 when there are more warnings than allowed, 0 otherwise', () => {
    const dir = workspace({ 'chart/Chart.yaml': HELM_CHART, 'chart/values.yaml': HELM_VALUES });
    const findings = lintJson([], dir, 0).flatMap((f) => f.findings);
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${f.severity}`),
      [`${HELM_REPLICAS} warning`],
    );
    expectExit(scalewise(['lint', '--max-warnings', '0'], dir), 1);
    expectExit(scalewise(['lint', '--max-warnings', '1'], dir), 0);
    expectExit(scalewise(['lint', '--max-warnings', 'many'], dir), 2);
  });

  test('2 for a missing path, naming it', () => {
    const dir = workspace({ 'docker-compose.yml': CLEAN });
    const r = scalewise(['lint', 'no-such-folder'], dir);
    expectExit(r, 2);
    assert.match(r.stderr, /no such file or folder: no-such-folder/);
    assert.equal(r.stdout, '');
  });

  test('2 for a bad --format, an unknown rule, an unknown option or command', () => {
    const dir = workspace({ 'docker-compose.yml': CLEAN });
    const format = scalewise(['lint', '--format', 'xml'], dir);
    expectExit(format, 2);
    assert.match(format.stderr, /--format must be text, json, sarif, junit, compact or github, not "xml"/);
    const rule = scalewise(['lint', '--rule', 'compose/no-such-rule'], dir);
    expectExit(rule, 2);
    assert.match(rule.stderr, /unknown rule "compose\/no-such-rule"/);
    expectExit(scalewise(['lint', '--frobnicate'], dir), 2);
    expectExit(scalewise(['frobnicate'], dir), 2);
    expectExit(scalewise([], dir), 2);
  });
});

describe('which files are linted', () => {
  test('skips node_modules and what .gitignore ignores', () => {
    const dir = workspace({
      '.gitignore': '# build output\nignored/\n*.generated.yml\n!keep.generated.yml\n',
      'docker-compose.yml': CLEAN,
      'node_modules/some-pkg/docker-compose.yml': NAMED,
      'ignored/docker-compose.yml': NAMED,
      'deploy/app.generated.yml': NAMED,
      'deploy/keep.generated.yml': NAMED,
      'sub/.gitignore': 'local.yml\n',
      'sub/local.yml': NAMED,
      'sub/docker-compose.yml': CLEAN,
    });
    const reports = lintJson(['.'], dir, 1);
    assert.deepEqual(reports.map((r) => r.file).sort(), [
      'deploy/keep.generated.yml',
      'docker-compose.yml',
      'sub/docker-compose.yml',
    ]);
  });

  test('globs select files relative to the working folder; a glob that matches nothing is an error', () => {
    const dir = workspace({
      'docker-compose.yml': NAMED,
      'deploy/prod/docker-compose.yml': NAMED,
      'deploy/docker-compose.yml': CLEAN,
      'deploy/notes.txt': 'not yaml',
    });
    assert.deepEqual(
      lintJson(['deploy/**/*.yml'], dir, 1)
        .map((r) => r.file)
        .sort(),
      ['deploy/docker-compose.yml', 'deploy/prod/docker-compose.yml'],
    );
    assert.deepEqual(
      lintJson(['deploy/*.yml'], dir, 0).map((r) => r.file),
      ['deploy/docker-compose.yml'],
    );
    const none = scalewise(['lint', 'nowhere/**/*.yml'], dir);
    expectExit(none, 2);
    assert.match(none.stderr, /nowhere\/\*\*\/\*\.yml/);
  });

  test('globs take classes and braces; a [ or { in an existing path is literal', () => {
    const dir = workspace({
      'stack-1.yml': NAMED,
      'stack-x.yml': NAMED,
      'prod/compose.yml': NAMED,
      'dev/compose.yml': NAMED,
      '[old]/compose.yml': NAMED,
    });
    assert.deepEqual(
      lintJson(['stack-[0-9].yml'], dir, 1).map((r) => r.file),
      ['stack-1.yml'],
    );
    assert.deepEqual(
      lintJson(['{prod,dev}/*.yml'], dir, 1)
        .map((r) => r.file)
        .sort(),
      ['dev/compose.yml', 'prod/compose.yml'],
    );
    assert.deepEqual(
      lintJson(['[old]'], dir, 1).map((r) => r.file),
      [path.join('[old]', 'compose.yml')],
    );
  });

  test('a .gitignore character class ([Bb]uild/) skips Build/; a kinds glob with braces sets the kind', () => {
    const dir = workspace({
      '.gitignore': '[Bb]uild/\n',
      'Build/docker-compose.yml': NAMED,
      'build/docker-compose.yml': NAMED,
      'Built/docker-compose.yml': NAMED,
      '.scalewise.yaml': "kinds:\n  'ops/{blue,green}.yaml': none\n  'stacks/{a,b}.yml': swarm\n",
      'ops/blue.yaml': NAMED,
      'ops/green.yaml': NAMED,
      'ops/red.yaml': NAMED,
      'stacks/a.yml': NAMED,
      'stacks/b.yml': NAMED,
      'stacks/c.yml': NAMED,
    });
    const reports = lintJson(['.'], dir, 1);
    const kinds = Object.fromEntries(reports.map((r) => [r.file.split(path.sep).join('/'), r.kind]));
    assert.deepEqual(kinds, {
      'Built/docker-compose.yml': 'compose',
      'ops/red.yaml': 'compose',
      'stacks/a.yml': 'swarm',
      'stacks/b.yml': 'swarm',
      'stacks/c.yml': 'compose',
    });
    assert.ok(
      reports.every((r) => r.findings.length > 0),
      'each linted file has its findings',
    );
  });

  test('a .gitignore beyond the limits is applied up to them, and what is skipped is reported', () => {
    const many = Array.from({ length: 1005 }, (_, i) => `generated-${i}.yml`).join('\n');
    const dir = workspace({
      '.gitignore': `${'x'.repeat(1025)}\nlocal.yml\n${many}\n`,
      'local.yml': NAMED,
      'generated-3.yml': NAMED,
      'generated-1004.yml': NAMED,
      'compose.yml': CLEAN,
    });
    const r = scalewise(['lint', '--format', 'json'], dir);
    expectExit(r, 1);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport[]).map((f) => f.file).sort(), [
      'compose.yml',
      'generated-1004.yml',
    ]);
    assert.match(r.stderr, /^\.gitignore:1: pattern longer than 1024 characters, not applied$/m);
    assert.match(r.stderr, /^\.gitignore:1002: only the first 1000 patterns of a \.gitignore are read/m);
  });

  test('adversarial globs in .gitignore and kinds do not hang the walk (they backtracked exponentially)', () => {
    const stars = '**a'.repeat(30) + '**b';
    const folders = '**/a/'.repeat(30) + '**/b';
    const deep = (n: number) => 'a/'.repeat(n);
    const dir = workspace({
      '.gitignore': `${stars}\n${folders}\n`,
      '.scalewise.yaml': `kinds:\n  '${stars}': compose\n  '${folders}': compose\n  '${'**/a/'.repeat(30)}**/*.yaml': kubernetes\n`,
      [`${deep(60)}docker-compose.yml`]: NAMED,
      [`${deep(50)}app.yaml`]: 'x: 1\n',
      [`${deep(31)}b/docker-compose.yml`]: NAMED, // the folder a/…/a/b: the second pattern
      [`${'a'.repeat(40)}b/docker-compose.yml`]: NAMED, // the folder aaa…ab: the first pattern
    });
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.error, undefined, 'scalewise lint did not finish within 60 s');
    expectExit({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 1);
    const reports = JSON.parse(r.stdout) as JsonReport[];
    assert.deepEqual(
      reports.map((f) => [f.file, f.kind]).sort(),
      [
        [path.join(...deep(50).split('/'), 'app.yaml'), 'kubernetes'],
        [path.join(...deep(60).split('/'), 'docker-compose.yml'), 'compose'],
      ].sort(),
    );
    assert.ok(reports.find((f) => f.kind === 'compose')!.findings.some((f) => f.ruleId === CONTAINER_NAME));
  });

  test('a single file argument lints that file', () => {
    const dir = workspace({ 'a/compose.yaml': NAMED, 'b/compose.yaml': NAMED });
    assert.deepEqual(
      lintJson(['a/compose.yaml'], dir, 1).map((r) => r.file),
      ['a/compose.yaml'],
    );
  });
});

describe('rules and configuration', () => {
  test('--rule runs only the named rules', () => {
    const dir = workspace({ 'docker-compose.yml': NAMED });
    const ids = (args: string[]) =>
      [...new Set(lintJson(args, dir).flatMap((r) => r.findings.map((f) => f.ruleId)))].sort();
    assert.deepEqual(ids([]), [CONTAINER_NAME, HOST_PORT, OBSOLETE_VERSION].sort());
    assert.deepEqual(ids(['--rule', HOST_PORT]), [HOST_PORT]);
    assert.deepEqual(ids(['--rule', HOST_PORT, '--rule', OBSOLETE_VERSION]), [HOST_PORT, OBSOLETE_VERSION].sort());
    expectExit(scalewise(['lint', '--rule', OBSOLETE_VERSION], dir), 0);
  });

  test('--rule runs a rule that is off by default, at its default severity; a config that turns it off still wins', () => {
    const deployment = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        replicas: 1
        template:
          spec:
            containers:
              - name: api
                image: example/api:1.0
                resources:
                  requests: {cpu: 250m, memory: 256Mi}
                  limits: {memory: 256Mi}
    `;
    const dir = workspace({ 'k8s/api.yaml': deployment, 'off.yaml': 'rules:\n  k8s/single-replica: off\n' });
    const found = (args: string[]) =>
      lintJson(args, dir, 0).flatMap((r) =>
        r.findings.map((f) => `${r.file}:${f.startLine} ${f.ruleId} ${f.severity}`),
      );
    assert.deepEqual(found(['--rule', 'k8s/missing-requests']), []);
    assert.deepEqual(
      found([]).filter((f) => f.includes('k8s/single-replica')),
      [],
    );
    assert.deepEqual(found(['--rule', 'k8s/single-replica']), ['k8s/api.yaml:6 k8s/single-replica info']);
    assert.deepEqual(found(['--rule', 'k8s/single-replica', '--config', 'off.yaml']), []);
  });

  test('k8s/hpa-target-not-found: the files beside a linted HPA are read, so a file argument is judged against its folder', () => {
    const deployment = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web-api
      spec:
        template:
          spec:
            containers:
              - name: api
                image: example/api:1.0
    `;
    const hpa = (name: string) =>
      [
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata:',
        '  name: web-api',
        'spec:',
        `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}`,
        '  maxReplicas: 4',
        '',
      ].join('\n');
    const dir = workspace({
      'k8s/deployment.yaml': deployment,
      'k8s/hpa.yaml': hpa('web-api'),
      'typo/deployment.yaml': deployment,
      'typo/hpa.yaml': hpa('webapi'),
    });
    const found = (args: string[]) =>
      lintJson(['--rule', 'k8s/hpa-target-not-found', ...args], dir, 0).flatMap((r) =>
        r.findings.map((f) => `${r.file}:${f.startLine} ${f.severity}`),
      );
    assert.deepEqual(found(['k8s/hpa.yaml']), []);
    assert.deepEqual(found(['typo/hpa.yaml']), ['typo/hpa.yaml:6 warning']);
    assert.deepEqual(found([]), ['typo/hpa.yaml:6 warning']);
  });

  test('--config sets severities; it wins over the nearest .scalewise.yaml', () => {
    const dir = workspace({
      'docker-compose.yml': NAMED,
      '.scalewise.yaml': `rules:\n  ${OBSOLETE_VERSION}: warning\n`,
      'ci.yaml': `# CI is strict about hints, relaxed about names.\nrules:\n  ${OBSOLETE_VERSION}: error\n  ${CONTAINER_NAME}: off\n  ${HOST_PORT}: off\n`,
    });
    const nearest = lintJson([], dir, 1).flatMap((r) => r.findings);
    assert.equal(nearest.find((f) => f.ruleId === OBSOLETE_VERSION)?.severity, 'warning');
    const explicit = lintJson(['--config', 'ci.yaml'], dir, 1).flatMap((r) => r.findings);
    assert.deepEqual(
      explicit.map((f) => `${f.ruleId} ${f.severity}`),
      [`${OBSOLETE_VERSION} error`],
    );
    expectExit(scalewise(['lint', '--config', 'ci.yaml', '--rule', CONTAINER_NAME], dir), 0);
  });

  test('an invalid --config file is exit 2 with file:line:col messages', () => {
    const dir = workspace({
      'docker-compose.yml': CLEAN,
      'bad-value.yaml': `rules:\n  ${OBSOLETE_VERSION}: loud\n`,
      'bad-key.yaml': 'rules: {}\nrulez: {}\n',
      'bad-yaml.yaml': 'rules: [\n',
    });
    const value = scalewise(['lint', '--config', 'bad-value.yaml'], dir);
    expectExit(value, 2);
    assert.match(
      value.stderr,
      new RegExp(
        `^bad-value\\.yaml:2:${`  ${OBSOLETE_VERSION}: `.length + 1}: .*"off", "hint", "info", "warning", "error"`,
        'm',
      ),
    );
    const key = scalewise(['lint', '--config', 'bad-key.yaml'], dir);
    expectExit(key, 2);
    assert.match(key.stderr, /^bad-key\.yaml:2:1: .*rulez/m);
    const syntax = scalewise(['lint', '--config', 'bad-yaml.yaml'], dir);
    expectExit(syntax, 2);
    assert.match(syntax.stderr, /^bad-yaml\.yaml:\d+:\d+: /m);
    const missing = scalewise(['lint', '--config', 'missing.yaml'], dir);
    expectExit(missing, 2);
    assert.match(missing.stderr, /cannot read .*missing\.yaml/);
  });

  test('an invalid nearest .scalewise.yaml is reported with line:col and exit 2', () => {
    const dir = workspace({ 'svc/docker-compose.yml': CLEAN, 'svc/.scalewise.yaml': 'cluster:\n  nodes: many\n' });
    const r = scalewise(['lint'], dir);
    expectExit(r, 2);
    assert.match(r.stderr, /^svc\/\.scalewise\.yaml:2:10: invalid config: /m);
  });
});

describe('--format json', () => {
  test('one entry per file, with 1-based start and end line and column per finding', () => {
    const dir = workspace({ 'docker-compose.yml': NAMED });
    const [report, ...rest] = lintJson([], dir, 1);
    assert.equal(rest.length, 0);
    assert.equal(report!.file, 'docker-compose.yml');
    assert.equal(report!.kind, 'compose');
    for (const f of report!.findings) {
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const)
        assert.ok(Number.isInteger(f[k]) && f[k] >= 1, `${f.ruleId} ${k}=${f[k]}`);
      assert.ok(RULES_BY_ID.has(f.ruleId));
      assert.ok(f.message.length > 0);
    }
    const at = (id: string) => {
      const f = report!.findings.find((x) => x.ruleId === id)!;
      return [f.startLine, f.startColumn, f.endLine, f.endColumn];
    };
    // version: line 2 columns 1-8; container_name: line 6, columns 5-19; "8080:80": line 8, columns 9-18.
    assert.deepEqual(at(OBSOLETE_VERSION), [2, 1, 2, 8]);
    assert.deepEqual(at(CONTAINER_NAME), [6, 5, 6, 19]);
    assert.deepEqual(at(HOST_PORT), [8, 9, 8, 18]);
    assert.deepEqual(
      report!.findings.find((x) => x.ruleId === OBSOLETE_VERSION)!.fixes.map((x) => x.safety),
      ['safe'],
    );
  });
});

describe('--fix', () => {
  test('applies only safe fixes: removes version:, keeps container_name, the ports and every comment', () => {
    const dir = workspace({ 'docker-compose.yml': NAMED });
    const file = path.join(dir, 'docker-compose.yml');
    const [report] = lintJson(['--fix'], dir, 1);
    assert.equal(report!.fixed, 1);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.equal(fixed, NAMED.replace('version: "3.8" # obsolete since Compose v2\n', ''));
    assert.ok(fixed.includes('container_name: web # a fixed name'));
    assert.ok(fixed.includes("# Web tier: three replicas behind the host's port 8080."));
    // What is left has no safe fix, and a second run changes nothing.
    assert.deepEqual(report!.findings.map((f) => f.ruleId).sort(), [CONTAINER_NAME, HOST_PORT].sort());
    assert.ok(report!.findings.every((f) => f.fixes.every((x) => x.safety !== 'safe')));
    const [again] = lintJson(['--fix'], dir, 1);
    assert.equal(again!.fixed, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), fixed);
  });

  test('the text format says how many were fixed; a clean file is not rewritten', () => {
    const dir = workspace({ 'docker-compose.yml': `version: "3"\n${CLEAN}`, 'clean/compose.yaml': CLEAN });
    const clean = path.join(dir, 'clean/compose.yaml');
    const before = fs.statSync(clean).mtimeMs;
    const r = scalewise(['lint', '--fix'], dir);
    expectExit(r, 0);
    assert.match(r.stdout, /2 files checked: 0 findings .*; 1 fixed/);
    assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), CLEAN);
    assert.equal(fs.statSync(clean).mtimeMs, before);
  });
});

/** `# expect: rule-a, rule-b` at the end of a line: 1-based line -> rule ids. */
function expectMarkers(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /#\s*expect:\s*(.+?)\s*$/.exec(line);
    if (m)
      out.set(
        i + 1,
        m[1]!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  });
  return out;
}

function lintableFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') out.push(...lintableFiles(p));
    else if (e.isFile() && (/\.(ya?ml|sh|bash|mk|toml|ini)$/i.test(e.name) || /^(Makefile|GNUmakefile)$/.test(e.name)))
      out.push(p);
  }
  return out;
}

describe('examples/', () => {
  test('every `# expect:` marker matches exactly the findings on its line (or the next), and nothing else is found', () => {
    const marked = new Map<string, Map<number, string[]>>();
    for (const file of lintableFiles(EXAMPLES)) {
      const m = expectMarkers(fs.readFileSync(file, 'utf8'));
      if (m.size > 0) marked.set(path.relative(ROOT, file).split(path.sep).join('/'), m);
    }
    assert.ok(marked.size > 0, 'at least one example file carries # expect: markers');
    for (const [file, m] of marked)
      for (const [line, ids] of m)
        for (const id of ids) assert.ok(RULES_BY_ID.has(id), `${file}:${line}: unknown rule "${id}" in marker`);

    const r = scalewise(['lint', '--format', 'json', 'examples'], ROOT);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const reports = JSON.parse(r.stdout) as JsonReport[];
    const problems: string[] = [];
    for (const report of reports) {
      const m = marked.get(report.file) ?? new Map<number, string[]>();
      const found = new Map<number, string[]>();
      for (const f of report.findings) {
        const line = m.has(f.startLine) ? f.startLine : m.has(f.startLine - 1) ? f.startLine - 1 : undefined;
        if (line === undefined) problems.push(`${report.file}:${f.startLine}: unexpected ${f.ruleId}: ${f.message}`);
        else found.set(line, [...(found.get(line) ?? []), f.ruleId]);
      }
      for (const [line, ids] of m) {
        const got = (found.get(line) ?? []).sort();
        const want = [...ids].sort();
        if (JSON.stringify(got) !== JSON.stringify(want))
          problems.push(`${report.file}:${line}: expected ${want.join(', ')}; found ${got.join(', ') || 'nothing'}`);
      }
    }
    for (const file of marked.keys())
      if (!reports.some((x) => x.file === file)) problems.push(`${file}: has markers but was not linted (kind none?)`);
    assert.deepEqual(problems, []);
    expectExit(r, reports.some((x) => x.findings.some((f) => f.severity === 'error')) ? 1 : 0);
  });

  test('demo lints examples with sizing hints and succeeds', () => {
    const r = scalewise(['demo'], ROOT);
    expectExit(r, 0);
    assert.match(r.stdout, /sizing/);
    assert.match(r.stdout, /files checked/);
  });
});

describe('docs', () => {
  test('docs --check passes on the repository', () => {
    const r = scalewise(['docs', 'docs/rules', '--check'], ROOT);
    expectExit(r, 0);
    for (const rule of RULES)
      assert.ok(fs.existsSync(path.join(RULE_DOCS, `${ruleFileName(rule.meta.id)}.md`)), rule.meta.id);
  });

  test('docs writes a page per rule; --check then fails on a stale page', () => {
    const dir = workspace({});
    expectExit(scalewise(['docs', 'out'], dir), 0);
    assert.equal(fs.readdirSync(path.join(dir, 'out')).length, RULES.length + 1, 'one page per rule and README.md');
    expectExit(scalewise(['docs', 'out', '--check'], dir), 0);
    const page = path.join(dir, 'out', `${ruleFileName(RULES[0]!.meta.id)}.md`);
    fs.appendFileSync(page, '\nedited by hand\n');
    const r = scalewise(['docs', 'out', '--check'], dir);
    expectExit(r, 1);
    assert.match(r.stderr, /stale: out\//);
  });
});

describe('rules and --version', () => {
  test('rules lists every rule with its default severity', () => {
    const r = scalewise(['rules'], ROOT);
    expectExit(r, 0);
    for (const rule of RULES)
      assert.match(r.stdout, new RegExp(`^${rule.meta.id} +\\S+ +${rule.meta.defaultSeverity} `, 'm'));
  });

  test('--version prints the package version', () => {
    const r = scalewise(['--version'], ROOT);
    expectExit(r, 0);
    assert.equal(
      r.stdout.trim(),
      (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });
});

// SARIF, checked against the SARIF 2.1.0 schema (see test/fixtures/sarif-schema-2.1.0.md) and the
// constraints GitHub code scanning adds
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion } }[];
  partialFingerprints?: Record<string, string>;
}
interface SarifRule {
  id: string;
  helpUri: string;
  shortDescription: { text: string };
  properties?: { tags?: string[] };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: SarifRule[] } }; results: SarifResult[] }[];
}

const validateSarif = (() => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
})();

function checkSarif(log: SarifLog, expectedResults: number): void {
  assert.ok(validateSarif(log), `valid SARIF 2.1.0:\n${JSON.stringify(validateSarif.errors, null, 2)}`);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;
  assert.deepEqual(
    rules.map((r) => r.id),
    RULES.map((r) => r.meta.id),
    'the whole catalogue, in registry order',
  );
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'rule ids are unique');
  for (const r of rules) {
    assert.equal(r.helpUri, RULES_BY_ID.get(r.id)!.meta.docsUrl);
    assert.ok(r.shortDescription.text.length > 0);
    assert.ok((r.properties?.tags ?? []).length <= 20, 'GitHub reads at most 20 tags');
  }
  assert.equal(run.results.length, expectedResults);
  for (const res of run.results) {
    assert.ok(['error', 'warning', 'note'].includes(res.level), res.level);
    assert.ok(res.message.text.length > 0);
    assert.ok(
      res.ruleIndex >= 0 && rules[res.ruleIndex]?.id === res.ruleId,
      `ruleIndex ${res.ruleIndex} points at ${res.ruleId}`,
    );
    assert.equal(res.locations.length, 1);
    const { artifactLocation, region } = res.locations[0]!.physicalLocation;
    assert.ok(
      !path.isAbsolute(artifactLocation.uri) && !/^[a-z][a-z0-9+.-]*:/i.test(artifactLocation.uri),
      `relative uri: ${artifactLocation.uri}`,
    );
    assert.ok(
      !artifactLocation.uri.includes('\\') &&
        !artifactLocation.uri.startsWith('./') &&
        !artifactLocation.uri.split('/').includes('..'),
      artifactLocation.uri,
    );
    assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const)
      assert.ok(Number.isInteger(region[k]) && region[k] >= 1, `${k}=${region[k]}`);
    assert.ok(
      region.endLine > region.startLine ||
        (region.endLine === region.startLine && region.endColumn >= region.startColumn),
    );
  }
}

describe('--format sarif', () => {
  test('valid SARIF 2.1.0 with rule indexes, 1-based regions and relative artifact URIs', () => {
    const dir = workspace({
      'deploy/docker-compose.yml': NAMED,
      'chart/Chart.yaml': HELM_CHART,
      'chart/values.yaml': HELM_VALUES,
    });
    const r = scalewise(['lint', '--format', 'sarif', path.join(dir, 'deploy'), 'chart'], dir);
    expectExit(r, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    checkSarif(log, 4);
    const results = log.runs[0]!.results;
    assert.deepEqual((log.runs[0] as unknown as { automationDetails: unknown }).automationDetails, {
      id: 'scalewise/',
    });
    const named = results.find((x) => x.ruleId === CONTAINER_NAME)!;
    assert.equal(named.level, 'error');
    assert.deepEqual(named.locations[0]!.physicalLocation.artifactLocation.uri, 'deploy/docker-compose.yml');
    assert.deepEqual(named.locations[0]!.physicalLocation.region, {
      startLine: 6,
      startColumn: 5,
      endLine: 6,
      endColumn: 19,
    });
    assert.equal(results.find((x) => x.ruleId === OBSOLETE_VERSION)!.level, 'note');
    assert.equal(results.find((x) => x.ruleId === HELM_REPLICAS)!.level, 'warning');
    assert.equal(
      results.find((x) => x.ruleId === HELM_REPLICAS)!.locations[0]!.physicalLocation.artifactLocation.uri,
      'chart/values.yaml',
    );
    // Stable fingerprints: the same findings give the same ones.
    const again = JSON.parse(
      scalewise(['lint', '--format', 'sarif', path.join(dir, 'deploy'), 'chart'], dir).stdout,
    ) as SarifLog;
    assert.deepEqual(
      again.runs[0]!.results.map((x) => x.partialFingerprints),
      results.map((x) => x.partialFingerprints),
    );
  });

  test('a file outside the working directory gets an absolute file: URI, not a ../ path', () => {
    const outside = workspace({ 'docker-compose.yml': NAMED });
    const cwd = workspace({ 'README.md': '# elsewhere\n' });
    const r = scalewise(['lint', '--format', 'sarif', outside], cwd);
    expectExit(r, 1);
    const log = JSON.parse(r.stdout) as SarifLog & { runs: { originalUriBaseIds?: Record<string, { uri: string }> }[] };
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
    const loc = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;
    assert.equal(loc.uri, pathToFileUri(path.join(outside, 'docker-compose.yml')));
    assert.equal(loc.uriBaseId, undefined);
    assert.equal(log.runs[0]!.originalUriBaseIds?.['%SRCROOT%']?.uri, pathToFileUri(cwd + path.sep));
  });

  test("artifact URIs are the LSP side's (engine/uri.ts pathToFileUri), inside and outside the working directory", () => {
    // Names vscode-uri encodes and node:url's pathToFileURL leaves as they are ('@', '+', ',', '(', ')').
    const outside = workspace({ 'a@b+c (1)/docker-compose.yml': NAMED });
    const cwd = workspace({ 'My Charts#1/x,y/docker-compose.yml': NAMED });
    const r = scalewise(['lint', '--format', 'sarif', path.join(outside, 'a@b+c (1)'), 'My Charts#1'], cwd);
    expectExit(r, 1);
    const log = JSON.parse(r.stdout) as SarifLog & { runs: { originalUriBaseIds?: Record<string, { uri: string }> }[] };
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
    const base = log.runs[0]!.originalUriBaseIds?.['%SRCROOT%']?.uri;
    assert.equal(base, pathToFileUri(cwd + path.sep));
    const uris = new Set(
      log.runs[0]!.results.map(({ locations: [loc] }) => {
        const { uri, uriBaseId } = loc!.physicalLocation.artifactLocation;
        return uriBaseId === '%SRCROOT%' ? base + uri : uri;
      }),
    );
    assert.deepEqual(
      [...uris].sort(),
      [
        pathToFileUri(path.join(outside, 'a@b+c (1)', 'docker-compose.yml')),
        pathToFileUri(path.join(cwd, 'My Charts#1', 'x,y', 'docker-compose.yml')),
      ].sort(),
    );
  });

  test('a clean run is valid SARIF with no results', () => {
    const dir = workspace({ 'docker-compose.yml': CLEAN });
    const r = scalewise(['lint', '--format', 'sarif'], dir);
    expectExit(r, 0);
    checkSarif(JSON.parse(r.stdout) as SarifLog, 0);
  });

  test('the schema check itself rejects a broken log', () => {
    const dir = workspace({ 'docker-compose.yml': NAMED });
    const log = JSON.parse(scalewise(['lint', '--format', 'sarif'], dir).stdout) as SarifLog;
    log.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    (log.runs[0]!.results[0] as unknown as Record<string, unknown>).level = 'fatal';
    assert.equal(validateSarif(log), false);
    const where = (validateSarif.errors ?? []).map((e) => e.instancePath);
    assert.ok(where.includes('/runs/0/results/0/locations/0/physicalLocation/region/startLine'), JSON.stringify(where));
    assert.ok(where.includes('/runs/0/results/0/level'), JSON.stringify(where));
  });

  test('fixes: a result with a safe fix carries it; its replacements give what --fix writes for that rule', () => {
    const copy = (): string => {
      const dir = workspace({});
      fs.cpSync(EXAMPLES, path.join(dir, 'examples'), { recursive: true });
      // A file in CRLF: regions count its lines as the results' do.
      fs.mkdirSync(path.join(dir, 'examples/crlf'));
      fs.writeFileSync(
        path.join(dir, 'examples/crlf/docker-compose.yml'),
        'version: "3.8"\r\nservices:\r\n  web:\r\n    image: nginx\r\n',
      );
      return dir;
    };
    const dir = copy();
    const r = scalewise(['lint', '--format', 'sarif', 'examples'], dir);
    const log = JSON.parse(r.stdout) as SarifLog;
    const json = lintJson(['examples'], dir);
    checkSarif(
      log,
      json.reduce((n, f) => n + f.findings.length, 0),
    );
    type Replacement = { deletedRegion: SarifRegion; insertedContent: { text: string } };
    type WithFixes = SarifResult & {
      fixes?: {
        description: { text: string };
        artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[];
      }[];
    };
    const results = log.runs[0]!.results as WithFixes[];
    const fixed = results.filter((x) => x.fixes);
    // Every safe fix of examples/ passes the guard, so each finding with one has it in SARIF.
    assert.equal(
      fixed.length,
      json.reduce((n, f) => n + f.findings.filter((x) => x.fixes.some((y) => y.safety === 'safe')).length, 0),
    );
    const groups = new Map<string, Replacement[]>();
    for (const res of fixed) {
      assert.equal(res.fixes!.length, 1);
      const [change, ...more] = res.fixes![0]!.artifactChanges;
      assert.equal(more.length, 0);
      assert.ok(res.fixes![0]!.description.text.length > 0);
      assert.deepEqual(change!.artifactLocation, res.locations[0]!.physicalLocation.artifactLocation);
      const key = `${change!.artifactLocation.uri}\u0000${res.ruleId}`;
      groups.set(key, [...(groups.get(key) ?? []), ...change!.replacements]);
    }
    assert.ok(groups.size >= 4, [...groups.keys()].join(', '));
    assert.ok([...groups.keys()].some((k) => k.startsWith('examples/crlf/')));
    // Lines break at LF, CRLF and a lone CR; columns count UTF-16 code units (columnKind).
    const offsetOf = (text: string, line: number, column: number): number => {
      let at = 0;
      for (let l = 1; l < line; l++) {
        const m = /\r\n|\r|\n/g;
        m.lastIndex = at;
        const hit = m.exec(text);
        assert.ok(hit, `line ${line} is in the file`);
        at = hit.index + hit[0].length;
      }
      return at + column - 1;
    };
    for (const [key, replacements] of groups) {
      const [uri, ruleId] = key.split('\u0000') as [string, string];
      const before = fs.readFileSync(path.join(dir, uri), 'utf8');
      const spans = replacements
        .map((x) => ({
          start: offsetOf(before, x.deletedRegion.startLine, x.deletedRegion.startColumn),
          end: offsetOf(before, x.deletedRegion.endLine, x.deletedRegion.endColumn),
          text: x.insertedContent.text,
        }))
        .sort((a, b) => a.start - b.start);
      let applied = '';
      let from = 0;
      for (const s of spans) {
        assert.ok(s.start >= from && s.end >= s.start, `${key}: replacements in order, not overlapping`);
        applied += before.slice(from, s.start) + s.text;
        from = s.end;
      }
      applied += before.slice(from);
      assert.notEqual(applied, before);
      // --fix of that rule alone, in a fresh copy (other files are its context: scripts, Chart.yaml).
      const other = copy();
      expectExit(scalewise(['lint', '--fix', '--rule', ruleId, '--format', 'json', 'examples'], other), 0);
      assert.equal(applied, fs.readFileSync(path.join(other, uri), 'utf8'), key);
    }
    // A kept result (--cache) offers the same fixes.
    for (let i = 0; i < 2; i++) {
      const cached = JSON.parse(
        scalewise(['lint', '--cache', '--format', 'sarif', 'examples'], dir).stdout,
      ) as SarifLog;
      assert.deepEqual(
        (cached.runs[0]!.results as WithFixes[]).map((x) => x.fixes),
        results.map((x) => x.fixes),
      );
    }
  });

  test('examples/ as SARIF', () => {
    const json = lintJson(['examples'], ROOT);
    const r = scalewise(['lint', '--format', 'sarif', 'examples'], ROOT);
    const log = JSON.parse(r.stdout) as SarifLog;
    checkSarif(
      log,
      json.reduce((n, f) => n + f.findings.length, 0),
    );
    for (const res of log.runs[0]!.results)
      assert.ok(res.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('examples/'));
  });
});
