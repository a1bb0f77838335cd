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
  for (let mask = 30; mask >= MIN_NODE_MASK; mask--) if (usablePodIps(mask) >= pods) return mask;
  return null;
}

export function nodesInCluster(clusterMask: number, nodeMask: number): number {
  return nodeMask < clusterMask ? 0 : 2 ** (nodeMask - clusterMask);
}

export interface Cidr {
  address: string;
  mask: number;
}

/**
 * An IPv4 CIDR such as `10.42.0.0/16`. Octets with a leading zero are rejected, as Go's
 * net.ParseCIDR (which Kubernetes uses) rejects them.
 */
export function parseCidr(text: string): Cidr | null {
  const m = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(0|[1-9]\d?)$/.exec(text.trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const mask = Number(m[5]);
  if (octets.some((o) => o > 255) || mask > 32) return null;
  return { address: octets.join('.'), mask };
}

export function formatCidr(c: Cidr): string {
  return `${c.address}/${c.mask}`;
}

/** An IPv6 CIDR (`2001:cafe:42::/56`): eight hex groups or fewer with one `::`. Returns the mask. */
export function parseIpv6CidrMask(text: string): number | null {
  const m = /^([0-9a-fA-F:]+)\/(0|[1-9]\d{0,2})$/.exec(text.trim());
  if (!m || Number(m[2]) > 128) return null;
  const addr = m[1]!;
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.some((x) => !/^[0-9a-fA-F]{1,4}$/.test(x)))) return null;
  const count = groups.reduce((n, g) => n + g.length, 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return null;
  return Number(m[2]);
}

/** `--cluster-cidr` / `--service-cidr`: one CIDR or an IPv4,IPv6 pair (dual-stack). Null when a part does not parse. */
export function parseCidrList(text: string): { ipv4?: Cidr; ipv6Mask?: number } | null {
  const out: { ipv4?: Cidr; ipv6Mask?: number } = {};
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.length > 2) return null;
  for (const p of parts) {
    const v4 = parseCidr(p);
    if (v4 && out.ipv4 === undefined) out.ipv4 = v4;
    else {
      const v6 = parseIpv6CidrMask(p);
      if (v6 === null || out.ipv6Mask !== undefined) return null;
      out.ipv6Mask = v6;
    }
  }
  return out;
}

/** The node mask kube-controller-manager uses for IPv6 when none is set (`--node-cidr-mask-size-ipv6`, default 64). */
export const DEFAULT_NODE_MASK_IPV6 = 64;
/** The shortest node mask Scalewise suggests: a /8 block. */
export const MIN_NODE_MASK = 8;

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
