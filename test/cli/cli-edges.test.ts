/**
 * The CLI's own edges: `--help` for every command (exit 0, usage on stdout), `--version`, a
 * closed pipe (`scalewise rules | head -1`) that ends the CLI quietly, and `scalewise rules` with a
 * summary per rule, as text and as JSON.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { FILE_KINDS, RULES } from '../../server/src/engine';
import { repoRoot } from '../helpers/lsp-client';

const ROOT = repoRoot();
const CLI = path.join(ROOT, 'server/out/cli.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function scalewise(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

// The commands of server/src/cli.ts.
const COMMANDS = ['lint', 'demo', 'rules', 'docs', 'lsp'];

describe('--help and --version', () => {
  for (const command of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      test(`scalewise ${command} ${flag}: its usage on stdout, exit 0`, () => {
        const r = scalewise([command, flag]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, '');
        assert.match(r.stdout, new RegExp(`^Usage: scalewise ${command}\\b`));
      });
    }
    test(`scalewise help ${command} is the same usage`, () => {
      const r = scalewise(['help', command]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, scalewise([command, '--help']).stdout);
    });
  }

  test('lint --help names its options', () => {
    const r = scalewise(['lint', '--help']);
    for (const option of [
      '--format',
      '--fix',
      '--config',
      '--rule',
      '--max-warnings',
      '--hints',
      '--count-nodes',
      '--no-color',
    ])
      assert.ok(r.stdout.includes(option), option);
  });

  test('--help after -- is a path, not a flag', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-edges-'));
    temps.push(dir);
    const r = scalewise(['lint', '--', '--help'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no such file or folder: --help/);
  });

  for (const args of [['--help'], ['-h'], ['help']]) {
    test(`scalewise ${args.join(' ')} lists the commands, exit 0`, () => {
      const r = scalewise(args);
      assert.equal(r.status, 0, r.stderr);
      for (const command of COMMANDS) assert.match(r.stdout, new RegExp(`^  scalewise ${command}\\b`, 'm'));
    });
  }

  for (const flag of ['--version', '-v', '-V']) {
    test(`scalewise ${flag}`, () => {
      const r = scalewise([flag]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `${VERSION}\n`);
    });
  }
});

/** Runs the CLI, closes the read end of its stdout after the first chunk, and reports what it said on stderr. */
function closedEarly(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; chunks: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let chunks = 0;
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.on('data', () => {
      chunks++;
      child.stdout.destroy();
    });
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, chunks });
    });
  });
}

describe('a closed pipe ends the CLI quietly', () => {
  // 300 services, each with findings: over 500 KB of JSON and 200 KB of text, more than a pipe holds (64 KiB).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-epipe-'));
  temps.push(dir);
  const services = Array.from(
    { length: 300 },
    (_, i) =>
      `  web${i}:\n    image: nginx\n    container_name: web${i}\n    mem_limit: 1g\n    deploy:\n      replicas: 3\n`,
  ).join('');
  fs.writeFileSync(path.join(dir, 'docker-compose.yml'), `version: "3.8"\nservices:\n${services}`);

  test('the big input really makes more output than a pipe holds', () => {
    const r = scalewise(['lint', '--format', 'json', 'docker-compose.yml'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.length > 256 * 1024, `${r.stdout.length} bytes`);
    const text = scalewise(['lint', 'docker-compose.yml'], dir);
    assert.ok(text.stdout.length > 128 * 1024, `${text.stdout.length} bytes of text`);
  });

  for (const [name, args, code] of [
    ['lint --format json | head -c 400', ['lint', '--format', 'json', 'docker-compose.yml'], 1],
    ['lint (text) | head -1', ['lint', 'docker-compose.yml'], 1],
    ['rules | head -1', ['rules'], 0],
  ] as const) {
    test(`${name}: no stack trace, the normal exit code (6 runs)`, async () => {
      for (let run = 0; run < 6; run++) {
        const r = await closedEarly([...args], dir);
        assert.equal(r.chunks, 1);
        assert.equal(r.stderr, '', `run ${run}: stderr`);
        assert.equal(r.code, code, `run ${run}: exit code`);
      }
    });
  }
});

describe('scalewise rules', () => {
  test('one aligned line per rule: id, kinds, default severity, fix, summary', () => {
    const r = scalewise(['rules']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^RULE +KINDS +DEFAULT +FIX +SUMMARY$/);
    assert.equal(lines.length, RULES.length + 1);
    const columns = ['KINDS', 'DEFAULT', 'FIX', 'SUMMARY'].map((h) => lines[0]!.indexOf(h));
    RULES.forEach((rule, i) => {
      const line = lines[i + 1]!;
      const m = rule.meta;
      assert.ok(line.startsWith(`${m.id} `), line);
      // A rule for every YAML kind says `any-yaml` rather than listing seven.
      const yamlKinds = FILE_KINDS.filter((k) => k !== 'k3s-install' && k !== 'script');
      const kinds = line.slice(columns[0]).split(' ')[0];
      if (kinds === 'any-yaml')
        assert.deepEqual([...m.kinds].sort(), [...yamlKinds].sort(), `${m.id} applies to every YAML kind`);
      else assert.equal(kinds, m.kinds.join(','), `${m.id} kinds at the KINDS column`);
      assert.ok(
        line.slice(columns[1]).startsWith(m.defaultSeverity + (m.defaultOff ? ' (off)' : '')),
        `${m.id} severity at the DEFAULT column`,
      );
      assert.ok(line.slice(columns[2]).startsWith(m.fixable ?? '-'), `${m.id} fix at the FIX column`);
      assert.equal(line.slice(columns[3]), m.docs.summary, `${m.id} summary at the SUMMARY column`);
    });
  });

  test('--format json', () => {
    const r = scalewise(['rules', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as {
      id: string;
      kinds: string[];
      defaultSeverity: string;
      defaultOff: boolean;
      fixable: string | null;
      summary: string;
      docs: string;
    }[];
    assert.deepEqual(
      list,
      RULES.map((x) => ({
        id: x.meta.id,
        kinds: [...x.meta.kinds],
        defaultSeverity: x.meta.defaultSeverity,
        defaultOff: x.meta.defaultOff === true,
        fixable: x.meta.fixable ?? null,
        summary: x.meta.docs.summary,
        docs: x.meta.docsUrl,
      })),
    );
  });

  test('a bad --format is a usage error', () => {
    const r = scalewise(['rules', '--format', 'xml']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--format must be text or json, not "xml"/);
  });
});
