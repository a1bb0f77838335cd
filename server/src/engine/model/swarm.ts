/**
 * What `docker stack deploy` does with a Compose file (docker/cli cli/compose), and a text edit
 * that adds nested keys (`deploy.resources.limits.memory`) to a service without re-serialising it.
 */
import { type Document, type Pair, type YAMLMap } from 'yaml';
import type { ComposeService } from './compose';
import type { Edit } from '../types';
import { deref, get, getPair, getPath, isMap, isScalar, isSeq, keyText, nodeRange, ownPairs, pairs, stringValue } from '../yaml-ast';

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
  expose: 'Exposing ports is unnecessary - services on the same network can access each other\'s containers on any port.',
};

/** The `services.<name>` path docker/cli prints in schema errors. */
export function schemaPath(svc: ComposeService, ...rest: string[]): string {
  return ['services', svc.name, ...rest].join('.');
}

/** Column of the node starting at `offset` (0-based). */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The indentation step of a service: its first key's column minus the service name's. */
export function indentStep(text: string, svc: ComposeService): number {
  const first = ownPairs(svc.map)[0];
  const firstKey = first ? nodeRange(first.key as never).start : undefined;
  const nameKey = nodeRange(svc.pair.key as never).start;
  if (firstKey === undefined || svc.map.flow) return 2;
  const step = columnOf(text, firstKey) - columnOf(text, nameKey);
  return step > 0 ? step : 2;
}

function flowNest(keys: readonly string[], entries: readonly (readonly [string, string])[]): string {
  const leaf = entries.map(([k, v]) => `${k}: ${v}`).join(', ');
  if (keys.length === 0) return leaf;
  return keys.reduceRight((inner, k) => `${k}: {${inner}}`, leaf);
}

/**
 * The edit that adds `entries` (key, YAML text of the value) to the mapping at `path` under
 * `map`, creating the missing maps of the path. Block maps get block lines at the indentation
 * of their keys (the first key's column, the service's indentation step deeper for new maps),
 * appended after the last line of the map; flow maps get `, key: value` before their `}`.
 * Returns null when it cannot be done as a plain insertion: a key on the path is an alias, a
 * scalar or empty, or one of the entries is already set.
 */
export function addEntriesEdit(
  text: string,
  map: YAMLMap,
  path: readonly string[],
  entries: readonly (readonly [string, string])[],
  step: number,
): Edit | null {
  let current = map;
  let i = 0;
  for (; i < path.length; i++) {
    const pair = getPair(current, path[i]!);
    if (!pair) break;
    // An alias or a merge would make the edit change what other services read.
    if (!isMap(pair.value) || pairs(pair.value).length === 0) return null;
    current = pair.value;
  }
  if (i === path.length && entries.some(([k]) => getPair(current, k))) return null;
  if ((current.items as unknown[]).some((p) => keyText(p as Pair) === '<<')) return null;
  const missing = path.slice(i);
  const items = ownPairs(current);
  if (current.flow) {
    const range = current.range;
    if (!range) return null;
    const nested = flowNest(missing, entries);
    const last = items[items.length - 1];
    if (!last) {
      const close = text.lastIndexOf('}', range[1]);
      return close < range[0] ? null : { start: close, end: close, text: nested, node: nodeRange(current) };
    }
    const end = nodeRange(last).end;
    return { start: end, end, text: `, ${nested}`, node: nodeRange(current) };
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return null;
  const indent = columnOf(text, nodeRange(first.key as never).start);
  const r = nodeRange(last);
  // After the last line of the map's last entry, with a comment on that line.
  const nl = text.indexOf('\n', Math.max(r.start, r.end - 1));
  const at = nl === -1 ? text.length : nl + 1;
  const lines: string[] = [];
  missing.forEach((k, depth) => lines.push(`${' '.repeat(indent + depth * step)}${k}:`));
  const leafIndent = ' '.repeat(indent + missing.length * step);
  for (const [k, v] of entries) lines.push(`${leafIndent}${k}: ${v}`);
  const body = lines.join('\n') + '\n';
  return { start: at, end: at, text: nl === -1 ? `\n${body}` : body, node: nodeRange(current) };
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
