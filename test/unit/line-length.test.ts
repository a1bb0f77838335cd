/**
 * Code lines a reader can take in at once: Prettier wraps code at 120 characters, but it leaves
 * strings and template literals as they are; those are written with engine/template-text.ts
 * (yaml``, paragraph(), prose``) instead. This keeps every line of the sources, tests, bench and
 * scripts at 160 characters or fewer.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';

const MAX = 160;
const ROOTS = ['client/src', 'server/src', 'test', 'bench', 'scripts'];
const SKIP = new Set(['out', 'node_modules', 'fixtures']);

function* codeFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) yield* codeFiles(full);
    } else if (/\.(ts|mjs|cjs|js)$/.test(entry.name)) yield full;
  }
}

/** `file:line (length)` for each line longer than MAX. */
export function longLines(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.length > MAX) out.push(`${file}:${i + 1} (${line.length})`);
  });
  return out;
}

test(`no line of code is longer than ${MAX} characters`, () => {
  const root = repoRoot();
  const files = ROOTS.flatMap((r) => [...codeFiles(path.join(root, r))]);
  assert.ok(files.length > 200, `found only ${files.length} code files: the walk is broken`);
  const long = files.flatMap((f) => longLines(path.relative(root, f), fs.readFileSync(f, 'utf8')));
  assert.deepEqual(long, []);
});

test('the check sees a long line, and only that one', () => {
  assert.deepEqual(longLines('x.ts', `a\n${'b'.repeat(MAX)}\n${'c'.repeat(MAX + 1)}\n`), [`x.ts:3 (${MAX + 1})`]);
});
