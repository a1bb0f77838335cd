/**
 * The README's table of rule families counts what the rule table has: every family (the part of a rule id before
 * the `/`) has a row, with the number of rules it holds, and no row names a family that is gone.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/engine';
import { repoRoot } from '../helpers/lsp-client';

test('the README lists every rule family with its rule count', () => {
  const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const listed: Record<string, number> = {};
  for (const m of readme.matchAll(/^\| `([a-z0-9-]+)\/` \| (\d+) \|/gm)) listed[m[1]!] = Number(m[2]);
  const actual: Record<string, number> = {};
  for (const r of RULES) {
    const family = r.meta.id.split('/')[0]!;
    actual[family] = (actual[family] ?? 0) + 1;
  }
  assert.ok(Object.keys(actual).length > 5, 'the rule table has families');
  assert.deepEqual(listed, actual);
});
