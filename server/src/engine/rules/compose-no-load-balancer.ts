import { type Document } from 'yaml';
import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas, isGlobal, type ComposeService } from '../model/compose';
import {
  asSeq,
  deref,
  get,
  getPath,
  isMap,
  isScalar,
  isSeq,
  keyRange,
  keyText,
  pairs,
  scalarValue,
  stringValue,
} from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** Images whose whole job is serving HTTP; the repository's last path segment, without tag or digest. */
const WEB_SERVER_IMAGES = new Set(['nginx', 'httpd', 'caddy', 'haproxy', 'envoy', 'traefik', 'tomcat', 'openresty']);

/**
 * Every string in a scalar or a sequence/map of scalars (environment, command, entrypoint, links).
 * One level, as Compose reads them: deeper lists are not Compose, and walking them would recurse
 * as deep as the file nests, and through aliases multiply.
 */
function strings(node: unknown, doc: Document): string[] {
  const n = deref(node, doc);
  const items = isScalar(n) ? [n] : isSeq(n) ? n.items : isMap(n) ? pairs(n).map((p) => p.value) : [];
  const out: string[] = [];
  for (const item of items) {
    const v = scalarValue(item, doc);
    if (v !== null && v !== undefined) out.push(String(v));
  }
  return out;
}

function names(node: unknown, doc: Document): string[] {
  const n = deref(node, doc);
  if (isSeq(n)) return n.items.flatMap((i) => strings(i, doc));
  if (isMap(n))
    return pairs(n)
      .map((p) => keyText(p) ?? '')
      .filter(Boolean);
  return [];
}

function publishes(svc: ComposeService): boolean {
  return (asSeq(get(svc.map, 'ports', svc.doc), svc.doc)?.items.length ?? 0) > 0;
}

/** Characters of a host name word: what may not stand right before a mentioned name. */
const WORD = /[A-Za-z0-9_.-]+/g;
/** A name the word index can find: the characters Compose allows in a service name. */
const INDEXABLE = /^[A-Za-z0-9_.-]+$/;

/**
 * The names a text mentions as a host: `web` in `http://web:8080`, `web:5000`, `--upstream web`,
 * `web.internal`, not in `webapp`, `my-web` or `x.web`. A name starts where a word of
 * `[A-Za-z0-9_.-]` starts and ends at the word's end or before a `.` in it, so each word gives
 * itself and its prefixes before a `.`: one scan of the text, whatever the number of services.
 */
function mentionedNames(text: string, into: Set<string>): void {
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const word = m[0];
    into.add(word);
    for (let dot = word.indexOf('.'); dot !== -1; dot = word.indexOf('.', dot + 1)) into.add(word.slice(0, dot));
  }
}

/** The same test for one name that the word index cannot hold (a character Compose does not allow in a name). */
function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}($|[^A-Za-z0-9_-])`).test(text);
}

/** Who sends requests to whom in one document, read once: at most two services per name (enough to find one that is not the name itself). */
interface Routes {
  /** Name -> services that publish ports and list it in `depends_on`. */
  dependedOnBy: Map<string, ComposeService[]>;
  /** Name -> services that name it as a host in environment, command, entrypoint or links. */
  mentionedBy: Map<string, ComposeService[]>;
  /** Every such text with its service, for names the index cannot hold. */
  texts: { svc: ComposeService; text: string }[];
}

const ROUTE_KEYS = ['environment', 'command', 'entrypoint', 'links'];

function note(map: Map<string, ComposeService[]>, name: string, svc: ComposeService): void {
  const list = map.get(name);
  if (!list) map.set(name, [svc]);
  else if (list.length < 2 && list[list.length - 1] !== svc) list.push(svc);
}

function routesOf(services: readonly ComposeService[]): Routes {
  const routes: Routes = { dependedOnBy: new Map(), mentionedBy: new Map(), texts: [] };
  for (const other of services) {
    if (publishes(other))
      for (const n of names(get(other.map, 'depends_on', other.doc), other.doc)) note(routes.dependedOnBy, n, other);
    const found = new Set<string>();
    for (const k of ROUTE_KEYS) {
      for (const t of strings(get(other.map, k, other.doc), other.doc)) {
        mentionedNames(t, found);
        routes.texts.push({ svc: other, text: t });
      }
    }
    for (const n of found) note(routes.mentionedBy, n, other);
  }
  return routes;
}

const byOther = (list: readonly ComposeService[] | undefined, svc: ComposeService) =>
  (list ?? []).some((s) => s !== svc);

/** Why the file suggests the service answers requests, or undefined. */
function servesTraffic(svc: ComposeService): string | undefined {
  const expose = asSeq(get(svc.map, 'expose', svc.doc), svc.doc);
  if (expose && expose.items.length > 0) return `expose: ${strings(expose, svc.doc).join(', ')}`;
  const test = strings(getPath(svc.map, ['healthcheck', 'test'], svc.doc), svc.doc).join(' ');
  if (/https?:\/\/|\b(curl|wget)\b/.test(test)) return 'an HTTP healthcheck';
  const image = stringValue(get(svc.map, 'image', svc.doc), svc.doc);
  if (image) {
    const repo = image.split('@')[0]!.replace(/:[^/:]*$/, '');
    const base = repo.split('/').pop()!;
    if (WEB_SERVER_IMAGES.has(base)) return `image ${base} is a web server`;
  }
  return undefined;
}

/** Another service that sends it requests, as far as this file shows. */
function routedBy(svc: ComposeService, routes: Routes): boolean {
  const labels = get(svc.map, 'labels', svc.doc);
  const labelKeys = isMap(labels) ? names(labels, svc.doc) : strings(labels, svc.doc).map((l) => l.split('=')[0]!);
  if (labelKeys.some((k) => k.startsWith('traefik.'))) return true;
  if (byOther(routes.dependedOnBy.get(svc.name), svc)) return true;
  if (INDEXABLE.test(svc.name)) return byOther(routes.mentionedBy.get(svc.name), svc);
  return routes.texts.some((t) => t.svc !== svc && mentions(t.text, svc.name));
}

export default defineRule(
  {
    id: 'compose/no-load-balancer',
    kinds: ['compose'],
    scope: 'workspace',
    defaultSeverity: 'hint',
    messages: {
      unreached: (d) =>
        prose`
          Service "${d.service}" runs ${d.count} replicas (${d.why}) and looks like it serves requests
          (${d.evidence}), but it publishes no port and no other service in this file routes to it: nothing
          here spreads traffic over the replicas.
        `,
    },
    docs: {
      summary: 'A scaled service that serves requests, with nothing in the file that sends it any.',
      why: [
        paragraph(
          "Replicas only help if requests reach all of them. Inside a Compose network, Docker's DNS answers the",
          "service name with every replica's address, so a client or proxy that uses the name spreads requests; from",
          'outside, a published port or a proxy is needed. When a scaled service publishes nothing and no other',
          'service talks to it, either the replicas get no traffic or the route lives somewhere this file does not',
          'show.',
        ),
        '',
        paragraph(
          'The heuristic, kept small on purpose. The service "serves requests" when it has a non-empty `expose:`, a',
          '`healthcheck` test that uses `curl`, `wget` or an `http(s)://` URL, or its image is one of nginx, httpd,',
          'caddy, haproxy, envoy, traefik, tomcat, openresty. Another service "routes to it" when it publishes ports',
          'and lists it in `depends_on` (a proxy in front), or names it as a host in its `environment`, `command`,',
          '`entrypoint` or `links` (`http://api:8080`, `api:5000`); Traefik labels (`traefik.*`) on the service',
          'itself count too. A proxy that finds the service only through its own mounted configuration file is not',
          "seen: add the service to the proxy's `depends_on`, which also makes the proxy start after it. Services",
          'that publish ports are left to the host-port rules.',
        ),
      ].join('\n'),
      bad: yaml`
        services:
          api:
            image: registry.example.invalid/api:2.1
            scale: 3
            expose:
              - "8080"
      `,
      good: yaml`
        services:
          api:
            image: registry.example.invalid/api:2.1
            scale: 3
            expose:
              - "8080"
            deploy:
              resources:
                limits: {cpus: "0.5", memory: 256M}
          proxy:
            image: nginx:1.27
            ports:
              - "80:80"
            depends_on:
              - api
      `,
      exampleFile: 'compose.yaml',
      uncertain: paragraph(
        "A heuristic: routes configured outside the file (a proxy's config file, a service mesh, an external",
        'load balancer using `expose` ports on an overlay network) are invisible to it, which is why it is',
        'only a hint.',
      ),
      sources: [
        'compose-spec/compose-spec@170098b:05-services.md (expose, depends_on, links, healthcheck)',
        'https://docs.docker.com/compose/how-tos/networking/ (containers reach each other by service name on the project network)',
        paragraph(
          "Docker's embedded DNS answers the service name with every replica's address: an inference from",
          'the page above (each container is reachable by the service name), not stated there for a scaled',
          'service',
        ),
      ],
    },
  },
  (ctx) => {
    const all = ctx.models.compose;
    // The routes of each document, read once when a service first needs them (services route only within their document).
    const byDoc = new Map<unknown, ComposeService[]>();
    for (const s of all) {
      const list = byDoc.get(s.doc);
      if (list) list.push(s);
      else byDoc.set(s.doc, [s]);
    }
    const routes = new Map<unknown, Routes>();
    const routesIn = (svc: ComposeService): Routes => {
      let r = routes.get(svc.doc);
      if (!r) routes.set(svc.doc, (r = routesOf(byDoc.get(svc.doc)!)));
      return r;
    };
    for (const svc of all) {
      if (isGlobal(svc)) continue;
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count <= 1 || publishes(svc)) continue;
      const evidence = servesTraffic(svc);
      if (!evidence || routedBy(svc, routesIn(svc))) continue;
      ctx.report({
        messageId: 'unreached',
        data: { service: svc.name, count: replicas.count, why: describeReplicas(replicas), evidence },
        range: keyRange(svc.pair),
      });
    }
  },
);
