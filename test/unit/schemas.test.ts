/** The schemas in schemas/ explain themselves: every pattern says in words what it stands for. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const DIR = path.resolve(__dirname, '../../..', 'schemas');

function* patterns(node: unknown, where: string): Generator<{ where: string; schema: Record<string, unknown> }> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* patterns(item, `${where}/${i}`);
  } else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    if (typeof schema.pattern === 'string') yield { where, schema };
    for (const [k, v] of Object.entries(schema)) if (k !== 'pattern') yield* patterns(v, `${where}/${k}`);
  }
}

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
  test(`${file}: every pattern has x-expected (our messages) and patternErrorMessage (Red Hat YAML's)`, () => {
    const found = [...patterns(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')), '#')];
    assert.ok(found.length > 0, 'the schema has patterns');
    for (const { where, schema } of found) {
      assert.equal(typeof schema['x-expected'], 'string', `${where}: x-expected`);
      assert.equal(typeof schema.patternErrorMessage, 'string', `${where}: patternErrorMessage`);
    }
  });
}
