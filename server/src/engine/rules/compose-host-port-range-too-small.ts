import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas, isGlobal } from '../model/compose';
import { publishedPorts } from '../model/ports';
import { nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'compose/host-port-range-too-small',
    kinds: ['compose'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      tooSmall: (d) =>
        prose`
          Service "${d.service}" runs ${d.count} replicas (${d.why}) but publishes container port ${d.target}
          on the host range ${d.range}, which holds ${d.size} port${d.size === 1 ? '' : 's'}: each replica
          takes one port of the range, so replicas beyond the ${d.size === 1 ? 'first' : `first ${d.size}`}
          find none free and fail to start.
        `,
      widen: (d) => `Widen the host range to ${d.count} ports ("${d.fixed}")`,
    },
    docs: {
      summary: 'A published host port range smaller than the replica count runs out of ports.',
      why: paragraph(
        'With `ports: ["8080-8082:80"]` the engine binds each container\'s port 80 to one free host port of',
        'the range 8080-8082 (docker/go-connections `ParsePortSpec` keeps the range as one binding, "the',
        'dynamic host port range to allocate into"). Three ports serve three replicas; with `scale: 5` the',
        'fourth and fifth replica find no free port in the range and fail to start. Make the range at',
        'least as large as the replica count, publish the container port alone, or put a proxy in front. A',
        "fixed single host port is `compose/host-port-conflict`'s concern. Swarm stack files are not",
        'checked: the routing mesh shares one published port among all tasks.',
      ),
      bad: yaml`
        services:
          web:
            image: nginx
            scale: 5
            ports:
              - "8080-8082:80"
      `,
      good: yaml`
        services:
          web:
            image: nginx
            scale: 5
            ports:
              - "8080-8084:80"
            deploy:
              resources:
                limits: {cpus: "0.5", memory: 256M}
      `,
      exampleFile: 'compose.yaml',
      fixNotes: paragraph(
        'A suggestion: it publishes more host ports, which a firewall or other services on the host may',
        'care about. It is not offered when the port comes from a variable (the variable would be lost) or',
        'the range would pass 65535.',
      ),
      uncertain: paragraph(
        'Whether Compose v2 and later allocate a host range reliably when replicas start at the same time',
        'is an open question: early v2 releases expanded the range into all its ports for the first',
        'container (docker/compose #8530, #8878), and a race on concurrent start was still reported with',
        '2.15.1 (docker/compose #10246). A range as large as the replica count is necessary, but it may',
        'not be sufficient on every version. Seen on Engine 20.10 with docker-compose 1.29.2: the replica',
        'beyond the range fails with `all ports are allocated` (docs/engine-behaviour.md).',
      ),
      sources: [
        paragraph(
          'compose-spec/compose-spec@170098b:05-services.md (ports: published "can be set as a range …',
          'assigned a remaining available port, within the set range")',
        ),
        'docker/go-connections@0465856:nat/nat.go (ParsePortSpec)',
        'docker/compose issues #8530, #8878, #10246',
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      if (isGlobal(svc)) continue;
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count <= 1) continue;
      for (const { long, node, raw, target, spec } of publishedPorts(svc)) {
        if (long && target === undefined) continue;
        const size = spec.hostEnd - spec.hostStart + 1;
        // A single host port, or a container range mapped one to one, is a fixed binding.
        if (size === 1 || spec.containerEnd > spec.containerStart || size >= replicas.count) continue;
        const last = spec.hostStart + replicas.count - 1;
        const range = `${spec.hostStart}-${last}`;
        const containerPart = spec.containerText + (spec.protocol ? `/${spec.protocol}` : '');
        const ip = spec.ip ? `${spec.ip.includes(':') ? `[${spec.ip}]` : spec.ip}:` : '';
        const fixed = long ? range : `${ip}${range}:${containerPart}`;
        const fixes =
          last <= 65535 && !raw.includes('$')
            ? [
                {
                  title: ctx.message('widen', { count: replicas.count, fixed }),
                  safety: 'suggestion' as const,
                  edits: [{ ...nodeRange(node), text: `"${fixed}"` }],
                },
              ]
            : [];
        ctx.report({
          messageId: 'tooSmall',
          data: {
            service: svc.name,
            count: replicas.count,
            why: describeReplicas(replicas),
            target: containerPart,
            range: spec.hostText,
            size,
          },
          range: nodeRange(node),
          fixes,
        });
      }
    }
  },
);
