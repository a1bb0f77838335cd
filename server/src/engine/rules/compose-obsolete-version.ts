import { defineRule } from '../define-rule';
import type { ComposeService } from '../model/compose';
import { asMap, get, getPair, keyRange, stringValue } from '../yaml-ast';
import { removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

/**
 * `deploy` keys only `docker stack deploy` reads (docker/compose@f729794 reads no other deploy key:
 * pkg/compose/convergence.go, create.go): a file that has them is probably stack-deployed too.
 */
const SWARM_ONLY_DEPLOY_KEYS = ['placement', 'update_config', 'rollback_config', 'endpoint_mode'];

export default defineRule(
  {
    id: 'compose/obsolete-version',
    kinds: ['compose'],
    scope: 'document',
    defaultSeverity: 'hint',
    fixable: 'safe',
    // docker compose ignores the key: the editor fades it.
    tags: ['unnecessary'],
    messages: {
      obsolete: (d) => `The top-level version "${d.version}" is obsolete: docker compose ignores it and warns.`,
      obsoleteStack: (d) =>
        prose`
          The top-level version "${d.version}" is obsolete for docker compose, but service "${d.service}" uses
          deploy.${d.key}, which only docker stack deploy reads: older docker CLIs (20.10) refuse a stack file
          without version ("unsupported Compose file version: 1.0").
        `,
      remove: () => 'Remove the obsolete version',
    },
    docs: {
      summary: 'Compose v2 ignores the top-level `version` key and prints a warning for it.',
      why: paragraph(
        'The Compose Specification keeps `version` only for backward compatibility; `docker compose`',
        'prints `docker-compose.yml: the attribute `version` is obsolete, it will be ignored, please',
        'remove it to avoid potential confusion`. A file version such as "2.4" or "3.8" also misleads',
        'readers into thinking features of that format apply (for example that `deploy` is Swarm-only).',
        'This rule applies to Compose files only: `docker stack deploy` still uses `version` to pick its',
        'schema, so Swarm stack files keep it. docker-compose v1 (1.29.2) prints no warning and reads',
        '`deploy` with or without `version` (seen on Engine 20.10). A Compose file that uses Swarm-only',
        '`deploy` keys (`placement`, `update_config`, `rollback_config`, `endpoint_mode`) is probably also',
        'deployed as a stack from somewhere the workspace does not show; there the docker 20.10 CLI',
        'refuses it without `version` (`unsupported Compose file version: 1.0`, seen on the engine), so',
        'for such files the fix is only a suggestion.',
      ),
      bad: yaml`
        version: "3.8"
        services:
          web:
            image: nginx
      `,
      good: yaml`
        services:
          web:
            image: nginx
      `,
      exampleFile: 'compose.yaml',
      fixNotes: paragraph(
        'Safe: docker compose (v2 and v1.29.2 alike) ignores the key, so removing it changes nothing it',
        'does. A suggestion when the file also uses Swarm-only deploy keys (see above).',
      ),
      sources: [
        'compose-spec/compose-spec@170098b:04-version-and-name.md',
        'compose-spec/compose-go@e70e961:loader/loader.go (warnObsoleteVersion)',
        'docker/cli@28f7560:cli/compose/schema/schema.go (version picks the v3 schema)',
        paragraph(
          'Seen on Engine 20.10 (docs/engine-behaviour.md): docker-compose 1.29.2 prints no warning; docker',
          'CLI 20.10.24 stack deploy without version: "unsupported Compose file version: 1.0"',
        ),
      ],
    },
  },
  (ctx) => {
    for (const d of ctx.file.documents) {
      const root = asMap(d.root, d.doc);
      const pair = getPair(root, 'version');
      if (!root || !pair) continue;
      const version = stringValue(pair.value, d.doc) ?? '';
      const edits = [removePairEdit(ctx.file.text, root, pair)];
      const stackHint = swarmOnlyDeployKey(ctx.models.compose, d.doc);
      ctx.report({
        messageId: stackHint ? 'obsoleteStack' : 'obsolete',
        data: stackHint ? { version, ...stackHint } : { version },
        range: keyRange(pair),
        fixes: [{ title: ctx.message('remove'), safety: stackHint ? 'suggestion' : 'safe', edits }],
      });
    }
  },
);

function swarmOnlyDeployKey(
  services: readonly ComposeService[],
  doc: unknown,
): { service: string; key: string } | null {
  for (const svc of services) {
    if (svc.doc !== doc) continue;
    const deploy = asMap(get(svc.map, 'deploy', svc.doc), svc.doc);
    const key =
      SWARM_ONLY_DEPLOY_KEYS.find((k) => getPair(deploy, k) !== null) ??
      (stringValue(get(deploy, 'mode', svc.doc), svc.doc) === 'global' ? 'mode: global' : undefined);
    if (key) return { service: svc.name, key };
  }
  return null;
}
