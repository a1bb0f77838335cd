import { defineRule } from '../define-rule';
import { clusterSize, RUNAI_LARGE_CLUSTER } from '../model/cluster-size';
import { formatK8sCpu, formatK8sMemory, parseK8sQuantity } from '../quantity/k8s-quantity';
import type { ClusterFacts, Severity } from '../types';
import { asMap, get, getPair, getPath, goValue, keyRange, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/**
 * "In large clusters (100 nodes or 1500 GPUs or more), we recommend the following configuration
 * for SchedulingServices and SyncServices groups" (run-ai/docs@1530a5a:docs/admin/config/large-clusters.md);
 * the size itself is RUNAI_LARGE_CLUSTER in model/cluster-size.ts.
 */
export const LARGE_CLUSTER_RESOURCES = {
  requests: { cpu: 1, memory: 2 ** 30 },
  limits: { cpu: 2, memory: 2 * 2 ** 30 },
} as const;
const OLD_GROUPS = ['schedulingServices', 'syncServices'] as const;
const GROUPS = ['schedulingServices', 'syncServices', 'workloadServices'] as const;
type Group = (typeof GROUPS)[number];
type Res = 'cpu' | 'memory';

/**
 * The newer NVIDIA Run:ai docs ("NVIDIA Run:ai at Scale"): CPU and memory requests of the scheduling
 * services by environment size (nodes / workloads); sync and workload services "for large
 * environments" 1-2 CPU, 1GB-2GB. The docs write GB; read here as decimal gigabytes (`G`), the
 * lenient reading. Each row applies from its node count on.
 */
export const NVIDIA_TIERS = [
  { name: 'small', nodes: 30, workloads: 480, scheduling: { cpu: 1, memory: 1e9 } },
  { name: 'medium', nodes: 100, workloads: 1600, scheduling: { cpu: 2, memory: 2e9 } },
  { name: 'large', nodes: 500, workloads: 8500, scheduling: { cpu: 2, memory: 7e9 }, others: { cpu: 1, memory: 1e9 } },
] as const;
type Tier = (typeof NVIDIA_TIERS)[number];

export function nvidiaTier(nodes: number | undefined): Tier | undefined {
  if (nodes === undefined) return undefined;
  return [...NVIDIA_TIERS].reverse().find((t) => nodes >= t.nodes);
}

/** Decimal gigabytes as the NVIDIA table writes them, as a valid quantity: `7G`. */
const formatG = (bytes: number) => `${bytes / 1e9}G`;

interface Need {
  /** From run-ai/docs large-clusters.md: below it is a warning. */
  old?: number;
  /** From the newer NVIDIA table, when it asks for more than the old docs: below it is a hint. */
  newer?: number;
  /** Report a missing value (requests always; a limit only where the old docs ask for one). */
  required: boolean;
}

/** What each group, section and resource needs for this cluster. */
export function requirements(c: ClusterFacts): Map<string, Need> {
  const out = new Map<string, Need>();
  const large = clusterSize(c).large;
  const tier = nvidiaTier(c.nodes);
  for (const group of GROUPS) {
    for (const section of ['requests', 'limits'] as const) {
      for (const res of ['cpu', 'memory'] as const) {
        const old =
          large && (OLD_GROUPS as readonly string[]).includes(group)
            ? LARGE_CLUSTER_RESOURCES[section][res]
            : undefined;
        const table = !tier
          ? undefined
          : group === 'schedulingServices'
            ? tier.scheduling
            : 'others' in tier
              ? tier.others
              : undefined;
        // The table gives requests; a limit below the request is rejected by the API server, so a
        // written limit must reach the table's request too [inference].
        const tableNeed = table?.[res];
        const newer = tableNeed !== undefined && tableNeed > (old ?? 0) ? tableNeed : undefined;
        if (old === undefined && newer === undefined) continue;
        out.set(`${group}.${section}.${res}`, { old, newer, required: old !== undefined || section === 'requests' });
      }
    }
  }
  return out;
}

function show(res: Res, n: number, newer: boolean): string {
  if (res === 'cpu') return formatK8sCpu(n);
  return newer ? formatG(n) : formatK8sMemory(n);
}

function groupSummary(needs: Map<string, Need>, group: Group, which: 'old' | 'any'): string {
  const parts: string[] = [];
  for (const section of ['requests', 'limits'] as const) {
    const cpu = needs.get(`${group}.${section}.cpu`);
    const mem = needs.get(`${group}.${section}.memory`);
    const pick = (n: Need | undefined, res: Res) => {
      if (!n) return undefined;
      if (which === 'old') return n.old !== undefined ? show(res, n.old, false) : undefined;
      return n.newer !== undefined
        ? show(res, n.newer, true)
        : n.old !== undefined
          ? show(res, n.old, false)
          : undefined;
    };
    const c = pick(cpu, 'cpu');
    const m = pick(mem, 'memory');
    if (c === undefined && m === undefined) continue;
    if (which === 'any' && section === 'limits' && !(cpu?.old !== undefined || mem?.old !== undefined)) continue;
    parts.push(`${section} ${c ?? '-'} CPU / ${m ?? '-'}`);
  }
  return parts.join(', ');
}

export default defineRule(
  {
    id: 'runai/service-group-undersized',
    kinds: ['runai-config'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      below: (d) =>
        `${d.group} ${d.field} is ${d.actual}; Run:ai recommends at least ${d.expected} for clusters of ${d.size}.`,
      missing: (d) =>
        `${d.group} has no resources.${d.field}; Run:ai recommends ${d.expected} for clusters of ${d.size}.`,
      belowNewer: (d) =>
        prose`
          ${d.group} ${d.field} is ${d.actual}; the newer NVIDIA Run:ai sizing table asks for ${d.expected} in
          ${d.tier} environments (${d.tierSize}), and this cluster has ${d.size}.
        `,
      missingNewer: (d) =>
        prose`
          ${d.group} has no resources.${d.field}; the newer NVIDIA Run:ai sizing table asks for ${d.expected}
          in ${d.tier} environments (${d.tierSize}), and this cluster has ${d.size}.
        `,
    },
    docs: {
      summary: 'Run:ai scheduling, sync and workload services need more CPU and memory as the cluster grows.',
      why: paragraph(
        'The Run:ai scheduler, binder, pod grouper and the cluster-sync services run with small defaults',
        '(`resources: {}`); too little CPU or memory throttles or OOM-kills the scheduler and jobs wait.',
        'Two generations of the Run:ai docs size them, and the rule reads both. The run-ai/docs',
        'large-clusters guide asks, from 100 nodes or 1,500 GPUs, for requests of 1 CPU / 1Gi and limits',
        'of 2 CPU / 2Gi on the `schedulingServices` and `syncServices` groups: below that is a warning.',
        "The newer NVIDIA Run:ai docs give a table by environment size for the scheduling services'",
        'requests: small (30 nodes, 480 workloads) 1 CPU / 1GB, medium (100 nodes, 1,600 workloads) 2 CPU',
        '/ 2GB, large (500 nodes, 8,500 workloads) 2 CPU / 7GB, and 1-2 CPU / 1-2GB for the sync and',
        'workload services of large environments. Where the newer table asks for more, falling short of it',
        'is a hint. The two disagree: at 100 nodes the old guide asks for a 1 CPU / 1Gi request and the',
        'new table for 2 CPU / 2GB; at 500 nodes the new 7GB request is above the old 2Gi limit, and since',
        'a request above its limit is rejected, the rule then asks a written memory limit to reach 7G too.',
        'The cluster size comes from `.scalewise.yaml` (`cluster.nodes`, `cluster.gpus`) or, when turned',
        'on, from counting the nodes of the active Kubernetes context (`scalewise.cluster.countNodes`,',
        '`scalewise lint --count-nodes`); without either the rule stays silent and the code lens says what',
        'it would check.',
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
                requests:
                  cpu: 100m
                  memory: 512Mi
                limits:
                  cpu: 1
                  memory: 1Gi
            syncServices:
              resources:
                requests: {cpu: 1, memory: 1Gi}
                limits: {cpu: 2, memory: 2Gi}
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
            remoteWrite:
              queueConfig:
                capacity: 5000
                maxSamplesPerSend: 1000
                maxShards: 100
      `,
      uncertain: paragraph(
        'The newer NVIDIA table comes from search excerpts of the NVIDIA docs, not a full page read, so it',
        'only gives hints. The rule reads each row as "from this many nodes on" (a stricter reading, the',
        'row that covers the cluster, would ask 2 CPU / 7GB from 101 nodes), reads "GB" as decimal',
        'gigabytes, ignores the workload counts (Scalewise knows nodes and GPUs only) and applies the sync',
        'and workload services\' "large environments" numbers from 500 nodes. A written limit reaching the',
        "table's request is an inference from the Kubernetes rule that requests must not exceed limits.",
      ),
      exampleConfig: { cluster: { nodes: 150 } },
      sources: [
        paragraph(
          'run-ai/docs@1530a5a:docs/admin/config/large-clusters.md (100 nodes or 1500 GPUs; requests 1 CPU /',
          '1Gi, limits 2 CPU / 2Gi for SchedulingServices and SyncServices)',
        ),
        'run-ai/docs@ae8b5dc:docs/admin/config/advanced-cluster-config.md (defaults `{resources: {}}`)',
        paragraph(
          'https://docs.nvidia.com/run-ai/self-hosted/documentation/installation-and-configuration/operate/nvidia-run-ai-at-scale',
          '(newer table: small 30 nodes / 480 workloads 1 CPU 1GB, medium 100 / 1,600 2 CPU 2GB, large 500 /',
          '8,500 2 CPU 7GB; sync and workload services 1-2 CPU, 1GB-2GB)',
        ),
        'kubernetes pkg/apis/core/validation/validation.go (a request must be less than or equal to its limit)',
      ],
    },
  },
  (ctx) => {
    const cluster = ctx.config.cluster;
    const { nodes, gpus } = cluster;
    const size = clusterSize(cluster).text;
    const needs = requirements(cluster);
    const tier = nvidiaTier(nodes);
    const tierData = tier
      ? { tier: tier.name, tierSize: `${tier.nodes} nodes / ${tier.workloads.toLocaleString('en-US')} workloads` }
      : { tier: '', tierSize: '' };
    const from = cluster.nodesSource ? ` (${cluster.nodesSource})` : '';
    for (const d of ctx.models.runaiConfig) {
      const global = d.global;
      const anchorRange = global ? nodeRange(d.globalPair?.key as never) : nodeRange(d.root);
      if (needs.size === 0) {
        ctx.hint({
          range: anchorRange,
          title:
            nodes === undefined && gpus === undefined
              ? prose`
                Run:ai sizing: set cluster.nodes or cluster.gpus in .scalewise.yaml (or turn on node counting)
                to check service groups (from ${NVIDIA_TIERS[0].nodes} nodes; large =
                ${RUNAI_LARGE_CLUSTER.nodes}+ nodes or ${RUNAI_LARGE_CLUSTER.gpus}+ GPUs)
              `
              : `Run:ai sizing for ${size}${from}: service groups need no sizing below ${NVIDIA_TIERS[0].nodes} nodes`,
          lens: true,
        });
        continue;
      }
      const summary = GROUPS.map((g) => [g, groupSummary(needs, g, 'any')] as const)
        .filter(([, s]) => s)
        .map(([g, s]) => `${g} ${s}`)
        .join('; ');
      ctx.hint({ range: anchorRange, title: `Run:ai sizing for ${size}${from}: ${summary}`, lens: true });

      for (const group of GROUPS) {
        const groupNeeds = [...needs.entries()].filter(([k]) => k.startsWith(`${group}.`));
        if (groupNeeds.length === 0) continue;
        const groupPair = getPair(global, group);
        const resources = asMap(getPath(global, [group, 'resources'], d.doc), d.doc);
        const where = groupPair ? keyRange(groupPair) : anchorRange;
        if (!resources || resources.items.length === 0) {
          const hasOld = groupNeeds.some(([, n]) => n.old !== undefined);
          if (hasOld) {
            ctx.report({
              messageId: 'missing',
              data: { group, field: 'requests and limits', expected: groupSummary(needs, group, 'old'), size },
              range: where,
            });
          } else {
            ctx.report({
              messageId: 'missingNewer',
              severity: 'hint',
              data: { group, field: 'requests', expected: groupSummary(needs, group, 'any'), size, ...tierData },
              range: where,
            });
          }
          continue;
        }
        for (const section of ['requests', 'limits'] as const) {
          for (const res of ['cpu', 'memory'] as const) {
            const need = needs.get(`${group}.${section}.${res}`);
            if (!need) continue;
            const field = `${section}.${res}`;
            const valuePair = getPair(asMap(get(resources, section, d.doc), d.doc), res);
            if (!valuePair) {
              if (!need.required) continue;
              if (need.old !== undefined)
                ctx.report({
                  messageId: 'missing',
                  data: { group, field, expected: show(res, need.old, false), size },
                  range: where,
                });
              else
                ctx.report({
                  messageId: 'missingNewer',
                  severity: 'hint',
                  data: { group, field, expected: show(res, need.newer!, true), size, ...tierData },
                  range: where,
                });
              continue;
            }
            const raw = goValue(valuePair.value, d.doc);
            const q = typeof raw === 'string' || typeof raw === 'number' ? parseK8sQuantity(raw) : null;
            if (!q || !q.ok) continue; // malformed quantities are schema/mismatch's
            const range = nodeRange(valuePair.value as never);
            if (need.old !== undefined && q.value < need.old) {
              ctx.report({
                messageId: 'below',
                data: { group, field, actual: String(raw), expected: show(res, need.old, false), size },
                range,
              });
            } else if (need.newer !== undefined && q.value < need.newer) {
              const severity: Severity = 'hint';
              ctx.report({
                messageId: 'belowNewer',
                severity,
                data: { group, field, actual: String(raw), expected: show(res, need.newer, true), size, ...tierData },
                range,
              });
            }
          }
        }
      }
    }
  },
);
