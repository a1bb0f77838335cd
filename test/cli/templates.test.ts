/**
 * Templates are not YAML (issue 8), as the built CLI reports them: a Helm chart (test/fixtures/helm-chart,
 * laid out as `helm create` makes one) lints its values.yaml and says of each template that it was not
 * linted and why; a Jinja-templated manifest (test/fixtures/jinja) is not linted either.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';

const ROOT = repoRoot();
const CLI = path.join(ROOT, 'server/out/cli.js');
const CHART = 'test/fixtures/helm-chart';
const JINJA = 'test/fixtures/jinja/worker-deployment.yaml';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function scalewise(args: string[], cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function said(r: Run): string {
  return `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

interface JsonReport {
  file: string;
  kind: string;
  kindReason: string;
  skipped?: string;
  notes: { level: string; message: string }[];
  findings: { ruleId: string; severity: string; startLine: number }[];
}

const TEMPLATES = ['deployment.yaml', 'hpa.yaml', 'tests/test-connection.yaml'].map((f) => `${CHART}/templates/${f}`);

describe('a Helm chart', () => {
  test('values.yaml is linted, each template is skipped with its reason, and the exit code is 0', () => {
    const r = scalewise(['lint', '--format', 'json', CHART]);
    assert.equal(r.status, 0, said(r));
    const reports = JSON.parse(r.stdout) as JsonReport[];
    assert.deepEqual(
      reports.map((x) => x.file).sort(),
      [...TEMPLATES, `${CHART}/values.yaml`].sort(),
      'no _helpers.tpl, no NOTES.txt',
    );
    const values = reports.find((x) => x.file === `${CHART}/values.yaml`)!;
    assert.equal(values.kind, 'helm-values');
    assert.deepEqual(
      values.findings.map((f) => `${f.startLine} ${f.ruleId} ${f.severity}`),
      ['2 helm/replicas-with-autoscaling warning'],
    );
    for (const file of TEMPLATES) {
      const t = reports.find((x) => x.file === file)!;
      assert.equal(t.kind, 'template', file);
      assert.deepEqual(t.findings, [], `${file}: no yaml/syntax-error, no k8s/missing-requests`);
      assert.match(
        t.skipped ?? '',
        /^template, not YAML until it is rendered \(Helm chart template, under templates\/ beside Chart\.yaml\); lint the rendered files instead$/,
        file,
      );
      assert.deepEqual(t.notes, []);
    }
  });

  test('text output names each template as not linted and counts them apart', () => {
    const r = scalewise(['lint', CHART]);
    assert.equal(r.status, 0, said(r));
    for (const file of TEMPLATES)
      assert.match(
        r.stdout,
        new RegExp(`^${file}  \\(not linted: template, not YAML until it is rendered \\(Helm chart template`, 'm'),
        file,
      );
    assert.doesNotMatch(r.stdout, /syntax-error|k8s\/|Container "#1"|\(unnamed\)/);
    assert.match(r.stdout, /^1 file checked: 1 finding \(0 error, 1 warning, 0 info, 0 hint\); 3 not linted$/m);
  });

  test('SARIF: the values finding is a result; each template is a note of the run', () => {
    const r = scalewise(['lint', '--format', 'sarif', CHART]);
    assert.equal(r.status, 0, said(r));
    const run = (
      JSON.parse(r.stdout) as {
        runs: {
          results: { ruleId: string }[];
          invocations: {
            toolExecutionNotifications: {
              level: string;
              message: { text: string };
              locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
            }[];
          }[];
        }[];
      }
    ).runs[0]!;
    assert.deepEqual(
      run.results.map((x) => x.ruleId),
      ['helm/replicas-with-autoscaling'],
    );
    const notes = run.invocations[0]!.toolExecutionNotifications;
    assert.deepEqual(notes.map((n) => n.locations[0]!.physicalLocation.artifactLocation.uri).sort(), TEMPLATES.sort());
    for (const n of notes) {
      assert.equal(n.level, 'note');
      assert.match(n.message.text, /^not linted: template, not YAML until it is rendered \(Helm chart template/);
    }
  });

  const temps: string[] = [];
  after(() => {
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });

  test('kinds in .scalewise.yaml can still have a template linted as a manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-tmpl-'));
    temps.push(dir);
    fs.cpSync(path.join(ROOT, CHART), path.join(dir, 'chart'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.scalewise.yaml'), 'kinds:\n  "chart/templates/hpa.yaml": kubernetes\n');
    fs.mkdirSync(path.join(dir, '.git'));
    const reports = JSON.parse(scalewise(['lint', '--format', 'json', 'chart'], dir).stdout) as JsonReport[];
    const hpa = reports.find((x) => x.file === 'chart/templates/hpa.yaml')!;
    assert.equal(hpa.kind, 'kubernetes');
    assert.equal(hpa.kindReason, 'setting "chart/templates/hpa.yaml"');
    assert.ok(
      hpa.findings.some((f) => f.ruleId === 'yaml/syntax-error'),
      'read raw, the template is not YAML',
    );
    assert.equal(reports.find((x) => x.file === 'chart/templates/deployment.yaml')?.kind, 'template');
  });
});

describe('a Jinja-templated manifest', () => {
  test('is not linted, says why, and the exit code is 0', () => {
    const r = scalewise(['lint', '--format', 'json', JINJA]);
    assert.equal(r.status, 0, said(r));
    const [report, ...rest] = JSON.parse(r.stdout) as JsonReport[];
    assert.deepEqual(rest, []);
    assert.equal(report?.kind, 'template');
    assert.deepEqual(report.findings, []);
    assert.match(
      report.skipped ?? '',
      /^template, not YAML until it is rendered \(template directive "\{\{" at line 5, where YAML reads structure\)/,
    );
  });

  test('text output: one line for the file, no syntax error per template line', () => {
    const r = scalewise(['lint', JINJA]);
    assert.equal(r.status, 0, said(r));
    assert.doesNotMatch(r.stdout, /syntax/);
    assert.match(r.stdout, /^0 files checked: 0 findings \(0 error, 0 warning, 0 info, 0 hint\); 1 not linted$/m);
  });
});
