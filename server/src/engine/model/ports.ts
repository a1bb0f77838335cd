/**
 * Compose short port syntax `[[IP:]HOST:]CONTAINER[/PROTOCOL]`, as docker/go-connections
 * `nat.ParsePortSpec` reads it. Variables (`${HTTP_PORT:-80}`) are resolved to their default.
 */
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
  return { ip, hostText, hostStart: h[0], hostEnd: h[1], containerText, containerStart: c[0], containerEnd: c[1], ...(protocol ? { protocol } : {}) };
}
