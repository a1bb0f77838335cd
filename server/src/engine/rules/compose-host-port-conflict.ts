import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas, isGlobal } from '../model/compose';
import { publishedPorts } from '../model/ports';
import { isMap, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'compose/host-port-conflict',
    kinds: ['compose'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      conflict: (d) =>
        prose`
          Service "${d.service}" publishes host port ${d.host} and runs ${d.count} replicas (${d.why}): from
          the second replica on, Docker fails with "Bind for 0.0.0.0:${d.first} failed: port is already
          allocated".
        `,
      containerOnly: (d) => `Publish only the container port ("${d.target}"): each replica gets a free host port`,
      hostRange: (d) => `Publish a host range of ${d.count} ports ("${d.range}:${d.target}")`,
    },
    docs: {
      summary: 'A fixed host port can be bound by only one container, so a scaled service with one fails.',
      why: paragraph(
        'With `ports: ["8080:80"]`, every replica asks the engine for host port 8080; the second one fails',
        'with `driver failed programming external connectivity on endpoint …: Bind for 0.0.0.0:8080',
        'failed: port is already allocated`. Equal-length ranges (`"8080-8081:80-81"`) map one to one and',
        'clash the same way. Publish the container port alone (`"80"`) and let the engine pick a free host',
        'port per replica, publish a host range at least as large as the replica count (`"8080-8082:80"`),',
        'or put a reverse proxy in front of the service. Compose v1 also printed `WARNING: The "web"',
        'service specifies a port on the host. If multiple containers for this service are created on a',
        'single host, the port will clash.` Swarm is different: its ingress routing mesh shares one',
        'published port among all tasks, so this rule does not apply to stack files.',
      ),
      bad: yaml`
        services:
          web:
            image: nginx
            scale: 3
            ports:
              - "8080:80"
      `,
      good: yaml`
        services:
          web:
            image: nginx
            scale: 3
            ports:
              - "80"
            deploy:
              resources:
                limits: {cpus: "0.5", memory: 256M}
      `,
      exampleFile: 'compose.yaml',
      fixNotes:
        'Both fixes are suggestions: clients that connect to the fixed port must then find the replicas another way (a proxy or the published range).',
      sources: [
        'compose-spec/compose-spec@170098b:05-services.md (ports)',
        'docker/go-connections@0465856:nat/nat.go (ParsePortSpec)',
        'docker/compose issues #7770 and #9727 (error text)',
        'Seen on Docker Engine 20.10 with docker-compose 1.29.2 (docs/engine-behaviour.md, test/integration)',
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      if (isGlobal(svc)) continue;
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count <= 1) continue;
      for (const { item, node, spec } of publishedPorts(svc)) {
        const hostSize = spec.hostEnd - spec.hostStart + 1;
        const fixedPerReplica = spec.containerEnd > spec.containerStart || hostSize === 1;
        if (!fixedPerReplica) continue; // a dynamic host range: compose/host-port-range-too-small's concern
        const fixes = [];
        if (!isMap(item)) {
          const containerPart = spec.containerText + (spec.protocol ? `/${spec.protocol}` : '');
          // Keep the address a port is bound to: "80" would publish a 127.0.0.1 port on every interface.
          const ip = spec.ip ? `${spec.ip.includes(':') ? `[${spec.ip}]` : spec.ip}:` : '';
          const dynamic = ip ? `${ip}:${containerPart}` : containerPart;
          fixes.push({
            title: ctx.message('containerOnly', { target: dynamic }),
            safety: 'suggestion' as const,
            edits: [{ ...nodeRange(node), text: `"${dynamic}"` }],
          });
          if (spec.containerEnd === spec.containerStart) {
            const range = `${spec.hostStart}-${spec.hostStart + replicas.count - 1}`;
            fixes.push({
              title: ctx.message('hostRange', { count: replicas.count, range, target: containerPart }),
              safety: 'suggestion' as const,
              edits: [{ ...nodeRange(node), text: `"${ip}${range}:${containerPart}"` }],
            });
          }
        }
        ctx.report({
          messageId: 'conflict',
          data: {
            service: svc.name,
            host: spec.hostText,
            first: spec.hostStart,
            count: replicas.count,
            why: describeReplicas(replicas),
          },
          range: nodeRange(node),
          fixes,
        });
      }
    }
  },
);
