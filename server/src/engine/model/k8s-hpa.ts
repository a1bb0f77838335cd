/**
 * HorizontalPodAutoscalers (autoscaling/v1, v2, v2beta1, v2beta2) and the workloads they scale,
 * in this file and in the rest of the workspace (`WorkspaceFacts.kubernetesWorkloads` /
 * `kubernetesHpas`, filled by `scanKubernetesFile` from the CLI's and the server's walkers).
 *
 * Sources: https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/,
 * kubernetes pkg/apis/autoscaling/validation/validation.go, k8s.io/api autoscaling/v2 types.
 */
import * as path from 'node:path';
import { type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { filePathOf } from '../detect';
import { parseFile } from '../parse';
import type { KubernetesHpaFacts, KubernetesWorkloadFacts, ParsedFile, Range, WorkspaceFacts } from '../types';
import { asMap, get, getPair, getPath, intValue, isSeq, lineOf, nodeRange, stringValue } from '../yaml-ast';
import { hasRequest, podContainers } from './k8s-resources';
import { workloads, type Workload } from './kubernetes';
import { memoized } from './memo';

/**
 * The kinds with a `scale` subresource that an HPA can scale: "a deployment, replica set, stateful
 * set, or replication controller" (kubectl autoscale), and OpenShift's DeploymentConfig ("a
 * replication controller or deployment configuration", OpenShift pod autoscaling docs). A
 * DaemonSet, Job or Pod has none. One list for every rule that matches HPAs and workloads.
 */
export const SCALABLE_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'DeploymentConfig',
]);

/** v1 HPAs carry their v2 metrics in this annotation; with it, no default CPU metric is added. */
const V1_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';

export interface CpuMetric {
  /** The metric entry, or `targetCPUUtilizationPercentage`; for the default metric, `scaleTargetRef`. */
  range: Range;
  /** `ContainerResource` metrics: only these containers need a CPU request. Undefined: every container. */
  containers?: string[];
  /**
   * The default metric, 80 % CPU (`autoscaling.DefaultCPUUtilization`, kubernetes
   * pkg/apis/autoscaling/annotations.go): for a v1 HPA without `targetCPUUtilizationPercentage`
   * (pkg/apis/autoscaling/v1/conversion.go) and a v2, v2beta2 or v2beta1 HPA without `metrics`
   * (pkg/apis/autoscaling/v2/defaults.go).
   */
  isDefault: boolean;
  /** What is missing for the default to apply: `metrics` (v2 and betas) or `targetCPUUtilizationPercentage` (v1). */
  defaultFor?: 'metrics' | 'targetCPUUtilizationPercentage';
}

export interface Hpa {
  doc: Document;
  root: YAMLMap;
  apiVersion: string;
  name: string;
  namespace?: string;
  targetKind?: string;
  targetName?: string;
  targetRange?: Range;
  minPair: Pair | null;
  maxPair: Pair | null;
  minReplicas?: number;
  maxReplicas?: number;
  /** The CPU utilisation metrics; empty when the HPA scales on something else. */
  cpu: CpuMetric[];
  /** An `Object` or `External` metric: the only kind with which `minReplicas: 0` can be allowed. */
  hasObjectOrExternalMetric: boolean;
}

function cpuMetrics(
  root: YAMLMap,
  spec: YAMLMap | null,
  apiVersion: string,
  doc: Document,
  fallback: Range,
): { cpu: CpuMetric[]; objectOrExternal: boolean } {
  const cpu: CpuMetric[] = [];
  let objectOrExternal = false;
  if (apiVersion === 'autoscaling/v1') {
    // What `kubectl autoscale` without --cpu-percent writes: the API server converts it to 80 % CPU.
    const p = getPair(spec, 'targetCPUUtilizationPercentage');
    if (p) cpu.push({ range: nodeRange(p), isDefault: false });
    else if (!getPair(asMap(getPath(root, ['metadata', 'annotations'], doc), doc), V1_METRICS_ANNOTATION)) {
      cpu.push({ range: fallback, isDefault: true, defaultFor: 'targetCPUUtilizationPercentage' });
    }
    return { cpu, objectOrExternal };
  }
  const metricsPair = getPair(spec, 'metrics');
  const metrics = metricsPair ? get(spec, 'metrics', doc) : null;
  if (!metricsPair || (isSeq(metrics) && metrics.items.length === 0)) {
    cpu.push({ range: fallback, isDefault: true, defaultFor: 'metrics' });
    return { cpu, objectOrExternal };
  }
  if (!isSeq(metrics)) return { cpu, objectOrExternal };
  for (const item of metrics.items) {
    const m = asMap(item, doc);
    const type = stringValue(get(m, 'type', doc), doc);
    if (type === 'Object' || type === 'External') objectOrExternal = true;
    if (type !== 'Resource' && type !== 'ContainerResource') continue;
    const res = asMap(get(m, type === 'Resource' ? 'resource' : 'containerResource', doc), doc);
    if (stringValue(get(res, 'name', doc), doc) !== 'cpu') continue;
    // v2 / v2beta2: target.type Utilization; v2beta1: targetAverageUtilization.
    const utilization =
      stringValue(getPath(res, ['target', 'type'], doc), doc) === 'Utilization' ||
      getPair(res, 'targetAverageUtilization') !== null;
    if (!utilization) continue;
    const container = stringValue(get(res, 'container', doc), doc);
    cpu.push({
      range: nodeRange(m ?? (item as Node)),
      isDefault: false,
      ...(type === 'ContainerResource' && container ? { containers: [container] } : {}),
    });
  }
  return { cpu, objectOrExternal };
}

export function hpas(file: ParsedFile): Hpa[] {
  return memoized(file, 'hpas', readHpas);
}

function readHpas(file: ParsedFile): Hpa[] {
  const out: Hpa[] = [];
  for (const d of file.documents) {
    const root = asMap(d.root, d.doc);
    if (stringValue(get(root, 'kind', d.doc), d.doc) !== 'HorizontalPodAutoscaler' || !root) continue;
    const apiVersion = stringValue(get(root, 'apiVersion', d.doc), d.doc) ?? '';
    const spec = asMap(get(root, 'spec', d.doc), d.doc);
    const ref = asMap(get(spec, 'scaleTargetRef', d.doc), d.doc);
    const refPair = getPair(spec, 'scaleTargetRef');
    const nameNode = get(ref, 'name', d.doc);
    const fallback = refPair ? nodeRange(refPair.key as Node) : nodeRange(root);
    const { cpu, objectOrExternal } = cpuMetrics(root, spec, apiVersion, d.doc, fallback);
    const minPair = getPair(spec, 'minReplicas');
    const maxPair = getPair(spec, 'maxReplicas');
    out.push({
      doc: d.doc,
      root,
      apiVersion,
      name: stringValue(getPath(root, ['metadata', 'name'], d.doc), d.doc) ?? '(unnamed)',
      namespace: stringValue(getPath(root, ['metadata', 'namespace'], d.doc), d.doc),
      targetKind: stringValue(get(ref, 'kind', d.doc), d.doc),
      targetName: stringValue(nameNode, d.doc),
      ...(nameNode ? { targetRange: nodeRange(nameNode) } : {}),
      minPair,
      maxPair,
      minReplicas: minPair ? intValue(minPair.value, d.doc) : undefined,
      maxReplicas: maxPair ? intValue(maxPair.value, d.doc) : undefined,
      cpu,
      hasObjectOrExternalMetric: objectOrExternal,
    });
  }
  return out;
}

/** Namespaces match when equal, or when either manifest leaves it to `kubectl -n`. */
function sameNamespace(a?: string, b?: string): boolean {
  return a === undefined || b === undefined || a === b;
}

export function workloadFacts(filePath: string, file: ParsedFile, w: Workload): KubernetesWorkloadFacts {
  const containers = podContainers(w).filter((c) => c.list === 'containers');
  const replicasNode = getPath(w.root, ['spec', 'replicas'], w.doc);
  return {
    path: filePath,
    kind: w.kind,
    name: w.name,
    ...(w.namespace !== undefined ? { namespace: w.namespace } : {}),
    ...(w.replicas !== undefined ? { replicas: w.replicas } : {}),
    ...(replicasNode?.range ? { replicasLine: lineOf(file.text, replicasNode.range[0]) + 1 } : {}),
    containers: containers.map((c) => c.name),
    containersWithoutCpuRequest: containers.filter((c) => !hasRequest(c.map, w.doc, 'cpu')).map((c) => c.name),
  };
}

export function hpaFacts(filePath: string, h: Hpa): KubernetesHpaFacts | null {
  if (!h.targetKind || !h.targetName) return null;
  return {
    path: filePath,
    name: h.name,
    ...(h.namespace !== undefined ? { namespace: h.namespace } : {}),
    targetKind: h.targetKind,
    targetName: h.targetName,
    ...(h.minReplicas !== undefined ? { minReplicas: h.minReplicas } : {}),
    ...(h.maxReplicas !== undefined ? { maxReplicas: h.maxReplicas } : {}),
    cpuUtilization: h.cpu.length > 0,
  };
}

const MANIFEST_HINT =
  /^kind:[ \t]*["']?(HorizontalPodAutoscaler|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod|ReplicationController|DeploymentConfig)\b/m;

/** Records the workloads and HPAs of a manifest (anything else: nothing). `read` texts come from the walkers. */
export function scanKubernetesFile(filePath: string, text: string, into: WorkspaceFacts): WorkspaceFacts {
  if (!MANIFEST_HINT.test(text)) return into;
  const abs = path.resolve(filePath);
  let file: ParsedFile;
  try {
    file = parseFile(abs, text);
  } catch {
    return into;
  }
  const ws = (into.kubernetesWorkloads ??= []).filter((x) => x.path !== abs);
  const hs = (into.kubernetesHpas ??= []).filter((x) => x.path !== abs);
  for (const w of workloads(file)) ws.push(workloadFacts(abs, file, w));
  for (const h of hpas(file)) {
    const f = hpaFacts(abs, h);
    if (f) hs.push(f);
  }
  into.kubernetesWorkloads = ws;
  into.kubernetesHpas = hs;
  return into;
}

/** The absolute path of the file being linted, to leave its own (possibly stale) workspace entries out. */
export function currentPath(file: ParsedFile): string {
  return path.resolve(filePathOf(file.uri));
}

/** Where a workspace fact lives, for messages: `peer-deployment.yaml:9` or `peer-deployment.yaml`. */
export function whereOf(p: string, line?: number): string {
  return `${path.basename(p)}${line !== undefined ? `:${line}` : ''}`;
}

export interface TargetedBy {
  name: string;
  minReplicas?: number;
  maxReplicas?: number;
  /** Empty for this file, else the other manifest's file name. */
  where: string;
}

/** `kind` and `name` as one map key; NUL cannot appear in either as written in a manifest. */
const targetKey = (kind: string, name: string) => `${kind}\0${name}`;

function groupBy<T>(items: readonly T[], keyOf: (x: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = keyOf(x);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/**
 * This file's HPAs by the workload they name and its workloads by kind and name, built once per
 * parsed file: matching each workload against every HPA (and each HPA against every workload)
 * was quadratic, 2,000 Deployment + HPA pairs in one file took 44 s.
 */
const fileIndexes = new WeakMap<ParsedFile, { hpas: Map<string, Hpa[]>; workloads: Map<string, Workload[]> }>();

function fileIndex(file: ParsedFile): { hpas: Map<string, Hpa[]>; workloads: Map<string, Workload[]> } {
  let index = fileIndexes.get(file);
  if (!index) {
    index = {
      hpas: groupBy(hpas(file), (h) =>
        h.targetKind !== undefined && h.targetName !== undefined ? targetKey(h.targetKind, h.targetName) : undefined,
      ),
      workloads: groupBy(workloads(file), (w) => targetKey(w.kind, w.name)),
    };
    fileIndexes.set(file, index);
  }
  return index;
}

/**
 * The same for the workspace's lists, once per list. The lists are replaced, not edited, when a
 * scan changes them (scanKubernetesFile, addKubernetesFacts); a list whose length changed anyway
 * is indexed again.
 */
const workspaceIndexes = new WeakMap<object, { length: number; byKey: Map<string, unknown[]> }>();

function workspaceIndex<T>(list: readonly T[], keyOf: (x: T) => string): Map<string, T[]> {
  const hit = workspaceIndexes.get(list);
  if (hit && hit.length === list.length) return hit.byKey as Map<string, T[]>;
  const byKey = groupBy(list, keyOf);
  workspaceIndexes.set(list, { length: list.length, byKey });
  return byKey;
}

/** The HPAs (this file's, then the workspace's) whose `scaleTargetRef` names this workload. */
export function hpasTargeting(
  file: ParsedFile,
  ws: WorkspaceFacts,
  w: { kind: string; name: string; namespace?: string },
): TargetedBy[] {
  const out: TargetedBy[] = [];
  const key = targetKey(w.kind, w.name);
  for (const h of fileIndex(file).hpas.get(key) ?? []) {
    if (sameNamespace(h.namespace, w.namespace)) {
      out.push({
        name: h.name,
        ...(h.minReplicas !== undefined ? { minReplicas: h.minReplicas } : {}),
        ...(h.maxReplicas !== undefined ? { maxReplicas: h.maxReplicas } : {}),
        where: '',
      });
    }
  }
  const others = ws.kubernetesHpas ?? [];
  if (others.length === 0) return out;
  const me = currentPath(file);
  for (const h of workspaceIndex(others, (x) => targetKey(x.targetKind, x.targetName)).get(key) ?? []) {
    if (h.path === me) continue;
    if (sameNamespace(h.namespace, w.namespace)) {
      out.push({
        name: h.name,
        ...(h.minReplicas !== undefined ? { minReplicas: h.minReplicas } : {}),
        ...(h.maxReplicas !== undefined ? { maxReplicas: h.maxReplicas } : {}),
        where: whereOf(h.path),
      });
    }
  }
  return out;
}

/** The workload an HPA scales: from this file when it is here, else from the workspace. */
export function hpaTarget(file: ParsedFile, ws: WorkspaceFacts, h: Hpa): KubernetesWorkloadFacts | undefined {
  if (!h.targetKind || !h.targetName) return undefined;
  const key = targetKey(h.targetKind, h.targetName);
  const me = currentPath(file);
  const local = fileIndex(file)
    .workloads.get(key)
    ?.find((w) => sameNamespace(w.namespace, h.namespace));
  if (local) return workloadFacts(me, file, local);
  const others = ws.kubernetesWorkloads ?? [];
  if (others.length === 0) return undefined;
  return workspaceIndex(others, (w) => targetKey(w.kind, w.name))
    .get(key)
    ?.find((w) => w.path !== me && sameNamespace(w.namespace, h.namespace));
}

/**
 * Whether the workspace's Kubernetes facts cover this file's folder: the CLI read every YAML file
 * beside the files it lints, the server every YAML folder of a full scan that was not capped. A
 * file open on its own, or linted before the scan ended, is not covered.
 */
export function workspaceCovers(file: ParsedFile, ws: WorkspaceFacts): boolean {
  const dirs = ws.kubernetesScannedDirs;
  return dirs !== undefined && dirs.includes(path.dirname(currentPath(file)));
}

/** Workloads named `name` of any kind or namespace (this file's, then the workspace's), for "did you mean" in messages. */
export function workloadsNamed(
  file: ParsedFile,
  ws: WorkspaceFacts,
  name: string,
): { kind: string; namespace?: string; where: string }[] {
  const me = currentPath(file);
  const out: { kind: string; namespace?: string; where: string }[] = [];
  for (const w of workloads(file))
    if (w.name === name)
      out.push({ kind: w.kind, ...(w.namespace !== undefined ? { namespace: w.namespace } : {}), where: '' });
  for (const w of ws.kubernetesWorkloads ?? []) {
    if (w.name === name && w.path !== me)
      out.push({
        kind: w.kind,
        ...(w.namespace !== undefined ? { namespace: w.namespace } : {}),
        where: whereOf(w.path),
      });
  }
  return out;
}
