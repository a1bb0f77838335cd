/**
 * The built CLI on files that used to lose bytes, hang or mislead (the "never lose a byte"
 * issue): each case spawns `scalewise lint` on a temp folder and checks the bytes on disk, the
 * exit code and what was said. SCALEWISE_CLI points the suite at another build (an older one,
 * to see these fail there).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

const CLI = process.env.SCALEWISE_CLI ?? path.join(repoRoot(), 'server/out/cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-bytes-'));
// Readable (and the CLI runnable) for an unprivileged user too: some cases drop root.
fs.chmodSync(tmp, 0o755);
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; a hang fails the test after 60 s instead of blocking the suite. */
function scalewise(args: string[], cwd: string, extra: SpawnSyncOptions = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
    killSignal: 'SIGKILL',
    ...extra,
  });
  if (r.error) throw new Error(`scalewise ${args.join(' ')}: ${r.error.message} (signal ${r.signal})`);
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function said(r: Run): string {
  return `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

let n = 0;
function folder(files: Record<string, string | Buffer>): string {
  const dir = path.join(tmp, `case-${n++}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name));

/** Drops root for cases that need a file root could read anyway. */
const asUser: SpawnSyncOptions =
  typeof process.getuid === 'function' && process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};

describe('--fix never loses a byte', () => {
  test('a file whose lines break with CR alone keeps every CR and only loses the obsolete version', () => {
    const dir = folder({ 'compose.yaml': 'version: "3.8"\rservices:\r  web:\r    image: nginx\r' });
    const r = scalewise(['lint', '--fix', '--format', 'json', 'compose.yaml'], dir);
    assert.equal(r.status, 0, said(r));
    assert.equal(read(dir, 'compose.yaml').toString('latin1'), 'services:\r  web:\r    image: nginx\r');
    const before = scalewise(
      ['lint', '--format', 'json'],
      folder({ 'compose.yaml': 'version: "3.8"\rservices:\r  web:\r    image: nginx\r' }),
    );
    const findings = (
      JSON.parse(before.stdout) as { findings: { ruleId: string; message: string; startLine: number }[] }[]
    )[0]!.findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.startLine]),
      [['compose/obsolete-version', 1]],
      'no false syntax error',
    );
    assert.match(findings[0]!.message, /"3\.8"/);
  });

  test('cpus: !!int 2 is quoted with its tag replaced, and fixing again changes nothing', () => {
    const dir = folder({
      'stack.yml': yaml`
      # scalewise: kind=swarm
      services:
        web:
          image: nginx
          deploy:
            resources:
              limits:
                cpus: !!int 2
    `,
    });
    const r = scalewise(['lint', '--fix', 'stack.yml'], dir);
    assert.equal(r.status, 0, said(r));
    const once = read(dir, 'stack.yml').toString();
    assert.match(once, /^ {10}cpus: "2"$/m);
    scalewise(['lint', '--fix', 'stack.yml'], dir);
    assert.equal(read(dir, 'stack.yml').toString(), once);
  });

  const anchored: [string, string, string][] = [
    [
      'container_name: &n web with hostname: *n',
      yaml`
      # scalewise: kind=swarm
      services:
        web:
          image: nginx
          container_name: &n web
          hostname: *n
    `,
      'n',
    ],
    [
      'scale: &s 3 with deploy.replicas: *s',
      'services:\n  web:\n    image: nginx\n    scale: &s 3\n    deploy:\n      replicas: *s\n',
      's',
    ],
    [
      'version: &v "3.8" with an alias of it',
      'version: &v "3.8"\nx-version: *v\nservices:\n  web:\n    image: nginx\n',
      'v',
    ],
    [
      'mem_limit: &m 512m used before where it would move',
      'services:\n  web:\n    image: nginx\n    mem_limit: &m 512m\n    labels:\n      m: *m\n',
      'm',
    ],
  ];
  for (const [name, text, anchor] of anchored) {
    test(`removing or moving an anchored value still in use is refused, and the file stays as it was: ${name}`, () => {
      const file = text.startsWith('# scalewise') ? 'stack.yml' : 'compose.yaml';
      const dir = folder({ [file]: text });
      const r = scalewise(['lint', '--fix', file], dir);
      assert.equal(read(dir, file).toString(), text, said(r));
      assert.match(r.stdout, new RegExp(`fix not applied .*alias \\*${anchor} would refer to no anchor`), said(r));
      assert.doesNotMatch(r.stdout, /yaml\/syntax-error/);
    });
  }

  test('a moved value keeps its anchor, so an alias after it still resolves', () => {
    const text =
      'services:\n  web:\n    image: nginx\n    mem_limit: &m 512m\n  worker:\n    image: busybox\n    labels:\n      m: *m\n';
    const dir = folder({ 'compose.yaml': text });
    const r = scalewise(['lint', '--fix', 'compose.yaml'], dir);
    const out = read(dir, 'compose.yaml').toString();
    assert.match(out, /deploy:\n {6}resources:\n {8}limits:\n {10}memory: &m 512m\n/, said(r));
    assert.doesNotMatch(out, /mem_limit/);
    assert.match(out, /m: \*m/);
    assert.doesNotMatch(scalewise(['lint', 'compose.yaml'], dir).stdout, /yaml\/syntax-error/);
  });

  test('an explicit key (? container_name / : w) is removed whole, not leaving a dangling ?', () => {
    const dir = folder({
      'stack.yml':
        '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    ? container_name\n    : w\n    hostname: web\n',
    });
    const r = scalewise(['lint', '--fix', 'stack.yml'], dir);
    assert.equal(
      read(dir, 'stack.yml').toString(),
      '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    hostname: web\n',
      said(r),
    );
  });

  test('an invalid UTF-8 byte elsewhere is written back as the same byte', () => {
    const before = Buffer.concat([
      Buffer.from('version: "3.8"\nservices:\n  web:  # caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n    image: nginx\n'),
    ]);
    const dir = folder({ 'compose.yaml': before });
    const r = scalewise(['lint', '--fix', 'compose.yaml'], dir);
    assert.equal(r.status, 0, said(r));
    assert.deepEqual(read(dir, 'compose.yaml'), before.subarray('version: "3.8"\n'.length));
    assert.match(r.stdout, /1 byte is not valid UTF-8/);
  });

  test('comments on lines of their own inside a removed value stay', () => {
    const text = yaml`
      # scalewise: kind=swarm
      services:
        web:
          image: nginx
          container_name:
            # ops look for this name
            web
          hostname: web
    `;
    const dir = folder({ 'stack.yml': text });
    const r = scalewise(['lint', '--fix', 'stack.yml'], dir);
    assert.equal(
      read(dir, 'stack.yml').toString(),
      yaml`
      # scalewise: kind=swarm
      services:
        web:
          image: nginx
            # ops look for this name
          hostname: web
    `,
      said(r),
    );
  });

  test('a read-only file is reported as not fixed, and the run goes on to fix the others', () => {
    const text = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';
    const dir = folder({ 'a/compose.yaml': text, 'b/compose.yaml': text });
    fs.chmodSync(path.join(dir, 'a/compose.yaml'), 0o444);
    const r = scalewise(['lint', '--fix', 'a', 'b'], dir);
    assert.equal(r.status, 2, said(r));
    assert.equal(read(dir, 'a/compose.yaml').toString(), text);
    assert.equal(read(dir, 'b/compose.yaml').toString(), 'services:\n  web:\n    image: nginx\n');
    assert.match(r.stdout, /not fixed: a\/compose\.yaml: it is read-only \(mode 0444\); the file is unchanged/);
  });

  test('an unreadable file is reported for that file, and the readable ones are still linted', () => {
    const dir = folder({
      'a.yaml': yaml`
      services:
        web:
          image: nginx
          container_name: web
          deploy:
            replicas: 2
    `,
      'b/compose.yaml': yaml`
      services:
        web:
          image: nginx
          container_name: web
          deploy:
            replicas: 2
    `,
    });
    fs.chmodSync(path.join(dir, 'a.yaml'), 0o000);
    const r = scalewise(['lint', '--format', 'json', '.'], dir, asUser);
    assert.equal(r.status, 2, said(r));
    const reports = JSON.parse(r.stdout) as {
      file: string;
      skipped?: string;
      findings: { ruleId: string }[];
      notes: { level: string; message: string }[];
    }[];
    const a = reports.find((x) => x.file === 'a.yaml');
    const b = reports.find((x) => x.file === 'b/compose.yaml');
    assert.match(a?.skipped ?? '', /cannot open it \(EACCES\)/, said(r));
    assert.ok(
      b?.findings.some((f) => f.ruleId === 'compose/container-name-blocks-scale'),
      said(r),
    );
  });

  test('a file changed by a fix keeps its mode', () => {
    const dir = folder({ 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx\n' });
    fs.chmodSync(path.join(dir, 'compose.yaml'), 0o640);
    scalewise(['lint', '--fix', 'compose.yaml'], dir);
    assert.equal((fs.statSync(path.join(dir, 'compose.yaml')).mode & 0o777).toString(8), '640');
    assert.deepEqual(fs.readdirSync(dir), ['compose.yaml'], 'no temporary file left behind');
  });
});

describe('files that are not regular files never hang or exhaust the CLI', () => {
  test('a FIFO and a link to /dev/zero beside a script, as .gitignore, as .scalewise.yaml, and as --config', () => {
    const dir = folder({
      'deploy.sh': 'docker compose up -d --scale web=3\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
    });
    spawnSync('mkfifo', [path.join(dir, 'scale.sh')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'build.sh'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.scalewise.yaml'));
    const r = scalewise(['lint', '.'], dir);
    assert.equal(r.status, 2, said(r)); // the config cannot be read: that is an error, said as one
    assert.match(r.stderr, /cannot read \.scalewise\.yaml: a character device, not a regular file/, said(r));
    fs.unlinkSync(path.join(dir, '.scalewise.yaml'));
    const again = scalewise(['lint', '.', 'scale.sh', 'build.sh'], dir);
    assert.match(again.stdout, /scale\.sh {2}\(not linted: a FIFO \(named pipe\), not a regular file\)/, said(again));
    assert.match(again.stdout, /build\.sh {2}\(not linted: a character device, not a regular file\)/, said(again));
    const config = scalewise(['lint', '--config', '/dev/zero', '.'], dir);
    assert.equal(config.status, 2);
    assert.match(config.stderr, /cannot read --config \/dev\/zero: a character device, not a regular file/);
  });
});

describe('text the files control is shown, not obeyed', () => {
  test('escape codes in a service name are printed as escapes', () => {
    const dir = folder({
      'compose.yaml': yaml`
      services:
        "web\\e[2J\\e[H0 findings":
          image: nginx
          container_name: web
          deploy:
            replicas: 2
    `,
    });
    const r = scalewise(['lint', 'compose.yaml'], dir);
    assert.doesNotMatch(r.stdout, /\x1b/, 'no raw escape character');
    assert.match(r.stdout, /web\\x1b\[2J\\x1b\[H0 findings/);
  });

  test('a file name with a newline keeps path:line:col on one line', () => {
    const dir = folder({
      'a\nb.yaml': 'services:\n  web:\n    image: nginx\n    container_name: web\n    deploy:\n      replicas: 2\n',
    });
    const r = scalewise(['lint', '.'], dir);
    assert.match(r.stdout, /^a\\nb\.yaml {2}\(compose/m, said(r));
  });
});

describe('UTF-16 and UTF-32 files', () => {
  const compose =
    'version: "3.8"\r\nservices:\r\n  web:\r\n    image: nginx\r\n    container_name: web\r\n    deploy:\r\n      replicas: 2\r\n';

  test('UTF-16LE with a BOM (PowerShell 5) is linted, and --fix writes UTF-16LE back', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(compose, 'utf16le')]);
    const dir = folder({ 'compose.yaml': bytes });
    const r = scalewise(['lint', '--fix', 'compose.yaml'], dir);
    assert.match(r.stdout, /compose\/container-name-blocks-scale/, said(r));
    const out = read(dir, 'compose.yaml');
    assert.deepEqual([...out.subarray(0, 2)], [0xff, 0xfe]);
    assert.equal(out.subarray(2).toString('utf16le'), compose.slice('version: "3.8"\r\n'.length));
  });

  test('UTF-16BE is linted too', () => {
    const le = Buffer.from(compose, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    const dir = folder({ 'compose.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), be]) });
    assert.match(scalewise(['lint', 'compose.yaml'], dir).stdout, /compose\/container-name-blocks-scale/);
  });

  test('UTF-32 is said to be not linted, with the reason', () => {
    const utf32 = Buffer.alloc(4 + compose.length * 4);
    utf32.set([0xff, 0xfe, 0, 0]);
    for (let i = 0; i < compose.length; i++) utf32.writeUInt32LE(compose.charCodeAt(i), 4 + i * 4);
    const dir = folder({ 'compose.yaml': utf32 });
    const r = scalewise(['lint', 'compose.yaml'], dir);
    assert.match(
      r.stdout,
      /compose\.yaml {2}\(not linted: UTF-32 text: docker compose, kubectl and helm \(go-yaml\) read YAML only as UTF-8 or UTF-16\)/,
      said(r),
    );
  });
});

describe('what was skipped is said', () => {
  test('YAML over the size limit is reported, whatever its name', () => {
    const dir = folder({
      'big.yaml': `services:\n${'  # padding padding padding padding padding padding padding padding\n'.repeat(130_000)}`,
    });
    const r = scalewise(['lint', '.'], dir);
    assert.match(r.stdout, /big\.yaml {2}\(not linted: [\d,]+ bytes is above the 8,388,608-byte limit\)/, said(r));
  });

  test('a symlinked file in a folder is reported as not followed', () => {
    const dir = folder({ 'real/compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    fs.mkdirSync(path.join(dir, 'app'));
    fs.symlinkSync(path.join(dir, 'real/compose.yaml'), path.join(dir, 'app/compose.yaml'));
    const r = scalewise(['lint', 'app'], dir);
    assert.match(
      r.stdout,
      /app\/compose\.yaml {2}\(not linted: a symbolic link; links are not followed in folders/,
      said(r),
    );
  });

  test('an unreadable folder is reported', () => {
    const dir = folder({ 'ok/compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.writeFileSync(path.join(dir, 'locked/compose.yaml'), 'services: {}\n');
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    const r = scalewise(['lint', '.'], dir, asUser);
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    assert.match(r.stdout, /locked {2}\(not linted: folder not read \(EACCES\)\)/, said(r));
  });

  test('--fix through an explicitly named symlink does not write the target, and says so', () => {
    const outside = folder({ 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx\n' });
    const dir = folder({});
    fs.symlinkSync(path.join(outside, 'compose.yaml'), path.join(dir, 'compose.yaml'));
    const r = scalewise(['lint', '--fix', 'compose.yaml'], dir);
    assert.equal(r.status, 2, said(r));
    assert.match(r.stdout, /not fixed: compose\.yaml: it is a symbolic link to .*; fix the target itself/);
    assert.equal(read(outside, 'compose.yaml').toString(), 'version: "3.8"\nservices:\n  web:\n    image: nginx\n');
  });
});

describe('flags mean what they say', () => {
  const dir = folder({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
  for (const bad of ['1e400', '', '-1', '1.5', 'Infinity']) {
    test(`--max-warnings ${JSON.stringify(bad)} is a usage error`, () => {
      const r = scalewise(['lint', `--max-warnings=${bad}`, '.'], dir);
      assert.equal(r.status, 2, said(r));
      assert.match(r.stderr, /--max-warnings takes a whole number/);
    });
  }

  test('--max-warnings 0 is a limit of zero', () => {
    const warn = folder({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n' });
    assert.equal(scalewise(['lint', '--max-warnings', '0', '.'], warn).status, 1);
    assert.equal(scalewise(['lint', '--max-warnings', '5', '.'], warn).status, 0);
  });

  test('docs DIR --check reports a missing folder as stale and does not create it', () => {
    const missing = path.join(dir, 'no-such-docs');
    const r = scalewise(['docs', missing, '--check'], dir);
    assert.equal(r.status, 1, said(r));
    assert.equal(fs.existsSync(missing), false);
  });
});
