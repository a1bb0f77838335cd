import { defineRule } from '../define-rule';
import { SWARM_DEPRECATED } from '../model/swarm';
import { getPair, keyRange, stringValue } from '../yaml-ast';
import { removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'swarm/container-name-ignored',
    kinds: ['swarm'],
    scope: 'service',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      ignored: (d) =>
        prose`
          docker stack deploy ignores container_name "${d.name}" on service "${d.service}" ("Ignoring
          deprecated options: container_name: ${SWARM_DEPRECATED.container_name}"): tasks are named
          <stack>_${d.service}.<n>.<id>, and other services reach this one by its service name.
        `,
      remove: () => 'Remove container_name (docker stack deploy ignores it)',
    },
    docs: {
      summary: 'Swarm names task containers itself; `container_name` in a stack file does nothing.',
      why: paragraph(
        '`docker stack deploy` prints `Ignoring deprecated options:` followed by `container_name: Setting',
        'the container name is not supported.` and names services `<stack>_<service>` and their containers',
        '`<stack>_<service>.<slot>.<task id>`. Scripts, `docker exec` lines or monitoring that use the',
        '`container_name` value find nothing; other services reach this one by the service name (or',
        '`<stack>_<service>`). In a plain Compose file the same key blocks scaling instead (see',
        'compose/container-name-blocks-scale, which does not run on stack files).',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            container_name: web
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
      `,
      fixNotes: paragraph(
        'Safe: stack deploy ignores the key, so removing it changes nothing the stack does. If the same file',
        'is also used with docker compose, it changes the container name there.',
      ),
      sources: [
        'docker/cli@28f7560:cli/compose/types/types.go (DeprecatedProperties)',
        'docker/cli@28f7560:cli/command/stack/loader.go (Ignoring deprecated options:)',
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10 on a one-node swarm: the stack deploys and',
          'prints `Ignoring deprecated options:` / `container_name: Setting the container name is not',
          'supported.`',
        ),
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      const pair = getPair(svc.map, 'container_name');
      if (!pair) continue;
      ctx.report({
        messageId: 'ignored',
        data: { service: svc.name, name: stringValue(pair.value, svc.doc) ?? '' },
        range: keyRange(pair),
        fixes: [
          { title: ctx.message('remove'), safety: 'safe', edits: [removePairEdit(ctx.file.text, svc.map, pair)] },
        ],
      });
    }
  },
);
