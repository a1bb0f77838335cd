/**
 * The built CLI on hostile but possible files: deep nesting, a great many services, keys named
 * like Object.prototype's properties. Each must give a report and the usual exit code: never an
 * abort, a stack trace or "no report for any file".
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

const CLI = path.join(repoRoot(), 'server/out/cli.js');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function scalewise(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function expectExit(r: Run, code: number): void {
  assert.equal(
    r.status,
    code,
    `exit ${r.status} (signal ${r.signal}), expected ${code}\nstdout:\n${r.stdout.slice(0, 2000)}\nstderr:\n${r.stderr.slice(0, 2000)}`,
  );
}

interface JsonReport {
  file: string;
  findings: { ruleId: string; messageId: string; message: string; startLine: number }[];
}

const temps: string[] = [];
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-robust-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), text);
  return dir;
}
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe('deep nesting', () => {
  test('an 11 KB Compose file nested 5,500 deep, or 11,000 unclosed: one finding and exit 1, not an abort', () => {
    for (const text of [`services: ${'['.repeat(5500)}${']'.repeat(5500)}\n`, `services: ${'['.repeat(11_000)}\n`]) {
      const dir = workspace({ 'compose.yaml': text });
      const r = scalewise(['lint', '--format', 'json', 'compose.yaml'], dir);
      expectExit(r, 1);
      assert.ok(!/FATAL|RegExpCompiler|call stack/.test(r.stderr), r.stderr.slice(0, 500));
      const [report] = JSON.parse(r.stdout) as JsonReport[];
      assert.deepEqual(
        report!.findings.map((f) => `${f.ruleId}:${f.messageId}`),
        ['yaml/syntax-error:tooDeep'],
      );
      assert.match(report!.findings[0]!.message, /limit of 256 .*limits\.maxNestingDepth/);
    }
  });

  test('valid YAML nested 3,000 deep gets the limit finding, not "Maximum call stack size exceeded"', () => {
    const lines = ['services:'];
    for (let i = 1; i <= 3000; i++) lines.push(`${' '.repeat(i)}a${i}:`);
    const dir = workspace({ 'compose.yaml': `${lines.join('\n')} 1\n` });
    const r = scalewise(['lint', '--format', 'json', 'compose.yaml'], dir);
    expectExit(r, 1);
    const [report] = JSON.parse(r.stdout) as JsonReport[];
    assert.deepEqual(
      report!.findings.map((f) => f.messageId),
      ['tooDeep'],
    );
    assert.ok(!report!.findings.some((f) => /call stack/.test(f.message)));
  });

  test('limits.maxNestingDepth in .scalewise.yaml lets a 300-deep file parse; above 512 it is a config error', () => {
    const deep = `services: ${'['.repeat(299)}${']'.repeat(299)}\n`;
    const dir = workspace({ 'compose.yaml': deep, '.scalewise.yaml': 'limits:\n  maxNestingDepth: 400\n' });
    const ok = scalewise(['lint', '--format', 'json', 'compose.yaml'], dir);
    const [report] = JSON.parse(ok.stdout) as JsonReport[];
    assert.ok(!report!.findings.some((f) => f.messageId === 'tooDeep'), JSON.stringify(report!.findings));
    fs.writeFileSync(path.join(dir, '.scalewise.yaml'), 'limits:\n  maxNestingDepth: 100000\n');
    const bad = scalewise(['lint', 'compose.yaml'], dir);
    expectExit(bad, 2);
    assert.match(bad.stderr, /\.scalewise\.yaml:2:\d+: invalid config: .*512/);
  });
});

describe('size', () => {
  test('130,000 services: a report for the file, not exit 2 (no spread of a long list overflows the stack)', () => {
    const parts = ['services:\n'];
    for (let i = 0; i < 130_000; i++) parts.push(`  s${i}: {image: nginx}\n`);
    const dir = workspace({ 'compose.yaml': parts.join('') });
    const r = scalewise(['lint', '--hints', '--format', 'json', 'compose.yaml'], dir);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(0, 1000)}`);
    assert.equal(r.stderr, '');
    const reports = JSON.parse(r.stdout) as JsonReport[];
    assert.deepEqual(
      reports.map((x) => x.file),
      ['compose.yaml'],
    );
  });
});

describe('keys named like Object.prototype properties', () => {
  test('a k3s config with constructor:, toString:, valueOf: keys: no internal error, and the kubelet-args typo is reported', () => {
    const dir = workspace({
      'config.yaml': yaml`
        # scalewise: kind=k3s-config
        constructor: x
        toString: y
        valueOf: 1
        __proto__: z
        hasOwnProperty: true
        kubelet-args:
          - max-pods=150
      `,
    });
    const r = scalewise(['lint', '--format', 'json', 'config.yaml'], dir);
    assert.ok(!/internal error/.test(r.stderr), r.stderr.slice(0, 1000));
    const [report] = JSON.parse(r.stdout) as JsonReport[];
    const unknown = report!.findings.filter((f) => f.ruleId === 'k3s/unknown-flag');
    assert.ok(
      unknown.some((f) => /kubelet-args/.test(f.message) && f.startLine === 7),
      JSON.stringify(report!.findings),
    );
    for (const key of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty']) {
      assert.ok(
        unknown.some((f) => f.message.includes(`"${key}"`)),
        `${key} is reported as not a k3s flag`,
      );
    }
  });
});
