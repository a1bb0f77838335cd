/** The engine's public surface, shared by the language server and the CLI. */
export { lint, severityFor, type EngineOptions } from './lint';
export { FORMER_RULE_IDS, RULES, RULES_BY_ID } from './rules';
export { applyEdits, applyFixes } from './fixes';
export {
  parseConfig,
  mergeConfig,
  defaultConfig,
  assembleConfig,
  CONFIG_FILE_NAMES,
  type ConfigSources,
} from './config';
export { fixFile, checkFix, type FixOutcome } from './fix-file';
export { emptyWorkspace, scanCommands, scanComposeFile, isCommandSource } from './scale-commands';
export { valueFacts } from './value-facts';
export { isK3sConfigPath, k3sConfigGroup } from './model/k3s';
export { scanKubernetesFile } from './model/k8s-hpa';
export { drakrunIniPair } from './model/drakrun';
// The services and workloads a file declares, for the scale pickers and lenses (handlers/scale.ts).
export { composeServices, writtenReplicas } from './model/compose';
export { workloads } from './model/kubernetes';
export { codeSpan, escapeMarkdown } from './markdown';
export { LineIndex } from './positions';
export { docsUrl, ruleFileName } from './define-rule';
export { renderRuleDoc } from './docs';
export {
  declaredCapacity,
  describeFit,
  fitPods,
  podNetworkOf,
  podsPerNode,
  type ClusterCapacity,
  type FitReport,
  type FitRequest,
  type NodeCapacity,
  type PodNetwork,
  type PodSize,
  type ResourceAmounts,
} from './sizing/fit';
export { answerFor, fitSubjects, workspacePodNetwork, type FitSubject } from './sizing/fit-workloads';
export * from './types';
