/**
 * JSON-schema validation with ajv, each error placed on the YAML node it is about (the key for
 * unknown or wrong-typed properties), never on line 1.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { type Alias, type Document, type Node, type Pair } from 'yaml';
import { editDistance } from './edit-distance';
import { cachedGlob } from './glob';
import { MAX_NESTING_DEPTH_CAP } from './nesting';
import extensionManifest from '../../../package.json';
import k3sConfigSchema from '../../../schemas/k3s-config.schema.json';
import runaiConfigSchema from '../../../schemas/runai-config.schema.json';
import scalewiseConfigSchema from '../../../schemas/scalewise-config.schema.json';
import type { FileKind, Range } from './types';
import { deref, getPair, isAlias, isMap, isPair, isSeq, keyRange, nodeRange } from './yaml-ast';

export type SchemaId = 'k3s-config' | 'runai-config' | 'scalewise-config';

const SCHEMAS: Record<SchemaId, object> = {
  'k3s-config': k3sConfigSchema,
  'runai-config': runaiConfigSchema,
  'scalewise-config': scalewiseConfigSchema,
};

/** Which kinds have a schema of ours. Compose is left to Red Hat YAML (SchemaStore). */
export const SCHEMA_FOR_KIND: Partial<Record<FileKind, SchemaId>> = {
  'k3s-config': 'k3s-config',
  'runai-config': 'runai-config',
};

/**
 * The files Red Hat YAML validates with each of our schemas: the `fileMatch` patterns of
 * package.json `contributes.yamlValidation` (it applies a schema only to the files those match).
 */
const RED_HAT_FILE_MATCH: Record<SchemaId, readonly string[]> = (() => {
  const out: Record<SchemaId, string[]> = { 'k3s-config': [], 'runai-config': [], 'scalewise-config': [] };
  for (const v of extensionManifest.contributes.yamlValidation) {
    const id = /schemas\/(.+)\.schema\.json$/.exec(v.url)?.[1];
    if (id && id in out) for (const glob of v.fileMatch) out[id as SchemaId].push(glob);
  }
  return out;
})();

/** Whether Red Hat YAML, when installed, validates this file with our schema `id`. */
export function redHatYamlValidates(fsPath: string, id: SchemaId): boolean {
  const posix = fsPath.replace(/\\/g, '/');
  return RED_HAT_FILE_MATCH[id].some((glob) => cachedGlob(glob, { dialect: 'path', tail: true }).test(posix));
}

/**
 * `scalewise.schemaDiagnostics` as a lint option. `auto` with Red Hat YAML installed skips only
 * the files Red Hat YAML validates with the same schema; a RunaiConfig named `runai.yml` is
 * found by its content here and by no file name there, so it is checked here.
 */
export function schemaDiagnosticsFor(
  setting: 'auto' | 'always' | 'never',
  redHatYamlPresent: boolean,
): boolean | 'unless-red-hat-yaml' {
  if (setting === 'never') return false;
  return setting === 'auto' && redHatYamlPresent ? 'unless-red-hat-yaml' : true;
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaId, ValidateFunction>();

function validator(id: SchemaId): ValidateFunction {
  let v = compiled.get(id);
  if (!v) {
    // strict: false because the schemas carry editor keywords (markdownDescription, defaultSnippets).
    // verbose: errors carry the value and the schema they failed, for the messages (describe()).
    ajv ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
    v = ajv.compile(SCHEMAS[id]);
    compiled.set(id, v);
  }
  return v;
}

export interface SchemaProblem {
  range: Range;
  message: string;
  path: string;
}

/** Where `instancePath` points: the value node and, when it is a map entry, its pair. */
function locate(root: Node | null, instancePath: string, doc: Document): { node: Node | null; pair: Pair | null } {
  let node: Node | null = root;
  let pair: Pair | null = null;
  const steps = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const step of steps) {
    if (isMap(node)) {
      pair = getPair(node, step);
      node = pair ? deref(pair.value, doc) : null;
    } else if (isSeq(node)) {
      node = deref(node.items[Number(step)], doc);
      pair = null;
    } else break;
    if (!node && !pair) break;
  }
  return { node, pair };
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a map',
  null: 'null',
};

function typeOfValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'boolean') return 'a boolean';
  return `a ${typeof v}`;
}

function words(list: readonly string[], last = 'or'): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} ${last} ${list[list.length - 1]!}`;
}

/** `"cpu"`, `Item 2 of "kubelet-arg"`, or `The document`: what an instance path names, for people. */
function subjectOf(instancePath: string): string {
  const steps = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = steps[steps.length - 1];
  if (last === undefined) return 'The document';
  if (/^\d+$/.test(last)) {
    const owner = steps[steps.length - 2];
    return `Item ${Number(last) + 1}${owner !== undefined ? ` of "${owner}"` : ''}`;
  }
  return `"${last}"`;
}

/** The closest name within two edits, for "did you mean". */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase(), bestDistance);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/**
 * One ajv error as a sentence that names the key and what it takes, never a raw regular
 * expression: a pattern's schema says in `x-expected` what it stands for (every pattern in
 * schemas/ has one; test/unit/schemas.test.ts checks).
 */
function describe(e: ErrorObject): string {
  const schema = (e.parentSchema ?? {}) as { 'x-expected'?: string; properties?: Record<string, unknown> };
  const subject = subjectOf(e.instancePath);
  if (e.propertyName !== undefined) {
    const what =
      e.keyword === 'pattern' && schema['x-expected'] ? `is not ${schema['x-expected']}` : (e.message ?? 'is invalid');
    return `Key "${e.propertyName}" ${what}.`;
  }
  switch (e.keyword) {
    case 'type': {
      const expected = String(e.params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t);
      return `${subject} must be ${words(expected)}, not ${typeOfValue(e.data)}.`;
    }
    case 'enum':
      return `${subject} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(e.data)}.`;
    case 'pattern':
      return `${subject} is ${JSON.stringify(e.data)}, ${schema['x-expected'] ? `not ${schema['x-expected']}` : 'which is not in the form this key takes'}.`;
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const guess = closest(name, allowed);
      const where = e.instancePath === '' ? 'at the top level' : `in ${subjectOf(e.instancePath)}`;
      const list = allowed.length > 0 && allowed.length <= 12 ? `; allowed there: ${allowed.join(', ')}` : '';
      return `Unknown key "${name}" ${where}${guess ? ` (did you mean "${guess}"?)` : ''}${list}.`;
    }
    case 'required':
      return `${e.instancePath === '' ? 'The document' : subject} has no "${String(e.params.missingProperty)}" key, which is required here.`;
    default:
      return `${subject} ${e.message ?? 'is invalid'}.`;
  }
}

/**
 * ajv reports the errors of every oneOf/anyOf branch, so a list whose one item is wrong would also
 * "must be string" from the scalar branch. Keep the branch that got furthest into the value.
 */
function losingBranches(errors: readonly ErrorObject[]): Set<ErrorObject> {
  const drop = new Set<ErrorObject>();
  const depth = (list: ErrorObject[]) => {
    let max = -Infinity;
    for (const e of list) max = Math.max(max, e.instancePath.split('/').length);
    return max;
  };
  for (const parent of errors) {
    if (parent.keyword !== 'oneOf' && parent.keyword !== 'anyOf') continue;
    const prefix = `${parent.schemaPath}/`;
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      const inside = e.instancePath === parent.instancePath || e.instancePath.startsWith(`${parent.instancePath}/`);
      if (!inside || !e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    let best: ErrorObject[] | undefined;
    for (const list of byBranch.values()) if (!best || depth(list) > depth(best)) best = list;
    for (const list of byBranch.values()) if (list !== best) list.forEach((e) => drop.add(e));
  }
  return drop;
}

/**
 * Validates one YAML document. A document whose aliases would expand past `maxAliasCount` is
 * not validated (that is the alias-bomb guard), and says so.
 */
export function validateDocument(id: SchemaId, doc: Document, root: Node | null): SchemaProblem[] {
  const unsafe = notConvertible(root);
  if (unsafe) return [{ range: unsafe.range, message: `Not validated: ${unsafe.why}`, path: '' }];
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return [
      { range: nodeRange(root), message: `Not validated: ${(err as Error).message.replace(/\s*\(\)$/, '')}`, path: '' },
    ];
  }
  const validate = validator(id);
  if (validate(data)) return [];
  const fallback = nodeRange(root);
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  const losers = losingBranches(validate.errors ?? []);
  for (const e of validate.errors ?? []) {
    // oneOf/anyOf branches repeat each other; keep the first message per place.
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf' || losers.has(e)) continue;
    // The inner error of propertyNames says what is wrong with the name; this one only that it is.
    if (e.keyword === 'propertyNames') continue;
    // A quantity that is not one: k8s/invalid-quantity says so, with the readings and fixes.
    if (
      e.keyword === 'pattern' &&
      (e.parentSchema as { 'x-scalewise-rule'?: string } | undefined)?.['x-scalewise-rule']
    )
      continue;
    const { node, pair } = locate(root, e.instancePath, doc);
    let range: Range;
    if (e.propertyName !== undefined && isMap(node)) {
      // A bad key (propertyNames): on the key itself, not on the map that holds it.
      const p = getPair(node, e.propertyName);
      range = p ? keyRange(p, fallback) : nodeRange(node, fallback);
    } else if (e.keyword === 'additionalProperties' && isMap(node)) {
      const p = getPair(node, String(e.params.additionalProperty));
      range = p ? keyRange(p, fallback) : nodeRange(node, fallback);
    } else if (pair && (isMap(node) || isSeq(node) || e.keyword === 'required')) {
      range = keyRange(pair, fallback);
    } else {
      range = nodeRange(node, fallback);
    }
    const key = `${range.start}:${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ range, message: describe(e), path: e.instancePath || '/' });
  }
  return out;
}

/**
 * Why `toJS()` must not run on this tree, if it must not. It recurses once per level, through
 * aliases too (an alias to a deep node nests that node again, and chains of them add up), and it
 * stringifies a map or sequence used as a key, which takes time cubic in how deeply such keys
 * nest (`? ? ? a`, 200 levels: 3 s; measured on yaml 2.9). A JSON schema only knows string keys.
 */
function notConvertible(root: Node | null): { why: string; range: Range } | null {
  // An alias refers to the last node before it, in document order, with its anchor (yaml's
  // Alias.resolve); a node's height is known once its subtree is done, and a target that is not
  // the alias's own ancestor is done before the alias is reached. An ancestor is a cycle.
  const anchors = new Map<string, unknown>();
  const targets = new Map<Alias, unknown>();
  const height = new Map<unknown, number>();
  const heightOf = (n: unknown): number => {
    if (isAlias(n)) {
      const t = targets.get(n);
      return isMap(t) || isSeq(t) ? (height.get(t) ?? Infinity) : 0;
    }
    return isMap(n) || isSeq(n) ? height.get(n)! : 0;
  };
  const walk: { node: unknown; done: boolean }[] = [{ node: root, done: false }];
  while (walk.length > 0) {
    const { node, done } = walk.pop()!;
    if (isAlias(node)) targets.set(node, anchors.get(node.source));
    if (!node || typeof node !== 'object' || isAlias(node)) continue;
    const items = isMap(node) || isSeq(node) ? (node.items as unknown[]) : [];
    if (done) {
      let h = 0;
      for (const item of items) h = Math.max(h, isPair(item) ? heightOf(item.value) : heightOf(item));
      height.set(node, h + 1);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (!isMap(node) && !isSeq(node)) continue;
    walk.push({ node, done: true });
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (isPair(item)) {
        if (isMap(item.key) || isSeq(item.key) || isAlias(item.key)) {
          return {
            why: 'a key is a map or a sequence, which a JSON schema cannot describe.',
            range: nodeRange(item.key as Node),
          };
        }
        walk.push({ node: item.value, done: false }, { node: item.key, done: false });
      } else walk.push({ node: item, done: false });
    }
  }
  const h = heightOf(root);
  if (h > MAX_NESTING_DEPTH_CAP) {
    const depth = Number.isFinite(h) ? `${h} levels deep` : 'without end (an alias inside its own anchor)';
    return {
      why: `with its aliases expanded it nests ${depth}, above the limit of ${MAX_NESTING_DEPTH_CAP}.`,
      range: nodeRange(root),
    };
  }
  return null;
}
