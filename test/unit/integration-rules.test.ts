/**
 * The real-engine suite (test/integration/, needs Docker) proves rules against Docker: a rule
 * renamed or removed must fail there loudly, never turn its proof into a todo, and must fail here
 * already, where no Docker is needed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES_BY_ID } from '../../server/src/engine';
import { registeredRule } from '../helpers/docker-engine';
import { repoRoot } from '../helpers/lsp-client';

test('registeredRule throws for a rule id that is not registered, and returns a registered one', () => {
  assert.throws(() => registeredRule('compose/no-such-rule'), /compose\/no-such-rule is not a registered rule/);
  assert.equal(registeredRule('compose/obsolete-version'), 'compose/obsolete-version');
});

test('every rule the real-engine tests name is registered', () => {
  const dir = path.join(repoRoot(), 'test/integration');
  const named = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .flatMap((f) =>
      [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/registeredRule\('([^']+)'\)/g)].map((m) => m[1]!),
    );
  assert.ok(named.length > 0, 'the integration tests name their rules through registeredRule');
  assert.deepEqual(
    named.filter((id) => !RULES_BY_ID.has(id)),
    [],
  );
});
