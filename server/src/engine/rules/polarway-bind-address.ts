import { defineRule } from '../define-rule';
import { parsePortSpec } from '../model/ports';
import { BIND_ADDRESS, interpolated, replaceEnvEdit } from '../model/polarway';
import { asSeq, get, isMap, stringValue } from '../yaml-ast';
import type { ComposeService } from '../model/compose';
import type { Fix } from '../types';
import { paragraph, prose, yaml } from '../template-text';

/** `host:port`, `[v6]:port`; undefined when it is not an address with a port. */
function parseAddress(value: string): { host: string; port: number } | undefined {
  const m = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(value.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 0 && port <= 65535 ? { host: m[1]!, port } : undefined;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The ports of `start-end`, at most 1,024 of them; none when either end is not a TCP/UDP port. Found
 * by fuzzing: `expose: [99999999999999999999]` made `p++` a no-op on 1e20, and the loop grew an
 * array until V8 aborted the process.
 */
function portRange(start: number, end: number): number[] {
  const ok = (p: number) => Number.isInteger(p) && p >= 0 && p <= 65535;
  if (!ok(start) || !ok(end) || end < start) return [];
  const out: number[] = [];
  for (let p = start; p <= Math.min(end, start + 1023); p++) out.push(p);
  return out;
}

/** The container ports a service publishes (`ports`, container side) or exposes (`expose`). */
function containerPorts(svc: ComposeService): number[] | undefined {
  const out: number[] = [];
  let unknown = false;
  for (const item of asSeq(get(svc.map, 'ports', svc.doc), svc.doc)?.items ?? []) {
    if (isMap(item)) {
      const target = Number(stringValue(get(item, 'target', svc.doc), svc.doc));
      if (Number.isInteger(target) && target > 0) out.push(target);
      else unknown = true;
      continue;
    }
    const raw = stringValue(item, svc.doc);
    const spec = raw === undefined ? null : parsePortSpec(raw);
    if (!spec) {
      unknown = true;
      continue;
    }
    for (const port of portRange(spec.containerStart, spec.containerEnd)) out.push(port);
  }
  for (const item of asSeq(get(svc.map, 'expose', svc.doc), svc.doc)?.items ?? []) {
    const raw = stringValue(item, svc.doc);
    const m = raw ? /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(raw.trim()) : null;
    if (!m) {
      unknown = true;
      continue;
    }
    const ports = portRange(Number(m[1]), Number(m[2] ?? m[1]));
    if (ports.length === 0) unknown = true;
    for (const port of ports) out.push(port);
  }
  // A variable we cannot resolve may be the matching port: say nothing.
  return unknown ? undefined : out;
}

export default defineRule(
  {
    id: 'polarway/bind-address',
    kinds: ['compose', 'swarm'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      loopback: (d) =>
        prose`
          POLARWAY_BIND_ADDRESS=${d.address} makes worker "${d.service}" listen on the container's own
          loopback interface: the load balancer, other containers and published ports cannot reach it
          (connections are refused).
        `,
      portMismatch: (d) =>
        prose`
          Worker "${d.service}" listens on port ${d.port} (POLARWAY_BIND_ADDRESS) but its ports/expose name
          container port${d.plural} ${d.ports}: traffic sent there finds nothing listening.
        `,
      allInterfaces: (d) => `Listen on all interfaces: ${d.address}`,
      usePort: (d) => `Listen on the container port: ${d.address}`,
    },
    docs: {
      summary:
        'A Polarway worker must listen on an address the load balancer can reach, on the port it is published on.',
      why: paragraph(
        '`POLARWAY_BIND_ADDRESS` is the address the gRPC server binds (default `0.0.0.0:50051`; the',
        "project's Dockerfiles set `0.0.0.0:50052`). Inside a container, `127.0.0.1`/`localhost` is the",
        "container's own loopback interface: nothing outside the container (the load balancer, other",
        'services, a published port) can connect, so every call fails although the worker looks healthy.',
        'Bind `0.0.0.0:<port>`. The port must also be the one the service publishes or exposes as its',
        'container port (`"50053:50052"` publishes container port 50052); otherwise traffic arrives where',
        'nothing listens. The port check is a warning, since a sidecar or `network_mode` can make another',
        'port right.',
      ),
      bad: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            environment:
              POLARWAY_BIND_ADDRESS: 127.0.0.1:50052
            expose:
              - "50052"
      `,
      good: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            environment:
              POLARWAY_BIND_ADDRESS: 0.0.0.0:50052
            expose:
              - "50052"
            deploy:
              resources:
                limits:
                  memory: 4g
      `,
      exampleFile: 'compose.yaml',
      uncertain: paragraph(
        'Polarway is a small, fast-moving project; `POLARWAY_BIND_ADDRESS` and its default are as read on',
        'main (ThotDjehuty/polarway@b76b33e:polarway-grpc/src/main.rs).',
      ),
      fixNotes: 'Suggestions: they change the address a live worker listens on.',
      sources: [
        'ThotDjehuty/polarway@b76b33e:polarway-grpc/src/main.rs (POLARWAY_BIND_ADDRESS, default 0.0.0.0:50051)',
        'ThotDjehuty/polarway@b76b33e:Dockerfile*, docker-compose.polarway.yml (ENV POLARWAY_BIND_ADDRESS=0.0.0.0:50052, ports "50053:50052")',
        'compose-spec/compose-spec@170098b:05-services.md (ports: [HOST:]CONTAINER; expose)',
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.polarwayWorkers) {
      const entry = w.env.entries.get(BIND_ADDRESS);
      const value = interpolated(entry?.value);
      if (!entry || value === undefined) continue;
      const addr = parseAddress(value);
      if (!addr) continue;
      if (isLoopback(addr.host)) {
        const address = `0.0.0.0:${addr.port}`;
        const edit = replaceEnvEdit(ctx.file.text, w.env, BIND_ADDRESS, address);
        ctx.report({
          messageId: 'loopback',
          data: { service: w.svc.name, address: value },
          range: entry.valueRange,
          fixes: edit
            ? [{ title: ctx.message('allInterfaces', { address }), safety: 'suggestion', edits: [edit] }]
            : [],
        });
        continue;
      }
      const ports = containerPorts(w.svc);
      if (!ports || ports.length === 0 || ports.includes(addr.port)) continue;
      const distinct = [...new Set(ports)];
      const fixes: Fix[] = [];
      if (distinct.length === 1) {
        const address = `${addr.host}:${distinct[0]}`;
        const edit = replaceEnvEdit(ctx.file.text, w.env, BIND_ADDRESS, address);
        if (edit) fixes.push({ title: ctx.message('usePort', { address }), safety: 'suggestion', edits: [edit] });
      }
      ctx.report({
        messageId: 'portMismatch',
        severity: 'warning',
        data: {
          service: w.svc.name,
          port: addr.port,
          ports: distinct.join(', '),
          plural: distinct.length === 1 ? '' : 's',
        },
        range: entry.valueRange,
        fixes,
      });
    }
  },
);
