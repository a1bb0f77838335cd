import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas } from '../model/compose';
import { getPair, keyRange, stringValue } from '../yaml-ast';
import { removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'compose/container-name-blocks-scale',
    kinds: ['compose'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      blocks: (d) =>
        prose`
          Service "${d.service}" sets container_name "${d.name}" but runs ${d.count} replicas (${d.why});
          Docker requires each container to have a unique name, so the second container fails.
        `,
      removeName: () =>
        'Remove container_name (scripts and other files that use this name must then use the service name)',
    },
    docs: {
      summary: 'A service with `container_name` cannot run more than one container.',
      why: paragraph(
        'Container names are unique per Docker host. Compose v2 and later refuse the file when `scale` or',
        "`deploy.replicas` is above 1, with `services.deploy.replicas: can't set container_name and web as",
        'container name must be unique: invalid compose project` (compose-go prints the attribute and the',
        'service name in this swapped order), and fail `docker compose up --scale web=3` or `docker',
        'compose scale web=3` with `WARNING: The "web" service is using the custom container name',
        '"my-web". Docker requires each container to have a unique name. Remove the custom name to scale',
        'the service` (an error despite its prefix). Compose v1 (docker-compose 1.29.2) starts the first',
        'container and fails the second with `Cannot create container for service web: Conflict. The',
        'container name "/my-web" is already in use by container "…". You have to remove (or rename) that',
        'container to be able to reuse that name.`, both for `--scale web=2` and for `deploy.replicas: 2`.',
        "A `--scale SERVICE=N` or `docker compose scale` in the workspace's scripts, Makefiles or READMEs",
        'counts as scaling too.',
      ),
      bad: yaml`
        services:
          web:
            image: registry.example.invalid/web:1.0
            container_name: my-web
            deploy:
              replicas: 3
      `,
      good: yaml`
        services:
          web:
            image: registry.example.invalid/web:1.0
            deploy:
              replicas: 3
              resources:
                limits: {cpus: "0.5", memory: 256M}
      `,
      exampleFile: 'compose.yaml',
      fixNotes: paragraph(
        'Removing `container_name` is offered as a suggestion, never applied by `--fix`: scripts, `docker',
        'exec`, monitoring or other Compose files may refer to the old name. Other services on the same',
        'network reach the replicas by the service name.',
      ),
      sources: [
        paragraph(
          'compose-spec/compose-spec@170098b:05-services.md (container_name: "Compose does not scale a',
          'service beyond one container if the Compose file specifies a container_name")',
        ),
        'compose-spec/compose-go@e70e961:loader/validate.go',
        'docker/compose@f729794:pkg/compose/convergence.go',
        'Seen on Docker Engine 20.10 with docker-compose 1.29.2 (docs/engine-behaviour.md, test/integration)',
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      const pair = getPair(svc.map, 'container_name');
      if (!pair) continue;
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count <= 1) continue;
      ctx.report({
        messageId: 'blocks',
        data: {
          service: svc.name,
          name: stringValue(pair.value, svc.doc) ?? '',
          count: replicas.count,
          why: describeReplicas(replicas),
        },
        range: keyRange(pair),
        fixes: [
          {
            title: ctx.message('removeName'),
            safety: 'suggestion',
            edits: [removePairEdit(ctx.file.text, svc.map, pair)],
          },
        ],
      });
    }
  },
);
