/**
 * Workloads and their containers in Kubernetes manifests (what `kompose convert` writes too).
 */
import { type Document, type YAMLMap } from 'yaml';
import type { ParsedFile } from '../types';
import { asMap, asSeq, get, getPath, intValue, stringValue } from '../yaml-ast';
import { memoized } from './memo';

export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
  'ReplicationController',
  'DeploymentConfig',
]);

export interface Workload {
  kind: string;
  name: string;
  namespace?: string;
  root: YAMLMap;
  doc: Document;
  /** `spec.replicas`, or undefined when unset (Kubernetes defaults to 1). */
  replicas?: number;
  containers: YAMLMap[];
}

/** The pod spec of a workload (`spec`, `spec.template.spec`, or a CronJob's `spec.jobTemplate.spec.template.spec`). */
export function podSpec(kind: string, root: YAMLMap, doc: Document): YAMLMap | null {
  if (kind === 'Pod') return asMap(get(root, 'spec', doc), doc);
  if (kind === 'CronJob') return asMap(getPath(root, ['spec', 'jobTemplate', 'spec', 'template', 'spec'], doc), doc);
  return asMap(getPath(root, ['spec', 'template', 'spec'], doc), doc);
}

export function workloads(file: ParsedFile): Workload[] {
  return memoized(file, 'workloads', readWorkloads);
}

function readWorkloads(file: ParsedFile): Workload[] {
  const out: Workload[] = [];
  for (const d of file.documents) {
    const root = asMap(d.root, d.doc);
    const kind = stringValue(get(root, 'kind', d.doc), d.doc);
    if (!root || !kind || !WORKLOAD_KINDS.has(kind)) continue;
    const spec = podSpec(kind, root, d.doc);
    const containers: YAMLMap[] = [];
    for (const key of ['initContainers', 'containers']) {
      for (const c of asSeq(get(spec, key, d.doc), d.doc)?.items ?? []) {
        const m = asMap(c, d.doc);
        if (m) containers.push(m);
      }
    }
    out.push({
      kind,
      name: stringValue(getPath(root, ['metadata', 'name'], d.doc), d.doc) ?? '(unnamed)',
      namespace: stringValue(getPath(root, ['metadata', 'namespace'], d.doc), d.doc),
      root,
      doc: d.doc,
      replicas: intValue(getPath(root, ['spec', 'replicas'], d.doc), d.doc),
      containers,
    });
  }
  return out;
}
