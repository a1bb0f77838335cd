import { defineRule } from '../define-rule';
import { composeResource } from '../model/compose-resources';
import { schemaPath } from '../model/swarm';
import { isScalar, nodeRange } from '../yaml-ast';
import { propsStart } from '../yaml-edit';
import { paragraph, yaml } from '../template-text';

export default defineRule(
  {
    id: 'swarm/cpus-must-be-string',
    kinds: ['swarm'],
    scope: 'service',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      number: (d) =>
        `docker stack deploy rejects the number ${d.value} and deploys nothing: "${d.path} must be a string". Quote it.`,
      quote: (d) => `Quote the value: "${d.value}"`,
    },
    docs: {
      summary: 'The v3 stack schema wants `cpus` as a string; a YAML number fails `docker stack deploy`.',
      why: paragraph(
        '`docker compose` accepts `cpus: 0.5` (number or string), but `docker stack deploy` validates',
        'against the legacy v3 schemas bundled in docker/cli, where `deploy.resources.limits.cpus` and',
        '`reservations.cpus` are of type string. The whole deploy fails with',
        '`services.web.deploy.resources.limits.cpus must be a string`. A classic way to get there: `docker',
        'compose config` normalises `cpus: "0.50"` to the number `0.5`, and its output is piped into',
        '`docker stack deploy`.',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: 0.5
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: "0.5"
      `,
      fixNotes: paragraph(
        'Safe: the quoted value is the same number of CPUs for docker compose (it parses the string) and',
        'makes the file valid for docker stack deploy. The number is quoted exactly as written (`0.50`',
        'becomes `"0.50"`).',
      ),
      uncertain: paragraph(
        'Read from the v3.13 schema bundled in docker/cli. Seen here with docker CLI 28.2.2 against Engine',
        '20.10 on a one-node swarm, for limits and reservations alike; other CLI versions were not tried.',
      ),
      sources: [
        'docker/cli@28f7560:cli/compose/schema/data/config_schema_v3.13.json (deploy.resources.limits.cpus, reservations.cpus: type string)',
        'docker/cli@28f7560:cli/compose/schema/schema.go (invalid_type -> "must be a string")',
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10: `services.web.deploy.resources.limits.cpus must',
          'be a string` and `services.web.deploy.resources.reservations.cpus must be a string`',
        ),
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      for (const section of ['limits', 'reservations'] as const) {
        // `deploy` only: the v3 schema's type is on deploy.resources, not on the service-level `cpus` the reader also knows.
        const { deployPair, deploy: node } = composeResource(svc, section, 'cpus');
        const own = deployPair?.value;
        if (!isScalar(node) || typeof node.value !== 'number' || !node.range) continue;
        const value = ctx.file.text.slice(node.range[0], node.range[1]);
        const at = nodeRange(own as never);
        // A tag goes with the number: `!!int "2"` would still be the number 2.
        const edit = { start: propsStart(ctx.file.text, node), end: node.range[1], text: `"${value}"` };
        ctx.report({
          messageId: 'number',
          data: { value, path: schemaPath(svc, 'deploy', 'resources', section, 'cpus') },
          range: at,
          // Only the pair's own value: quoting an anchored number would change every alias of it.
          fixes:
            isScalar(own) && !own.anchor
              ? [{ title: ctx.message('quote', { value }), safety: 'safe', edits: [edit] }]
              : [],
        });
      }
    }
  },
);
