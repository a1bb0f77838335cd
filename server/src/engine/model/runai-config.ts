/**
 * Run:ai `RunaiConfig` resources (`apiVersion: run.ai/v1`, `kind: RunaiConfig`): one per document
 * whose root is a map of that kind, with the parts the rules read (`spec.global` and its service
 * groups, `spec.prometheus`). Pairs are found as written (merge keys not followed), so findings and
 * fixes land on the text the user wrote.
 */
import type { Document, Pair, YAMLMap } from 'yaml';
import type { ParsedFile } from '../types';
import { asMap, get, getPair, getPath, stringValue } from '../yaml-ast';
import { memoized } from './memo';

export interface RunaiConfig {
  doc: Document;
  root: YAMLMap;
  /** `spec`, as written in the root (merge keys not followed). */
  specPair: Pair | null;
  spec: YAMLMap | null;
  /** `spec.global` (merge keys followed), and its pair in `spec` (the root's merge keys followed). */
  global: YAMLMap | null;
  globalPair: Pair | null;
  /** `spec.prometheus`, and its pair as written in `spec`. */
  prometheus: YAMLMap | null;
  prometheusPair: Pair | null;
}

export function runaiConfigs(file: ParsedFile): RunaiConfig[] {
  return memoized(file, 'runaiConfig', readRunaiConfigs);
}

function readRunaiConfigs(file: ParsedFile): RunaiConfig[] {
  const out: RunaiConfig[] = [];
  for (const d of file.documents) {
    const root = asMap(d.root, d.doc);
    if (!root || stringValue(get(root, 'kind', d.doc), d.doc) !== 'RunaiConfig') continue;
    const specPair = getPair(root, 'spec');
    const spec = asMap(specPair?.value, d.doc);
    const prometheusPair = getPair(spec, 'prometheus');
    out.push({
      doc: d.doc,
      root,
      specPair,
      spec,
      global: asMap(getPath(root, ['spec', 'global'], d.doc), d.doc),
      globalPair: getPair(asMap(get(root, 'spec', d.doc), d.doc), 'global'),
      prometheus: asMap(prometheusPair?.value, d.doc),
      prometheusPair,
    });
  }
  return out;
}
