/**
 * `--format compact` and `--format github` of the built CLI on the repository's examples/: the same
 * findings as `--format json`, one line each, read back by the problem matcher package.json
 * contributes, and GitHub's escaping of workflow commands.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';

const ROOT = repoRoot();
const CLI = path.join(ROOT, 'server/out/cli.js');

function scalewise(args: string[], cwd: string): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  startLine: number;
  startColumn: number;
}
interface JsonFile {
  file: string;
  findings: JsonFinding[];
}

const json = JSON.parse(scalewise(['lint', '.', '--format', 'json'], path.join(ROOT, 'examples')).stdout) as JsonFile[];
const expected = json.flatMap((f) =>
  f.findings.map((x) => ({
    file: f.file,
    line: x.startLine,
    column: x.startColumn,
    severity: x.severity,
    ruleId: x.ruleId,
    message: x.message,
  })),
);

test('compact prints one line per finding, and the contributed problem matcher reads each back', () => {
  const r = scalewise(['lint', '.', '--format', 'compact'], path.join(ROOT, 'examples'));
  assert.equal(r.status, 1, 'the examples hold errors');
  const lines = r.stdout
    .trimEnd()
    .split('\n')
    .filter((l) => !/: (note|error) scalewise /.test(l));
  assert.ok(expected.length > 10, `the examples have findings (${expected.length})`);
  assert.equal(lines.length, expected.length);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { problemMatchers: { name: string; pattern: { regexp: string } }[] };
  };
  const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'scalewise');
  assert.ok(matcher, 'package.json contributes the scalewise problem matcher');
  const re = new RegExp(matcher.pattern.regexp);
  const parsed = lines.map((l) => {
    const m = re.exec(l);
    assert.ok(m, `the matcher reads: ${l}`);
    return { file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], ruleId: m[5], message: m[6] };
  });
  const key = (x: Record<string, string | number | undefined>) =>
    `${x.file}:${x.line}:${x.column} ${x.severity} ${x.ruleId} ${x.message}`;
  assert.deepEqual(parsed.map(key).sort(), expected.map(key).sort());
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-formats-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('github prints workflow annotations with GitHub escaping in the file property and the message', () => {
  const dir = path.join(tmp, 'a,b:c%');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'docker-compose.yml'),
    'services:\n  web:\n    image: nginx\n    container_name: web\n    deploy:\n      replicas: 3\n',
  );
  const r = scalewise(['lint', '.', '--format', 'github'], tmp);
  const lines = r.stdout.trimEnd().split('\n');
  const line = lines.find((l) => l.includes('compose/container-name-blocks-scale'));
  assert.ok(line, r.stdout);
  assert.match(
    line,
    /^::(error|warning|notice) file=a%2Cb%3Ac%25\/docker-compose\.yml,line=4,col=\d+,endLine=4,endColumn=\d+,/,
  );
  assert.match(line, /,title=scalewise compose\/container-name-blocks-scale::\S/);
  assert.ok(!/\n/.test(line.slice(2)));
  const all = scalewise(['lint', '.', '--format', 'github'], path.join(ROOT, 'examples'));
  assert.ok(all.stdout.trimEnd().split('\n').length >= expected.length);
  for (const l of all.stdout.trimEnd().split('\n'))
    assert.match(l, /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,/);
});
