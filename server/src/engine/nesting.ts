/**
 * YAML parsing with a bound on nesting. The `yaml` composer, `toJS()` and our own walks recurse
 * once per level: some 800 levels (a 2 KB file of `[`) overflow Node's stack, and V8 may then
 * abort the whole process ("RegExpCompiler Allocation failed") instead of throwing. The lexer and
 * the CST parser do not recurse (the parser keeps its open collections on an explicit stack), so
 * the text is fed to them token by token and parsing stops as soon as that stack is deeper than
 * the limit, before the composer ever sees the document. The composed tree is then measured once
 * more without recursion, since an implicit key (`[[a]: b]`) nests what was already read one level
 * deeper than the parser's stack showed.
 */
import { Composer, Lexer, Parser, type Document } from 'yaml';
import type { NestingOverflow } from './types';
import { isMap, isPair, isSeq } from './yaml-ast';

/**
 * The default limit. Real files nest far less (Compose and Helm values under 20, a CRD's
 * openAPIV3Schema rarely 60). Measured on Node 20 in a fresh process (the worst case: the JIT
 * has not shrunk any frame yet), the `yaml` composer overflows the default stack at about 790
 * levels of flow collections, 880 of block maps and 930 of block sequences.
 */
export const DEFAULT_MAX_NESTING_DEPTH = 256;
/**
 * The most a setting may raise it to: every shape of nesting at this depth parses, validates and
 * lints, in the CLI and in the language server, with the stack cut to 70% of Node's default
 * (test/unit/nesting.test.ts runs the engine with `--stack-size`).
 */
export const MAX_NESTING_DEPTH_CAP = 512;

/** A configured limit, clamped to what is safe; anything that is not a positive number is the default. */
export function nestingLimit(configured: unknown): number {
  if (typeof configured !== 'number' || !Number.isFinite(configured) || configured < 1)
    return DEFAULT_MAX_NESTING_DEPTH;
  return Math.min(Math.floor(configured), MAX_NESTING_DEPTH_CAP);
}

export type Composed = { documents: Document.Parsed[]; overflow: null } | { documents: []; overflow: NestingOverflow };

/**
 * `parseAllDocuments(text, options)`, or the place where the text nests deeper than `limit`
 * collections (maps and sequences). Linear, and recursion-free until the limit is known to hold.
 */
export function composeWithin(
  text: string,
  limit: number,
  options: { strict?: boolean; uniqueKeys?: boolean } = {},
): Composed {
  const parser = new Parser();
  const composer = new Composer({ prettyErrors: false, ...options });
  let overflowAt = -1;
  function* tokens() {
    for (const lexeme of new Lexer().lex(text)) {
      yield* parser.next(lexeme);
      // The stack holds the document, each open collection, and at most one scalar being read.
      if (parser.stack.length > limit + 2) {
        overflowAt = parser.offset;
        return;
      }
    }
    yield* parser.end();
  }
  const documents = Array.from(composer.compose(tokens()));
  if (overflowAt < 0) {
    for (const doc of documents) {
      const at = deeperThan(doc.contents, limit);
      if (at !== null) {
        overflowAt = at;
        break;
      }
    }
  }
  if (overflowAt >= 0) return { documents: [], overflow: { limit, offset: Math.min(overflowAt, text.length) } };
  return { documents, overflow: null };
}

/** Where the tree first nests deeper than `limit` collections, or null. Aliases are not followed. */
function deeperThan(root: unknown, limit: number): number | null {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > limit) return node.range?.[0] ?? 0;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 });
        stack.push({ node: item.value, depth: depth + 1 });
      } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The first document of a text, as `parseDocument(text)` reads it, or null when the text nests
 * deeper than the default limit: for the workspace scan, which must not overflow the stack either.
 */
export function parseFirstDocument(text: string): Document.Parsed | null {
  return composeWithin(text, DEFAULT_MAX_NESTING_DEPTH, { uniqueKeys: false }).documents[0] ?? null;
}
