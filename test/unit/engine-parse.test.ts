/** Parsing around the rules: YAML streams, syntax errors and hostile input. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFixes, FILE_KINDS, mergeConfig } from '../../server/src/engine';
import { check, at, summary } from '../helpers/engine-check';
import { prng } from '../helpers/prng';

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
    assert.deepEqual(
      millis.map((f) => f.range),
      [
        { start: a, end: a + 4 },
        { start: b, end: b + 4 },
      ],
    );
    assert.deepEqual(
      millis.map((f) => at(stream, f.range.start)),
      ['7:36', '18:19'],
    );
  });

  test('the same stream with CRLF line endings keeps offsets in the CRLF text', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    const r = check(crlf, { uri: '/w/pods.yaml' });
    const b = crlf.indexOf('500m');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'k8s/memory-in-millis').map((f) => f.range)[1], {
      start: b,
      end: b + 4,
    });
    assert.equal(at(crlf, b), '18:19');
  });

  test('an error in one document leaves the others linted', () => {
    const text = 'version: "3"\nservices: {web: {image: a}}\n---\nservices:\n  web:\n   image: b\n  bad\n';
    const r = check(text);
    assert.deepEqual(
      summary(r).filter((s) => !s.endsWith('yaml/syntax-error')),
      ['1:1 compose/obsolete-version'],
    );
    assert.ok(
      r.findings.some((f) => f.ruleId === 'yaml/syntax-error' && at(text, f.range.start).startsWith('7:')),
      summary(r).join('\n'),
    );
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
        text +=
          random() < 0.3
            ? ':-[]{}#&*!|>\'"%@`,?\n \t'[Math.floor(random() * 23)]
            : String.fromCharCode(Math.floor(random() * 256));
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
    const fixed = applyFixes(
      text,
      r.findings.flatMap((f) => f.fixes),
    ).text;
    assert.equal(fixed, '\uFEFFservices: {}\n');
  });

  test('CRLF: the safe fix removes the line and its CRLF', () => {
    const text = 'version: "3"\r\nservices: {}\r\n';
    const r = check(text);
    assert.equal(
      applyFixes(
        text,
        r.findings.flatMap((f) => f.fixes),
      ).text,
      'services: {}\r\n',
    );
  });
});
