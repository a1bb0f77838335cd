/**
 * "Will it fit?": a workload's replicas × the pod's requests against the nodes of a cluster, counted
 * as the scheduler counts them (kube-scheduler's NodeResourcesFit filter: a pod fits a node when its
 * requests are within allocatable minus what the pods already there request, and a pod slot is
 * left; https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/). Limits do not
 * schedule; their sum is reported for information (overcommit).
 *
 * Pure: the capacity comes in as data, from `.scalewise.yaml` (`declaredCapacity`) or from a reader
 * of a real cluster (nodes' `status.allocatable` minus running pods' requests) in server/src/actions.
 * The answer has the shape of actions/types.ts `FitAnswer` (the engine does not import actions).
 */
import type { ClusterFacts, DeclaredNode } from '../types';
import { isDynamic, k3sNetwork, lastSetting, type K3sSetting } from '../model/k3s';
import { DEFAULT_MAX_PODS, usablePodIps } from '../quantity/cidr';
import { humanBytes, humanCores, parseK8sQuantity } from '../quantity/k8s-quantity';

export interface ResourceAmounts {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

/** One node: what it offers (`status.allocatable`) and what the pods on it already request. */
export interface NodeCapacity {
  name: string;
  allocatable: ResourceAmounts;
  requested: ResourceAmounts;
}

export interface ClusterCapacity {
  /** Where it came from, shown with the answer: "context prod (3 nodes, allocatable minus running pods' requests)". */
  source: string;
  nodes: NodeCapacity[];
}

/** A pod's requests or limits; a resource left unset is undefined (the scheduler counts an unset request as 0). */
export interface PodSize {
  cpuMillis?: number;
  memoryBytes?: number;
}

export interface FitRequest {
  /** How many pods (the target count, or an HPA's maxReplicas). Ignored with `perNode`. */
  replicas: number;
  requests: PodSize;
  limits?: PodSize;
  /** One pod on every node (a DaemonSet, a global Swarm service). */
  perNode?: boolean;
}

/**
 * Pod-network limits per node: kubelet `--max-pods` and the node's pod CIDR block
 * (`--node-cidr-mask-size`), as the k3s model reads them.
 */
export interface PodNetwork {
  maxPods?: number;
  /** IPv4 node mask: a /24 block holds 253 pods (quantity/cidr.ts `usablePodIps`). */
  nodeMask?: number;
  /** Where the settings were read: "k3s config.yaml". */
  source?: string;
}

export type FitVerdict = 'fits' | 'does-not-fit' | 'unknown';

/** A `FitAnswer` (actions/types.ts) with the numbers behind it. */
export interface FitReport {
  verdict: FitVerdict;
  /** One line: "fits with 35% headroom (memory is the tightest)". */
  text: string;
  source?: string;
  /** Pods asked for (nodes for `perNode`) and pods that found a node. */
  wanted: number;
  placed: number;
  /** The lowest share left of CPU, memory or pod slots once the pods are placed, 0–100. */
  headroomPercent?: number;
  tightest?: 'CPU' | 'memory' | 'pod slots';
  /** Informational lines: requests not set, pods per node, limits, where the capacity came from. */
  notes: string[];
}

export interface FitOptions {
  podNetwork?: PodNetwork;
}

const UNKNOWN_TEXT = 'unknown: no context and no declared nodes';

/** Pods a node can run: min(allocatable pods, max-pods, usable pod addresses of the node block). */
export function podsPerNode(
  node: NodeCapacity,
  net?: PodNetwork,
): { pods: number; cause: 'allocatable' | 'max-pods' | 'pod-cidr' } {
  let out: { pods: number; cause: 'allocatable' | 'max-pods' | 'pod-cidr' } = {
    pods: node.allocatable.pods,
    cause: 'allocatable',
  };
  if (net?.maxPods !== undefined && net.maxPods < out.pods) out = { pods: net.maxPods, cause: 'max-pods' };
  if (net?.nodeMask !== undefined && usablePodIps(net.nodeMask) < out.pods)
    out = { pods: usablePodIps(net.nodeMask), cause: 'pod-cidr' };
  return out;
}

interface Free {
  node: NodeCapacity;
  cpu: number;
  memory: number;
  pods: number;
}

function freeOf(node: NodeCapacity, net?: PodNetwork): Free {
  return {
    node,
    cpu: Math.max(0, node.allocatable.cpuMillis - node.requested.cpuMillis),
    memory: Math.max(0, node.allocatable.memoryBytes - node.requested.memoryBytes),
    pods: Math.max(0, podsPerNode(node, net).pods - node.requested.pods),
  };
}

/**
 * How many of these identical pods one node takes. For identical pods first-fit and every other
 * order place the same number (each node independently holds this many), so the count is exact
 * without placing a billion replicas one by one.
 */
function podsOn(f: Free, cpu: number, memory: number): number {
  let n = f.pods;
  if (cpu > 0) n = Math.min(n, Math.floor(f.cpu / cpu));
  if (memory > 0) n = Math.min(n, Math.floor(f.memory / memory));
  return Math.max(0, n);
}

const cores = (millis: number) => humanCores(millis / 1000);
const slots = (n: number) => `${n} pod slot${n === 1 ? '' : 's'}`;

function and(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

/** What one more pod lacks on a node: "1 core", "4 GiB", "1 pod slot"; empty when it fits. */
function shortOne(f: Free, cpu: number, memory: number): { cpu: number; memory: number; pods: number } {
  return {
    cpu: Math.max(0, cpu - f.cpu),
    memory: Math.max(0, memory - f.memory),
    pods: f.pods >= 1 ? 0 : 1,
  };
}

function describeShort(s: { cpu: number; memory: number; pods: number }): string {
  const parts: string[] = [];
  if (s.cpu > 0) parts.push(cores(s.cpu));
  if (s.memory > 0) parts.push(humanBytes(s.memory));
  if (s.pods > 0) parts.push(slots(s.pods));
  return and(parts);
}

/** "short by 1.5 cores on every node", or per node when no one resource is short everywhere. */
function noNodeText(frees: Free[], cpu: number, memory: number): string {
  const shorts = frees.map((f) => shortOne(f, cpu, memory));
  const everywhere = {
    cpu: shorts.every((s) => s.cpu > 0) ? shorts.reduce((m, s) => Math.min(m, s.cpu), Infinity) : 0,
    memory: shorts.every((s) => s.memory > 0) ? shorts.reduce((m, s) => Math.min(m, s.memory), Infinity) : 0,
    pods: shorts.every((s) => s.pods > 0) ? 1 : 0,
  };
  const common = describeShort(everywhere);
  if (common) return `short by ${common} on every node`;
  const listed = frees
    .slice(0, 3)
    .map((f, i) => `${f.node.name} short by ${describeShort(shorts[i]!)}`)
    .join('; ');
  return `no node has room for one pod (${listed}${frees.length > 3 ? '; …' : ''})`;
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part / whole) * 100) : 0;
}

/** Headroom per resource once `n` pods are placed: the share of allocatable left, for the resources the pods request. */
function headroom(
  frees: Free[],
  cpu: number,
  memory: number,
  n: number,
  net: PodNetwork | undefined,
): { percent: number; tightest: 'CPU' | 'memory' | 'pod slots' } {
  const sum = (f: (x: Free) => number) => frees.reduce((a, x) => a + f(x), 0);
  const candidates: { percent: number; tightest: 'CPU' | 'memory' | 'pod slots' }[] = [];
  if (cpu > 0) {
    const alloc = sum((x) => x.node.allocatable.cpuMillis);
    candidates.push({ percent: percent(sum((x) => x.cpu) - n * cpu, alloc), tightest: 'CPU' });
  }
  if (memory > 0) {
    const alloc = sum((x) => x.node.allocatable.memoryBytes);
    candidates.push({ percent: percent(sum((x) => x.memory) - n * memory, alloc), tightest: 'memory' });
  }
  const podAlloc = sum((x) => podsPerNode(x.node, net).pods);
  candidates.push({ percent: percent(sum((x) => x.pods) - n, podAlloc), tightest: 'pod slots' });
  return candidates.reduce((a, b) => (b.percent < a.percent ? b : a));
}

/** "35% headroom (memory is the tightest)". */
function headroomText(h: { percent: number; tightest: 'CPU' | 'memory' | 'pod slots' }): string {
  return `${h.percent}% headroom (${h.tightest} ${h.tightest === 'pod slots' ? 'are' : 'is'} the tightest)`;
}

function podNetworkNote(frees: Free[], net: PodNetwork | undefined): string | undefined {
  if (!net) return undefined;
  const first = frees[0];
  if (!first) return undefined;
  const { pods, cause } = podsPerNode(first.node, net);
  const from = net.source ? `, ${net.source}` : '';
  if (cause === 'max-pods') return `pods per node: ${pods} (k3s max-pods ${pods}${from})`;
  if (cause === 'pod-cidr')
    return `pods per node: ${pods} (${pods} usable pod addresses of a /${net.nodeMask} node block${from})`;
  return `pods per node: ${pods} (allocatable; max-pods and the node block allow as many${from})`;
}

function limitsNote(limits: PodSize | undefined, n: number, frees: Free[]): string | undefined {
  if (!limits || n <= 0 || (limits.cpuMillis === undefined && limits.memoryBytes === undefined)) return undefined;
  const parts: string[] = [];
  let over = false;
  const share = (total: number, alloc: number, show: (x: number) => string) => {
    const p = alloc > 0 ? Math.round((total / alloc) * 100) : Infinity;
    if (p > 100) {
      over = true;
      return `${show(total)} (${Number.isFinite(p) ? `${p}%` : 'all'} of ${show(alloc)} allocatable: overcommitted)`;
    }
    return `${show(total)} (${p}%)`;
  };
  if (limits.cpuMillis !== undefined)
    parts.push(
      share(
        limits.cpuMillis * n,
        frees.reduce((a, x) => a + x.node.allocatable.cpuMillis, 0),
        cores,
      ),
    );
  if (limits.memoryBytes !== undefined)
    parts.push(
      share(
        limits.memoryBytes * n,
        frees.reduce((a, x) => a + x.node.allocatable.memoryBytes, 0),
        humanBytes,
      ),
    );
  // Limits do not schedule: the kernel throttles CPU and kills on memory when the node runs out.
  return `limits add up to ${parts.join(', ')}${over ? '; informational: limits do not schedule' : ''}`;
}

/** The answer for one workload against one capacity (undefined: nothing known). */
export function fitPods(req: FitRequest, capacity: ClusterCapacity | undefined, options: FitOptions = {}): FitReport {
  const net = options.podNetwork;
  if (!capacity) return { verdict: 'unknown', text: UNKNOWN_TEXT, wanted: req.replicas, placed: 0, notes: [] };
  const source = { source: capacity.source };
  const notes: string[] = [];
  const cpu = req.requests.cpuMillis ?? 0;
  const memory = req.requests.memoryBytes ?? 0;
  const noRequests = req.requests.cpuMillis === undefined && req.requests.memoryBytes === undefined;
  if (!noRequests && req.requests.cpuMillis === undefined) notes.push('no CPU request: the scheduler counts it as 0');
  if (!noRequests && req.requests.memoryBytes === undefined)
    notes.push('no memory request: the scheduler counts it as 0');
  const frees = capacity.nodes.map((n) => freeOf(n, net));
  const netNote = podNetworkNote(frees, net);
  if (netNote) notes.push(netNote);
  const wanted = req.perNode ? frees.length : Math.max(0, req.replicas);
  const limits = limitsNote(req.limits, wanted, frees);
  if (limits) notes.push(limits);
  const done = (verdict: FitVerdict, text: string, placed: number, extra: Partial<FitReport> = {}): FitReport => ({
    verdict,
    text,
    ...source,
    wanted,
    placed,
    ...extra,
    notes,
  });
  if (frees.length === 0) return done('does-not-fit', 'does not fit: the cluster has no nodes', 0);
  if (wanted === 0) return done('fits', 'fits: 0 replicas ask for nothing', 0);

  if (req.perNode) {
    const without = frees.filter((f) => podsOn(f, cpu, memory) < 1);
    if (without.length > 0) {
      const listed = without
        .slice(0, 3)
        .map((f) => `${f.node.name} short by ${describeShort(shortOne(f, cpu, memory))}`)
        .join('; ');
      const more = without.length > 3 ? '; …' : '';
      return done(
        'does-not-fit',
        `does not fit: room on ${frees.length - without.length} of ${frees.length} nodes (${listed}${more})`,
        frees.length - without.length,
      );
    }
    const h = headroom(frees, cpu, memory, wanted, net);
    return done(
      'fits',
      `fits on all ${frees.length} node${frees.length === 1 ? '' : 's'} with ${headroomText(h)}`,
      wanted,
      { headroomPercent: h.percent, tightest: h.tightest },
    );
  }

  const perNode = frees.map((f) => podsOn(f, cpu, memory));
  const room = perNode.reduce((a, b) => a + b, 0);
  if (room >= wanted) {
    const h = headroom(frees, cpu, memory, wanted, net);
    const extra = { headroomPercent: h.percent, tightest: h.tightest };
    if (noRequests)
      return done(
        'fits',
        `fits (no requests: the scheduler counts these pods as 0, so only pod slots were checked; ${h.percent}% of them left)`,
        wanted,
        extra,
      );
    return done('fits', `fits with ${headroomText(h)}`, wanted, extra);
  }
  if (room === 0) return done('does-not-fit', `does not fit: ${noNodeText(frees, cpu, memory)}`, 0);
  // What the pods that found no node need beyond what is left on all nodes together.
  const rest = wanted - room;
  const left = frees.map((f, i) => ({
    cpu: f.cpu - perNode[i]! * cpu,
    memory: f.memory - perNode[i]! * memory,
    pods: f.pods - perNode[i]!,
  }));
  const total = (k: 'cpu' | 'memory' | 'pods') => left.reduce((a, x) => a + x[k], 0);
  const short = {
    cpu: Math.max(0, rest * cpu - total('cpu')),
    memory: Math.max(0, rest * memory - total('memory')),
    pods: Math.max(0, rest - total('pods')),
  };
  const what = describeShort(short);
  return done(
    'does-not-fit',
    `does not fit: only ${room} of ${wanted} replicas fit: ${what ? `short by ${what}` : 'the room left is split across nodes'}`,
    room,
  );
}

/** The answer and its notes as lines: for a hover, the CLI, a confirmation's details. */
export function describeFit(r: FitReport): string {
  return [r.text, ...(r.source ? [`against ${r.source}`] : []), ...r.notes].join('\n');
}

/** A declared CPU amount: cores as a number or a Kubernetes quantity (`8`, `7800m`). */
function declaredMillis(v: number | string): number | undefined {
  const q = parseK8sQuantity(v);
  return q.ok && q.value >= 0 ? Math.round(q.value * 1000) : undefined;
}

function declaredBytes(v: number | string): number | undefined {
  const q = parseK8sQuantity(v);
  return q.ok && q.value >= 0 ? Math.round(q.value) : undefined;
}

function declaredNode(name: string, n: DeclaredNode): NodeCapacity | undefined {
  const cpuMillis = declaredMillis(n.cpu);
  const memoryBytes = declaredBytes(n.memory);
  if (cpuMillis === undefined || memoryBytes === undefined) return undefined;
  return {
    name,
    // The kubelet's default --max-pods when the size does not say.
    allocatable: { cpuMillis, memoryBytes, pods: n.pods ?? DEFAULT_MAX_PODS },
    requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
  };
}

/**
 * The nodes `.scalewise.yaml` declares: `cluster.nodes` × `cluster.node`, or `cluster.nodePools`.
 * Undefined when it declares no node sizes (`cluster.nodes` alone is a count, not a capacity).
 * Nothing runs on declared nodes: what running pods request is not counted, and the source says so.
 */
export function declaredCapacity(cluster: ClusterFacts): ClusterCapacity | undefined {
  const nodes: NodeCapacity[] = [];
  if (cluster.node && cluster.nodes !== undefined) {
    for (let i = 1; i <= cluster.nodes; i++) {
      const n = declaredNode(`node-${i}`, cluster.node);
      if (n) nodes.push(n);
    }
    return { source: `.scalewise.yaml cluster.node × ${cluster.nodes} (running pods not counted)`, nodes };
  }
  if (cluster.nodePools && cluster.nodePools.length > 0) {
    cluster.nodePools.forEach((pool, p) => {
      const base = pool.name ?? `pool-${p + 1}`;
      for (let i = 1; i <= pool.count; i++) {
        const n = declaredNode(`${base}-${i}`, pool);
        if (n) nodes.push(n);
      }
    });
    return {
      source: `.scalewise.yaml cluster.nodePools (${nodes.length} node${nodes.length === 1 ? '' : 's'}; running pods not counted)`,
      nodes,
    };
  }
  return undefined;
}

/**
 * k3s's pod-network limits from its settings: kubelet `max-pods` (default 110) and the IPv4 node
 * mask (`node-cidr-mask-size`, default /24), the numbers the k3s lenses and
 * `k3s/max-pods-exceeds-node-cidr` compute with. A value from a shell variable is not known.
 */
export function podNetworkOf(settings: K3sSetting[], source?: string): PodNetwork {
  const out: PodNetwork = {};
  const maxPods = lastSetting(settings, 'max-pods', 'kubelet-arg');
  if (!maxPods) out.maxPods = DEFAULT_MAX_PODS;
  else if (/^\d+$/.test(maxPods.value) && !isDynamic(maxPods.value)) out.maxPods = Number(maxPods.value);
  const mask = k3sNetwork(settings).mask;
  if (mask !== null && mask >= 0 && mask <= 32) out.nodeMask = mask;
  if (source !== undefined) out.source = source;
  return out;
}
