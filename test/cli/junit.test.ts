/**
 * `--format junit` of the built CLI: well-formed XML 1.0 (read back by a strict reader below that
 * refuses what a CI system's XML parser would), the same findings and counts as `--format json` on
 * examples/, and text from the files (names, messages) escaped, control characters included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';
import { xmlEscape } from '../../server/src/formatters/junit';

const ROOT = repoRoot();
const CLI = path.join(ROOT, 'server/out/cli.js');

function scalewise(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

/**
 * A strict reader of the XML subset JUnit reports use (elements, attributes, text; no DTD, CDATA or
 * comments): throws on a character XML 1.0 does not allow, an unknown entity, a bare `&` or `<`, an
 * unquoted or repeated attribute, a mismatched end tag, or anything after the root. Attribute values
 * are normalised as XML parsers do (a literal tab or line break reads as a space).
 */
function parseXml(s: string): El {
  const bad = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.exec(s);
  if (bad)
    throw new Error(`character U+${bad[0].charCodeAt(0).toString(16)} is not allowed in XML 1.0 at ${bad.index}`);
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!s.startsWith(decl)) throw new Error('no XML declaration');
  let i = decl.length;
  const fail = (what: string): never => {
    throw new Error(`${what} at ${i}: ${JSON.stringify(s.slice(i, i + 40))}`);
  };
  const decode = (raw: string): string => {
    if (/<|\]\]>/.test(raw)) fail('a bare < or ]]>');
    return raw.replace(/&([^;]*);?/g, (m, ref: string) => {
      if (!m.endsWith(';')) fail('an unterminated entity');
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ref in named) return named[ref]!;
      const num = /^#(?:(\d+)|x([0-9a-fA-F]+))$/.exec(ref);
      if (!num) return fail(`an unknown entity &${ref};`);
      const code = num[1] !== undefined ? Number(num[1]) : parseInt(num[2]!, 16);
      const c = String.fromCodePoint(code);
      if (!/^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]$/u.test(c))
        fail(`a reference to U+${code.toString(16)}`);
      return c;
    });
  };
  const ws = () => {
    while (/\s/.test(s[i] ?? '')) i++;
  };
  const name = (): string => {
    const m = /^[A-Za-z_:][\w.:-]*/.exec(s.slice(i));
    if (!m) return fail('a name');
    i += m[0].length;
    return m[0];
  };
  const element = (): El => {
    if (s[i] !== '<') fail('an element');
    i++;
    const el: El = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (s.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (s[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('space before an attribute');
      const key = name();
      if (key in el.attrs) fail(`a repeated attribute ${key}`);
      ws();
      if (s[i] !== '=') fail('=');
      i++;
      ws();
      if (s[i] !== '"' && s[i] !== "'") fail('a quoted value');
      const q = s[i]!;
      const end = s.indexOf(q, i + 1);
      if (end < 0) fail('the end of a value');
      el.attrs[key] = decode(s.slice(i + 1, end).replace(/[\t\n\r]/g, ' '));
      i = end + 1;
    }
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) fail('the end tag');
      el.text += decode(s.slice(i, lt));
      i = lt;
      if (s.startsWith('</', i)) {
        i += 2;
        if (name() !== el.name) fail(`the end tag of ${el.name}`);
        ws();
        if (s[i] !== '>') fail('>');
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  ws();
  const root = element();
  ws();
  if (i !== s.length) fail('the end of the document');
  return root;
}

interface JsonFile {
  file: string;
  skipped?: string;
  notes: { level: string }[];
  findings: { ruleId: string; severity: string; message: string; startLine: number; startColumn: number }[];
}

test('the reader refuses what an XML parser refuses', () => {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  assert.deepEqual(parseXml(`${head}<a b="x&amp;&#10;y\tz">t&lt;</a>`), {
    name: 'a',
    attrs: { b: 'x&\ny z' },
    children: [],
    text: 't<',
  });
  for (const broken of [
    '<a>&</a>',
    '<a b="<"/>',
    '<a>\u001b</a>',
    '<a b=x/>',
    '<a></b>',
    '<a b="1" b="2"/>',
    '<a/><b/>',
    '<a>&nbsp;</a>',
    '<a>&#27;</a>',
  ])
    assert.throws(() => parseXml(head + broken), Error, broken);
});

test('examples/ as JUnit: a suite per file, a case per finding, failed for errors and warnings, as --format json counts them', () => {
  const cwd = path.join(ROOT, 'examples');
  const json = JSON.parse(scalewise(['lint', '.', '--format', 'json'], cwd).stdout) as JsonFile[];
  const r = scalewise(['lint', '.', '--format', 'junit'], cwd);
  assert.equal(r.status, 1, r.stderr);
  const root = parseXml(r.stdout);
  assert.equal(root.name, 'testsuites');
  const suites = root.children;
  assert.deepEqual(
    suites.map((s) => s.attrs.name),
    json.map((f) => f.file),
  );
  let failures = 0;
  let tests = 0;
  for (const [k, suite] of suites.entries()) {
    const file = json[k]!;
    const cases = suite.children.filter((c) => c.name === 'testcase');
    const failed = cases.filter((c) => c.children.some((x) => x.name === 'failure'));
    const expected = file.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.equal(failed.length, expected.length, file.file);
    assert.equal(suite.attrs.failures, String(expected.length), file.file);
    // One case per finding; a clean file is one passed case, so the counts say it was checked.
    const errors = file.notes.filter((n) => n.level === 'error').length;
    const want = file.findings.length + errors + (file.skipped !== undefined ? 1 : 0);
    assert.equal(cases.length, Math.max(want, 1), file.file);
    assert.equal(suite.attrs.tests, String(cases.length));
    assert.deepEqual(
      failed.map((c) => {
        const f = c.children.find((x) => x.name === 'failure')!;
        return `${c.attrs.classname} ${c.attrs.line} ${f.attrs.type} ${f.attrs.message}`;
      }),
      expected.map((f) => `${file.file} ${f.startLine} ${f.ruleId} ${f.message}`),
    );
    failures += failed.length;
    tests += cases.length;
  }
  assert.ok(failures > 10, `the examples fail some cases (${failures})`);
  assert.ok(
    suites.some((s) => s.attrs.failures === '0' && s.attrs.tests === '1'),
    'a clean file is one passed case',
  );
  assert.equal(root.attrs.failures, String(failures));
  assert.equal(root.attrs.tests, String(tests));
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-junit-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('names and messages with < & " \' and control characters are escaped, the controls XML cannot carry shown as \\x..', () => {
  const dir = path.join(tmp, `d<&"'\u0001`);
  fs.mkdirSync(dir);
  // The service name, in YAML escapes: a<&"'ESC BEL TAB b LF c.
  fs.writeFileSync(
    path.join(dir, 'docker-compose.yml'),
    'services:\n  "a<&\\"\'\\e\\x07\\tb\\nc":\n    image: nginx\n    container_name: web\n    deploy:\n      replicas: 3\n',
  );
  const r = scalewise(['lint', '.', '--format', 'junit'], tmp);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(r.stdout), 'no control character XML 1.0 refuses');
  const root = parseXml(r.stdout);
  const suite = root.children[0]!;
  assert.equal(suite.attrs.name, `d<&"'\\x01/docker-compose.yml`);
  const failure = suite.children
    .flatMap((c) => c.children)
    .find((x) => x.name === 'failure' && x.attrs.type === 'compose/container-name-blocks-scale');
  assert.ok(failure, r.stdout);
  const name = `a<&"'\\x1b\\x07\tb\nc`;
  assert.match(
    failure.attrs.message!,
    new RegExp(`^Service "${name.replace(/[\\[\]()*+?.^$|]/g, '\\$&')}" sets container_name`),
  );
  assert.ok(failure.text.includes(`Service "${name}"`), failure.text);
  // Tab and line feed survive in the attribute as references, not as spaces.
  assert.ok(r.stdout.includes('\\x1b\\x07&#9;b&#10;c'), r.stdout);
});

test('xmlEscape: a lone surrogate and U+FFFF are shown as escapes, a pair is kept', () => {
  assert.equal(xmlEscape('a\ud800b\udc00c\uffff\ud83d\ude00', false), 'a\\ud800b\\udc00c\\uffff\ud83d\ude00');
  assert.equal(xmlEscape(`<&>"'\r`, true), '&lt;&amp;&gt;&quot;&apos;&#13;');
  assert.equal(xmlEscape('\r\n\t', false), '&#13;\n\t');
});
