import { type Node } from 'yaml';
import { defineRule } from '../define-rule';
import type { ComposeService } from '../model/compose';
import { asScalar, deref, get, getPair, isMap, isScalar, isSeq, nodeRange, pairs, stringValue } from '../yaml-ast';
import type { Range } from '../types';
import { paragraph, prose, yaml } from '../template-text';

/** Images of peer-to-peer nodes that find their LAN peers by mDNS unless told otherwise. */
const P2P_IMAGE = /(^|\/)(ipfs|kubo|go-ipfs|js-ipfs|ipfs-cluster|libp2p[a-z0-9-]*)(:|@|$)/i;
/** Settings that turn multicast discovery on (`Discovery.MDNS.Enabled`, `--enable-mdns`, `MDNS=true`, `multicast`). */
const MULTICAST_ON = /\bmdns\b|Discovery\.MDNS|multicast/i;
/** Explicitly off, or Kubo's `server` profile (`IPFS_PROFILE=server`, `--profile=server`), which sets `Discovery.MDNS.Enabled = false`. */
const MULTICAST_OFF =
  /(mdns|multicast)[^\n]*?\b(false|off|no|0|disabled?)\b|\bno-?mdns\b|disable-?mdns|IPFS_PROFILE=[^\n]*\bserver\b|--profile[= ][^\n]*\bserver\b/i;

interface Evidence {
  what: string;
  range: Range;
}

/**
 * Scalars of a value (a string, a list of strings, a map's values as `KEY=value`), with their
 * ranges. One level, as Compose reads `command`, `entrypoint` and `environment`: a walk into
 * nested lists would recurse as deep as the file nests, and through aliases it multiplies (ten
 * aliases of ten aliases of ... took minutes).
 */
function scalars(node: unknown, svc: ComposeService): { text: string; node: Node }[] {
  const n = deref(node, svc.doc);
  if (isScalar(n)) return [{ text: String(n.value), node: n }];
  const out: { text: string; node: Node }[] = [];
  if (isSeq(n)) {
    for (const item of n.items) {
      const s = asScalar(item, svc.doc);
      if (s) out.push({ text: String(s.value), node: s });
    }
  } else if (isMap(n)) {
    for (const p of pairs(n)) {
      const s = asScalar(p.value, svc.doc);
      if (s) out.push({ text: `${stringValue(p.key, svc.doc) ?? ''}=${String(s.value)}`, node: s });
    }
  }
  return out;
}

function evidence(svc: ComposeService): Evidence | undefined {
  const settings = ['command', 'entrypoint', 'environment'].flatMap((k) => scalars(get(svc.map, k, svc.doc), svc));
  // An explicit "off" anywhere wins: the service has been told not to use multicast.
  if (settings.some((s) => MULTICAST_OFF.test(s.text))) return undefined;
  const on = settings.find((s) => MULTICAST_ON.test(s.text));
  if (on) return { what: on.text.length > 60 ? `${on.text.slice(0, 57)}...` : on.text, range: nodeRange(on.node) };
  const imagePair = getPair(svc.map, 'image');
  const image = stringValue(imagePair?.value, svc.doc);
  if (image && P2P_IMAGE.test(image.split(/[:@]/)[0]! + ':'))
    return { what: `image ${image}`, range: nodeRange(imagePair!.value as Node) };
  return undefined;
}

export default defineRule(
  {
    id: 'swarm/multicast-overlay',
    kinds: ['swarm'],
    scope: 'service',
    defaultSeverity: 'hint',
    messages: {
      multicast: (d) =>
        prose`
          Service "${d.service}" looks like it finds its peers by mDNS/multicast (${d.what}), but Swarm's
          overlay network carries only unicast (VXLAN, moby/libnetwork#552): peers on other nodes never see
          the announcements. Give the peers explicit bootstrap addresses.
        `,
    },
    docs: {
      summary: 'Peer discovery by mDNS or multicast does not cross nodes on a Swarm overlay network.',
      why: paragraph(
        "Stack networks are overlay networks unless they name another driver, and Docker's built-in",
        'overlay driver is "implemented using vxlan unicast", so multicast (and with it mDNS, as used by',
        'IPFS/Kubo and libp2p for LAN discovery) does not reach tasks on other nodes. Peers on one node',
        'find each other and the swarm looks healthy in a one-node test, then splits into islands per node',
        'in production. Configure explicit bootstrap peers (for Kubo, `Bootstrap` addresses of the other',
        'peers) or a rendezvous service instead. The rule looks at image names of well-known peer-to-peer',
        'nodes and at `command`, `entrypoint` and `environment` mentioning mDNS or multicast, unless they',
        "turn it off (an explicit `false`/`off`, or Kubo's `server` profile, `IPFS_PROFILE=server`, which",
        'disables mDNS).',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          peer:
            image: ipfs/kubo:v0.29.0
            deploy:
              replicas: 4
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          peer:
            image: ipfs/kubo:v0.29.0
            environment:
              IPFS_PROFILE: server # no mDNS; peers bootstrap from configured addresses
            deploy:
              replicas: 4
              resources:
                limits: {cpus: "1", memory: 2G}
      `,
      uncertain: paragraph(
        'Only issue-tracker evidence: a maintainer statement in moby/libnetwork#552 (open since 2015); no',
        'official Docker page says it. Third-party network plugins may carry multicast. Which images use',
        'mDNS is a heuristic.',
      ),
      sources: [
        'moby/libnetwork#552 ("overlay is implemented using vxlan unicast. So handling multicast need some form of packet replication.")',
        'docker/docs@08c1382:content/manuals/engine/network/drivers/overlay.md (overlay networks in swarm mode)',
        'ipfs/kubo:config/profile.go and docs/config.md (profile `server`: "Disables local host discovery", Discovery.MDNS.Enabled = false)',
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      const e = evidence(svc);
      if (e) ctx.report({ messageId: 'multicast', data: { service: svc.name, what: e.what }, range: e.range });
    }
  },
);
