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

interface Amount {
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

function times(a: Amount, n: number): Amount {
  return { cpu: a.cpu !== undefined ? a.cpu * n : undefined, memory: a.memory !== undefined ? a.memory * n : undefined };
}

function composeHints(file: ParsedFile, ws: WorkspaceFacts, out: SizingHint[]): void {
  const services = composeServices(file);
  let containers = 0;
  const total: Required<Amount> = { cpu: 0, memory: 0 };
  const unbounded: string[] = [];
  for (const svc of services) {
    const replicas = isGlobal(svc) ? { count: 1, source: 'default' as const } : effectiveReplicas(svc, ws);
    const limits = composeAmount(svc.map, svc.doc, 'limits');
    const reservations = composeAmount(svc.map, svc.doc, 'reservations');
    containers += replicas.count;
    if (limits.cpu !== undefined) total.cpu += limits.cpu * replicas.count;
    if (limits.memory !== undefined) total.memory += limits.memory * replicas.count;
    if (limits.memory === undefined && replicas.count > 0) unbounded.push(svc.name);
    const n = replicas.count;
    const perReplica = describe(limits);
    const sum = times(limits, n);
    const hasReservations = reservations.cpu !== undefined || reservations.memory !== undefined;
    out.push({
      range: keyRange(svc.pair),
      title: `${n} × (${perReplica}) = ${describe(sum)}${isGlobal(svc) ? ' per node (global)' : ''}`,
      detail: [
        `**${svc.name}**: ${isGlobal(svc) ? 'one container per node (deploy.mode: global)' : `${n} replica${n === 1 ? '' : 's'} (${describeReplicas(replicas)})`}`,
        `- limits per replica: ${perReplica}; total ${describe(sum)}`,
        hasReservations ? `- reservations per replica: ${describe(reservations)}; total ${describe(times(reservations, n))}` : '- no reservations',
      ].join('\n'),
      lens: true,
    });
  }
  const first = file.documents.find((d) => getPair(asMap(d.root, d.doc), 'services'));
  const servicesPair = first ? getPair(asMap(first.root, first.doc), 'services') : null;
  if (servicesPair && services.length > 0) {
    out.push({
      range: keyRange(servicesPair),
      title: `${plural(services.length, 'service')}, ${plural(containers, 'container')}: limits ${humanCores(total.cpu)}, ${humanBytes(total.memory)}${unbounded.length > 0 ? `; no memory limit: ${unbounded.join(', ')}` : ''}`,
      lens: true,
    });
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
  if (kind === 'compose' || kind === 'swarm') composeHints(file, ws, out);
  else if (kind === 'kubernetes') kubernetesHints(file, out);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
