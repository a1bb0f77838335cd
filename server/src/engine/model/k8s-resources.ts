/**
 * One checker for a Kubernetes `resources:` block (`requests` / `limits` of cpu, memory,
 * ephemeral-storage, hugepages and extended resources such as `nvidia.com/gpu`), shared by the
 * manifest rules (`k8s/…`: every `resources` map of a manifest, with the API server's field path
 * for containers) and the Helm values rules (`helm/…`: any map with a `resources:` key at any depth).
 *
 * Sources: kubernetes/kubernetes pkg/apis/core/validation/validation.go (`ValidateResourceRequirements`),
 * https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/.
 */
import { type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Edit, ParsedFile, Range } from '../types';
import {
  canonicalK8sQuantity,
  compareK8sQuantities,
  humanBytes,
  humanCores,
  parseK8sQuantity,
} from '../quantity/k8s-quantity';
import {
  asMap,
  asSeq,
  deref,
  get,
  getPair,
  goValue,
  isScalar,
  keyRange,
  mappings,
  nodeRange,
  ownPairs,
  pairs,
  stringValue,
} from '../yaml-ast';
import { podSpec, type Workload } from './kubernetes';
import { addEntriesEdit } from '../yaml-edit';
import { memoized } from './memo';

export type Section = 'requests' | 'limits';

/** One `resources` map and where it sits. */
export interface ResourceBlock {
  doc: Document;
  /** The map holding `resources:` (a container, a Helm values block). */
  owner: YAMLMap;
  pair: Pair;
  resources: YAMLMap;
  /** Keys from the document root to the owner (`['spec','template','spec','containers','0']`). */
  path: string[];
  /** `spec.template.spec.containers[0].resources`: the API server's field path (manifests). */
  fieldPath: string;
}

/** One `requests.<name>` or `limits.<name>` value. */
export interface QuantityEntry {
  section: Section;
  resource: string;
  pair: Pair;
  node: Scalar;
  /** The text as written (numbers from YAML keep their source text). */
  raw: string;
}

export type ResourceIssue =
  | { type: 'invalid'; entry: QuantityEntry; error: string; suggestions: string[] }
  | { type: 'millis'; entry: QuantityEntry; bytes: number; mi: string; m: string }
  | {
      type: 'exceeds';
      request: QuantityEntry;
      limit: QuantityEntry;
      /** The request and the limit as the API server prints them (`Quantity.String()`). */
      requestText: string;
      limitText: string;
      /** Extended resources and hugepages cannot be overcommitted: requests must equal limits. */
      mustEqual: boolean;
    };

/** Resources measured in bytes, where `m` (milli) is a mistake and `GB` has a clear reading. */
export function isByteResource(name: string): boolean {
  return name === 'memory' || name === 'ephemeral-storage' || name === 'storage' || name.startsWith('hugepages-');
}

/**
 * `v1helper.IsOvercommitAllowed`: native resources (no `/`, or in the `kubernetes.io/` namespace)
 * may have requests below limits; extended resources (`nvidia.com/gpu`) and hugepages may not.
 */
export function isOvercommitAllowed(name: string): boolean {
  if (name.startsWith('hugepages-')) return false;
  const extended =
    name.includes('/') &&
    !name.startsWith('kubernetes.io/') &&
    !name.includes('.kubernetes.io/') &&
    !name.startsWith('requests.');
  return !extended;
}

/** Go's field path: numeric segments become indexes (`containers[0]`). */
export function fieldPathOf(path: readonly string[]): string {
  let out = '';
  for (const seg of path) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

function entries(block: ResourceBlock, section: Section): QuantityEntry[] {
  const map = asMap(get(block.resources, section, block.doc), block.doc);
  const out: QuantityEntry[] = [];
  for (const p of pairs(map)) {
    const resource = stringValue(p.key, block.doc);
    const node = deref(p.value, block.doc);
    if (resource === undefined || !isScalar(node)) continue;
    // As kubectl gets it from go-yaml: `1_000` is a number there, `017` is 15.
    const value = goValue(node, block.doc);
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    // A number keeps its source text (`0.50`), which is what the user wrote, when it means the same.
    const raw =
      typeof value === 'number' && node.source !== undefined && Number(node.source) === value
        ? String(node.source)
        : String(value);
    out.push({ section, resource, pair: p, node, raw });
  }
  return out;
}

/**
 * The fixes for an invalid quantity whose intent is clear: stray spaces (`500 m`), and byte units
 * written the Compose/`df` way (`1GB`, `1gb`, `512MiB`, `1K`): `GB` reads as decimal `G` or binary
 * `Gi` (both offered), `GiB`/`gi` only as `Gi`. Empty when the intent is not clear (`1.5.2`).
 */
export function quantitySuggestions(raw: string, resource: string): string[] {
  const squeezed = raw.trim().replace(/\s+/g, '');
  if (squeezed !== raw.trim() && parseK8sQuantity(squeezed).ok) return [squeezed];
  if (!isByteResource(resource)) return [];
  const m = /^([+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([kmgtpe])(i)?(b)?$/i.exec(squeezed);
  if (!m) return [];
  const [, number, unit, binary] = m;
  const upper = unit!.toUpperCase();
  const bin = `${number}${upper}i`;
  if (binary) return [bin];
  const dec = `${number}${upper === 'K' ? 'k' : upper}`;
  return [dec, bin].filter((s) => s !== squeezed && parseK8sQuantity(s).ok);
}

/** Everything wrong with the quantities of one block: invalid text, memory in millis, requests above limits. */
export function checkResourceBlock(block: ResourceBlock): ResourceIssue[] {
  const issues: ResourceIssue[] = [];
  const requests = entries(block, 'requests');
  const limits = entries(block, 'limits');
  const valid = new Set<QuantityEntry>();
  for (const e of [...requests, ...limits]) {
    const q = parseK8sQuantity(e.raw);
    if (!q.ok) {
      issues.push({ type: 'invalid', entry: e, error: q.error, suggestions: quantitySuggestions(e.raw, e.resource) });
      continue;
    }
    valid.add(e);
    if (e.resource === 'memory' && q.suffix === 'm' && typeof e.node.value === 'string') {
      issues.push({ type: 'millis', entry: e, bytes: +q.value.toPrecision(6), mi: `${q.number}Mi`, m: `${q.number}M` });
    }
  }
  for (const request of requests) {
    if (!valid.has(request)) continue;
    const limit = limits.find((l) => l.resource === request.resource);
    if (!limit || !valid.has(limit)) continue;
    const cmp = compareK8sQuantities(request.raw, limit.raw);
    if (cmp === undefined) continue;
    const mustEqual = !isOvercommitAllowed(request.resource);
    if ((mustEqual && cmp !== 0) || cmp > 0) {
      issues.push({
        type: 'exceeds',
        request,
        limit,
        requestText: canonicalK8sQuantity(request.raw) ?? request.raw,
        limitText: canonicalK8sQuantity(limit.raw) ?? limit.raw,
        mustEqual,
      });
    }
  }
  return issues;
}

function blocksOf(file: ParsedFile, accept: (resources: YAMLMap, doc: Document) => boolean): ResourceBlock[] {
  const out: ResourceBlock[] = [];
  const seen = new Set<YAMLMap>();
  for (const d of file.documents) {
    for (const { map, path } of mappings(d.root, d.doc)) {
      const pair = getPair(map, 'resources');
      const resources = pair ? asMap(pair.value, d.doc) : null;
      if (!pair || !resources || seen.has(resources) || !accept(resources, d.doc)) continue;
      seen.add(resources);
      out.push({ doc: d.doc, owner: map, pair, resources, path, fieldPath: fieldPathOf([...path, 'resources']) });
    }
  }
  return out;
}

const hasSections = (resources: YAMLMap): boolean =>
  getPair(resources, 'requests') !== null || getPair(resources, 'limits') !== null;

/** Every `resources` map with `requests` or `limits` in a manifest (containers, CRDs, RunaiConfig). */
export function manifestResourceBlocks(file: ParsedFile): ResourceBlock[] {
  return memoized(file, 'manifestResources', (f) => blocksOf(f, hasSections));
}

/** Every `resources:` map of a Helm values file, at any depth, empty ones included. */
export function helmResourceBlocks(file: ParsedFile): ResourceBlock[] {
  return memoized(file, 'helmResources', (f) => blocksOf(f, (r) => hasSections(r) || pairs(r).length === 0));
}

/** `control-plane.thanos.query.resources.requests.memory`, for Helm messages. */
export function valuesPath(block: ResourceBlock, entry: QuantityEntry): string {
  return [...block.path, 'resources', entry.section, entry.resource].filter((s) => !/^\d+$/.test(s)).join('.');
}

/** The replacement for one scalar value, keeping it unquoted (all suggestions are plain quantities). */
export function replaceEdit(entry: QuantityEntry, text: string): Edit {
  return { ...nodeRange(entry.node), text };
}

// ---------------------------------------------------------------------------------------------
// Containers of a pod template

export interface PodContainer {
  map: YAMLMap;
  name: string;
  list: 'containers' | 'initContainers';
  index: number;
  /** `spec.template.spec.containers[0]` */
  fieldPath: string;
}

function podSpecPath(kind: string): string[] {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

/** The containers and init containers of a workload, each with its field path. */
export function podContainers(w: Workload): PodContainer[] {
  const spec = podSpec(w.kind, w.root, w.doc);
  const out: PodContainer[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    asSeq(get(spec, list, w.doc), w.doc)?.items.forEach((item, index) => {
      const map = asMap(item, w.doc);
      if (!map) return;
      out.push({
        map,
        name: stringValue(get(map, 'name', w.doc), w.doc) ?? `#${index + 1}`,
        list,
        index,
        fieldPath: fieldPathOf([...podSpecPath(w.kind), list, String(index)]),
      });
    });
  }
  return out;
}

/**
 * A request, or the limit Kubernetes copies into it when only the limit is set
 * (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/).
 */
export interface EffectiveRequest {
  value?: number;
  raw?: string;
  fromLimit: boolean;
}

export function effectiveRequest(container: YAMLMap, doc: Document, resource: string): EffectiveRequest {
  const resources = asMap(get(container, 'resources', doc), doc);
  for (const section of ['requests', 'limits'] as const) {
    const raw = goValue(get(asMap(get(resources, section, doc), doc), resource, doc), doc);
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const q = parseK8sQuantity(raw);
    // A malformed value is k8s/invalid-quantity's finding; here it is "set".
    return { value: q.ok ? q.value : undefined, raw: String(raw), fromLimit: section === 'limits' };
  }
  return { fromLimit: false };
}

/** Set (as a request or a limit) for this resource, valid or not. */
export function hasRequest(container: YAMLMap, doc: Document, resource: string): boolean {
  return effectiveRequest(container, doc, resource).raw !== undefined;
}

/** Placeholders the missing-requests fixes insert; the docs say to measure and adjust them. */
export const PLACEHOLDER_REQUESTS: Record<'cpu' | 'memory', string> = { cpu: '100m', memory: '128Mi' };

/**
 * The edit that adds `requests.<resource>: <placeholder>` for each missing resource to a
 * container (or a Helm block): into `requests`, creating `resources:` and `requests:` as needed;
 * an empty `resources: {}` is replaced by a flow map. Null when that is not one plain insertion.
 */
export function addRequestsEdit(
  text: string,
  owner: YAMLMap,
  doc: Document,
  missing: readonly ('cpu' | 'memory')[],
): Edit | null {
  const values = missing.map((r) => [r, PLACEHOLDER_REQUESTS[r]] as const);
  const resourcesPair = getPair(owner, 'resources');
  const resources = resourcesPair ? deref(resourcesPair.value, doc) : null;
  if (resourcesPair && resourcesPair.value !== resources) return null; // an alias: other blocks read it too
  const empty = resources && asMap(resources, doc) && pairs(asMap(resources, doc)).length === 0;
  if (empty) {
    const r = nodeRange(resources);
    return { start: r.start, end: r.end, text: `{requests: {${values.map(([k, v]) => `${k}: ${v}`).join(', ')}}}` };
  }
  const requestsPair = resources ? getPair(asMap(resources, doc), 'requests') : null;
  const requests = requestsPair ? deref(requestsPair.value, doc) : null;
  if (requestsPair && (requestsPair.value !== requests || !asMap(requests, doc))) return null;
  if (requests && pairs(asMap(requests, doc)).length === 0) {
    const r = nodeRange(requests);
    return { start: r.start, end: r.end, text: `{${values.map(([k, v]) => `${k}: ${v}`).join(', ')}}` };
  }
  return addEntriesEdit(text, owner, ['resources', 'requests'], values);
}

/** Where a finding about a whole container goes: its `resources` key, else its name, else its first key. */
export function containerRange(c: PodContainer, doc: Document): Range {
  const resources = getPair(c.map, 'resources');
  if (resources) return keyRange(resources);
  const name = getPair(c.map, 'name');
  if (name) return nodeRange(deref(name.value, doc) ?? name);
  const first = ownPairs(c.map)[0];
  return first ? keyRange(first) : nodeRange(c.map);
}

export function entryRange(entry: QuantityEntry): Range {
  return nodeRange(entry.node);
}

/** What a suggested quantity means, for fix titles: `953.67 MiB` for `1G` of memory, '' for others. */
export function quantityMeaning(resource: string, text: string): string {
  const q = parseK8sQuantity(text);
  if (!q.ok) return '';
  return isByteResource(resource) ? humanBytes(q.value) : humanCores(q.value);
}
