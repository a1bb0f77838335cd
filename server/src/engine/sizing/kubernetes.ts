/**
 * The code lens above each workload of a manifest: replicas × the pod's requests (and limits),
 * or, when a HorizontalPodAutoscaler scales it (this file or the workspace), the range and the
 * peak at maxReplicas: `HPA 2–10 × (250m, 512Mi) = peak 2.5 cores, 5 GiB`.
 *
 * A pod's request is what the scheduler reserves: the sum over its containers, or the largest
 * init container when that is more (init containers run one at a time, before the others).
 * A limit without a request counts as the request (Kubernetes copies it).
 */
import type { ParsedFile, SizingHint, WorkspaceFacts } from '../types';
import { hpasTargeting } from '../model/k8s-hpa';
import { effectiveRequest, podContainers, type PodContainer } from '../model/k8s-resources';
import { workloads, type Workload } from '../model/kubernetes';
import {
  canonicalK8sQuantity,
  formatK8sCpu,
  formatK8sMemory,
  humanBytes,
  humanCores,
  parseK8sQuantity,
} from '../quantity/k8s-quantity';
import { escapeMarkdown } from '../markdown';
import { asMap, get, getPair, getPath, goValue, intValue, keyRange, nodeRange } from '../yaml-ast';
import type { Document, YAMLMap } from 'yaml';
import { paragraph, prose } from '../template-text';

export interface PodAmount {
  cpu?: number;
  memory?: number;
  /** Regular containers that leave it unset. */
  cpuMissing: string[];
  memoryMissing: string[];
}

function limitOf(c: YAMLMap, doc: Document, res: string): number | undefined {
  const raw = goValue(get(asMap(get(asMap(get(c, 'resources', doc), doc), 'limits', doc), doc), res, doc), doc);
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const q = parseK8sQuantity(raw);
  return q.ok ? q.value : undefined;
}

/** The pod's requests (limits copied in where only a limit is set) or its limits. */
export function podAmount(
  containers: readonly PodContainer[],
  doc: Document,
  section: 'requests' | 'limits',
): PodAmount {
  const out: PodAmount = { cpuMissing: [], memoryMissing: [] };
  for (const res of ['cpu', 'memory'] as const) {
    let sum = 0;
    let any = false;
    let init = 0;
    for (const c of containers) {
      const v = section === 'requests' ? effectiveRequest(c.map, doc, res).value : limitOf(c.map, doc, res);
      if (c.list === 'initContainers') {
        if (v !== undefined) init = Math.max(init, v);
        continue;
      }
      if (v === undefined) (res === 'cpu' ? out.cpuMissing : out.memoryMissing).push(c.name);
      else {
        sum += v;
        any = true;
      }
    }
    if (any || init > 0) out[res] = Math.max(sum, init);
  }
  return out;
}

/** `512Mi`, `129M`, `1.5Gi` stays `1536Mi`: how a quantity would be written. */
export function shortMemory(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes <= 0) return humanBytes(bytes);
  const binary = formatK8sMemory(bytes);
  if (/[KMGTPE]i$/.test(binary)) return binary;
  return canonicalK8sQuantity(String(bytes)) ?? binary;
}

function tuple(a: PodAmount, what: 'request' | 'limit'): string {
  return `(${a.cpu !== undefined ? formatK8sCpu(a.cpu) : `no CPU ${what}`}, ${a.memory !== undefined ? shortMemory(a.memory) : `no memory ${what}`})`;
}

function total(a: PodAmount, n: number): string {
  const parts = [
    a.cpu !== undefined ? humanCores(a.cpu * n) : undefined,
    a.memory !== undefined ? humanBytes(a.memory * n) : undefined,
  ].filter((x) => x !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

const isSet = (a: PodAmount) => a.cpu !== undefined || a.memory !== undefined;

export interface Scale {
  /** Fixed count, or an HPA's range. */
  min: number;
  max: number;
  label: string;
  hpa?: string;
}

function scaleOf(file: ParsedFile, ws: WorkspaceFacts, w: Workload): Scale {
  if (
    w.kind === 'Deployment' ||
    w.kind === 'StatefulSet' ||
    w.kind === 'ReplicaSet' ||
    w.kind === 'ReplicationController' ||
    w.kind === 'DeploymentConfig'
  ) {
    const hpa = hpasTargeting(file, ws, w)[0];
    if (hpa) {
      const min = hpa.minReplicas ?? 1;
      const max = hpa.maxReplicas ?? min;
      return { min, max, label: `HPA ${min}–${max}`, hpa: `${hpa.name}${hpa.where ? ` (${hpa.where})` : ''}` };
    }
    const n = w.replicas ?? 1;
    return { min: n, max: n, label: `${n}` };
  }
  if (w.kind === 'DaemonSet') return { min: 1, max: 1, label: '1 per node' };
  if (w.kind === 'Job' || w.kind === 'CronJob') {
    const spec = w.kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec'];
    const n = intValue(getPath(w.root, [...spec, 'parallelism'], w.doc), w.doc) ?? 1;
    return { min: n, max: n, label: `${n}` };
  }
  return { min: 1, max: 1, label: '1' };
}

export function workloadLensTitle(
  kind: string,
  name: string,
  scale: Scale,
  requests: PodAmount,
  limits: PodAmount,
): string {
  const peak = scale.hpa ? 'peak ' : '';
  const req = `${scale.label} × ${tuple(requests, 'request')} = ${peak}${total(requests, scale.max)}`;
  const lim = isSet(limits)
    ? `limits ${scale.hpa ? 'peak ' : `${scale.label} × ${tuple(limits, 'limit')} = `}${total(limits, scale.max)}`
    : 'no limits';
  return `${kind} ${name}: ${req}; ${lim}`;
}

export function kubernetesHints(file: ParsedFile, ws: WorkspaceFacts, out: SizingHint[]): void {
  for (const w of workloads(file)) {
    const containers = podContainers(w);
    const scale = scaleOf(file, ws, w);
    const requests = podAmount(containers, w.doc, 'requests');
    const limits = podAmount(containers, w.doc, 'limits');
    const kindPair = getPair(w.root, 'kind');
    // `spec.replicas:` (key to value): its hover is the workload's.
    const replicas = getPair(asMap(get(w.root, 'spec', w.doc), w.doc), 'replicas', w.doc);
    const md = escapeMarkdown;
    const scaledBy = scale.hpa
      ? `scaled by HPA ${md(scale.hpa)} between ${scale.min} and ${scale.max} replicas`
      : `${scale.label} replica${scale.label === '1' ? '' : 's'}`;
    const detail = [
      prose`
        **${md(w.kind)} ${md(w.name)}**:
        ${scaledBy},
        ${containers.filter((c) => c.list === 'containers').length} container(s) per pod
      `,
      prose`
        - requests per pod: ${md(tuple(requests, 'request'))};
        ${scale.hpa ? `at ${scale.min}: ${total(requests, scale.min)}; at ${scale.max}: ${total(requests, scale.max)}` : `total ${total(requests, scale.max)}`}
      `,
      isSet(limits)
        ? prose`
        - limits per pod: ${md(tuple(limits, 'limit'))};
        ${scale.hpa ? `at ${scale.max}: ` : 'total '}${total(limits, scale.max)}
      `
        : '- no limits',
    ];
    if (requests.cpuMissing.length > 0)
      detail.push(prose`
      - no CPU request on ${md(requests.cpuMissing.join(', '))}: the scheduler counts it as
      0${scale.hpa ? ', and the HPA cannot compute CPU utilisation' : ''}
    `);
    if (requests.memoryMissing.length > 0)
      detail.push(`- no memory request on ${md(requests.memoryMissing.join(', '))}: the scheduler counts it as 0`);
    if (containers.some((c) => c.list === 'initContainers'))
      detail.push(
        paragraph(
          '- init containers run one at a time before the others: the pod reserves the larger of their largest',
          'request and the sum of the containers',
        ),
      );
    out.push({
      range: kindPair ? keyRange(kindPair) : nodeRange(w.root),
      title: workloadLensTitle(w.kind, w.name, scale, requests, limits),
      detail: detail.join('\n'),
      lens: true,
      ...(scale.max <= 1 && !scale.hpa && !isSet(requests) && !isSet(limits) ? { plain: true } : {}),
      ...(replicas ? { also: [nodeRange(replicas)] } : {}),
    });
  }
}
