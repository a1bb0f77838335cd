/**
 * Prometheus remote-write queues, wherever they are written: a Prometheus server config
 * (`remote_write[].queue_config`, snake_case), a Prometheus Operator `Prometheus` /
 * `PrometheusAgent` resource (`spec.remoteWrite[].queueConfig`, camelCase) and a Run:ai
 * `RunaiConfig` (`spec.prometheus.remoteWrite.queueConfig`, camelCase).
 */
import { type Document, type Pair, type YAMLMap } from 'yaml';
import type { KindOrNone, ParsedFile } from '../types';
import { asMap, asSeq, deref, get, getPair, intValue, isMap, isSeq, stringValue } from '../yaml-ast';
import { memoized } from './memo';
import { runaiConfigs } from './runai-config';

export type QueueField = 'capacity' | 'minShards' | 'maxShards' | 'maxSamplesPerSend';

/**
 * Current Prometheus defaults (`DefaultQueueConfig`, prometheus/prometheus@d15adb9:config/config.go,
 * v3.14.0). The Prometheus Operator sets none of its own, so these apply to its resources too
 * (prometheus-operator/prometheus-operator@6adcebc:pkg/apis/monitoring/v1/prometheus_types.go).
 */
export const QUEUE_DEFAULTS: Record<QueueField, number> = {
  capacity: 10000,
  minShards: 1,
  maxShards: 50,
  maxSamplesPerSend: 2000,
};

export const SNAKE_KEYS: Record<QueueField, string> = {
  capacity: 'capacity',
  minShards: 'min_shards',
  maxShards: 'max_shards',
  maxSamplesPerSend: 'max_samples_per_send',
};

/**
 * "The default values for `capacity: 10000` and `max_samples_per_send: 2000` will constrain shard
 * memory usage to less than 2 MB per shard" (prometheus/docs@c105550:docs/practices/remote_write.md):
 * 2 MB over 12,000 samples, about 167 bytes per pending sample. An upper bound per sample derived
 * from that one sentence, not a measurement.
 */
export const BYTES_PER_PENDING_SAMPLE = 2_000_000 / 12_000;

export type QueueStyle = 'snake' | 'camel';

export interface QueueSite {
  doc: Document;
  style: QueueStyle;
  /** The remote-write entry (`remote_write[i]`, `spec.remoteWrite[i]` or RunaiConfig's `remoteWrite` map). */
  owner: YAMLMap;
  /** `queue_config:` / `queueConfig:` when written. */
  pair: Pair | null;
  map: YAMLMap | null;
  /** For messages: `remote_write[0]`, `spec.remoteWrite[1]`, `spec.prometheus.remoteWrite`. */
  where: string;
}

export function keyFor(style: QueueStyle, field: QueueField): string {
  return style === 'snake' ? SNAKE_KEYS[field] : field;
}

export function queueKey(style: QueueStyle): string {
  return style === 'snake' ? 'queue_config' : 'queueConfig';
}

function site(doc: Document, style: QueueStyle, owner: YAMLMap, where: string): QueueSite {
  const pair = getPair(owner, queueKey(style));
  return { doc, style, owner, pair, map: pair ? asMap(pair.value, doc) : null, where };
}

function listSites(doc: Document, seqNode: unknown, style: QueueStyle, where: string): QueueSite[] {
  const seq = asSeq(seqNode, doc);
  if (!seq) return [];
  const out: QueueSite[] = [];
  seq.items.forEach((item, i) => {
    const m = asMap(item, doc);
    if (m) out.push(site(doc, style, m, `${where}[${i}]`));
  });
  return out;
}

/** Is this document a Prometheus Operator `Prometheus` or `PrometheusAgent`? */
export function isOperatorPrometheus(root: unknown, doc: Document): boolean {
  const m = asMap(root, doc);
  if (!m) return false;
  const apiVersion = stringValue(get(m, 'apiVersion', doc), doc) ?? '';
  const kind = stringValue(get(m, 'kind', doc), doc);
  return apiVersion.startsWith('monitoring.coreos.com/') && (kind === 'Prometheus' || kind === 'PrometheusAgent');
}

/** RunaiConfig: the documented map form, and the list forms a Prometheus-Operator-shaped spec would use. */
export function runaiQueueSites(root: unknown, doc: Document): QueueSite[] {
  const prometheus = asMap(get(asMap(get(asMap(root, doc), 'spec', doc), doc), 'prometheus', doc), doc);
  if (!prometheus) return [];
  const out: QueueSite[] = [];
  const rw = deref(getPair(prometheus, 'remoteWrite')?.value, doc);
  if (isMap(rw)) out.push(site(doc, 'camel', rw, 'spec.prometheus.remoteWrite'));
  else if (isSeq(rw)) for (const s of listSites(doc, rw, 'camel', 'spec.prometheus.remoteWrite')) out.push(s);
  const inner = asMap(get(prometheus, 'spec', doc), doc);
  for (const s of listSites(doc, get(inner, 'remoteWrite', doc), 'camel', 'spec.prometheus.spec.remoteWrite'))
    out.push(s);
  return out;
}

/** Every remote-write entry of the file, with its queue config when it has one. */
export function queueSites(file: ParsedFile, kind: KindOrNone): QueueSite[] {
  return memoized(file, `queueSites:${kind}`, (f) => readQueueSites(f, kind));
}

function readQueueSites(file: ParsedFile, kind: KindOrNone): QueueSite[] {
  const out: QueueSite[] = [];
  if (kind === 'runai-config') {
    // A loop, not push(...sites): a spread of a long list overflows the stack.
    for (const c of runaiConfigs(file)) for (const s of runaiQueueSites(c.root, c.doc)) out.push(s);
    return out;
  }
  for (const d of file.documents) {
    const root = asMap(d.root, d.doc);
    if (!root) continue;
    let sites: QueueSite[] = [];
    if (kind === 'prometheus') sites = listSites(d.doc, get(root, 'remote_write', d.doc), 'snake', 'remote_write');
    else if (kind === 'kubernetes' && isOperatorPrometheus(root, d.doc)) {
      sites = listSites(
        d.doc,
        get(asMap(get(root, 'spec', d.doc), d.doc), 'remoteWrite', d.doc),
        'camel',
        'spec.remoteWrite',
      );
    }
    // A loop, not push(...sites): a spread of a long list overflows the stack.
    for (const s of sites) out.push(s);
  }
  return out;
}

export interface QueueValue {
  /** The value in effect: the written one, else the Prometheus default. */
  value: number;
  /** The written pair, when there is one with an integer value. */
  pair: Pair | null;
  written: boolean;
}

export function queueValue(s: QueueSite, field: QueueField): QueueValue {
  const pair = getPair(s.map, keyFor(s.style, field));
  const v = pair ? intValue(pair.value, s.doc) : undefined;
  if (pair && v !== undefined) return { value: v, pair, written: true };
  return { value: QUEUE_DEFAULTS[field], pair: null, written: false };
}

/** `max_shards × (capacity + max_samples_per_send)`: the pending samples the queue can hold at most. */
export function worstCaseSamples(s: QueueSite): {
  shards: QueueValue;
  capacity: QueueValue;
  perSend: QueueValue;
  samples: number;
  bytes: number;
} {
  const shards = queueValue(s, 'maxShards');
  const capacity = queueValue(s, 'capacity');
  const perSend = queueValue(s, 'maxSamplesPerSend');
  const samples = shards.value * (capacity.value + perSend.value);
  return { shards, capacity, perSend, samples, bytes: samples * BYTES_PER_PENDING_SAMPLE };
}
