/**
 * What a cluster can still take, per node: the shape the "will it fit?" maths
 * (engine/sizing/fit.ts) reads, filled from a live context by `readClusterCapacity`
 * (actions/kubernetes.ts) or from the nodes declared in `.scalewise.yaml`. Types only: importing
 * it loads no Kubernetes client.
 */

export interface NodeResources {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

export interface NodeCapacity {
  name: string;
  /** The node's `status.allocatable` (capacity minus what the kubelet reserves). */
  allocatable: NodeResources;
  /**
   * What the pods bound to it and not terminated (phase neither Succeeded nor Failed) request, as
   * the scheduler counts it: per pod the larger of its containers' sum and its largest init
   * container, plus the pod overhead; `pods` is how many such pods run there.
   */
  requested: NodeResources;
}

export interface ClusterCapacity {
  /** Where it came from: "context prod (3 nodes, allocatable minus running pods' requests)". */
  source: string;
  nodes: NodeCapacity[];
}
