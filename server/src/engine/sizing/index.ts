/**
 * Sizing summaries for code lenses: what replicas and limits add up to.
 */
import type { ClusterFacts, FileKind, ParsedFile, Range, SizingHint, WorkspaceFacts } from '../types';
import { composeServices, describeReplicas, effectiveReplicas, isGlobal, type ComposeService } from '../model/compose';
import { composeAmount, type Amount } from './compose-amount';
import { kubernetesHints } from './kubernetes';
import { isDynamic, k3sNetwork, k3sSettings, lastSetting } from '../model/k3s';
import { addressesPerNode, formatCidr, formatCount, maskForPods, nodesInCluster, usablePodIps } from '../quantity/cidr';
import { humanBytes, humanCores } from '../quantity/k8s-quantity';
import { helmHints } from './helm';
import { fitHints } from './fit-workloads';
import { escapeMarkdown } from '../markdown';
import { asMap, get, getPair, keyRange, nodeRange } from '../yaml-ast';
import { prose } from '../template-text';

function describe(a: Amount): string {
  const parts = [
    a.cpu !== undefined ? humanCores(a.cpu) : 'no CPU limit',
    a.memory !== undefined ? humanBytes(a.memory) : 'no memory limit',
  ];
  return parts.join(', ');
}

/** Only the parts that are set: reservations are often memory only. */
function describeSet(a: Amount): string {
  return [
    a.cpu !== undefined ? humanCores(a.cpu) : undefined,
    a.memory !== undefined ? humanBytes(a.memory) : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
}

function isSet(a: Amount): boolean {
  return a.cpu !== undefined || a.memory !== undefined;
}

function times(a: Amount, n: number): Amount {
  return {
    cpu: a.cpu !== undefined ? a.cpu * n : undefined,
    memory: a.memory !== undefined ? a.memory * n : undefined,
  };
}

/**
 * The lens above a service: `3 × (0.5 cores, 512 MiB) = 1.5 cores, 1.5 GiB`, then the
 * reservations when there are any: `; reservations 3 × (256 MiB) = 768 MiB`.
 */
export function serviceLensTitle(n: number, limits: Amount, reservations: Amount, global = false): string {
  const head = isSet(limits) ? `${n} × (${describe(limits)}) = ${describe(times(limits, n))}` : `${n} × (no limits)`;
  const reserved = isSet(reservations)
    ? `; reservations ${n} × (${describeSet(reservations)}) = ${describeSet(times(reservations, n))}`
    : '';
  return `${head}${reserved}${global ? ' per node (global)' : ''}`;
}

export interface ComposeTotals {
  services: number;
  containers: number;
  limits: Amount;
  reservations: Amount;
  /** Services with containers but no CPU / memory limit. */
  noCpuLimit: string[];
  noMemoryLimit: string[];
}

/**
 * The lens above `services:`. Totals only count what is set, so a file where no service has a
 * CPU limit says "no CPU limits" instead of "0 cores", and services without a limit are named.
 */
export function fileLensTitle(t: ComposeTotals): string {
  const head = `${plural(t.services, 'service')}, ${plural(t.containers, 'container')}`;
  const cpu = t.limits.cpu !== undefined ? humanCores(t.limits.cpu) : undefined;
  const mem = t.limits.memory !== undefined ? humanBytes(t.limits.memory) : undefined;
  const parts: string[] = [];
  if (cpu === undefined && mem === undefined) parts.push('no limits');
  else {
    parts.push(`limits ${[cpu, mem].filter((x) => x !== undefined).join(', ')}`);
    if (cpu === undefined) parts.push('no CPU limits');
    else if (t.noCpuLimit.length > 0) parts.push(`no CPU limit: ${t.noCpuLimit.join(', ')}`);
    if (mem === undefined) parts.push('no memory limits');
    else if (t.noMemoryLimit.length > 0) parts.push(`no memory limit: ${t.noMemoryLimit.join(', ')}`);
  }
  if (isSet(t.reservations)) parts.push(`reservations ${describeSet(t.reservations)}`);
  return `${head}: ${parts.join('; ')}`;
}

function add(total: Amount, a: Amount, n: number): void {
  if (a.cpu !== undefined) total.cpu = (total.cpu ?? 0) + a.cpu * n;
  if (a.memory !== undefined) total.memory = (total.memory ?? 0) + a.memory * n;
}

/** `scale:` and `deploy.replicas:` of a service, key to value: their hover is the service's. */
function replicaPairs(svc: ComposeService): Range[] {
  const deploy = asMap(get(svc.map, 'deploy', svc.doc), svc.doc);
  return [getPair(svc.map, 'scale', svc.doc), getPair(deploy, 'replicas', svc.doc)]
    .filter((p) => p !== null)
    .map((p) => nodeRange(p));
}

function composeHints(file: ParsedFile, kind: FileKind, ws: WorkspaceFacts, out: SizingHint[]): void {
  const services = composeServices(file);
  const totals: ComposeTotals = {
    services: services.length,
    containers: 0,
    limits: {},
    reservations: {},
    noCpuLimit: [],
    noMemoryLimit: [],
  };
  for (const svc of services) {
    const replicas = isGlobal(svc) ? { count: 1, source: 'default' as const } : effectiveReplicas(svc, ws);
    const limits = composeAmount(svc, 'limits');
    const reservations = composeAmount(svc, 'reservations');
    const n = replicas.count;
    totals.containers += n;
    add(totals.limits, limits, n);
    add(totals.reservations, reservations, n);
    if (n > 0 && limits.cpu === undefined) totals.noCpuLimit.push(svc.name);
    if (n > 0 && limits.memory === undefined) totals.noMemoryLimit.push(svc.name);
    // Where the count comes from, once: a default count is not "1 replica (1 replica)".
    const source =
      replicas.source === 'default' ? 'neither scale nor deploy.replicas is set' : describeReplicas(replicas);
    const detail = [
      prose`
        **${escapeMarkdown(svc.name)}**:
        ${isGlobal(svc) ? 'one container per node (deploy.mode: global)' : `${n} replica${n === 1 ? '' : 's'} (${source})`}
      `,
      isSet(limits)
        ? `- limits per replica: ${describe(limits)}; total ${describe(times(limits, n))}`
        : "- no limits: each replica may use all of the host's CPU and memory",
      isSet(reservations)
        ? `- reservations per replica: ${describeSet(reservations)}; total ${describeSet(times(reservations, n))}`
        : '- no reservations',
    ];
    // docker/compose create.go: "Cpu reservation is a swarm option" (getDeployResources).
    if (kind === 'compose' && reservations.cpu !== undefined)
      detail.push('- docker compose ignores the CPU reservation; only Swarm schedules by it');
    const plain = n <= 1 && !isGlobal(svc) && !isSet(limits) && !isSet(reservations);
    const also = replicaPairs(svc);
    out.push({
      range: keyRange(svc.pair),
      title: serviceLensTitle(n, limits, reservations, isGlobal(svc)),
      detail: detail.join('\n'),
      lens: true,
      ...(plain ? { plain } : {}),
      ...(also.length > 0 ? { also } : {}),
    });
  }
  const first = file.documents.find((d) => getPair(asMap(d.root, d.doc), 'services'));
  const servicesPair = first ? getPair(asMap(first.root, first.doc), 'services') : null;
  if (servicesPair && services.length > 0) {
    // Every service at one container and none with a limit or reservation: no news for a lens.
    const plain = totals.containers <= totals.services && !isSet(totals.limits) && !isSet(totals.reservations);
    out.push({ range: keyRange(servicesPair), title: fileLensTitle(totals), lens: true, ...(plain ? { plain } : {}) });
  }
}

/**
 * k3s pod-network maths, on `max-pods`, the node mask and `cluster-cidr` where this file writes
 * them: the node block max-pods needs, what the effective mask gives, and how many nodes the
 * cluster CIDR then holds. Settings of the other config files of the group count.
 */
export function k3sHints(file: ParsedFile, ws: WorkspaceFacts, out: SizingHint[]): void {
  const settings = k3sSettings(file, ws);
  const net = k3sNetwork(settings);
  const mask = net.mask !== null && net.mask <= 32 ? net.mask : null;
  const cluster = net.cluster;
  const nodes = mask !== null && cluster && mask >= cluster.mask ? nodesInCluster(cluster.mask, mask) : null;
  const clusterText = cluster ? `cluster ${formatCidr(cluster)}${net.clusterSetting ? '' : ' (default)'}` : undefined;
  const fits =
    clusterText && nodes !== null
      ? `; ${clusterText} then fits ${formatCount(nodes)} node${nodes === 1 ? '' : 's'}`
      : '';
  const row = (m: number) => prose`
    | /${m} | ${formatCount(addressesPerNode(m))} | ${formatCount(usablePodIps(m))}
    |${cluster && m >= cluster.mask ? ` ${formatCount(nodesInCluster(cluster.mask, m))} |` : ' - |'}
  `;
  const table = (masks: (number | null)[]) =>
    `| node mask | addresses | usable pods | nodes in ${cluster ? formatCidr(cluster) : 'the cluster CIDR'} |\n|---|---|---|---|\n${masks
      .filter((m, i, a): m is number => m !== null && a.indexOf(m) === i)
      .map(row)
      .join('\n')}`;
  const maxPods = lastSetting(settings, 'max-pods', 'kubelet-arg');
  if (maxPods && !maxPods.otherFile && /^\d+$/.test(maxPods.value) && !isDynamic(maxPods.value)) {
    const pods = Number(maxPods.value);
    const fit = maskForPods(pods);
    const headroom = maskForPods(pods * 2);
    const gives =
      mask !== null
        ? `; /${mask}${net.maskSetting ? '' : ' (default)'} gives ${formatCount(addressesPerNode(mask))} addresses`
        : '';
    out.push({
      range: maxPods.range,
      title:
        fit === null
          ? `max-pods ${formatCount(pods)} is more than a /8 node block holds`
          : `max-pods ${formatCount(pods)} needs at least a /${fit} node block${gives}${fits}`,
      detail: [
        `**max-pods ${formatCount(pods)}: pod addresses per node**`,
        '',
        table([fit, headroom, mask]),
        '',
        headroom !== null
          ? prose`
            GKE sizes node blocks with about twice as many addresses as pods, so that addresses are not reused
            at once as pods come and go: for ${formatCount(pods)} pods that is a /${headroom}. This headroom
            is GKE's guidance (cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr), not an
            upstream Kubernetes rule.
          `
          : '',
        'About 3 addresses of a block are not usable for pods with flannel (network, broadcast, the cni0 bridge).',
      ].join('\n'),
      lens: true,
    });
  }
  const maskSetting = net.maskSetting;
  if (maskSetting && !maskSetting.otherFile && mask !== null) {
    out.push({
      range: maskSetting.range,
      title: `/${mask} node blocks: ${formatCount(addressesPerNode(mask))} addresses, about ${formatCount(usablePodIps(mask))} pods per node${fits}`,
      detail: table([mask - 1, mask, mask + 1].filter((m) => m >= 8 && m <= 30)),
      lens: true,
    });
  }
  if (net.clusterSetting && !net.clusterSetting.otherFile && cluster && mask !== null && nodes !== null) {
    out.push({
      range: net.clusterSetting.range,
      title: `${clusterText} with /${mask} node blocks fits ${formatCount(nodes)} node${nodes === 1 ? '' : 's'}`,
      detail: table([mask - 2, mask - 1, mask, mask + 1].filter((m) => m >= cluster.mask && m >= 8 && m <= 30)),
      lens: true,
    });
  }
}

export type { Amount };

export function sizingHints(
  file: ParsedFile,
  kind: FileKind,
  ws: WorkspaceFacts,
  cluster?: ClusterFacts,
): SizingHint[] {
  const out: SizingHint[] = [];
  // Will it fit? Only against declared nodes: without them, no lens and no hover.
  if (cluster) for (const h of fitHints(file, kind, ws, cluster)) out.push(h);
  if (kind === 'compose' || kind === 'swarm') composeHints(file, kind, ws, out);
  else if (kind === 'kubernetes') kubernetesHints(file, ws, out);
  else if (kind === 'helm-values') helmHints(file, out);
  else if (kind === 'k3s-config' || kind === 'k3s-install') k3sHints(file, ws, out);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
