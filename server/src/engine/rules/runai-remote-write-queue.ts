import { type Node, type YAMLMap } from 'yaml';
import { defineRule } from '../define-rule';
import { clusterSize } from '../model/cluster-size';
import { QUEUE_DEFAULTS, queueValue, runaiQueueSites, type QueueField } from '../model/prometheus';
import type { Edit } from '../types';
import { asMap, get, getPair, isMap, keyRange, nodeRange, stringValue } from '../yaml-ast';
import { addEntriesEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

/**
 * "Under `prometheus.remoteWrite` add the following: queueConfig: capacity: 5000,
 * maxSamplesPerSend: 1000, maxShards: 100" (run-ai/docs@1530a5a:docs/admin/config/large-clusters.md).
 */
export const RUNAI_QUEUE: Readonly<Record<Exclude<QueueField, 'minShards'>, number>> = {
  capacity: 5000,
  maxSamplesPerSend: 1000,
  maxShards: 100,
};
const FIELDS = Object.keys(RUNAI_QUEUE) as (keyof typeof RUNAI_QUEUE)[];

/** `spec.prometheus.spec.retention` default (run-ai/docs@ae8b5dc:docs/admin/config/advanced-cluster-config.md). */
const DEFAULT_RETENTION_MS = 2 * 3600_000;
// Without a prototype: it is looked up by the text's own units.
const UNIT_MS: Record<string, number> = Object.assign(Object.create(null), {
  y: 365 * 86400_000,
  w: 7 * 86400_000,
  d: 86400_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
});

/** A Prometheus duration (`2h`, `1d12h`, `90m`), in milliseconds; undefined when it is not one. */
export function parsePromDuration(text: string): number | undefined {
  if (!/^(\d+(y|w|d|h|ms|m|s))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(y|w|d|h|ms|m|s)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

/** The documented block as entries for addEntriesEdit. */
const ENTRIES: [string, string][] = FIELDS.map((f) => [f, String(RUNAI_QUEUE[f])]);

/**
 * Inserts `path` (created) and `entries` before the first key of a block map, where the fix is
 * easy to see. A flow map gets no fix (as before).
 */
function atTop(text: string, map: YAMLMap | null, path: string[], entries: [string, string][]): Edit | null {
  return map && !map.flow ? addEntriesEdit(text, map, path, entries, { first: true }) : null;
}

export default defineRule(
  {
    id: 'runai/remote-write-queue',
    kinds: ['runai-config'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      missing: (d) =>
        prose`
          No prometheus.remoteWrite.queueConfig on a cluster of ${d.size}: Run:ai's large-cluster guide asks
          for capacity 5000, maxSamplesPerSend 1000 and maxShards 100 so that Prometheus sends larger batches
          over fewer connections (without it, Prometheus' default of 50 shards applies). Bigger queues need
          more memory: Run:ai suggests a shorter metrics retention (spec.prometheus.spec.retention).
        `,
      below: (d) =>
        prose`
          queueConfig.${d.field} is ${d.actual} on a cluster of ${d.size}; Run:ai's large-cluster guide asks
          for ${d.expected}. Bigger queues need more memory: Run:ai suggests a shorter metrics retention.
        `,
      missingField: (d) => prose`
        queueConfig has no ${d.field}, so Prometheus' default of ${d.actual} applies; Run:ai's large-cluster
        guide asks for ${d.expected} on a cluster of ${d.size}.
      `,
      retention: (d) =>
        prose`
          Metrics retention ${d.actual} is longer than the default 2h while the remote-write queues are
          enlarged; Run:ai suggests reducing retention to make room for the queues' memory.
        `,
      fixBlock: () =>
        'Add the queueConfig Run:ai recommends for large clusters (capacity 5000, maxSamplesPerSend 1000, maxShards 100)',
      fixValue: (d) => `Set ${d.field} to ${d.expected}`,
    },
    docs: {
      summary: 'On large Run:ai clusters, Prometheus remote write needs the queue settings of the large-cluster guide.',
      why: paragraph(
        'In a Run:ai cluster, Prometheus remote-writes the cluster metrics to the control plane. On large',
        'clusters (100 nodes or 1,500 GPUs and more) Run:ai says this strains the connection and asks,',
        'under `prometheus.remoteWrite` of the `RunaiConfig`, for `queueConfig: {capacity: 5000,',
        'maxSamplesPerSend: 1000, maxShards: 100}` "to send information in larger bulks and reduce the',
        'number of network connections". The rule reports a missing `queueConfig` and values below those',
        '(a field that is not written takes the Prometheus default: capacity 10000, maxSamplesPerSend',
        '2000, maxShards 50, so only a missing `maxShards` falls short). Run:ai adds that the larger',
        'queues increase memory and "it is hence suggested to reduce the metrics retention period": every',
        'finding says so, and an enlarged queue next to a retention longer than the default 2h is a hint.',
        'The cluster size comes from `.scalewise.yaml` (`cluster.nodes`, `cluster.gpus`) or from counting',
        'the nodes (`scalewise.cluster.countNodes`, `--count-nodes`).',
      ),
      bad: yaml`
        # scalewise: kind=runai-config
        apiVersion: run.ai/v1
        kind: RunaiConfig
        metadata:
          name: runai
        spec:
          global:
            schedulingServices:
              resources:
                requests: {cpu: 2, memory: 2Gi}
                limits: {cpu: 2, memory: 2Gi}
            syncServices:
              resources:
                requests: {cpu: 1, memory: 1Gi}
                limits: {cpu: 2, memory: 2Gi}
          prometheus:
            logLevel: info
      `,
      good: yaml`
        # scalewise: kind=runai-config
        apiVersion: run.ai/v1
        kind: RunaiConfig
        metadata:
          name: runai
        spec:
          global:
            schedulingServices:
              resources:
                requests: {cpu: 2, memory: 2Gi}
                limits: {cpu: 2, memory: 2Gi}
            syncServices:
              resources:
                requests: {cpu: 1, memory: 1Gi}
                limits: {cpu: 2, memory: 2Gi}
          prometheus:
            logLevel: info
            remoteWrite:
              queueConfig:
                capacity: 5000
                maxSamplesPerSend: 1000
                maxShards: 100
      `,
      exampleConfig: { cluster: { nodes: 150 } },
      uncertain: paragraph(
        'The docs say "under `prometheus.remoteWrite`"; whether the full path is',
        '`spec.prometheus.remoteWrite.queueConfig` (a map, as the fix writes it) or a list under',
        '`spec.prometheus.spec.remoteWrite[]` is not shown publicly, so the rule accepts both. Current',
        "Prometheus defaults (capacity 10000, max_samples_per_send 2000) are already above Run:ai's",
        'capacity and samples per send; the guide may have been written against an older Prometheus',
        "(inference), so only values below Run:ai's numbers are reported. The retention hint compares with",
        'the documented default of 2h; the docs give no target.',
      ),
      fixNotes: paragraph(
        'The fixes change how much a live Prometheus buffers and how many connections it opens, so they are',
        'suggestions: the documented block is inserted under `spec.prometheus.remoteWrite` (creating',
        '`remoteWrite` or `prometheus` when missing), or a value below the documented one is raised to it.',
      ),
      sources: [
        paragraph(
          'run-ai/docs@1530a5a:docs/admin/config/large-clusters.md (queueConfig capacity 5000,',
          'maxSamplesPerSend 1000, maxShards 100; "reduce the metrics retention period"; large = 100 nodes',
          'or 1500 GPUs)',
        ),
        'run-ai/docs@ae8b5dc:docs/admin/config/advanced-cluster-config.md (spec.prometheus.spec.retention, default 2h)',
        'prometheus/prometheus@d15adb9:config/config.go (DefaultQueueConfig: capacity 10000, max_shards 50, max_samples_per_send 2000)',
        'prometheus-operator/prometheus-operator@6adcebc:pkg/apis/monitoring/v1/prometheus_types.go (QueueConfig camelCase fields, no operator defaults)',
      ],
    },
  },
  (ctx) => {
    const cluster = clusterSize(ctx.config.cluster);
    if (!cluster.large) return;
    const size = cluster.text;
    const text = ctx.file.text;
    for (const d of ctx.models.runaiConfig) {
      const root = d.root;
      const sites = runaiQueueSites(root, d.doc);
      const withQueue = sites.filter((s) => s.pair);

      if (withQueue.length === 0) {
        const { specPair, spec, prometheusPair: promPair, prometheus: prom } = d;
        const rwPair = getPair(prom, 'remoteWrite');
        const rw = rwPair ? asMap(rwPair.value, d.doc) : null;
        let edit: Edit | null = null;
        if (rw) edit = atTop(text, rw, ['queueConfig'], ENTRIES);
        else if (prom && !rwPair) edit = atTop(text, prom, ['remoteWrite', 'queueConfig'], ENTRIES);
        else if (spec && !promPair) edit = atTop(text, spec, ['prometheus', 'remoteWrite', 'queueConfig'], ENTRIES);
        const anchor = rwPair ?? promPair ?? specPair;
        ctx.report({
          messageId: 'missing',
          data: { size },
          range: anchor ? keyRange(anchor) : nodeRange(d.root),
          fixes: edit ? [{ title: ctx.message('fixBlock'), safety: 'suggestion', edits: [edit] }] : [],
        });
        continue;
      }

      for (const s of withQueue) {
        let short = false;
        for (const field of FIELDS) {
          const v = queueValue(s, field);
          const expected = RUNAI_QUEUE[field];
          if (v.value >= expected) continue;
          short = true;
          if (v.pair) {
            const r = nodeRange(v.pair.value as Node);
            ctx.report({
              messageId: 'below',
              data: { field, actual: v.value, expected, size },
              range: r,
              fixes: [
                {
                  title: ctx.message('fixValue', { field, expected }),
                  safety: 'suggestion',
                  edits: [{ ...r, text: String(expected) }],
                },
              ],
            });
          } else {
            const edit = isMap(s.map) ? atTop(text, s.map, [], [[field, String(expected)]]) : null;
            ctx.report({
              messageId: 'missingField',
              data: { field, actual: QUEUE_DEFAULTS[field], expected, size },
              range: keyRange(s.pair!),
              fixes: edit
                ? [{ title: ctx.message('fixValue', { field, expected }), safety: 'suggestion', edits: [edit] }]
                : [],
            });
          }
        }
        if (short) continue;
        const retentionPair = getPair(asMap(getPathMap(root, d.doc), d.doc), 'retention');
        const retention = retentionPair ? stringValue(retentionPair.value, d.doc) : undefined;
        const ms = retention ? parsePromDuration(retention) : undefined;
        if (retentionPair && ms !== undefined && ms > DEFAULT_RETENTION_MS) {
          ctx.report({
            messageId: 'retention',
            severity: 'hint',
            data: { actual: retention! },
            range: nodeRange(retentionPair.value as Node),
          });
        }
        break; // one retention hint per document
      }
    }
  },
);

/** `spec.prometheus.spec`, where Run:ai documents `retention`. */
function getPathMap(root: YAMLMap, doc: Parameters<typeof get>[2]): Node | null {
  return get(asMap(get(asMap(get(root, 'spec', doc), doc), 'prometheus', doc), doc), 'spec', doc);
}
