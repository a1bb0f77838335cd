import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas, isGlobal } from '../model/compose';
import { addEntriesEdit } from '../yaml-edit';
import type { Fix } from '../types';
import { portEntries } from '../model/ports';
import { getPath, intValue, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'swarm/host-mode-port-replicas',
    kinds: ['swarm'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      moreThanNodes: (d) =>
        prose`
          Service "${d.service}" publishes port ${d.port} in host mode and runs ${d.count} replicas (${d.why})
          on ${d.nodes} nodes (cluster.nodes): a node binds a host-mode port for one task only, so
          ${d.pending} tasks stay pending with "no suitable node (host-mode port already in use on ${d.nodes}
          nodes)".
        `,
      unknownNodes: (d) =>
        prose`
          Service "${d.service}" publishes port ${d.port} in host mode and runs ${d.count} replicas
          (${d.why}): a node binds a host-mode port for one task only, so with fewer than ${d.count} nodes, or
          whenever Swarm places more than one task per node, the extra tasks stay pending with "no suitable
          node (host-mode port already in use on …)". Set cluster.nodes in .scalewise.yaml to check.
        `,
      ingress: () => 'Publish through the routing mesh (mode: ingress): every task shares the port',
      onePerNode: () => 'Add deploy.placement.max_replicas_per_node: 1 (tasks beyond the node count stay pending)',
    },
    docs: {
      summary: 'A port published in `mode: host` can be bound by one task per node.',
      why: paragraph(
        'In Swarm, `ports` published in the default `ingress` mode are shared by all tasks through the',
        'routing mesh, so `replicas: 5` with port 8080 is fine. The long syntax `mode: host` bypasses the',
        'mesh and binds the port on the node that runs the task, so each node can run only one task of the',
        'service. The scheduler keeps the others pending: `no suitable node (host-mode port already in use',
        'on 1 node)`. With `cluster.nodes` in `.scalewise.yaml`, the rule reports when the replicas exceed',
        'the nodes; without it, whenever a replicated service has more than one replica and nothing keeps',
        'its tasks one per node (`deploy.placement.max_replicas_per_node: 1`, or `deploy.mode: global`). A',
        "`docker service scale` in the workspace's scripts counts.",
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            ports:
              - target: 80
                published: 8080
                mode: host
            deploy:
              replicas: 3
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            ports:
              - target: 80
                published: 8080
                mode: host
            deploy:
              mode: global
      `,
      fixNotes: paragraph(
        'Both fixes are suggestions. `mode: ingress` shares the port among all tasks through the routing',
        "mesh, but clients no longer reach a specific node's task and the source address is rewritten.",
        '`max_replicas_per_node: 1` (offered only when the node count is unknown) makes the placement',
        'explicit; tasks beyond the node count still stay pending.',
      ),
      uncertain: paragraph(
        '"At most one task per node with mode: host" is inferred from the Engine API docs (a host-mode',
        'port binds the port on the node that runs the task); they do not say it in those words. The',
        'pending-task text was seen on a one-node swarm (docker CLI 28.2.2, Engine 20.10) with `replicas:',
        '2`; how Swarm spreads tasks over several nodes before it runs out was not tried.',
      ),
      sources: [
        'https://docs.docker.com/reference/api/engine/version/v1.57/schemas/EndpointPortConfig/ (PublishMode ingress and host)',
        'docker/cli@28f7560:cli/compose/schema/data/config_schema_v3.13.json (ports long syntax: mode, target, published; placement.max_replicas_per_node)',
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10 on a one-node swarm: task 2 of 2 stays Pending',
          'with `no suitable node (host-mode port already in use on 1 node)`',
        ),
      ],
    },
  },
  (ctx) => {
    const text = ctx.file.text;
    const nodes = ctx.config.cluster.nodes;
    for (const svc of ctx.models.compose) {
      if (isGlobal(svc)) continue;
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count <= 1) continue;
      const perNode = intValue(getPath(svc.map, ['deploy', 'placement', 'max_replicas_per_node'], svc.doc), svc.doc);
      if (nodes === undefined && perNode === 1) continue;
      if (nodes !== undefined && replicas.count <= nodes) continue;
      for (const { mode, modePair, raw } of portEntries(svc)) {
        if (mode !== 'host' || !modePair) continue;
        // Without a published port (or with a range), Swarm picks a free one per task.
        const port = raw.trim();
        if (!/^\d+$/.test(port)) continue;
        const fixes: Fix[] = [
          {
            title: ctx.message('ingress'),
            safety: 'suggestion',
            edits: [{ ...nodeRange(modePair.value as never), text: 'ingress' }],
          },
        ];
        const data = { service: svc.name, port, count: replicas.count, why: describeReplicas(replicas) };
        if (nodes !== undefined) {
          ctx.report({
            messageId: 'moreThanNodes',
            data: { ...data, nodes, pending: replicas.count - nodes },
            range: nodeRange(modePair),
            fixes,
          });
        } else {
          const add =
            perNode === undefined
              ? addEntriesEdit(text, svc.map, ['deploy', 'placement'], [['max_replicas_per_node', '1']], {
                  owner: svc.pair,
                })
              : null;
          if (add) fixes.push({ title: ctx.message('onePerNode'), safety: 'suggestion', edits: [add] });
          ctx.report({ messageId: 'unknownNodes', data, range: nodeRange(modePair), fixes });
        }
      }
    }
  },
);
