/**
 * No spread of a computed array into push/unshift/splice, Math.max/min, String.fromCharCode or
 * .apply: each element becomes an argument on the stack, and about 120,000 of them (a Compose file
 * with that many services) throw "Maximum call stack size exceeded". Loops have no such limit.
 * A spread of an array literal (`push(...[a, b])`) is fine: its length is in the source.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';
import type * as TS from 'typescript';
import { repoRoot } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

// Loaded at run time, not bundled into the test (the compiler is large).
const ts = createRequire(__filename)('typescript') as typeof TS;

const CALLEES = /(^|\.)(push|unshift|splice)$|^Math\.(max|min)$|^String\.fromCharCode$|^String\.fromCodePoint$/;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `file:line: call` for every call that spreads a computed array into its arguments. */
export function spreadCalls(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      const spreads = node.arguments.some((a) => ts.isSpreadElement(a) && !ts.isArrayLiteralExpression(a.expression));
      const apply = /\.apply$/.test(callee) && node.arguments.length === 2;
      if ((spreads && CALLEES.test(callee)) || apply) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        out.push(`${file}:${line + 1}: ${node.getText(source).replace(/\s+/g, ' ').slice(0, 80)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test('the detector finds a spread into push and Math.max, and lets literals and loops pass', () => {
  const found = spreadCalls(
    'x.ts',
    yaml`
    a.push(...b);
    Math.max(0, ...xs.map((x) => x));
    f.apply(null, xs);
    a.push(...[1, 2]);
    for (const x of b) a.push(x);
    new Set([...a]);
  `,
  );
  assert.deepEqual(
    found.map((f) => f.split(':')[1]),
    ['1', '2', '3'],
  );
});

test('no spread of a computed array into push/max/min/fromCharCode/apply in server/src or client/src', () => {
  const root = repoRoot();
  const offenders = ['server/src', 'client/src']
    .flatMap((d) => tsFiles(path.join(root, d)))
    .flatMap((f) => spreadCalls(path.relative(root, f), fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, [], `use a loop instead:\n${offenders.join('\n')}`);
});
