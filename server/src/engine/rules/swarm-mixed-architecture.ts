import { defineRule } from '../define-rule';
import { declaredArch, normalizeArch } from '../model/swarm';
import { keyRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'swarm/mixed-architecture',
    kinds: ['swarm'],
    scope: 'file',
    defaultSeverity: 'hint',
    messages: {
      notInCluster: (d) =>
        prose`
          Service "${d.service}" is pinned to ${d.arch} (${d.how}), but cluster.architecture in
          .scalewise.yaml lists only ${d.cluster}: no node qualifies and its tasks stay pending with "no
          suitable node (scheduling constraints not satisfied on … nodes)".
        `,
      unpinned: (d) =>
        prose`
          The services of this stack target different architectures (${d.archs}); service "${d.service}" is
          not pinned to one, so Swarm may place its tasks on any of them and its image must be published for
          each (a single-architecture image fails to start on the others).
        `,
    },
    docs: {
      summary: 'On a cluster of mixed architectures, services must be pinned to the nodes their images run on.',
      why: paragraph(
        'A Swarm with arm64 and amd64 nodes (edge devices beside servers, as in decentralized learning)',
        'schedules a task on any node that satisfies its constraints. A service pinned with',
        '`deploy.placement.constraints: [node.platform.arch == aarch64]` to an architecture the cluster',
        'does not have never starts: its tasks stay pending with `no suitable node (scheduling constraints',
        'not satisfied on 1 node)`. Set `cluster.architecture` in `.scalewise.yaml` (a string, or a list',
        'for a mixed cluster) to have pins checked (a warning). When it lists several architectures, or',
        'without it when the services of one stack are pinned to different architectures, each service',
        'that is not pinned gets a hint: its image must be multi-architecture, or it needs a constraint',
        'too. Note that `platform:` is not part of the v3 stack format at all (swarm/compose-only-keys',
        'reports it); this rule still reads it as the intended architecture.',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          trainer:
            image: registry.example.com/dl/trainer:2.0-arm64
            deploy:
              placement:
                constraints: [node.platform.arch == aarch64]
          aggregator:
            image: registry.example.com/dl/aggregator:2.0-amd64
            deploy:
              placement:
                constraints: [node.platform.arch == x86_64]
          dashboard:
            image: registry.example.com/dl/dashboard:2.0
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          trainer:
            image: registry.example.com/dl/trainer:2.0-arm64
            deploy:
              placement:
                constraints: [node.platform.arch == aarch64]
          aggregator:
            image: registry.example.com/dl/aggregator:2.0-amd64
            deploy:
              placement:
                constraints: [node.platform.arch == x86_64]
          dashboard:
            image: registry.example.com/dl/dashboard:2.0
            deploy:
              placement:
                constraints: [node.platform.arch == x86_64]
      `,
      uncertain: paragraph(
        'The pending text was seen on a one-node x86_64 swarm (docker CLI 28.2.2, Engine 20.10) with a',
        '`node.platform.arch == aarch64` constraint. When `docker stack deploy` can resolve an image in',
        "its registry it also records the image's platforms, and Swarm then places tasks only on matching",
        'nodes by itself; the hint on unpinned services matters when that resolution is off',
        '(`--resolve-image never`) or fails (a private registry without `--with-registry-auth`). Not tried',
        'on a real mixed cluster.',
      ),
      sources: [
        'docker/cli:cli/compose/schema/data/config_schema_v3.13.json (deploy.placement.constraints; no platform key)',
        'https://docs.docker.com/reference/cli/docker/service/create/#constraint (node.platform.arch)',
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10 on a one-node x86_64 swarm: `no suitable node',
          '(scheduling constraints not satisfied on 1 node)`; `docker node inspect` reports Architecture',
          'x86_64',
        ),
      ],
    },
  },
  (ctx) => {
    const configured = ctx.config.cluster.architecture;
    const cluster =
      configured === undefined ? undefined : (Array.isArray(configured) ? configured : [configured]).map(normalizeArch);
    const services = ctx.models.compose.map((svc) => ({ svc, decl: declaredArch(svc) }));
    const unpinned = (archs: string) => {
      for (const { svc, decl } of services)
        if (!decl) ctx.report({ messageId: 'unpinned', data: { service: svc.name, archs }, range: keyRange(svc.pair) });
    };
    if (cluster && cluster.length > 0) {
      for (const { svc, decl } of services) {
        if (decl && !cluster.includes(decl.arch)) {
          ctx.report({
            messageId: 'notInCluster',
            data: { service: svc.name, arch: decl.arch, how: decl.how, cluster: cluster.join(', ') },
            range: keyRange(svc.pair),
            severity: 'warning',
          });
        }
      }
      if (new Set(cluster).size >= 2) unpinned(`cluster.architecture: ${[...new Set(cluster)].join(', ')}`);
      return;
    }
    const byArch = new Map<string, string[]>();
    for (const { svc, decl } of services) {
      if (!decl) continue;
      // Pushed, not copied per service: a copy per service was quadratic in the services of one architecture.
      const names = byArch.get(decl.arch);
      if (names) names.push(svc.name);
      else byArch.set(decl.arch, [svc.name]);
    }
    if (byArch.size >= 2) unpinned([...byArch.entries()].map(([a, names]) => `${a}: ${names.join(', ')}`).join('; '));
  },
);
