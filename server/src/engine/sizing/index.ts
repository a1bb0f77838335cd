/**
 * Sizing summaries for code lenses: what replicas and limits add up to.
 */
import type { FileKind, ParsedFile, SizingHint, WorkspaceFacts } from '../types';
import { composeServices, describeReplicas, effectiveReplicas, isGlobal } from '../model/compose';
import { workloads } from '../model/kubernetes';
import { parseComposeBytes, parseComposeCpus } from '../quantity/compose-units';
import { humanBytes, humanCores, parseK8sQuantity } from '../quantity/k8s-quantity';
import { asMap, get, getPair, getPath, keyRange, nodeRange, scalarValue } from '../yaml-ast';
import type { Document, YAMLMap } from 'yaml';

export interface Amount {
  cpu?: number;
  memory?: number;
}

function composeAmount(svc: YAMLMap, doc: Document, section: 'limits' | 'reservations'): Amount {
  const res = asMap(getPath(svc, ['deploy', 'resources', section], doc), doc);
  const legacyCpu = section === 'limits' ? get(svc, 'cpus', doc) : null;
  const legacyMem = get(svc, section === 'limits' ? 'mem_limit' : 'mem_reservation', doc);
  const cpuRaw = scalarValue(get(res, 'cpus', doc) ?? legacyCpu, doc);
  const memRaw = scalarValue(get(res, 'memory', doc) ?? legacyMem, doc);
  const cpu = typeof cpuRaw === 'string' || typeof cpuRaw === 'number' ? parseComposeCpus(cpuRaw) : null;
  const mem = typeof memRaw === 'string' || typeof memRaw === 'number' ? parseComposeBytes(memRaw) : null;
  return { cpu: cpu?.ok ? cpu.cores : undefined, memory: mem?.ok ? mem.bytes : undefined };
}

function describe(a: Amount): string {
  const parts = [a.cpu !== undefined ? humanCores(a.cpu) : 'no CPU limit', a.memory !== undefined ? humanBytes(a.memory) : 'no memory limit'];
  return parts.join(', ');
}

/** Only the parts that are set: reservations are often memory only. */
function describeSet(a: Amount): string {
  return [a.cpu !== undefined ? humanCores(a.cpu) : undefined, a.memory !== undefined ? humanBytes(a.memory) : undefined].filter((x) => x !== undefined).join(', ');
}

function isSet(a: Amount): boolean {
  return a.cpu !== undefined || a.memory !== undefined;
}

function times(a: Amount, n: number): Amount {
  return { cpu: a.cpu !== undefined ? a.cpu * n : undefined, memory: a.memory !== undefined ? a.memory * n : undefined };
}

/**
 * The lens above a service: `3 × (0.5 cores, 512 MiB) = 1.5 cores, 1.5 GiB`, then the
 * reservations when there are any: `; reservations 3 × (256 MiB) = 768 MiB`.
 */
export function serviceLensTitle(n: number, limits: Amount, reservations: Amount, global = false): string {
  const head = isSet(limits) ? `${n} × (${describe(limits)}) = ${describe(times(limits, n))}` : `${n} × (no limits)`;
  const reserved = isSet(reservations) ? `; reservations ${n} × (${describeSet(reservations)}) = ${describeSet(times(reservations, n))}` : '';
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

function composeHints(file: ParsedFile, kind: FileKind, ws: WorkspaceFacts, out: SizingHint[]): void {
  const services = composeServices(file);
  const totals: ComposeTotals = { services: services.length, containers: 0, limits: {}, reservations: {}, noCpuLimit: [], noMemoryLimit: [] };
  for (const svc of services) {
    const replicas = isGlobal(svc) ? { count: 1, source: 'default' as const } : effectiveReplicas(svc, ws);
    const limits = composeAmount(svc.map, svc.doc, 'limits');
    const reservations = composeAmount(svc.map, svc.doc, 'reservations');
    const n = replicas.count;
    totals.containers += n;
    add(totals.limits, limits, n);
    add(totals.reservations, reservations, n);
    if (n > 0 && limits.cpu === undefined) totals.noCpuLimit.push(svc.name);
    if (n > 0 && limits.memory === undefined) totals.noMemoryLimit.push(svc.name);
    const detail = [
      `**${svc.name}**: ${isGlobal(svc) ? 'one container per node (deploy.mode: global)' : `${n} replica${n === 1 ? '' : 's'} (${describeReplicas(replicas)})`}`,
      isSet(limits) ? `- limits per replica: ${describe(limits)}; total ${describe(times(limits, n))}` : '- no limits: each replica may use all of the host\'s CPU and memory',
      isSet(reservations) ? `- reservations per replica: ${describeSet(reservations)}; total ${describeSet(times(reservations, n))}` : '- no reservations',
    ];
    // docker/compose create.go: "Cpu reservation is a swarm option" (DOMAIN-FACTS 1.6).
    if (kind === 'compose' && reservations.cpu !== undefined) detail.push('- docker compose ignores the CPU reservation; only Swarm schedules by it');
    out.push({ range: keyRange(svc.pair), title: serviceLensTitle(n, limits, reservations, isGlobal(svc)), detail: detail.join('\n'), lens: true });
  }
  const first = file.documents.find((d) => getPair(asMap(d.root, d.doc), 'services'));
  const servicesPair = first ? getPair(asMap(first.root, first.doc), 'services') : null;
  if (servicesPair && services.length > 0) {
    out.push({ range: keyRange(servicesPair), title: fileLensTitle(totals), lens: true });
  }
}

function kubernetesHints(file: ParsedFile, out: SizingHint[]): void {
  for (const w of workloads(file)) {
    const replicas = w.kind === 'Deployment' || w.kind === 'StatefulSet' || w.kind === 'ReplicaSet' ? (w.replicas ?? 1) : 1;
    const sum: Record<'requests' | 'limits', Required<Amount> & { missing: number }> = {
      requests: { cpu: 0, memory: 0, missing: 0 },
      limits: { cpu: 0, memory: 0, missing: 0 },
    };
    for (const c of w.containers) {
      for (const section of ['requests', 'limits'] as const) {
        for (const res of ['cpu', 'memory'] as const) {
          const raw = scalarValue(getPath(c, ['resources', section, res], w.doc), w.doc);
          const q = typeof raw === 'string' || typeof raw === 'number' ? parseK8sQuantity(raw) : null;
          if (q?.ok) sum[section][res] += q.value;
          else sum[section].missing++;
        }
      }
    }
    const kindPair = getPair(w.root, 'kind');
    const fmt = (a: Required<Amount>) => `${humanCores(a.cpu * replicas)}, ${humanBytes(a.memory * replicas)}`;
    out.push({
      range: kindPair ? keyRange(kindPair) : nodeRange(w.root),
      title: `${w.kind} ${w.name}: ${replicas} × ${w.containers.length} container${w.containers.length === 1 ? '' : 's'}; requests ${fmt(sum.requests)}; limits ${fmt(sum.limits)}`,
      detail: sum.requests.missing > 0 ? `${sum.requests.missing} request value(s) missing: the scheduler counts them as 0.` : undefined,
      lens: true,
    });
  }
}

export function sizingHints(file: ParsedFile, kind: FileKind, ws: WorkspaceFacts): SizingHint[] {
  const out: SizingHint[] = [];
  if (kind === 'compose' || kind === 'swarm') composeHints(file, kind, ws, out);
  else if (kind === 'kubernetes') kubernetesHints(file, out);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
