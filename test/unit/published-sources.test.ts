/**
 * What users read (docs/, the README, the rule pages built from rule metadata) cites primary
 * sources they can open: upstream docs and source files, or this repository's own docs. Never our
 * internal reference notes, which are not published.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/engine';
import { repoRoot } from '../helpers/lsp-client';

const PRIVATE =
  /shared\/reference|DOMAIN-FACTS|ANCHORS\.md|STYLE(-ANCHORS)?\.md|REAL-DOCKER|REAL-VSCODE|KUBERNETES-CLIENT\.md|NODE20-VERSIONS/;

function markdown(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdown(p) : p.endsWith('.md') ? [p] : [];
  });
}

test('rule docs metadata cites no unpublished reference file', () => {
  const offenders: string[] = [];
  for (const r of RULES) {
    for (const [field, value] of Object.entries(r.meta.docs)) {
      for (const text of Array.isArray(value) ? value : [value]) {
        if (typeof text === 'string' && PRIVATE.test(text))
          offenders.push(`${r.meta.id} docs.${field}: ${text.slice(0, 120)}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('docs/ and the README cite no unpublished reference file', () => {
  const root = repoRoot();
  const files = [path.join(root, 'README.md'), ...markdown(path.join(root, 'docs'))];
  const offenders = files.flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => PRIVATE.test(line))
      .map(({ line, i }) => `${path.relative(root, f)}:${i + 1}: ${line.slice(0, 120)}`),
  );
  assert.deepEqual(offenders, []);
});
