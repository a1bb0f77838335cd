import type { Node } from 'yaml';
import { defineRule } from '../define-rule';
import {
  BYTES_PER_PENDING_SAMPLE,
  keyFor,
  QUEUE_DEFAULTS,
  queueValue,
  worstCaseSamples,
  type QueueValue,
} from '../model/prometheus';
import type { Edit } from '../types';
import { keyRange, nodeRange } from '../yaml-ast';
import { addEntriesEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

/** "It is recommended to set capacity to 3-10 times `max_samples_per_send`." (prometheus/docs@c105550:docs/practices/remote_write.md) */
export const CAPACITY_RATIO = { low: 3, high: 10 };

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const note = (v: QueueValue) => (v.written ? '' : ' (the default)');

function humanMB(bytes: number): string {
  const mb = bytes / 1_000_000;
  return mb >= 10 ? `${fmt(mb)} MB` : `${mb.toFixed(1)} MB`;
}

export default defineRule(
  {
    id: 'prometheus/queue-config',
    kinds: ['prometheus', 'kubernetes', 'runai-config'],
    scope: 'document',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      minAboveMax: (d) =>
        prose`
          ${d.minKey} is ${d.min}, above ${d.maxKey} ${d.max}${d.maxNote}: Prometheus 3.12 and later refuse
          the configuration ("remote write queue min_shards must not be greater than max_shards"); older
          versions accepted it silently.
        `,
      capacityBelowBatch: (d) =>
        prose`
          ${d.capKey} ${d.cap}${d.capNote} is below ${d.sendKey} ${d.send}${d.sendNote}: a shard cannot buffer
          one full send, so sends go out small and the WAL reader blocks; Prometheus recommends a capacity of
          3-10 × ${d.sendKey} (${d.low}-${d.high}).
        `,
      capacityRatio: (d) =>
        `${d.capKey} ${d.cap} is ${d.ratio} × ${d.sendKey} ${d.send}; Prometheus recommends 3-10 × (${d.low}-${d.high}).`,
      fixMin: (d) => `Set ${d.minKey} to ${d.value} (${d.maxKey})`,
      fixCapacity: (d) => `Set ${d.capKey} to ${d.value} (3 × ${d.sendKey})`,
    },
    docs: {
      summary: 'Prometheus remote-write queues whose shards or capacity contradict each other.',
      why: paragraph(
        'Each remote-write shard buffers up to `capacity` samples and sends batches of up to',
        '`max_samples_per_send`. Prometheus 3.12 added validation that refuses a `min_shards` above',
        '`max_shards` (`remote write queue min_shards must not be greater than max_shards`); older',
        'versions load such a file silently. A `capacity` below `max_samples_per_send` means a shard can',
        'never fill one batch; the Prometheus remote-write guide recommends 3-10 times',
        '`max_samples_per_send`. Unset fields take the Prometheus defaults (capacity 10000, min_shards 1,',
        'max_shards 50, max_samples_per_send 2000), which the Prometheus Operator does not change. The',
        'rule reads `remote_write[].queue_config` in Prometheus config files,',
        '`spec.remoteWrite[].queueConfig` in Prometheus Operator `Prometheus` and `PrometheusAgent`',
        'resources, and `spec.prometheus.remoteWrite.queueConfig` in a Run:ai `RunaiConfig`. Hovering a',
        'queue config shows its worst-case memory: `max_shards × (capacity + max_samples_per_send)`',
        'pending samples, at about 167 bytes each (the docs\' "less than 2 MB per shard" for the default',
        '12,000 samples).',
      ),
      bad: yaml`
        remote_write:
          - url: https://metrics.example.invalid/api/v1/write
            queue_config:
              min_shards: 20
              max_shards: 10
              capacity: 500
              max_samples_per_send: 2000
      `,
      good: yaml`
        remote_write:
          - url: https://metrics.example.invalid/api/v1/write
            queue_config:
              min_shards: 1
              max_shards: 50
              capacity: 10000
              max_samples_per_send: 2000
      `,
      exampleFile: 'prometheus.yml',
      uncertain: paragraph(
        'The bytes per pending sample (about 167) is derived from the one sentence of the Prometheus docs',
        'that defaults stay "less than 2 MB per shard"; real usage depends on label sizes, and the series',
        'cache of remote write (about 25% more memory on average, per the same page) comes on top.',
        'Prometheus versions before 3.12 accept min_shards above max_shards; what they then do is not',
        'documented.',
      ),
      fixNotes: paragraph(
        'Both fixes change how much a live Prometheus buffers, so they are suggestions: lowering',
        '`min_shards` to `max_shards`, and raising `capacity` to 3 × `max_samples_per_send`.',
      ),
      sources: [
        'prometheus/prometheus@d15adb9:config/config.go (DefaultQueueConfig; QueueConfig.Validate, added in 4f2bc1d, first in v3.12.0)',
        'prometheus/prometheus@d15adb9:docs/configuration/configuration.md (queue_config fields and defaults)',
        paragraph(
          'prometheus/docs@c105550:docs/practices/remote_write.md,',
          'https://prometheus.io/docs/practices/remote_write/ (capacity 3-10 × max_samples_per_send; shard',
          'memory proportional to shards × (capacity + max_samples_per_send); defaults under 2 MB per shard)',
        ),
        'prometheus-operator/prometheus-operator@6adcebc:pkg/apis/monitoring/v1/prometheus_types.go (QueueConfig, camelCase fields, no operator defaults)',
      ],
    },
  },
  (ctx) => {
    for (const s of ctx.models.prometheusQueues) {
      if (!s.pair) continue;
      const minKey = keyFor(s.style, 'minShards');
      const maxKey = keyFor(s.style, 'maxShards');
      const capKey = keyFor(s.style, 'capacity');
      const sendKey = keyFor(s.style, 'maxSamplesPerSend');
      const w = worstCaseSamples(s);
      const min = queueValue(s, 'minShards');

      // Non-positive values are a different Prometheus error (and a schema error in RunaiConfig).
      if (min.pair && w.shards.value >= 1 && min.value > w.shards.value) {
        const data = { minKey, min: min.value, maxKey, max: w.shards.value, maxNote: note(w.shards) };
        ctx.report({
          messageId: 'minAboveMax',
          severity: 'error',
          data,
          range: nodeRange(min.pair.value as Node),
          fixes: [
            {
              title: ctx.message('fixMin', { minKey, maxKey, value: w.shards.value }),
              safety: 'suggestion',
              edits: [{ ...nodeRange(min.pair.value as Node), text: String(w.shards.value) }],
            },
          ],
        });
      }

      const { capacity, perSend } = w;
      if (capacity.value >= 1 && perSend.value >= 1 && (capacity.written || perSend.written)) {
        const target = CAPACITY_RATIO.low * perSend.value;
        const data = {
          capKey,
          cap: capacity.value,
          capNote: note(capacity),
          sendKey,
          send: perSend.value,
          sendNote: note(perSend),
          low: CAPACITY_RATIO.low * perSend.value,
          high: CAPACITY_RATIO.high * perSend.value,
        };
        const range = capacity.pair ? nodeRange(capacity.pair.value as Node) : nodeRange(perSend.pair!.value as Node);
        if (capacity.value < perSend.value) {
          // A missing capacity goes at the top of the queue map, where the fix is easy to see.
          const edit: Edit | null = capacity.pair
            ? { ...nodeRange(capacity.pair.value as Node), text: String(target) }
            : s.map && addEntriesEdit(ctx.file.text, s.map, [], [[capKey, String(target)]], { first: true });
          ctx.report({
            messageId: 'capacityBelowBatch',
            data,
            range,
            fixes: edit
              ? [
                  {
                    title: ctx.message('fixCapacity', { capKey, sendKey, value: target }),
                    safety: 'suggestion',
                    edits: [edit],
                  },
                ]
              : [],
          });
        } else if (capacity.written && (capacity.value < data.low || capacity.value > data.high)) {
          const ratio = capacity.value / perSend.value;
          ctx.report({
            messageId: 'capacityRatio',
            severity: 'hint',
            data: { ...data, ratio: Number.isInteger(ratio) ? ratio : ratio.toFixed(1) },
            range,
          });
        }
      }

      const { samples, bytes } = w;
      const shown = (v: QueueValue, label: string) => `${fmt(v.value)}${v.written ? '' : ` *(${label} default)*`}`;
      const defaults = QUEUE_DEFAULTS.maxShards * (QUEUE_DEFAULTS.capacity + QUEUE_DEFAULTS.maxSamplesPerSend);
      ctx.hint({
        range: { start: keyRange(s.pair).start, end: nodeRange(s.pair).end },
        title: `remote write queue (${s.where}): at most ${fmt(samples)} pending samples, about ${humanMB(bytes)}`,
        lens: false,
        detail: [
          `**Remote-write queue memory** (\`${s.where}\`)`,
          '',
          prose`
            ${maxKey} × (${capKey} + ${sendKey}) = ${shown(w.shards, 'Prometheus')} ×
            (${shown(capacity, 'Prometheus')} + ${shown(perSend, 'Prometheus')}) = **${fmt(samples)} samples**
            pending at most, about **${humanMB(bytes)}**.
          `,
          '',
          `- Prometheus' defaults allow ${fmt(defaults)} (50 × (10,000 + 2,000)).`,
          prose`
            - About ${Math.round(BYTES_PER_PENDING_SAMPLE)} bytes per pending sample: derived from "the
            default values for capacity: 10000 and max_samples_per_send: 2000 will constrain shard memory
            usage to less than 2 MB per shard" ([Prometheus: remote write
            tuning](https://prometheus.io/docs/practices/remote_write/)). The series cache of remote write
            comes on top (most users see about 25% more memory).
          `,
        ].join('\n'),
      });
    }
  },
);
