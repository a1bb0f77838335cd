/** The size of the cluster as `.scalewise.yaml` (or node counting) gives it, read by the Run:ai sizing rules. */
import type { ClusterFacts } from '../types';

/**
 * "In large clusters (100 nodes or 1500 GPUs or more), we recommend the following configuration"
 * (run-ai/docs@1530a5a:docs/admin/config/large-clusters.md).
 */
export const RUNAI_LARGE_CLUSTER = { nodes: 100, gpus: 1500 } as const;

export interface ClusterSize {
  large: boolean;
  known: boolean;
  /** `150 nodes and 1200 GPUs`. */
  text: string;
}

export function clusterSize(cluster: ClusterFacts): ClusterSize {
  const { nodes, gpus } = cluster;
  const large = (nodes ?? 0) >= RUNAI_LARGE_CLUSTER.nodes || (gpus ?? 0) >= RUNAI_LARGE_CLUSTER.gpus;
  const text = [nodes !== undefined ? `${nodes} nodes` : '', gpus !== undefined ? `${gpus} GPUs` : '']
    .filter(Boolean)
    .join(' and ');
  return { large, known: nodes !== undefined || gpus !== undefined, text };
}
