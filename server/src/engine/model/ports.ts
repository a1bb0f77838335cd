/**
 * Compose short port syntax `[[IP:]HOST:]CONTAINER[/PROTOCOL]`, as docker/go-connections
 * `nat.ParsePortSpec` reads it. Variables (`${HTTP_PORT:-80}`) are resolved to their default.
 */
import type { Document, Pair, Scalar, YAMLMap } from 'yaml';
import { asSeq, get, getPair, isMap, isScalar, stringValue } from '../yaml-ast';
export interface PortSpec {
  ip?: string;
  hostText: string;
  /** 0 when no host port is published (the engine picks one). */
  hostStart: number;
  hostEnd: number;
  containerText: string;
  containerStart: number;
  containerEnd: number;
  protocol?: string;
}

/** `${VAR:-default}` / `${VAR-default}` -> default; other variables make the port unknown. */
export function resolveDefaults(text: string): string | null {
  const out = text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1');
  return /\$/.test(out) ? null : out;
}

function range(text: string): [number, number] | null {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return b >= a && b <= 65535 ? [a, b] : null;
}

export function parsePortSpec(raw: string): PortSpec | null {
  const resolved = resolveDefaults(raw.trim());
  if (resolved === null) return null;
  let rest = resolved;
  let protocol: string | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  // IPv6 addresses come bracketed: [::1]:8080:80
  let ip: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    ip = v6[1];
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  if (!ip && parts.length === 3) ip = parts.shift();
  if (parts.length > 2) return null;
  const containerText = parts.pop()!;
  const hostText = parts.pop() ?? '';
  const c = range(containerText);
  if (!c) return null;
  const h = hostText === '' ? ([0, 0] as [number, number]) : range(hostText);
  if (!h) return null;
  return {
    ip,
    hostText,
    hostStart: h[0],
    hostEnd: h[1],
    containerText,
    containerStart: c[0],
    containerEnd: c[1],
    ...(protocol ? { protocol } : {}),
  };
}

/** One entry of a service's `ports:`, short (`"8080:80"`) or long (`published:` / `target:`) syntax. */
export interface PortEntry {
  /** The sequence item: a scalar (short syntax) or a map (long syntax). */
  item: unknown;
  long: boolean;
  /** The scalar holding the host side: the item itself, or its `published:` value. */
  node: Scalar;
  raw: string;
  /** The long syntax's `target:`, when written. */
  target?: string;
  /** The long syntax's `mode:` (Swarm `ingress` or `host`), when written, and its pair (merge keys not followed). */
  mode?: string;
  modePair?: Pair;
  /** Parsed as `raw` (short) or `published:target` (long, `0` standing in for a missing target); null when it does not parse. */
  spec: PortSpec | null;
}

/** A port entry that publishes a host port or range and parses. */
export interface PublishedPort extends PortEntry {
  spec: PortSpec;
}

/**
 * Every entry of `ports:` whose host side is a scalar (short syntax, or long syntax with `published:`),
 * parsed where it can be. Readers that need only the host side (`mode: host` with `published: 8080`)
 * use this; readers of the whole spec use `publishedPorts`.
 */
export function portEntries(svc: { map: YAMLMap; doc: Document }): PortEntry[] {
  const out: PortEntry[] = [];
  for (const item of asSeq(get(svc.map, 'ports', svc.doc), svc.doc)?.items ?? []) {
    const long = isMap(item);
    const node = long ? get(item, 'published', svc.doc) : item;
    const raw = stringValue(node, svc.doc);
    if (raw === undefined || !isScalar(node)) continue;
    const target = long ? stringValue(get(item, 'target', svc.doc), svc.doc) : undefined;
    const modePair = long ? getPair(item, 'mode') : null;
    const mode = modePair ? stringValue(modePair.value, svc.doc) : undefined;
    const spec = long ? parsePortSpec(`${raw}:${target ?? '0'}`) : parsePortSpec(raw);
    out.push({
      item,
      long,
      node,
      raw,
      ...(target !== undefined ? { target } : {}),
      ...(mode !== undefined ? { mode } : {}),
      ...(modePair ? { modePair } : {}),
      spec,
    });
  }
  return out;
}

/**
 * The entries of `ports:` that publish a host port or range, parsed. Entries that are not scalars,
 * that a variable hides, or that do not parse are left out: the rules that read ports say nothing
 * about what they cannot read.
 */
export function publishedPorts(svc: { map: YAMLMap; doc: Document }): PublishedPort[] {
  return portEntries(svc).filter((p): p is PublishedPort => !!p.spec && p.spec.hostStart > 0);
}
