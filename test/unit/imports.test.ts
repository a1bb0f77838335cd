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
    .filter((f) =>
      /import \{[^}]*\b(isMap|isSeq|isScalar|isPair|isAlias)\b[^}]*\} from 'yaml'/.test(fs.readFileSync(f, 'utf8')),
    )
    .map((f) => path.relative(repoRoot(), f));
  assert.deepEqual(offenders, []);
});

/**
 * The layers (STYLE.md habit 17), read from the import statements: a relative specifier is resolved
 * to its file, a bare one is kept as written. Statements are matched at the start of a line so that
 * an `import` quoted in a comment does not count; `import()` and `require()` count anywhere.
 */
const IMPORT_RES = [
  /^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^[ \t]*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

interface Import {
  from: string;
  spec: string;
  file?: string;
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  return IMPORT_RES.flatMap((re) =>
    [...text.matchAll(re)].map((m) => ({ from: file, spec: m[1]!, file: resolveImport(file, m[1]!) })),
  );
}

const rel = (f: string) => path.relative(repoRoot(), f).split(path.sep).join('/');
const show = (i: Import) => `${rel(i.from)} imports ${i.file ? rel(i.file) : i.spec}`;
const inside = (f: string | undefined, dir: string) => f !== undefined && rel(f).startsWith(`${dir}/`);
const serverFiles = () => tsFiles(path.join(repoRoot(), 'server/src'));

/** Every import statement of the file is `import type` (or `export type … from`). */
function onlyTypeImports(file: string): boolean {
  const text = fs.readFileSync(file, 'utf8');
  const statements = text.match(/^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*['"][^'"]+['"]/gm) ?? [];
  return !/\b(?:import|require)\(/.test(text) && statements.every((st) => /^[ \t]*(?:import|export) type\b/.test(st));
}

test('the client reaches the server only through server/src/protocol.ts (and type-only files it re-exports from)', () => {
  const protocol = path.join(repoRoot(), 'server/src/protocol.ts');
  const seen = new Set<string>();
  const queue = tsFiles(path.join(repoRoot(), 'client/src'));
  const offenders: string[] = [];
  while (queue.length > 0) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const i of importsOf(f)) {
      if (!i.file) continue;
      if (inside(i.file, 'client/src')) queue.push(i.file);
      else if (i.file === protocol) queue.push(i.file);
      // protocol.ts may re-export from a server file that imports types only (erased: it brings
      // no other server code into the client bundle), such as the rule docs address in engine/define-rule.ts.
      else if (f === protocol && onlyTypeImports(i.file)) continue;
      else offenders.push(show(i));
    }
  }
  assert.deepEqual(offenders, []);
});

/** Data the engine bundles (package.json, schemas/) is allowed; server code outside engine/ (handlers/, files.ts, ...) is not. */
test('the engine imports no LSP, no file system and nothing of the server around it', () => {
  const offenders = serverFiles()
    .filter((f) => inside(f, 'server/src/engine'))
    .flatMap(importsOf)
    .filter(
      (i) =>
        /^vscode-(languageserver|jsonrpc)/.test(i.spec) ||
        /^(node:)?fs(\/|$)/.test(i.spec) ||
        (inside(i.file, 'server/src') && !inside(i.file, 'server/src/engine')),
    )
    .map(show);
  assert.deepEqual(offenders, []);
});

test('models import no rule and no sizing', () => {
  const offenders = serverFiles()
    .filter((f) => inside(f, 'server/src/engine/model'))
    .flatMap(importsOf)
    .filter((i) => inside(i.file, 'server/src/engine/rules') || inside(i.file, 'server/src/engine/sizing'))
    .map(show);
  assert.deepEqual(offenders, []);
});

test('no rule imports another rule (only the registry, rules/index.ts, imports rules)', () => {
  const registry = path.join(repoRoot(), 'server/src/engine/rules/index.ts');
  const offenders = serverFiles()
    .filter((f) => inside(f, 'server/src/engine/rules') && f !== registry)
    .flatMap(importsOf)
    .filter((i) => inside(i.file, 'server/src/engine/rules'))
    .map(show);
  assert.deepEqual(offenders, []);
});

test('the CLI and the server reach the models through the engine entry (server/src/engine/index.ts)', () => {
  const offenders = serverFiles()
    .filter((f) => !inside(f, 'server/src/engine'))
    .flatMap(importsOf)
    .filter((i) => inside(i.file, 'server/src/engine/model'))
    .map(show);
  assert.deepEqual(offenders, []);
});

/**
 * Through another engine file, too: `../lint`, `../suppress` and `../index` import the registry,
 * so a rule importing them would reach every rule (and import itself).
 */
test('no rule reaches another rule through an engine file that imports the registry', () => {
  const registry = path.join(repoRoot(), 'server/src/engine/rules/index.ts');
  const offenders: string[] = [];
  for (const ruleFile of serverFiles().filter((f) => inside(f, 'server/src/engine/rules') && f !== registry)) {
    const seen = new Set<string>();
    const queue = importsOf(ruleFile).filter(
      (i) => inside(i.file, 'server/src/engine') && !inside(i.file, 'server/src/engine/rules'),
    );
    while (queue.length > 0) {
      const i = queue.pop()!;
      if (seen.has(i.file!)) continue;
      seen.add(i.file!);
      for (const next of importsOf(i.file!)) {
        if (inside(next.file, 'server/src/engine/rules'))
          offenders.push(`${rel(ruleFile)} reaches ${rel(next.file!)} through ${rel(i.file!)}`);
        else if (inside(next.file, 'server/src/engine')) queue.push(next);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

/** A rule that yields to another says so in meta.supersededBy, which lint() reads; it never asks the config or the registry. */
test("no rule reads another rule's severity from the config, or the registry", () => {
  const registry = path.join(repoRoot(), 'server/src/engine/rules/index.ts');
  const offenders = serverFiles()
    .filter((f) => inside(f, 'server/src/engine/rules') && f !== registry)
    .filter((f) =>
      /\bconfig\.rules\b|\{[^}]*\brules\b[^}]*\}\s*=\s*ctx\.config\b|\bseverityFor\b|\bRULES\b|\bSCHEMA_RULE_ID\b/.test(
        fs.readFileSync(f, 'utf8'),
      ),
    )
    .map(rel);
  assert.deepEqual(offenders, []);
});
