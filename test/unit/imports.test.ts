/**
 * The yaml type guards come from yaml-ast.ts, not from 'yaml': bundled, a named import from the
 * CommonJS package becomes a property getter on every call (about 7% of lint time on a 200-service
 * file before this rule). See the comment above the guards in server/src/engine/yaml-ast.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test("no server file imports isMap/isSeq/isScalar/isPair/isAlias from 'yaml'", () => {
  const offenders = tsFiles(path.join(repoRoot(), 'server/src'))
    .filter((f) => !f.endsWith(path.join('engine', 'yaml-ast.ts')))
    .filter((f) => /import \{[^}]*\b(isMap|isSeq|isScalar|isPair|isAlias)\b[^}]*\} from 'yaml'/.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(repoRoot(), f));
  assert.deepEqual(offenders, []);
});
