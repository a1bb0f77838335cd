import { defineRule } from '../define-rule';
import { addEntriesEdit } from '../yaml-edit';
import { composeResource } from '../model/compose-resources';
import { keyRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** The placeholder the fix inserts; the comment says it is one. */
const PLACEHOLDER = { key: 'memory', value: '2g' };
const COMMENT = 'scalewise: placeholder; size for the DataFrames a worker holds (handles live 3600 s)';

export default defineRule(
  {
    id: 'polarway/unbounded-worker',
    kinds: ['compose', 'swarm'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    // A scaled worker with no limit at all is that rule's finding, on the same service key.
    supersededBy: ['compose/missing-resource-limits'],
    messages: {
      unbounded: (d) =>
        prose`
          Polarway worker "${d.service}" has no memory limit: it keeps every DataFrame behind a handle in
          memory until the handle expires (TTL ${d.ttl} s), so a burst of large queries can take all of the
          host's memory and the kernel's OOM killer picks the victim.
        `,
      addLimit: () => 'Add deploy.resources.limits.memory (a 2g placeholder to size from measured usage)',
    },
    docs: {
      summary: 'A Polarway worker without a memory limit can take the host down with the DataFrames it holds.',
      why: paragraph(
        "Polarway keeps the DataFrame behind each handle in the worker's memory (`HandleManager`, default",
        'TTL 3600 s, expired handles are swept every 300 s), so memory grows with the data clients load',
        'and stays up for an hour after the last use. Without `deploy.resources.limits.memory` (or',
        "`mem_limit`) a worker may use all of the host's memory, and the OOM killer may pick another",
        'container on the host. With a limit, the worker itself is killed and restarted, and the load',
        'balancer sends clients elsewhere. Size it from the largest DataFrames you expect times the',
        'handles alive in an hour. When the worker is scaled and has no limits at all,',
        '`compose/missing-resource-limits` reports it instead (unless that rule is off).',
      ),
      bad: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            environment:
              POLARWAY_BIND_ADDRESS: 0.0.0.0:50052
      `,
      good: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            environment:
              POLARWAY_BIND_ADDRESS: 0.0.0.0:50052
            deploy:
              resources:
                limits:
                  memory: 4g
      `,
      exampleFile: 'compose.yaml',
      uncertain: paragraph(
        'Polarway is a small, fast-moving project; the TTL and the sweep interval are the main-branch',
        'defaults (ThotDjehuty/polarway@b76b33e) and may change.',
      ),
      fixNotes: paragraph(
        'A suggestion: it inserts `memory: 2g` under `deploy.resources.limits` with a comment marking it as',
        'a placeholder. Too small a limit gets the worker killed under load; measure (`docker stats`) and',
        'set a real value.',
      ),
      sources: [
        'ThotDjehuty/polarway@b76b33e:polarway-grpc/src/handles.rs (HandleManager::default, TTL 3600 s)',
        'ThotDjehuty/polarway@b76b33e:polarway-grpc/src/service.rs (cleanup every 300 s)',
        'compose-spec/compose-spec@170098b:deploy.md (resources.limits.memory)',
        'docker/compose@f729794:pkg/compose/create.go (limits.memory applied as the container Memory limit)',
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.polarwayWorkers) {
      const { svc } = w;
      const memory = composeResource(svc, 'limits', 'memory');
      if (memory.deploy !== null || memory.legacyPair) continue;
      const add = addEntriesEdit(ctx.file.text, svc.map, ['deploy', 'resources', 'limits'], [PLACEHOLDER], {
        owner: svc.pair,
        comment: COMMENT,
      });
      ctx.report({
        messageId: 'unbounded',
        data: { service: svc.name, ttl: 3600 },
        range: keyRange(svc.pair),
        fixes: add ? [{ title: ctx.message('addLimit'), safety: 'suggestion', edits: [add] }] : [],
      });
    }
  },
);
