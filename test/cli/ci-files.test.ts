/**
 * The CI entry points at the repository root: action.yml (the composite GitHub Action) and
 * .pre-commit-hooks.yaml, read with the `yaml` package, and their commands run as GitHub and
 * pre-commit run them (the action's lint step under `bash --noprofile --norc -eo pipefail`, with
 * its `${{ }}` expressions filled in; the hook's entry on examples/). docs/ci.md documents both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/lsp-client';

const ROOT = repoRoot();
const CLI = path.join(ROOT, 'server/out/cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-ci-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Step {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

const lintJson = (cwd: string, args: string[]) =>
  JSON.parse(
    spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args], { cwd, encoding: 'utf8' }).stdout,
  ) as { file: string; findings: { severity: string }[] }[];

test('action.yml: a composite action with the four inputs, each used by a step through env, none pasted into a script', () => {
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.keys(action.inputs).sort(), ['format', 'max-warnings', 'paths', 'sarif-file']);
  assert.equal(action.inputs.format!.default, 'github');
  assert.equal(action.inputs.paths!.default, '.');
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.ok(input.description.length > 20, name);
    const users = action.runs.steps.filter((s) =>
      Object.values(s.env ?? {}).some((v) => v.replace(/\s/g, '') === `\${{inputs.${name}}}`),
    );
    assert.ok(users.length > 0, `input ${name} is used by a step`);
  }
  for (const s of action.runs.steps) {
    assert.ok(s.run, `${s.name}: a run step`);
    assert.equal(s.shell, 'bash', `${s.name}: a composite run step names its shell`);
    assert.ok(!s.run.includes('${{'), `${s.name}: no expression in the script (injection)`);
  }
  const ids = new Set(action.runs.steps.map((s) => s.id));
  for (const [name, out] of Object.entries(action.outputs)) {
    const m = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(out.value);
    assert.ok(m && ids.has(m[1]), `output ${name} reads a step's output`);
    assert.ok(action.runs.steps.find((s) => s.id === m[1])!.run!.includes(`${m[2]}=`), `step ${m[1]} writes ${m[2]}`);
  }
});

/** The action's lint step as GitHub runs it, with these inputs (the defaults for the rest). */
function runLintStep(inputs: Record<string, string>, cwd: string) {
  const step = action.runs.steps.find((s) => s.id === 'lint')!;
  const output = path.join(tmp, `output-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(output, '');
  const context: Record<string, string> = { 'github.action_path': ROOT };
  for (const [name, input] of Object.entries(action.inputs))
    context[`inputs.${name}`] = inputs[name] ?? input.default ?? '';
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {}))
    env[k] = v.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, expr: string) => {
      assert.ok(expr in context, `the test knows ${expr}`);
      return context[expr]!;
    });
  const script = path.join(tmp, 'step.sh');
  fs.writeFileSync(script, step.run!);
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_OUTPUT: output, ...env },
  });
  if (r.error) throw r.error;
  const outputs = Object.fromEntries(
    fs
      .readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

test('the lint step on examples/: annotations, globs left to scalewise, the SARIF file, the exit code as output and result', () => {
  const work = path.join(tmp, 'work');
  fs.cpSync(path.join(ROOT, 'examples'), work, { recursive: true });
  // Deeper than the shell's `*/` reaches: `**` must reach scalewise unexpanded.
  fs.mkdirSync(path.join(work, 'deep/a/b'), { recursive: true });
  fs.copyFileSync(path.join(work, 'polarway/docker-compose.yml'), path.join(work, 'deep/a/b/docker-compose.yml'));
  const paths = ['**/docker-compose.yml', 'decentralized-learning'];
  const r = runLintStep({ paths: `${paths[0]}\n  ${paths[1]} `, 'sarif-file': 'reports/scalewise.sarif' }, work);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(r.outputs, { 'exit-code': '1', 'sarif-file': 'reports/scalewise.sarif' });
  const lines = r.stdout.trimEnd().split('\n');
  for (const l of lines) assert.match(l, /^::(error|warning|notice) file=/);
  const json = lintJson(work, paths);
  const findings = json.flatMap((f) => f.findings.map(() => f.file));
  assert.ok(findings.includes('deep/a/b/docker-compose.yml'), 'the ** glob reached scalewise');
  assert.ok(findings.some((f) => f.startsWith('decentralized-learning/')));
  assert.equal(lines.filter((l) => !l.includes('title=')).length + findings.length, lines.length);
  const sarif = JSON.parse(fs.readFileSync(path.join(work, 'reports/scalewise.sarif'), 'utf8')) as {
    runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  assert.deepEqual(
    sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri).sort(),
    findings.sort(),
  );
});

test('the lint step: max-warnings, another format, and no SARIF file unless asked', () => {
  const dir = path.join(tmp, 'warn');
  fs.mkdirSync(dir);
  // Warnings only (no resource limits on a replicated service), no error.
  fs.writeFileSync(
    path.join(dir, 'docker-compose.yml'),
    'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n',
  );
  const json = lintJson(dir, ['.']);
  assert.ok(json[0]!.findings.some((f) => f.severity === 'warning'));
  assert.ok(!json[0]!.findings.some((f) => f.severity === 'error'));
  const lenient = runLintStep({}, dir);
  assert.equal(lenient.status, 0, lenient.stdout + lenient.stderr);
  assert.deepEqual(lenient.outputs, { 'exit-code': '0' });
  const strict = runLintStep({ 'max-warnings': '0', format: 'junit' }, dir);
  assert.equal(strict.status, 1);
  assert.equal(strict.outputs['exit-code'], '1');
  assert.match(strict.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  const bad = runLintStep({ format: 'xml' }, dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--format must be/);
});

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  types_or?: string[];
  args?: string[];
}

test('.pre-commit-hooks.yaml: the node hook scalewise runs `scalewise lint` on the working tree', () => {
  const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!;
  assert.equal(hook.id, 'scalewise');
  assert.equal(hook.language, 'node');
  assert.equal(hook.pass_filenames, false, 'findings depend on files around the staged ones');
  assert.deepEqual(hook.types_or, ['yaml', 'shell', 'toml', 'ini']);
  const [bin, ...rest] = hook.entry.split(' ');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    scripts: Record<string, string>;
  };
  // pre-commit installs the tarball of `npm pack`, whose prepack builds the bin (test/cli/pack.test.ts).
  assert.ok(pkg.bin[bin!], `${bin} is the package's bin`);
  assert.match(pkg.scripts.prepack!, /esbuild\.mjs --production/);
  // What pre-commit runs: the entry and the args, no file names, at the repository's root.
  const work = path.join(tmp, 'hook');
  fs.cpSync(path.join(ROOT, 'examples'), work, { recursive: true });
  const r = spawnSync(process.execPath, [path.join(ROOT, pkg.bin[bin!]!), ...rest, ...(hook.args ?? [])], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(r.status, 1, 'the examples fail the hook');
  const total = lintJson(work, ['.']).reduce((n, f) => n + f.findings.length, 0);
  assert.match(r.stdout, new RegExp(`files? checked: ${total} findings`));
});

test('docs/ci.md documents the action, code scanning permissions, JUnit, the matcher and the hook', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
  assert.match(doc, /security-events: write/);
  assert.match(doc, /contents: read/);
  assert.match(doc, /github\/codeql-action\/upload-sarif/);
  for (const name of Object.keys(action.inputs)) assert.ok(doc.includes(`\`${name}\``), name);
  assert.match(doc, /--format junit/);
  assert.match(doc, /reports:\n\s+junit:/);
  assert.match(doc, /"problemMatcher": "\$scalewise"/);
  assert.match(doc, /pass_filenames: false/);
});
