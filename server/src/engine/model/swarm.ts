/**
 * What `docker stack deploy` does with a Compose file (docker/cli cli/compose). Its fixes edit
 * the text with engine/yaml-edit.ts.
 */
import { type Document } from 'yaml';
import type { ComposeService } from './compose';
import { deref, get, getPath, isScalar, isSeq, stringValue } from '../yaml-ast';

/**
 * docker/cli@28f7560:cli/compose/types/types.go `UnsupportedProperties`: loaded, then ignored
 * with `Ignoring unsupported options: <comma list>` (sorted, as the CLI prints it).
 */
export const SWARM_UNSUPPORTED = [
  'build',
  'cgroupns_mode',
  'cgroup_parent',
  'devices',
  'domainname',
  'external_links',
  'ipc',
  'links',
  'mac_address',
  'network_mode',
  'pid',
  'privileged',
  'restart',
  'security_opt',
  'shm_size',
  'userns_mode',
] as const;

/** `docker/cli` `DeprecatedProperties`, printed under `Ignoring deprecated options:`. */
export const SWARM_DEPRECATED: Record<string, string> = {
  container_name: 'Setting the container name is not supported.',
  expose:
    "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
};

/** The `services.<name>` path docker/cli prints in schema errors. */
export function schemaPath(svc: ComposeService, ...rest: string[]): string {
  return ['services', svc.name, ...rest].join('.');
}

/** A scalar's source text, or its value quoted for a v3 string field (`512` -> `"512"`). */
export function asStringYaml(text: string, node: unknown, doc: Document): string | undefined {
  const n = deref(node, doc);
  if (!isScalar(n) || !n.range) return undefined;
  if (typeof n.value === 'string') return text.slice(n.range[0], n.range[1]);
  if (typeof n.value === 'number') return `"${text.slice(n.range[0], n.range[1])}"`;
  return undefined;
}

/** `amd64`/`x86_64` and `arm64`/`aarch64` name the same machines; Swarm's `node.platform.arch` uses the uname names. */
export function normalizeArch(raw: string): string {
  const a = raw.trim().toLowerCase();
  if (a === 'x86_64' || a === 'x86-64' || a === 'amd64') return 'amd64';
  if (a === 'aarch64' || a === 'arm64' || a === 'arm64/v8') return 'arm64';
  if (a === 'armv7l' || a === 'arm/v7' || a === 'armhf' || a === 'arm') return 'arm';
  return a;
}

export interface ArchDeclaration {
  arch: string;
  /** How the file says it, for messages: `node.platform.arch == aarch64` or `platform: linux/arm64`. */
  how: string;
}

/** The architecture a service is pinned to: a `node.platform.arch ==` constraint, else `platform:`. */
export function declaredArch(svc: ComposeService): ArchDeclaration | undefined {
  const constraints = getPath(svc.map, ['deploy', 'placement', 'constraints'], svc.doc);
  if (isSeq(constraints)) {
    for (const item of constraints.items) {
      const c = stringValue(item, svc.doc);
      const m = c ? /^\s*node\.platform\.arch\s*==\s*(\S+)\s*$/.exec(c) : null;
      if (m) return { arch: normalizeArch(m[1]!), how: c!.trim() };
    }
  }
  const platform = stringValue(get(svc.map, 'platform', svc.doc), svc.doc);
  const m = platform ? /^[a-z0-9]+\/([a-z0-9_]+(?:\/v[0-9]+)?)$/i.exec(platform.trim()) : null;
  if (m) return { arch: normalizeArch(m[1]!), how: `platform: ${platform!.trim()}` };
  return undefined;
}
