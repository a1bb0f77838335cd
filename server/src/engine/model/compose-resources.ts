/**
 * Compose resource settings: `deploy.resources` and the service-level legacy keys. The edits
 * that add keys under `deploy.resources.<section>` are engine/yaml-edit.ts `addEntriesEdit`.
 */
import { type Node, type Pair } from 'yaml';
import { asMap, deref, getPair, getPath, nodeRange } from '../yaml-ast';
import type { ComposeService } from './compose';

/**
 * Service-level keys and their place in `deploy.resources` (compose-spec 05-services.md §cpus,
 * §mem_limit, §mem_reservation, §pids_limit; compose-go loader/validate.go checks each pair).
 */
export const LEGACY_RESOURCE_KEYS = [
  { key: 'cpus', section: 'limits', target: 'cpus', unit: 'cpus' },
  { key: 'mem_limit', section: 'limits', target: 'memory', unit: 'bytes' },
  { key: 'mem_reservation', section: 'reservations', target: 'memory', unit: 'bytes' },
  { key: 'pids_limit', section: 'limits', target: 'pids', unit: 'count' },
] as const;

export type LegacyResourceKey = (typeof LEGACY_RESOURCE_KEYS)[number];

export type ResourceSection = 'limits' | 'reservations';
export type ResourceField = 'cpus' | 'memory' | 'pids';

/** One resource of a service as Compose reads it: `deploy.resources.<section>.<field>` and the legacy key that means the same. */
export interface ResourceSetting {
  /** `deploy.resources.<section>.<field>` (through aliases and merge keys), or null. */
  deploy: Node | null;
  /**
   * The pair that writes it (in an anchor when a merge key brings it), or null. Its value is as
   * written, an alias included: a rule that edits the value must not edit the anchor behind it.
   */
  deployPair: Pair | null;
  /** The service-level key for the same setting (`cpus`, `mem_limit`, `mem_reservation`, `pids_limit`), if there is one. */
  legacyKey: LegacyResourceKey | undefined;
  /** Its pair when written (even with an empty value), and its value. */
  legacyPair: Pair | null;
  legacy: Node | null;
  /** What applies: the `deploy` value, else the legacy one (compose-go rejects the two when they differ). */
  value: Node | null;
}

/** The one reader of service limits and reservations: rules and sizing ask it, not the YAML. */
export function composeResource(svc: ComposeService, section: ResourceSection, field: ResourceField): ResourceSetting {
  const deployPair = getPair(
    asMap(getPath(svc.map, ['deploy', 'resources', section], svc.doc), svc.doc),
    field,
    svc.doc,
  );
  const deploy = deployPair ? deref(deployPair.value, svc.doc) : null;
  const legacyKey = LEGACY_RESOURCE_KEYS.find((k) => k.section === section && k.target === field);
  const legacyPair = legacyKey ? getPair(svc.map, legacyKey.key, svc.doc) : null;
  const legacy = legacyPair ? deref(legacyPair.value, svc.doc) : null;
  return { deploy, deployPair, legacyKey, legacyPair, legacy, value: deploy ?? legacy };
}

/** The source text of a value node, as written (quotes and all). */
export function sourceText(text: string, node: unknown): string {
  const r = nodeRange(node as never);
  return text.slice(r.start, r.end);
}
