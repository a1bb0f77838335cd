import { isMap } from 'yaml';
import { defineRule } from '../define-rule';
import { formatK8sCpu, formatK8sMemory, parseK8sQuantity } from '../quantity/k8s-quantity';
import { asMap, get, getPair, getPath, keyRange, nodeRange, scalarValue } from '../yaml-ast';

/**
 * "In large clusters (100 nodes or 1500 GPUs or more), we recommend the following configuration
 * for SchedulingServices and SyncServices groups" (run-ai/docs@1530a5a:docs/admin/config/large-clusters.md).
 */
export const LARGE_CLUSTER = { nodes: 100, gpus: 1500 };
export const LARGE_CLUSTER_RESOURCES = {
  requests: { cpu: 1, memory: 2 ** 30 },
  limits: { cpu: 2, memory: 2 * 2 ** 30 },
} as const;
const GROUPS = ['schedulingServices', 'syncServices'] as const;

export default defineRule(
  {
    id: 'runai/service-group-undersized',
    kinds: ['runai-config'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      below: (d) => `${d.group} ${d.field} is ${d.actual}; Run:ai recommends at least ${d.expected} for clusters of ${d.size}.`,
      missing: (d) => `${d.group} has no resources.${d.field}; Run:ai recommends ${d.expected} for clusters of ${d.size}.`,
    },
    docs: {
      summary: 'Run:ai scheduling and sync services need more CPU and memory on large clusters.',
      why:
        'The Run:ai scheduler, binder, pod grouper and the cluster-sync services run with small defaults (`resources: {}`). On clusters of 100 nodes or 1,500 GPUs and more, Run:ai recommends requests of 1 CPU and 1Gi and limits of 2 CPU and 2Gi for the `schedulingServices` and `syncServices` groups; below that the scheduler is throttled or OOM-killed and jobs wait. The cluster size comes from `.scalewise.yaml` (`cluster.nodes`, `cluster.gpus`); without it, the rule stays silent and the code lens says what it would check. Newer NVIDIA Run:ai docs give a finer table (small 30 nodes: 1 CPU/1GB; medium 100: 2 CPU/2GB; large 500: 2 CPU/7GB requests for scheduling services), which issue #4 adds.',
      bad: '# scalewise: kind=runai-config\napiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    schedulingServices:\n      resources:\n        requests:\n          cpu: 100m\n          memory: 512Mi\n        limits:\n          cpu: 1\n          memory: 1Gi\n    syncServices:\n      resources:\n        requests: {cpu: 1, memory: 1Gi}\n        limits: {cpu: 2, memory: 2Gi}\n',
      good: '# scalewise: kind=runai-config\napiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    schedulingServices:\n      resources:\n        requests: {cpu: 1, memory: 1Gi}\n        limits: {cpu: 2, memory: 2Gi}\n    syncServices:\n      resources:\n        requests: {cpu: 1, memory: 1Gi}\n        limits: {cpu: 2, memory: 2Gi}\n',
      uncertain: 'The finer size table of the newer NVIDIA docs comes from search excerpts, not a full page read; this rule uses only the large-cluster numbers of run-ai/docs.',
      exampleConfig: { cluster: { nodes: 150 } },
      sources: [
        'run-ai/docs@1530a5a:docs/admin/config/large-clusters.md',
        'run-ai/docs@ae8b5dc:docs/admin/config/advanced-cluster-config.md (defaults `{resources: {}}`)',
      ],
    },
  },
  (ctx) => {
    const { nodes, gpus } = ctx.config.cluster;
    const large = (nodes ?? 0) >= LARGE_CLUSTER.nodes || (gpus ?? 0) >= LARGE_CLUSTER.gpus;
    const size = [nodes !== undefined ? `${nodes} nodes` : '', gpus !== undefined ? `${gpus} GPUs` : ''].filter(Boolean).join(' and ');
    for (const d of ctx.file.documents) {
      const global = asMap(getPath(d.root, ['spec', 'global'], d.doc), d.doc);
      if (!isMap(d.root) || String(scalarValue(get(d.root, 'kind', d.doc), d.doc)) !== 'RunaiConfig') continue;
      const anchorRange = global ? nodeRange(getPair(asMap(get(d.root, 'spec', d.doc), d.doc), 'global')?.key as never) : nodeRange(d.root);
      if (!large) {
        ctx.hint({
          range: anchorRange,
          title: `Run:ai sizing: set cluster.nodes or cluster.gpus in .scalewise.yaml to check service groups (large = ${LARGE_CLUSTER.nodes}+ nodes or ${LARGE_CLUSTER.gpus}+ GPUs)`,
          lens: true,
        });
        continue;
      }
      ctx.hint({
        range: anchorRange,
        title: `Run:ai large cluster (${size}): scheduling and sync services want requests 1 CPU / 1Gi, limits 2 CPU / 2Gi`,
        lens: true,
      });
      for (const group of GROUPS) {
        const groupPair = getPair(global, group);
        const resources = asMap(getPath(global, [group, 'resources'], d.doc), d.doc);
        if (!resources || resources.items.length === 0) {
          ctx.report({
            messageId: 'missing',
            data: { group, field: 'requests and limits', expected: 'requests 1 CPU / 1Gi, limits 2 CPU / 2Gi', size },
            range: groupPair ? keyRange(groupPair) : anchorRange,
          });
          continue;
        }
        for (const section of ['requests', 'limits'] as const) {
          for (const res of ['cpu', 'memory'] as const) {
            const want = LARGE_CLUSTER_RESOURCES[section][res];
            const expected = res === 'cpu' ? formatK8sCpu(want) : formatK8sMemory(want);
            const valuePair = getPair(asMap(get(resources, section, d.doc), d.doc), res);
            if (!valuePair) {
              ctx.report({
                messageId: 'missing',
                data: { group, field: `${section}.${res}`, expected, size },
                range: groupPair ? keyRange(groupPair) : anchorRange,
              });
              continue;
            }
            const raw = scalarValue(valuePair.value, d.doc);
            const q = typeof raw === 'string' || typeof raw === 'number' ? parseK8sQuantity(raw) : null;
            if (!q || !q.ok || q.value >= want) continue; // malformed quantities are schema/mismatch's
            ctx.report({
              messageId: 'below',
              data: { group, field: `${section}.${res}`, actual: String(raw), expected, size },
              range: nodeRange(valuePair.value as never),
            });
          }
        }
      }
    }
  },
);
