/**
 * Pod-address arithmetic for IPv4 node CIDRs.
 * Addresses per node = 2^(32 - mask) (kube-controller-manager node IPAM). Of those, flannel's
 * host-local IPAM hands out .1-.254 of a /24 and gives .1 to the cni0 bridge, so a /24 holds
 * 253 pods (rancher/rancher#31262); we take 3 addresses off every block. [CNI-dependent]
 */
export const DEFAULT_NODE_MASK = 24; // kube-controller-manager --node-cidr-mask-size default (IPv4)
export const DEFAULT_MAX_PODS = 110; // kubelet --max-pods default
export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16'; // k3s --cluster-cidr default
export const RESERVED_PER_NODE_BLOCK = 3;
/** kube-controller-manager: the node mask may be at most 16 longer than the cluster mask. */
export const CLUSTER_SUBNET_MAX_DIFF = 16;

export function addressesPerNode(mask: number): number {
  return 2 ** (32 - mask);
}

export function usablePodIps(mask: number): number {
  return Math.max(0, addressesPerNode(mask) - RESERVED_PER_NODE_BLOCK);
}

/** The longest (smallest) node mask whose block still fits `pods`; null if none in /8../30 fits. */
export function maskForPods(pods: number): number | null {
  for (let mask = 30; mask >= 8; mask--) if (usablePodIps(mask) >= pods) return mask;
  return null;
}

export function nodesInCluster(clusterMask: number, nodeMask: number): number {
  return nodeMask < clusterMask ? 0 : 2 ** (nodeMask - clusterMask);
}

export interface Cidr {
  address: string;
  mask: number;
}

export function parseCidr(text: string): Cidr | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const mask = Number(m[5]);
  if (octets.some((o) => o > 255) || mask > 32) return null;
  return { address: octets.join('.'), mask };
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
