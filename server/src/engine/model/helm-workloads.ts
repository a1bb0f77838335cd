/**
 * Workload blocks of Helm values: a map holding `replicaCount` or an `autoscaling` map (the
 * `helm create` convention, repeated per component and per sub-chart), at any depth, with the
 * `resources` beside them. Read as Helm reads values: booleans are YAML 1.1 (`yes`, `on`), and a
 * values file is merged over the chart's defaults, so what is absent here may be set there.
 */
import { type Document, type Pair, type YAMLMap } from 'yaml';
import type { ParsedFile, Range } from '../types';
import { parseK8sQuantity } from '../quantity/k8s-quantity';
import {
  asMap,
  deref,
  get,
  getPair,
  goValue,
  intValue,
  isMap,
  isPair,
  isScalar,
  isSeq,
  keyRange,
  nodeRange,
  ownPairs,
  pairs,
  scalarValue,
  stringValue,
} from '../yaml-ast';
import { memoized } from './memo';

export interface HelmWorkload {
  doc: Document;
  map: YAMLMap;
  /** Keys from the document root, e.g. `['control-plane', 'backend']`; empty for the root. */
  path: string[];
  /** The pair whose value is this block (`backend:`), or null for the root or a sequence item. */
  owner: Pair | null;
  replicaCountPair: Pair | null;
  replicaCount?: number;
  autoscalingPair: Pair | null;
  autoscaling: YAMLMap | null;
  /** `autoscaling.enabled` as Helm reads it (`true`, `yes`, `on`). */
  enabled: boolean;
  minReplicas?: number;
  maxReplicas?: number;
  resources: YAMLMap | null;
}

/**
 * Helm 3 reads values with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1), where plain `y`, `yes` and `on`
 * are booleans too. A quoted `"true"` stays a string: most templates test it with `if`, where any
 * non-empty string is true, but `eq … true` is false, so it is left alone.
 */
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;

export function helmTrue(node: unknown, doc: Document): boolean {
  const n = deref(node, doc);
  if (!isScalar(n)) return false;
  if (n.value === true) return true;
  return typeof n.value === 'string' && (n.type === 'PLAIN' || n.type === undefined) && YAML11_TRUE.test(n.value);
}

/** `path` as the messages write it: `control-plane.backend.` (with the dot), or '' at the root. */
export function wherePrefix(path: readonly string[]): string {
  return path.length > 0 ? `${path.join('.')}.` : '';
}

function readWorkload(doc: Document, map: YAMLMap, path: string[], owner: Pair | null): HelmWorkload | null {
  const replicaCountPair = getPair(map, 'replicaCount');
  const autoscalingPair = getPair(map, 'autoscaling');
  const autoscaling = autoscalingPair ? asMap(autoscalingPair.value, doc) : null;
  if (!replicaCountPair && !autoscaling) return null;
  return {
    doc,
    map,
    path,
    owner,
    replicaCountPair,
    replicaCount: replicaCountPair ? intValue(replicaCountPair.value, doc) : undefined,
    autoscalingPair: autoscaling ? autoscalingPair : null,
    autoscaling,
    enabled: autoscaling ? helmTrue(get(autoscaling, 'enabled', doc), doc) : false,
    minReplicas: autoscaling ? intValue(get(autoscaling, 'minReplicas', doc), doc) : undefined,
    maxReplicas: autoscaling ? intValue(get(autoscaling, 'maxReplicas', doc), doc) : undefined,
    resources: asMap(get(map, 'resources', doc), doc),
  };
}

/** Every workload block of every document, depth-first, through sub-chart keys and sequences. Bounded. */
export function helmWorkloads(file: ParsedFile, maxDepth = 64): HelmWorkload[] {
  return memoized(file, `helmWorkloads:${maxDepth}`, (f) => readWorkloads(f, maxDepth));
}

function readWorkloads(file: ParsedFile, maxDepth: number): HelmWorkload[] {
  const out: HelmWorkload[] = [];
  for (const d of file.documents) {
    const stack: { node: unknown; path: string[]; owner: Pair | null }[] = [{ node: d.root, path: [], owner: null }];
    const seen = new Set<unknown>();
    while (stack.length > 0) {
      const { node, path, owner } = stack.pop()!;
      const n = deref(node, d.doc);
      if (seen.has(n) || path.length > maxDepth) continue;
      if (isSeq(n)) {
        seen.add(n);
        for (let i = n.items.length - 1; i >= 0; i--)
          stack.push({ node: n.items[i], path: [...path, String(i)], owner: null });
        continue;
      }
      if (!isMap(n)) continue;
      seen.add(n);
      const w = readWorkload(d.doc, n, path, owner);
      if (w) out.push(w);
      const children = pairs(n);
      for (let i = children.length - 1; i >= 0; i--) {
        const p = children[i]!;
        const k = stringValue(p.key, d.doc) ?? '?';
        // The autoscaling and resources maps of a block are not blocks of their own.
        if (w && (k === 'autoscaling' || k === 'resources')) continue;
        stack.push({ node: p.value, path: [...path, k], owner: isPair(p) ? p : null });
      }
    }
  }
  return out;
}

/** Where a finding about the whole block goes: its own key, else its first key. */
export function blockRange(w: HelmWorkload): Range {
  if (w.owner) return keyRange(w.owner);
  const first = ownPairs(w.map)[0];
  return first ? keyRange(first) : nodeRange(w.map);
}

export type CpuTarget =
  /** `targetCPUUtilizationPercentage` or a cpu Utilization entry of `metrics`: the range is that key or entry. */
  | { kind: 'explicit'; range: Range; percent?: number }
  /** Only `enabled` (and replica bounds): the chart's default applies, in `helm create` charts CPU 80 %. */
  | { kind: 'default' }
  | { kind: 'none' };

/** Which CPU utilisation target the HPA of this block gets. */
export function cpuTarget(w: HelmWorkload): CpuTarget {
  const a = w.autoscaling;
  if (!a) return { kind: 'none' };
  const doc = w.doc;
  const target = getPair(a, 'targetCPUUtilizationPercentage');
  if (target) {
    const v = scalarValue(target.value, doc);
    // `null` (or `~`) removes the chart's default in a merge: no CPU target.
    if (v === null || v === undefined || v === '' || v === 0) return { kind: 'none' };
    const percent = intValue(target.value, doc);
    return { kind: 'explicit', range: keyRange(target), ...(percent !== undefined ? { percent } : {}) };
  }
  const metricsPair = getPair(a, 'metrics');
  const metrics = metricsPair ? deref(metricsPair.value, doc) : null;
  if (isSeq(metrics)) {
    for (const item of metrics.items) {
      const m = asMap(item, doc);
      if (!m || stringValue(get(m, 'type', doc), doc) !== 'Resource') continue;
      const res = asMap(get(m, 'resource', doc), doc);
      if (stringValue(get(res, 'name', doc), doc) !== 'cpu') continue;
      const targetMap = asMap(get(res, 'target', doc), doc);
      const v2 = stringValue(get(targetMap, 'type', doc), doc) === 'Utilization';
      // autoscaling/v2beta1 wrote `targetAverageUtilization` directly under `resource`.
      const v2beta1 = getPair(res, 'targetAverageUtilization') !== null;
      if (v2 || v2beta1) {
        const percent = intValue(
          v2 ? get(targetMap, 'averageUtilization', doc) : get(res, 'targetAverageUtilization', doc),
          doc,
        );
        return { kind: 'explicit', range: nodeRange(m), ...(percent !== undefined ? { percent } : {}) };
      }
    }
    // An empty list leaves the HPA's own default: 80 % average CPU utilisation.
    return metrics.items.length === 0 ? { kind: 'default' } : { kind: 'none' };
  }
  // Another target is set: the chart may still merge its CPU default in, but this file does not say so.
  if (getPair(a, 'targetMemoryUtilizationPercentage') || metricsPair) return { kind: 'none' };
  return { kind: 'default' };
}

/** A request or, when the request is absent, the limit Kubernetes copies into it. */
export interface Requested {
  raw?: string;
  value?: number;
  fromLimit: boolean;
}

/** `resources.requests.<res>` (else the limit) of a block, parsed; malformed quantities count as absent. */
export function requested(w: HelmWorkload, res: 'cpu' | 'memory'): Requested {
  for (const section of ['requests', 'limits'] as const) {
    const node = get(asMap(get(w.resources, section, w.doc), w.doc), res, w.doc);
    const raw = goValue(node, w.doc);
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const q = parseK8sQuantity(raw);
    if (!q.ok) continue;
    return { raw: String(raw).trim(), value: q.value, fromLimit: section === 'limits' };
  }
  return { fromLimit: false };
}

/** Whether `resources.requests.<res>` or `resources.limits.<res>` holds any value at all. */
export function hasResource(w: HelmWorkload, res: 'cpu' | 'memory'): boolean {
  return (['requests', 'limits'] as const).some((section) => {
    const v = scalarValue(get(asMap(get(w.resources, section, w.doc), w.doc), res, w.doc), w.doc);
    return v !== undefined && v !== null && v !== '';
  });
}
