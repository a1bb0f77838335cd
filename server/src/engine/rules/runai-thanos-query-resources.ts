import { defineRule } from '../define-rule';
import { clusterSize } from '../model/cluster-size';
import { parseK8sQuantity } from '../quantity/k8s-quantity';
import type { Range } from '../types';
import { asMap, get, getPair, goValue, keyRange, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/**
 * Large-cluster Thanos sizing, requests and limits alike. The current large-clusters guide says
 * query 3G / 1 CPU and receive 6G / 1 CPU; the older "latest" page said query 2G / 2 CPU. The two
 * versions conflict, so each value is compared with the lower of the two (run-ai/docs
 * large-clusters.md; https://docs.run.ai/latest/admin/runai-setup/config/large-clusters/).
 */
export const THANOS_MINIMUM = {
  query: {
    cpu: { value: 1, text: '1' },
    memory: { value: 2e9, text: '2G' },
    documented: 'memory 3G and cpu 1 (an older version of the guide: memory 2G and cpu 2)',
  },
  receive: { cpu: { value: 1, text: '1' }, memory: { value: 6e9, text: '6G' }, documented: 'memory 6G and cpu 1' },
} as const;
const COMPONENTS = ['query', 'receive'] as const;

export default defineRule(
  {
    id: 'runai/thanos-query-resources',
    kinds: ['helm-values'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      below: (d) => prose`
        ${d.path}.resources.${d.field} is ${d.actual}, below ${d.expected}: on a cluster of ${d.size} the
        Run:ai large-clusters guide sizes Thanos ${d.component} at ${d.documented}, for requests and limits
        alike.
      `,
      missing: (d) => prose`
        ${d.path} sets no resources.${d.field}: on a cluster of ${d.size} the Run:ai large-clusters guide
        sizes Thanos ${d.component} at ${d.documented}, for requests and limits alike (at least
        ${d.expected}).
      `,
    },
    docs: {
      summary:
        "On large clusters the Run:ai control plane's Thanos query and receive need the documented CPU and memory.",
      why: paragraph(
        "Thanos query answers the control plane's metrics queries (dashboards, usage reports) and Thanos",
        'receive ingests the remote-write traffic of the clusters, so both grow with the cluster. For',
        'clusters of 100 nodes or 1,500 GPUs and more, the Run:ai large-clusters guide sets',
        '`thanos.query.resources.{limits,requests}.memory=3G` and `…cpu=1`, and',
        '`thanos.receive.resources.{limits,requests}.memory=6G` and `…cpu=1`. An older version of the same',
        'page said `memory=2G` and `cpu=2` for query (and older still, 2 CPU / 2 GB by `kubectl edit',
        'deploy`). Since the versions conflict, the rule compares each value with the lower one: query at',
        'least 1 CPU and 2G, receive at least 1 CPU and 6G. The cluster size comes from `.scalewise.yaml`',
        '(`cluster.nodes`, `cluster.gpus`); without it the rule stays silent. Only values files that have',
        'a `thanos:` block are checked, and then both components: a file that sizes query but not receive',
        'is reported. A memory value in millis (`3000m`) or a malformed quantity is left to the rules',
        'about those.',
      ),
      bad: yaml`
        control-plane:
          backend:
            autoscaling:
              enabled: true
          frontend:
            autoscaling:
              enabled: true
          grafana:
            autoscaling:
              enabled: true
              minReplicas: 2
          thanos:
            query:
              resources:
                requests: {cpu: 500m, memory: 1G}
                limits: {cpu: 1, memory: 2G}
            receive:
              resources:
                requests: {cpu: 1, memory: 6G}
                limits: {cpu: 1, memory: 6G}
      `,
      good: yaml`
        control-plane:
          backend:
            autoscaling:
              enabled: true
          frontend:
            autoscaling:
              enabled: true
          grafana:
            autoscaling:
              enabled: true
              minReplicas: 2
          thanos:
            query:
              resources:
                requests: {cpu: 1, memory: 3G}
                limits: {cpu: 1, memory: 3G}
            receive:
              resources:
                requests: {cpu: 1, memory: 6G}
                limits: {cpu: 1, memory: 6G}
      `,
      exampleFile: 'values.yaml',
      exampleConfig: { cluster: { nodes: 150 } },
      uncertain: paragraph(
        'The two versions of the Run:ai large-clusters guide conflict for Thanos query (current: memory',
        '3G, cpu 1; older "latest" page: memory 2G, cpu 2); this rule uses the lower of each (2G, 1 CPU),',
        "so it may accept a query sized below what the version you run recommends. The chart's default",
        'Thanos resources are not public.',
      ),
      sources: [
        'run-ai/docs@1530a5a:docs/admin/config/large-clusters.md (query memory 3G / cpu 1, receive memory 6G / cpu 1; "100 nodes or 1500 GPUs or more")',
        'https://docs.run.ai/latest/admin/runai-setup/config/large-clusters/ (older version: query memory 2G, cpu 2)',
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (quantities: `G` is 10^9 bytes)',
      ],
    },
  },
  (ctx) => {
    const size = clusterSize(ctx.config.cluster);
    if (!size.large) return;
    for (const cp of ctx.models.controlPlane) {
      const prefix = cp.path.length > 0 ? `${cp.path.join('.')}.` : '';
      const thanosPair = getPair(cp.map, 'thanos');
      const thanos = thanosPair ? asMap(thanosPair.value, cp.doc) : null;
      // A file that does not size Thanos at all leaves it to the chart or the release; one that does should size both.
      if (!thanosPair || !thanos) continue;
      for (const component of COMPONENTS) {
        const want = THANOS_MINIMUM[component];
        const path = `${prefix}thanos.${component}`;
        const componentPair = getPair(thanos, component);
        const componentMap = componentPair ? asMap(componentPair.value, cp.doc) : null;
        const resourcesPair = getPair(componentMap, 'resources');
        const resources = resourcesPair ? asMap(resourcesPair.value, cp.doc) : null;
        // The nearest key that exists, for what is missing below it.
        const near: Range = resourcesPair
          ? keyRange(resourcesPair)
          : componentPair
            ? keyRange(componentPair)
            : keyRange(thanosPair);
        const base = { path, component, size: size.text, documented: want.documented };
        if (!resources || resources.items.length === 0) {
          ctx.report({
            messageId: 'missing',
            data: { ...base, field: 'requests and limits', expected: `${want.cpu.text} CPU and ${want.memory.text}` },
            range: near,
          });
          continue;
        }
        for (const section of ['requests', 'limits'] as const) {
          for (const res of ['cpu', 'memory'] as const) {
            const pair = getPair(asMap(get(resources, section, cp.doc), cp.doc), res);
            const expected = want[res].text;
            if (!pair) {
              ctx.report({
                messageId: 'missing',
                data: { ...base, field: `${section}.${res}`, expected },
                range: near,
              });
              continue;
            }
            const raw = goValue(pair.value, cp.doc);
            const q = typeof raw === 'string' || typeof raw === 'number' ? parseK8sQuantity(raw) : null;
            // Malformed, or memory in millis: other rules say what is wrong with those.
            if (!q || !q.ok || (res === 'memory' && ['m', 'u', 'n'].includes(q.suffix))) continue;
            if (q.value >= want[res].value) continue;
            ctx.report({
              messageId: 'below',
              data: { ...base, field: `${section}.${res}`, actual: String(raw), expected },
              range: nodeRange(pair.value as never),
            });
          }
        }
      }
    }
  },
);
