/**
 * The Scalewise output is a LogOutputChannel (issue 12): the client writes to it at a level, never
 * with appendLine (which a log channel shows as info with no level of its own), and the language
 * client writes the server's log and the LSP trace to the same channel.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';

const dir = path.join(repoRoot(), 'client/src');
const sources = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));

test('the client logs at a level: no append or appendLine on the output channel', () => {
  const plain = sources.flatMap(({ file, text }) =>
    [...text.matchAll(/\boutput\.(append|appendLine|replace)\(/g)].map((m) => `${file}: output.${m[1]!}`),
  );
  assert.deepEqual(plain, []);
  const levels = new Set(
    sources.flatMap(({ text }) => [...text.matchAll(/\boutput\.(trace|debug|info|warn|error)\(/g)].map((m) => m[1])),
  );
  for (const level of ['info', 'warn', 'error']) assert.ok(levels.has(level), `some message is logged at ${level}`);
});

test('one log channel: created with { log: true } and given to the language client for the log and the trace', () => {
  const ctx = sources.find((s) => s.file === 'ctx.ts')!.text;
  assert.match(ctx, /createOutputChannel\('Scalewise', \{ log: true \}\)/);
  assert.match(ctx, /\boutputChannel: this\.output,/);
  assert.match(ctx, /\btraceOutputChannel: this\.output,/);
  const created = sources.flatMap(({ file, text }) => (text.match(/createOutputChannel\(/g) ?? []).map(() => file));
  assert.deepEqual(created, ['ctx.ts'], 'no second channel');
});
