/**
 * Every rule, sorted by id. Explicit imports (no file-system scan) so esbuild sees them all;
 * test/unit/registry.test.ts checks the order, the file names and the docs.
 */
import type { Rule } from '../types';
import composeContainerNameBlocksScale from './compose-container-name-blocks-scale';
import composeHostPortConflict from './compose-host-port-conflict';
import composeHostPortRangeTooSmall from './compose-host-port-range-too-small';
import composeInvalidResourceValue from './compose-invalid-resource-value';
import composeLegacyResourceKeys from './compose-legacy-resource-keys';
import composeMissingResourceLimits from './compose-missing-resource-limits';
import composeNoLoadBalancer from './compose-no-load-balancer';
import composeObsoleteVersion from './compose-obsolete-version';
import composeScaleReplicasDisagree from './compose-scale-replicas-disagree';
import composeScaleTargetUnknown from './compose-scale-target-unknown';
import composeScaledStatefulVolume from './compose-scaled-stateful-volume';
import drakrunIniServicesDisagree from './drakrun-ini-services-disagree';
import drakrunSharedServiceOnLocalhost from './drakrun-shared-service-on-localhost';
import helmAutoscalingMinExceedsMax from './helm-autoscaling-min-exceeds-max';
import helmAutoscalingWithoutCpuRequest from './helm-autoscaling-without-cpu-request';
import helmEmptyResources from './helm-empty-resources';
import helmInvalidQuantity from './helm-invalid-quantity';
import helmMemoryInMillis from './helm-memory-in-millis';
import helmReplicasWithAutoscaling from './helm-replicas-with-autoscaling';
import helmRequestsExceedLimits from './helm-requests-exceed-limits';
import k3sAgentWithoutToken from './k3s-agent-without-token';
import k3sClusterCidrNodeCapacity from './k3s-cluster-cidr-node-capacity';
import k3sInvalidFlagValue from './k3s-invalid-flag-value';
import k3sMaxPodsAboveTested from './k3s-max-pods-above-tested';
import k3sMaxPodsExceedsNodeCidr from './k3s-max-pods-exceeds-node-cidr';
import k3sNodeMaskImmutable from './k3s-node-mask-immutable';
import k3sUnknownFlag from './k3s-unknown-flag';
import k3sUnpinnedVersion from './k3s-unpinned-version';
import k8sHostPortReplicas from './k8s-host-port-replicas';
import k8sHpaMinExceedsMax from './k8s-hpa-min-exceeds-max';
import k8sHpaTargetMissingCpuRequests from './k8s-hpa-target-missing-cpu-requests';
import k8sHpaTargetNotFound from './k8s-hpa-target-not-found';
import k8sInvalidQuantity from './k8s-invalid-quantity';
import k8sMemoryInMillis from './k8s-memory-in-millis';
import k8sMissingRequests from './k8s-missing-requests';
import k8sReplicasWithHpa from './k8s-replicas-with-hpa';
import k8sRequestsExceedLimits from './k8s-requests-exceed-limits';
import k8sSingleReplica from './k8s-single-replica';
import polarwayBindAddress from './polarway-bind-address';
import polarwayHandleStoreNotShared from './polarway-handle-store-not-shared';
import polarwayStateDirNotShared from './polarway-state-dir-not-shared';
import polarwayUnboundedWorker from './polarway-unbounded-worker';
import polisDevOverlayPorts from './polis-dev-overlay-ports';
import polisMathWorkerMemory from './polis-math-worker-memory';
import prometheusQueueConfig from './prometheus-queue-config';
import runaiControlPlaneAutoscaling from './runai-control-plane-autoscaling';
import runaiGrafanaMinReplicas from './runai-grafana-min-replicas';
import runaiRemoteWriteQueue from './runai-remote-write-queue';
import runaiServiceGroupUndersized from './runai-service-group-undersized';
import runaiThanosQueryResources from './runai-thanos-query-resources';
import schemaMismatch from './schema-mismatch';
import scriptTooLarge from './script-too-large';
import swarmBuildWithoutImage from './swarm-build-without-image';
import swarmComposeOnlyKeys from './swarm-compose-only-keys';
import swarmContainerNameIgnored from './swarm-container-name-ignored';
import swarmCpusMustBeString from './swarm-cpus-must-be-string';
import swarmForbiddenOption from './swarm-forbidden-option';
import swarmHostModePortReplicas from './swarm-host-mode-port-replicas';
import swarmMixedArchitecture from './swarm-mixed-architecture';
import swarmMulticastOverlay from './swarm-multicast-overlay';
import swarmUnsupportedOption from './swarm-unsupported-option';
import yamlSyntaxError from './yaml-syntax-error';

export const RULES: readonly Rule[] = [
  composeContainerNameBlocksScale,
  composeHostPortConflict,
  composeHostPortRangeTooSmall,
  composeInvalidResourceValue,
  composeLegacyResourceKeys,
  composeMissingResourceLimits,
  composeNoLoadBalancer,
  composeObsoleteVersion,
  composeScaleReplicasDisagree,
  composeScaleTargetUnknown,
  composeScaledStatefulVolume,
  drakrunIniServicesDisagree,
  drakrunSharedServiceOnLocalhost,
  helmAutoscalingMinExceedsMax,
  helmAutoscalingWithoutCpuRequest,
  helmEmptyResources,
  helmInvalidQuantity,
  helmMemoryInMillis,
  helmReplicasWithAutoscaling,
  helmRequestsExceedLimits,
  k3sAgentWithoutToken,
  k3sClusterCidrNodeCapacity,
  k3sInvalidFlagValue,
  k3sMaxPodsAboveTested,
  k3sMaxPodsExceedsNodeCidr,
  k3sNodeMaskImmutable,
  k3sUnknownFlag,
  k3sUnpinnedVersion,
  k8sHostPortReplicas,
  k8sHpaMinExceedsMax,
  k8sHpaTargetMissingCpuRequests,
  k8sHpaTargetNotFound,
  k8sInvalidQuantity,
  k8sMemoryInMillis,
  k8sMissingRequests,
  k8sReplicasWithHpa,
  k8sRequestsExceedLimits,
  k8sSingleReplica,
  polarwayBindAddress,
  polarwayHandleStoreNotShared,
  polarwayStateDirNotShared,
  polarwayUnboundedWorker,
  polisDevOverlayPorts,
  polisMathWorkerMemory,
  prometheusQueueConfig,
  runaiControlPlaneAutoscaling,
  runaiGrafanaMinReplicas,
  runaiRemoteWriteQueue,
  runaiServiceGroupUndersized,
  runaiThanosQueryResources,
  schemaMismatch,
  scriptTooLarge,
  swarmBuildWithoutImage,
  swarmComposeOnlyKeys,
  swarmContainerNameIgnored,
  swarmCpusMustBeString,
  swarmForbiddenOption,
  swarmHostModePortReplicas,
  swarmMixedArchitecture,
  swarmMulticastOverlay,
  swarmUnsupportedOption,
  yamlSyntaxError,
] as Rule[];

export const SCHEMA_RULE_ID = 'schema/mismatch';

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

/** A renamed rule's former id -> its id now (RuleMeta.formerIds). */
export const FORMER_RULE_IDS: ReadonlyMap<string, string> = new Map(
  RULES.flatMap((r) => (r.meta.formerIds ?? []).map((f) => [f, r.meta.id] as const)),
);
