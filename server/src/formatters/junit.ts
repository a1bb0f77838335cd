import type { FileReport } from './types';
import { lineCol, region } from './types';

/**
 * Text for XML 1.0: the five special characters as entities, and what XML 1.0 cannot carry at all,
 * not even as a character reference (C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; a
 * lone surrogate), written as a visible escape (`\x1b`), as the text format shows them. In an
 * attribute, tab and LF are character references too (a parser would read them as spaces), and CR
 * is one everywhere (a parser reads CR LF in text as LF).
 * https://www.w3.org/TR/xml/#charsets, https://www.w3.org/TR/xml/#AVNormalize
 */
export function xmlEscape(s: string, attribute: boolean): string {
  return s.replace(
    /[&<>"'\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => {
      switch (c) {
        case '&':
          return '&amp;';
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '"':
          return '&quot;';
        case "'":
          return '&apos;';
        case '\r':
          return '&#13;';
        case '\t':
        case '\n':
          return attribute ? `&#${c.charCodeAt(0)};` : c;
      }
      const code = c.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    },
  );
}

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v), true)}"`)
    .join('');

/**
 * JUnit XML, as CI systems read test reports (GitLab's `artifacts:reports:junit`, Jenkins, Azure
 * Pipelines, CircleCI): a test suite per file and a test case per finding, failed for an error or
 * a warning (what fails a run), passed for an info or a hint. A file with no finding is one passed
 * test case, so the counts say how many files were checked; a file not linted is a skipped one, and
 * what the run could not do for a file (a read or a write that failed) is an error.
 * The schema most of them follow: https://github.com/testmoapp/junitxml
 */
export function formatJunit(reports: FileReport[]): string {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const r of reports) {
    const cases: string[] = [];
    const count = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const f of r.findings) {
      const g = region(r.index, f);
      const at = `${r.path}:${g.startLine}:${g.startColumn}`;
      const head = attrs({
        name: `${f.ruleId} at ${g.startLine}:${g.startColumn}`,
        classname: r.path,
        file: r.path,
        line: g.startLine,
      });
      count.tests++;
      if (f.severity === 'error' || f.severity === 'warning') {
        count.failures++;
        const body = xmlEscape(`${f.severity} ${f.ruleId} at ${at}\n${f.message}`, false);
        cases.push(
          `    <testcase${head}>\n      <failure${attrs({ message: f.message, type: f.ruleId })}>${body}</failure>\n    </testcase>`,
        );
      } else {
        cases.push(
          `    <testcase${head}>\n      <system-out>${xmlEscape(`${f.severity}: ${f.message}`, false)}</system-out>\n    </testcase>`,
        );
      }
    }
    const errors = r.notes.filter((n) => n.level === 'error');
    for (const n of errors) {
      count.tests++;
      count.errors++;
      const line = n.offset === undefined ? 1 : lineCol(r.index, n.offset).line;
      cases.push(
        `    <testcase${attrs({ name: 'scalewise', classname: r.path, file: r.path, line })}>\n` +
          `      <error${attrs({ message: n.message, type: 'scalewise' })}>${xmlEscape(n.message, false)}</error>\n    </testcase>`,
      );
    }
    if (r.skipped !== undefined) {
      count.tests++;
      count.skipped++;
      cases.push(
        `    <testcase${attrs({ name: 'scalewise', classname: r.path, file: r.path })}>\n` +
          `      <skipped${attrs({ message: `not linted: ${r.skipped}` })}/>\n    </testcase>`,
      );
    } else if (count.tests === 0) {
      count.tests++;
      cases.push(`    <testcase${attrs({ name: 'scalewise', classname: r.path, file: r.path })}/>`);
    }
    const notes = r.notes.filter((n) => n.level !== 'error');
    const out =
      notes.length > 0
        ? [`    <system-out>${xmlEscape(notes.map((n) => n.message).join('\n'), false)}</system-out>`]
        : [];
    suites.push([`  <testsuite${attrs({ name: r.path, ...count })}>`, ...cases, ...out, '  </testsuite>'].join('\n'));
    for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) total[k] += count[k];
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'scalewise', ...total })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
