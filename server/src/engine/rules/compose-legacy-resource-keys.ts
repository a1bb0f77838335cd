import { type Document, type Node } from 'yaml';
import { defineRule } from '../define-rule';
import { movePairEdit, removePairEdit } from '../yaml-edit';
import { composeResource, LEGACY_RESOURCE_KEYS, type LegacyResourceKey, sourceText } from '../model/compose-resources';
import { parseComposeBytes, parseComposeCpus } from '../quantity/compose-units';
import { goValue, intValue, isScalar, keyRange } from '../yaml-ast';
import type { Fix } from '../types';
import { paragraph, prose, yaml } from '../template-text';

/** The value in the unit the key is read in, or undefined when it does not parse (a variable, a typo). */
function amount(node: unknown, doc: Document, unit: LegacyResourceKey['unit']): number | undefined {
  const raw = goValue(node, doc);
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  if (unit === 'count') return intValue(node, doc);
  if (unit === 'cpus') {
    const c = parseComposeCpus(raw);
    return c.ok ? c.cores : undefined;
  }
  const b = parseComposeBytes(raw);
  return b.ok ? b.bytes : undefined;
}

export default defineRule(
  {
    id: 'compose/legacy-resource-keys',
    kinds: ['compose'],
    scope: 'service',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      conflict: (d) =>
        prose`
          Service "${d.service}" sets ${d.key}: ${d.legacy} and ${d.path}: ${d.current}; docker compose
          refuses the file: "services.${d.service}: can't set distinct values on '${d.key}' and '${d.path}':
          invalid compose project" (docker-compose v1 silently uses ${d.path}).
        `,
      duplicate: (d) => `Service "${d.service}" sets ${d.key} and ${d.path} to the same value; ${d.key} repeats it.`,
      move: (d) => prose`
        Service "${d.service}" sets the service-level ${d.key}; resource settings belong in ${d.path}, where
        docker compose and docker stack deploy both read them.
      `,
      moveFix: (d) => `Move ${d.key}: ${d.legacy} to ${d.path}`,
      removeFix: (d) => `Remove ${d.key} (keep ${d.path}: ${d.current})`,
    },
    docs: {
      summary:
        'Service-level `cpus`, `mem_limit`, `mem_reservation` and `pids_limit` repeat (or contradict) `deploy.resources`.',
      why: paragraph(
        'The Compose Specification keeps the old service-level keys but says each "must be consistent"',
        'with its place in `deploy.resources`: `cpus` with `limits.cpus`, `mem_limit` with',
        '`limits.memory`, `mem_reservation` with `reservations.memory`, `pids_limit` with `limits.pids`.',
        "When both are set to different values, compose-go refuses the file with `services.web: can't set",
        "distinct values on 'mem_limit' and 'deploy.resources.limits.memory': invalid compose project`",
        '(likewise for the other pairs); that is an error. docker-compose 1.29.2 accepts such a file and',
        'silently uses the `deploy.resources` value (seen on Engine 20.10: `mem_limit: 64m` beside',
        '`limits.memory: 128M` ran with 128 MiB), which hides the contradiction instead of resolving it.',
        'Values are compared as Compose reads them, so `mem_limit: 1g` and `memory: 1024M` agree. A legacy',
        'key alone works with `docker compose`, but `docker stack deploy` refuses `mem_limit` outright and',
        'resources split over two places are easy to change in one and miss in the other, so it is a hint',
        'to move it. Swarm stack files are left to `swarm/forbidden-option`.',
      ),
      bad: yaml`
        services:
          web:
            image: nginx
            cpus: 0.5
            mem_limit: 1g
            deploy:
              resources:
                limits:
                  memory: 512M
      `,
      good: yaml`
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: 0.5
                  memory: 512M
      `,
      exampleFile: 'compose.yaml',
      fixNotes: paragraph(
        'Moving `cpus`, `mem_limit` or `mem_reservation` keeps the value as written (a plain number of',
        'bytes is quoted, since `deploy.resources.*.memory` is a string in the schema) and creates',
        "`deploy`, `resources` and `limits`/`reservations` as needed in the file's indentation. The moved",
        'line takes its comments along: the one after it and the comment lines right above it (into a flow',
        'map they stay where the line was). It is safe: docker compose v2 reads both places the same way,',
        'and docker-compose 1.29.2 translates `deploy.resources` limits and memory reservations back to',
        'the same container settings (compose/project.py `translate_resource_keys_to_container_config`).',
        'Moving `pids_limit` is only a suggestion: the 1.29.2 schema has no `limits.pids` and its loader',
        'does not translate it. Removing a legacy key that repeats the `deploy.resources` value is safe;',
        'with different values, dropping the legacy key is a suggestion.',
      ),
      sources: [
        'compose-spec/compose-spec@170098b:05-services.md (cpus, mem_limit, mem_reservation, pids_limit: "must be consistent")',
        'compose-spec/compose-go@e70e961:loader/validate.go (error texts)',
        'compose-spec/compose-go@e70e961:types/bytes.go, types/cpus.go; docker/go-units@2777cf4:size.go (how values are compared)',
        'docker/cli@28f7560:cli/compose/types/types.go (ForbiddenProperties: mem_limit)',
        'docker-compose 1.29.2 as packaged in Debian bookworm: compose/project.py, compose/config/compose_spec.json (what v1 reads)',
        paragraph(
          'Seen on Engine 20.10 with docker-compose 1.29.2 (docs/engine-behaviour.md): conflicting values',
          'accepted, deploy.resources wins; the Move fix keeps the same container limits',
        ),
      ],
    },
  },
  (ctx) => {
    const text = ctx.file.text;
    for (const svc of ctx.models.compose) {
      for (const spec of LEGACY_RESOURCE_KEYS) {
        const setting = composeResource(svc, spec.section, spec.target);
        const pair = setting.legacyPair;
        if (!pair) continue;
        const path = `deploy.resources.${spec.section}.${spec.target}`;
        const legacyText = sourceText(text, pair.value);
        const current = setting.deploy;
        const remove = removePairEdit(text, svc.map, pair);
        if (current !== null) {
          const a = amount(pair.value, svc.doc, spec.unit);
          const b = amount(current, svc.doc, spec.unit);
          // Unparseable values are compose/invalid-resource-value's concern.
          if (a === undefined || b === undefined) continue;
          const data = {
            service: svc.name,
            key: spec.key,
            path,
            legacy: legacyText,
            current: sourceText(text, current),
          };
          const same = Math.abs(a - b) < 1e-9;
          ctx.report({
            messageId: same ? 'duplicate' : 'conflict',
            data,
            range: keyRange(pair),
            severity: same ? 'hint' : 'error',
            fixes: [{ title: ctx.message('removeFix', data), safety: same ? 'safe' : 'suggestion', edits: [remove] }],
          });
          continue;
        }
        const data = { service: svc.name, key: spec.key, path, legacy: legacyText };
        const fixes: Fix[] = [];
        const v = pair.value as Node | null;
        // `deploy.resources.*.memory` is a string in the schema: a plain byte count gets quotes.
        // The value moves with its anchor, so aliases of it still resolve (if they come after it).
        const anchor = isScalar(v) && v.anchor ? `&${v.anchor} ` : '';
        const value =
          anchor +
          (spec.unit === 'bytes' && isScalar(v) && typeof v.value === 'number' ? `"${legacyText}"` : legacyText);
        // The moved line takes its comments along (into a flow map they stay where the line was).
        const moved =
          v && isScalar(v)
            ? movePairEdit(
                text,
                svc.map,
                pair,
                svc.map,
                ['deploy', 'resources', spec.section],
                { key: spec.target, value },
                { owner: svc.pair },
              )
            : null;
        if (moved)
          fixes.push({
            title: ctx.message('moveFix', data),
            safety: spec.key === 'pids_limit' ? 'suggestion' : 'safe',
            edits: moved,
          });
        ctx.report({ messageId: 'move', data, range: keyRange(pair), severity: 'hint', fixes });
      }
    }
  },
);
