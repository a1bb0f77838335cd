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
import composeScaledStatefulVolume from './compose-scaled-stateful-volume';
import helmReplicasWithAutoscaling from './helm-replicas-with-autoscaling';
import k3sMaxPodsExceedsNodeCidr from './k3s-max-pods-exceeds-node-cidr';
import k8sMemoryInMillis from './k8s-memory-in-millis';
import polarwayBindAddress from './polarway-bind-address';
import polarwayHandleStoreNotShared from './polarway-handle-store-not-shared';
import polarwayStateDirNotShared from './polarway-state-dir-not-shared';
import polarwayUnboundedWorker from './polarway-unbounded-worker';
import polisDevOverlayPorts from './polis-dev-overlay-ports';
import polisMathWorkerMemory from './polis-math-worker-memory';
import polisScaleTargetName from './polis-scale-target-name';
import runaiServiceGroupUndersized from './runai-service-group-undersized';
import schemaMismatch from './schema-mismatch';
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
  composeScaledStatefulVolume,
  helmReplicasWithAutoscaling,
  k3sMaxPodsExceedsNodeCidr,
  k8sMemoryInMillis,
  polarwayBindAddress,
  polarwayHandleStoreNotShared,
  polarwayStateDirNotShared,
  polarwayUnboundedWorker,
  polisDevOverlayPorts,
  polisMathWorkerMemory,
  polisScaleTargetName,
  runaiServiceGroupUndersized,
  schemaMismatch,
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
