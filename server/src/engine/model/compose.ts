/**
 * A read-only view of Compose services over the YAML AST: names, nodes and the effective
 * replica count, so rules don't each re-walk the file.
 */
import { type Document, type Pair, type YAMLMap } from 'yaml';
import type { ParsedFile, ScaleCommand, WorkspaceFacts } from '../types';
import { asMap, get, getPair, getPath, intValue, isMap, keyText, pairs } from '../yaml-ast';
import { scriptedScale } from '../scale-commands';
import { memoized } from './memo';

export interface ComposeService {
  name: string;
  /** The `name:` pair under `services:`. */
  pair: Pair;
  map: YAMLMap;
  doc: Document;
}

export interface EffectiveReplicas {
  count: number;
  /** What set it: the `scale` key, `deploy.replicas`, a command in a script, or the default 1. */
  source: 'scale' | 'deploy.replicas' | 'script' | 'default';
  script?: ScaleCommand;
}

/** The services of every document, once per parsed file (model/memo.ts). */
export function composeServices(file: ParsedFile): ComposeService[] {
  return memoized(file, 'compose', readServices);
}

function readServices(file: ParsedFile): ComposeService[] {
  const out: ComposeService[] = [];
  for (const d of file.documents) {
    const services = asMap(get(asMap(d.root, d.doc), 'services', d.doc), d.doc);
    for (const p of pairs(services)) {
      const name = keyText(p);
      const map = asMap(p.value, d.doc);
      if (name !== null && map) out.push({ name, pair: p, map, doc: d.doc });
    }
  }
  return out;
}

/** The replicas the file writes: `scale`, else `deploy.replicas` (compose-go `ServiceConfig.GetScale`); undefined when neither. */
export function writtenReplicas(svc: Pick<ComposeService, 'map' | 'doc'>): EffectiveReplicas | undefined {
  const scale = intValue(get(svc.map, 'scale', svc.doc), svc.doc);
  if (scale !== undefined) return { count: scale, source: 'scale' };
  const replicas = intValue(getPath(svc.map, ['deploy', 'replicas'], svc.doc), svc.doc);
  return replicas !== undefined ? { count: replicas, source: 'deploy.replicas' } : undefined;
}

/**
 * `scale`, else `deploy.replicas`, else 1; a `--scale` or `docker service scale` in the
 * workspace's scripts wins when it asks for more.
 */
export function effectiveReplicas(svc: ComposeService, ws: WorkspaceFacts): EffectiveReplicas {
  let result: EffectiveReplicas = writtenReplicas(svc) ?? { count: 1, source: 'default' };
  const script = scriptedScale(ws, svc.name);
  if (script && script.replicas > result.count) result = { count: script.replicas, source: 'script', script };
  return result;
}

export function describeReplicas(r: EffectiveReplicas): string {
  switch (r.source) {
    case 'scale':
      return `scale: ${r.count}`;
    case 'deploy.replicas':
      return `deploy.replicas: ${r.count}`;
    case 'script':
      return `${r.script!.tool === 'swarm' ? 'docker service scale' : '--scale'} ${r.script!.service}=${r.count} in ${r.script!.where}`;
    default:
      return '1 replica';
  }
}

/** `deploy.mode: global` runs one task per node; replicas do not apply. */
export function isGlobal(svc: ComposeService): boolean {
  const mode = getPath(svc.map, ['deploy', 'mode'], svc.doc);
  return mode !== null && !isMap(mode) && String((mode as { value?: unknown }).value) === 'global';
}

export { getPair };
