import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas, isGlobal } from '../model/compose';
import { addEntriesEdit } from '../yaml-edit';
import { composeResource, type ResourceField } from '../model/compose-resources';
import { getPair, keyRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** Placeholders the user replaces with measured values; the comment says so in the file. */
export const PLACEHOLDER_LIMITS = [
  { key: 'cpus', value: '"0.5"' },
  { key: 'memory', value: '512M' },
];
export const PLACEHOLDER_COMMENT = 'scalewise: set from measured usage';

export default defineRule(
  {
    id: 'compose/missing-resource-limits',
    kinds: ['compose', 'swarm'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      missing: (d) =>
        prose`
          Service "${d.service}" runs ${d.count} replicas (${d.why}) without resource limits: each one may
          take all of the host's CPU and memory, so one busy or leaking replica starves the others and the
          total cannot be planned.
        `,
      addLimits: () =>
        'Add deploy.resources.limits with placeholder values (cpus "0.5", memory 512M) to set from measured usage',
    },
    docs: {
      summary: 'A scaled service without `deploy.resources.limits` lets every replica take the whole host.',
      why: paragraph(
        'Without limits a container may use all CPUs and all memory of its host. With one container that',
        'is a choice; with several replicas of the same service on one host (Compose) or on shared nodes',
        '(Swarm), one replica in a busy loop or with a leak slows the others down or gets them killed by',
        "the kernel's OOM killer, and nobody can say what N replicas need. `docker compose` applies",
        '`deploy.resources.limits.cpus`, `memory` and `pids` to each container; Swarm also uses them for',
        'every task. The service-level `cpus` and `mem_limit` count as limits too (see',
        '`compose/legacy-resource-keys`). A service with neither `image` nor `build` (nor `extends`) is',
        'taken for part of an overlay file (`docker compose -f compose.yaml -f compose.dev.yaml`) whose',
        'base file may hold the limits, and is not checked. The code lens above each service shows',
        'replicas × limits.',
      ),
      bad: yaml`
        services:
          worker:
            image: registry.example.invalid/worker:1.0
            deploy:
              replicas: 4
      `,
      good: yaml`
        services:
          worker:
            image: registry.example.invalid/worker:1.0
            deploy:
              replicas: 4
              resources:
                limits:
                  cpus: "1"
                  memory: 1G
      `,
      exampleFile: 'compose.yaml',
      fixNotes: paragraph(
        'A suggestion: it inserts `limits` with placeholder values (`cpus: "0.5"`, `memory: 512M`) and the',
        'comment `# scalewise: set from measured usage` on the `limits:` line, merged into an existing',
        "`deploy:`/`resources:` map in the file's indentation. The placeholders are not a recommendation:",
        'measure the service (`docker stats`) and set real values, or the limit may throttle it or get it',
        'killed.',
      ),
      sources: [
        'compose-spec/compose-spec@170098b:deploy.md (resources: limits cpus, memory, pids)',
        'docker/compose@f729794:pkg/compose/create.go (getDeployResources, setLimits: limits applied to each container)',
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      if (isGlobal(svc)) continue;
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count <= 1) continue;
      // No image and no build: an overlay (`-f base.yml -f dev.yml`) that adds to a service defined elsewhere, limits included.
      if (!getPair(svc.map, 'image') && !getPair(svc.map, 'build') && !getPair(svc.map, 'extends')) continue;
      const limit = (field: ResourceField) => composeResource(svc, 'limits', field);
      const hasLimit = (['cpus', 'memory', 'pids'] as const).some((f) => limit(f).deploy !== null);
      if (hasLimit || limit('cpus').legacyPair || limit('memory').legacyPair) continue;
      const add = addEntriesEdit(ctx.file.text, svc.map, ['deploy', 'resources', 'limits'], PLACEHOLDER_LIMITS, {
        owner: svc.pair,
        comment: PLACEHOLDER_COMMENT,
      });
      ctx.report({
        messageId: 'missing',
        data: { service: svc.name, count: replicas.count, why: describeReplicas(replicas) },
        range: keyRange(svc.pair),
        fixes: add ? [{ title: ctx.message('addLimits'), safety: 'suggestion', edits: [add] }] : [],
      });
    }
  },
);
