/**
 * JSON-schema validation with ajv, each error placed on the YAML node it is about (the key for
 * unknown or wrong-typed properties), never on line 1.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isSeq, type Document, type Node, type Pair } from 'yaml';
import k3sConfigSchema from '../../../schemas/k3s-config.schema.json';
import runaiConfigSchema from '../../../schemas/runai-config.schema.json';
import scalewiseConfigSchema from '../../../schemas/scalewise-config.schema.json';
import type { FileKind, Range } from './types';
import { deref, getPair, keyRange, nodeRange } from './yaml-ast';

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

let ajv: Ajv | undefined;
const compiled = new Map<SchemaId, ValidateFunction>();

function validator(id: SchemaId): ValidateFunction {
  let v = compiled.get(id);
  if (!v) {
    // strict: false because the schemas carry editor keywords (markdownDescription, defaultSnippets).
    ajv ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
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
  const steps = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
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

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `Unknown property "${String(e.params.additionalProperty)}".`;
    case 'enum':
      return `Value must be one of: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'required':
      return `Missing property "${String(e.params.missingProperty)}".`;
    default:
      return `${e.message ?? 'Invalid value'}.`.replace(/^must/, 'Value must');
  }
}

/**
 * Validates one YAML document. A document whose aliases would expand past `maxAliasCount` is
 * not validated (that is the alias-bomb guard), and says so.
 */
export function validateDocument(id: SchemaId, doc: Document, root: Node | null): SchemaProblem[] {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return [{ range: nodeRange(root), message: `Not validated: ${(err as Error).message}`, path: '' }];
  }
  const validate = validator(id);
  if (validate(data)) return [];
  const fallback = nodeRange(root);
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of validate.errors ?? []) {
    // oneOf/anyOf branches repeat each other; keep the first message per place.
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const { node, pair } = locate(root, e.instancePath, doc);
    let range: Range;
    if (e.keyword === 'additionalProperties' && isMap(node)) {
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
