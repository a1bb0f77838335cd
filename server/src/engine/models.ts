/**
 * `ctx.models`: what rules read instead of walking the YAML, each computed once per parsed file
 * and shared by every rule, the sizing lens and the hover (model/memo.ts). When the lint records
 * reads (engine/scope.ts), each model says what reading it means: its items are services,
 * workloads or blocks of one document, or it stands for the whole file or the workspace.
 */
import type { Document } from 'yaml';
import { composeServices, type ComposeService } from './model/compose';
import { drakrunConfig, drakrunIniPeers, type DrakrunIniPeer, type DrakrunSetting } from './model/drakrun';
import { helmWorkloads, type HelmWorkload } from './model/helm-workloads';
import { k3sSettings, k3sSettingsPerFile, type K3sSetting } from './model/k3s';
import { hpas, type Hpa } from './model/k8s-hpa';
import { helmResourceBlocks, manifestResourceBlocks, type ResourceBlock } from './model/k8s-resources';
import { workloads, type Workload } from './model/kubernetes';
import { polarwayWorkers, type Worker } from './model/polarway';
import { polisMathServices } from './model/polis';
import { queueSites, type QueueSite } from './model/prometheus';
import { runaiConfigs, type RunaiConfig } from './model/runai-config';
import { controlPlaneValues, type ControlPlaneValues } from './model/runai-control-plane';
import type { ReadRecorder, Unit } from './scope';
import type { FileKind, ParsedFile, WorkspaceFacts } from './types';
import { nodeRange } from './yaml-ast';

export interface RuleModels {
  /** Compose (and Swarm stack) services of every document. */
  compose: ComposeService[];
  /** Compose services running the Polis math worker. */
  polisMath: ComposeService[];
  /** Polarway workers with their effective replicas (scripts that `--scale` them included). */
  polarwayWorkers: Worker[];
  /** Kubernetes workloads (Deployment, StatefulSet, ...), one per document. */
  workloads: Workload[];
  hpas: Hpa[];
  /** Every `resources` map of a manifest with requests or limits. */
  manifestResources: ResourceBlock[];
  /** Helm values workload blocks (`replicaCount`, `autoscaling`). */
  helmWorkloads: HelmWorkload[];
  /** Every `resources:` map of a Helm values file. */
  helmResources: ResourceBlock[];
  /** Run:ai control-plane values blocks. */
  controlPlane: ControlPlaneValues[];
  /** Run:ai `RunaiConfig` resources, one per document. */
  runaiConfig: RunaiConfig[];
  /** Prometheus remote-write entries and their queue config, as the file's kind writes them. */
  prometheusQueues: QueueSite[];
  /** The settings k3s ends up with: this config merged with the rest of its group in the workspace, or an install script's. */
  k3sSettings: K3sSetting[];
  /** The same, file by file in k3s' reading order, before merging. */
  k3sSettingsPerFile: K3sSetting[][];
  /** DRAKVUF Sandbox settings (`section.key = value`) of a config.toml or a legacy config.ini. */
  drakrunSettings: DrakrunSetting[];
  /** The other legacy INI file of the pair (drakrun's for drakcore's, and back), from the workspace. */
  drakrunIniPeers: DrakrunIniPeer[];
}

type Reads<T> =
  /** Each item is a service or workload of one document. */
  | { items: (item: T) => Unit }
  /** Reading it reads the whole file, or (given the file) the workspace too. */
  | { whole: (file: ParsedFile) => 'file' | 'workspace'; why: string };

interface ModelDef<T> {
  read(file: ParsedFile, kind: FileKind, ws: WorkspaceFacts): T;
  reads: Reads<T extends (infer I)[] ? I : never>;
}

const byDoc = (x: { doc: Document }): Unit => ({ doc: x.doc });
const k3sReads = (file: ParsedFile): 'file' | 'workspace' => (file.isYaml ? 'workspace' : 'file');

const MODELS: { [K in keyof RuleModels]: ModelDef<RuleModels[K]> } = {
  compose: {
    read: (f) => composeServices(f),
    reads: { items: (s) => ({ doc: s.doc, range: nodeRange(s.pair), node: s.map }) },
  },
  polisMath: {
    read: (f) => polisMathServices(f),
    reads: { whole: () => 'file', why: 'the math worker is told apart by the other services of the file' },
  },
  polarwayWorkers: {
    read: (f, _k, ws) => polarwayWorkers(f, ws),
    reads: { whole: () => 'workspace', why: 'replicas count the scripts that scale each worker' },
  },
  workloads: { read: (f) => workloads(f), reads: { items: (w) => ({ doc: w.doc, range: nodeRange(w.root) }) } },
  hpas: { read: (f) => hpas(f), reads: { items: (h) => ({ doc: h.doc, range: nodeRange(h.root) }) } },
  manifestResources: { read: (f) => manifestResourceBlocks(f), reads: { items: byDoc } },
  helmWorkloads: { read: (f) => helmWorkloads(f), reads: { items: byDoc } },
  helmResources: { read: (f) => helmResourceBlocks(f), reads: { items: byDoc } },
  controlPlane: { read: (f) => controlPlaneValues(f), reads: { items: byDoc } },
  runaiConfig: { read: (f) => runaiConfigs(f), reads: { items: byDoc } },
  prometheusQueues: { read: (f, kind) => queueSites(f, kind), reads: { items: byDoc } },
  k3sSettings: {
    read: (f, _k, ws) => k3sSettings(f, ws),
    reads: {
      whole: k3sReads,
      why: 'a config merges the other files of its group in the workspace; a script is read whole',
    },
  },
  k3sSettingsPerFile: {
    read: (f, _k, ws) => k3sSettingsPerFile(f, ws),
    reads: {
      whole: k3sReads,
      why: 'a config merges the other files of its group in the workspace; a script is read whole',
    },
  },
  drakrunSettings: {
    read: (f, kind) => drakrunConfig(f, kind).settings,
    reads: { whole: () => 'file', why: 'a TOML or INI file is read whole' },
  },
  drakrunIniPeers: {
    read: (f, _k, ws) => drakrunIniPeers(f, ws),
    reads: { whole: () => 'workspace', why: 'the other INI file of the pair is read from the workspace' },
  },
};

export const MODEL_NAMES = Object.keys(MODELS) as (keyof RuleModels)[];

/** The models of one file, computed when first read; with a recorder, views that note what the rule reads. */
export function ruleModels(file: ParsedFile, kind: FileKind, ws: WorkspaceFacts, recorder?: ReadRecorder): RuleModels {
  const models = {} as RuleModels;
  for (const name of MODEL_NAMES) {
    const def = MODELS[name] as ModelDef<unknown[]>;
    Object.defineProperty(models, name, {
      enumerable: true,
      get: () => {
        const value = def.read(file, kind, ws);
        if (!recorder) return value;
        const reads = def.reads;
        if ('items' in reads) return recorder.itemsView(name, value as object[], reads.items as (item: object) => Unit);
        recorder.raise(reads.whole(file), `read ctx.models.${name} (${reads.why})`);
        return value;
      },
    });
  }
  return models;
}
