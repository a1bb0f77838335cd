/**
 * Every rule, sorted by id. Explicit imports (no file-system scan) so esbuild sees them all;
 * test/unit/registry.test.ts checks the order, the file names and the docs.
 */
import type { Rule } from '../types';
import composeContainerNameBlocksScale from './compose-container-name-blocks-scale';
import composeHostPortConflict from './compose-host-port-conflict';
import composeObsoleteVersion from './compose-obsolete-version';
import helmReplicasWithAutoscaling from './helm-replicas-with-autoscaling';
import k3sMaxPodsExceedsNodeCidr from './k3s-max-pods-exceeds-node-cidr';
import k8sMemoryInMillis from './k8s-memory-in-millis';
import runaiServiceGroupUndersized from './runai-service-group-undersized';
import schemaMismatch from './schema-mismatch';
import swarmForbiddenOption from './swarm-forbidden-option';
import yamlSyntaxError from './yaml-syntax-error';

export const RULES: readonly Rule[] = [
  composeContainerNameBlocksScale,
  composeHostPortConflict,
  composeObsoleteVersion,
  helmReplicasWithAutoscaling,
  k3sMaxPodsExceedsNodeCidr,
  k8sMemoryInMillis,
  runaiServiceGroupUndersized,
  schemaMismatch,
  swarmForbiddenOption,
  yamlSyntaxError,
] as Rule[];

export const SCHEMA_RULE_ID = 'schema/mismatch';

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
