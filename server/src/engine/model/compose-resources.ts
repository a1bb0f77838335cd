/**
 * Compose resource settings: `deploy.resources` and the service-level legacy keys. The edits
 * that add keys under `deploy.resources.<section>` are engine/yaml-edit.ts `addEntriesEdit`.
 */
import { nodeRange } from '../yaml-ast';

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

/** The source text of a value node, as written (quotes and all). */
export function sourceText(text: string, node: unknown): string {
  const r = nodeRange(node as never);
  return text.slice(r.start, r.end);
}
