/**
 * The server's and the CLI's own modules (server/src/*.ts, handlers/) keep no state at module
 * level: a cache or a mutable variable there is shared by every caller (two servers in one
 * process, the CLI and tests) and outlives what it describes. State is passed explicitly or
 * lives in an object its owner creates.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

const MUTABLE_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** Top-level `let`/`var`, and top-level constants made from an empty collection (built to be filled). */
export function moduleState(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const stmt of source.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    const list = stmt.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const d of list.declarations) {
      const name = d.name.getText(source);
      const line = source.getLineAndCharacterOfPosition(d.getStart(source)).line + 1;
      let init = d.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)))
        init = init.expression;
      const emptyCollection =
        init !== undefined &&
        ((ts.isNewExpression(init) &&
          ts.isIdentifier(init.expression) &&
          MUTABLE_CONSTRUCTORS.has(init.expression.text) &&
          (init.arguments?.length ?? 0) === 0) ||
          (ts.isArrayLiteralExpression(init) && init.elements.length === 0));
      if (!isConst) out.push(`${file}:${line}: ${name} (${list.flags & ts.NodeFlags.Let ? 'let' : 'var'})`);
      else if (emptyCollection) out.push(`${file}:${line}: ${name} (an empty ${init!.getText(source)})`);
    }
  }
  return out;
}

test('the server and CLI modules keep no module-level state', () => {
  const root = repoRoot();
  const dirs = ['server/src', 'server/src/handlers'];
  const files = dirs.flatMap((d) =>
    fs
      .readdirSync(path.join(root, d))
      .filter((n) => n.endsWith('.ts'))
      .map((n) => path.join(d, n)),
  );
  assert.ok(files.includes(path.join('server/src', 'files.ts')), 'files.ts is checked');
  const offenders = files.flatMap((f) => moduleState(f, fs.readFileSync(path.join(root, f), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the check sees a module-level cache and a let', () => {
  assert.deepEqual(
    moduleState(
      'x.ts',
      yaml`
    const cache = new Map<string, number>();
    let n = 0;
    const TABLE = new Set(["a"]);
    const LIMIT = 3;
  `,
    ),
    ['x.ts:1: cache (an empty new Map<string, number>())', 'x.ts:2: n (let)'],
  );
});
