/**
 * What "will it fit?" asks about a file: each workload's pod size and count, read with the
 * readers the sizing lenses use (Kubernetes manifests with their HPAs, Helm values blocks,
 * Compose and Swarm services), and the k3s pod-network limits the workspace's k3s configs set.
 * The lens on `replicas:` / `maxReplicas:` / `replicaCount:` shows the answer against declared
 * nodes only: without a known capacity it says nothing (no noise).
 */
import * as path from 'node:path';
import { composeServices, effectiveReplicas, isGlobal } from '../model/compose';
import { helmWorkloads, requested, type HelmWorkload } from '../model/helm-workloads';
import { k3sConfigGroup, k3sSettings } from '../model/k3s';
import { hpas, hpasTargeting, SCALABLE_KINDS } from '../model/k8s-hpa';
import { podContainers } from '../model/k8s-resources';
import { workloads } from '../model/kubernetes';
import { parseFile } from '../parse';
import { parseK8sQuantity } from '../quantity/k8s-quantity';
import { escapeMarkdown } from '../markdown';
import type { ClusterFacts, FileKind, KindOrNone, ParsedFile, Range, SizingHint, WorkspaceFacts } from '../types';
import { asMap, get, getPair, getPath, goValue, intValue, keyRange, nodeRange } from '../yaml-ast';
import {
  declaredCapacity,
  fitPods,
  podsPerNode,
  podNetworkOf,
  type ClusterCapacity,
  type FitReport,
  type FitRequest,
  type PodNetwork,
  type PodSize,
} from './fit';
import { composeAmount, type Amount } from './compose-amount';
import { podAmount, type PodAmount } from './kubernetes';

/** One question "will these pods fit?" of a file. */
export interface FitSubject {
  /** "Deployment web", "Compose service worker", "values backend". */
  label: string;
  /** "3 replicas", "maxReplicas 10 (HPA web)", "one per node". */
  count: string;
  request: FitRequest;
  /** Where the CLI says it is: the workload, block or service. */
  range: Range;
  /** Where the lens and hover go (`replicas:`, `maxReplicas:`, `replicaCount:`); undefined: the CLI only. */
  lensRange?: Range;
  /** docker compose runs every container of a project on one Docker host. */
  oneHost?: boolean;
}

/** Kubernetes rounds a CPU request up to whole millicores (resource.Quantity.MilliValue). */
const millis = (cores: number | undefined) => (cores === undefined ? undefined : Math.ceil(+(cores * 1000).toFixed(6)));
const bytes = (b: number | undefined) => (b === undefined ? undefined : Math.ceil(b));

function podSize(a: PodAmount | Amount): PodSize {
  const cpuMillis = millis(a.cpu);
  const memoryBytes = bytes(a.memory);
  return {
    ...(cpuMillis !== undefined ? { cpuMillis } : {}),
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function kubernetesSubjects(file: ParsedFile, ws: WorkspaceFacts, out: FitSubject[]): void {
  const fileHpas = hpas(file);
  for (const w of workloads(file)) {
    const containers = podContainers(w);
    const requests = podSize(podAmount(containers, w.doc, 'requests'));
    const limits = podSize(podAmount(containers, w.doc, 'limits'));
    const kindPair = getPair(w.root, 'kind');
    const range = kindPair ? keyRange(kindPair) : nodeRange(w.root);
    const label = `${w.kind} ${w.name}`;
    if (w.kind === 'DaemonSet') {
      out.push({ label, count: 'one per node', request: { replicas: 0, perNode: true, requests, limits }, range });
      continue;
    }
    if (!SCALABLE_KINDS.has(w.kind)) {
      const spec = w.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
      const n = w.kind === 'Pod' ? 1 : (intValue(getPath(w.root, [...spec, 'parallelism'], w.doc), w.doc) ?? 1);
      out.push({ label, count: plural(n, 'pod'), request: { replicas: n, requests, limits }, range });
      continue;
    }
    const replicasPair = getPair(asMap(getPair(w.root, 'spec')?.value ?? null, w.doc), 'replicas');
    const n = w.replicas ?? 1;
    out.push({
      label,
      count: w.replicas === undefined ? '1 replica (replicas not set)' : plural(n, 'replica'),
      request: { replicas: n, requests, limits },
      range,
      ...(replicasPair ? { lensRange: nodeRange(replicasPair) } : {}),
    });
    for (const t of hpasTargeting(file, ws, w)) {
      if (t.maxReplicas === undefined) continue;
      const here =
        t.where === ''
          ? fileHpas.find((h) => h.name === t.name && h.targetKind === w.kind && h.targetName === w.name)
          : undefined;
      out.push({
        label,
        count: `maxReplicas ${t.maxReplicas} (HPA ${t.name}${t.where ? ` in ${t.where}` : ''})`,
        request: { replicas: t.maxReplicas, requests, limits },
        range: here ? nodeRange(here.root) : range,
        ...(here?.maxPair ? { lensRange: nodeRange(here.maxPair) } : {}),
      });
    }
  }
}

function helmLimit(w: HelmWorkload, res: 'cpu' | 'memory'): number | undefined {
  const raw = goValue(get(asMap(get(w.resources, 'limits', w.doc), w.doc), res, w.doc), w.doc);
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const q = parseK8sQuantity(raw);
  return q.ok ? q.value : undefined;
}

function helmSubjects(file: ParsedFile, out: FitSubject[]): void {
  for (const w of helmWorkloads(file)) {
    const requests = podSize({ cpu: requested(w, 'cpu').value, memory: requested(w, 'memory').value });
    const limits = podSize({ cpu: helmLimit(w, 'cpu'), memory: helmLimit(w, 'memory') });
    const label = `values ${w.path.length > 0 ? w.path.join('.') : '(root)'}`;
    const range = w.owner ? keyRange(w.owner) : nodeRange(w.map);
    if (w.enabled) {
      if (w.maxReplicas === undefined) continue;
      const maxPair = getPair(w.autoscaling, 'maxReplicas');
      out.push({
        label,
        count: `autoscaling.maxReplicas ${w.maxReplicas}`,
        request: { replicas: w.maxReplicas, requests, limits },
        range,
        ...(maxPair ? { lensRange: nodeRange(maxPair) } : {}),
      });
    } else if (w.replicaCountPair) {
      const n = w.replicaCount ?? 1;
      out.push({
        label,
        count: plural(n, 'replica'),
        request: { replicas: n, requests, limits },
        range,
        lensRange: nodeRange(w.replicaCountPair),
      });
    }
  }
}

function composeSubjects(file: ParsedFile, kind: FileKind, ws: WorkspaceFacts, out: FitSubject[]): void {
  for (const svc of composeServices(file)) {
    // Reservations are what Swarm schedules by; limits only cap.
    const requests = podSize(composeAmount(svc, 'reservations'));
    const limits = podSize(composeAmount(svc, 'limits'));
    const label = `${kind === 'swarm' ? 'Swarm' : 'Compose'} service ${svc.name}`;
    const range = keyRange(svc.pair);
    if (isGlobal(svc)) {
      out.push({ label, count: 'one per node', request: { replicas: 0, perNode: true, requests, limits }, range });
      continue;
    }
    const n = effectiveReplicas(svc, ws).count;
    out.push({
      label,
      count: plural(n, 'replica'),
      request: { replicas: n, requests, limits },
      range,
      ...(kind === 'compose' ? { oneHost: true } : {}),
    });
  }
}

/** The workloads of a file, each with its pod size and count (an HPA's maximum as its own subject). */
export function fitSubjects(file: ParsedFile, kind: KindOrNone, ws: WorkspaceFacts): FitSubject[] {
  const out: FitSubject[] = [];
  if (kind === 'kubernetes') kubernetesSubjects(file, ws, out);
  else if (kind === 'helm-values') helmSubjects(file, out);
  else if (kind === 'compose' || kind === 'swarm') composeSubjects(file, kind, ws, out);
  return out;
}

/**
 * The pod-network limits of the workspace's k3s config groups (`config.yaml` with its drop-ins):
 * of several groups, the one that leaves the fewest pods per node. Undefined without k3s configs.
 */
export function workspacePodNetwork(ws: WorkspaceFacts): PodNetwork | undefined {
  const files = ws.k3sConfigFiles ?? [];
  if (files.length === 0) return undefined;
  const groups = new Map<string, { path: string; text: string }>();
  for (const f of files) {
    const base = k3sConfigGroup(f.path).base;
    // The group's config.yaml when known, else its first drop-in: either reads the merged group.
    if (!groups.has(base) || f.path === base) groups.set(base, f);
  }
  let best: PodNetwork | undefined;
  // A node that allows any number of pods: what is left is what the pod network allows.
  const probe = {
    name: '',
    allocatable: { cpuMillis: 0, memoryBytes: 0, pods: Infinity },
    requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
  };
  for (const [base, f] of groups) {
    const net = podNetworkOf(k3sSettings(parseFile(f.path, f.text), ws), `k3s ${path.basename(base)}`);
    if (!best || podsPerNode(probe, net).pods < podsPerNode(probe, best).pods) best = net;
  }
  return best;
}

/** The answer for one subject; docker compose's containers all go to one host (the first declared node). */
export function answerFor(s: FitSubject, capacity: ClusterCapacity | undefined, net?: PodNetwork): FitReport {
  const oneHost = s.oneHost === true && capacity !== undefined && capacity.nodes.length > 1;
  const cap = oneHost ? { ...capacity, nodes: capacity.nodes.slice(0, 1) } : capacity;
  const r = fitPods(s.request, cap, net ? { podNetwork: net } : {});
  if (oneHost) r.notes.push('docker compose runs every container on one Docker host: only the first node counts');
  return r;
}

function hoverText(s: FitSubject, r: FitReport): string {
  const md = escapeMarkdown;
  return [
    `**Will it fit?** ${md(s.label)}, ${md(s.count)}: ${md(r.text)}`,
    ...(r.source ? [`- against ${md(r.source)}`] : []),
    ...r.notes.map((n) => `- ${md(n)}`),
  ].join('\n');
}

/**
 * The lens and hover on `replicas:`, `maxReplicas:` and `replicaCount:` against the nodes
 * `.scalewise.yaml` declares; nothing when it declares none.
 */
export function fitHints(file: ParsedFile, kind: FileKind, ws: WorkspaceFacts, cluster: ClusterFacts): SizingHint[] {
  const capacity = declaredCapacity(cluster);
  if (!capacity) return [];
  const subjects = fitSubjects(file, kind, ws).filter((s) => s.lensRange);
  if (subjects.length === 0) return [];
  const net = workspacePodNetwork(ws);
  return subjects.map((s) => {
    const r = answerFor(s, capacity, net);
    return {
      range: s.lensRange!,
      title: `Will it fit? ${s.count}: ${r.text}`,
      detail: hoverText(s, r),
      lens: true,
    };
  });
}
