import { defineRule } from '../define-rule';
import { describeWorkers, HANDLE_STORE, hasEnvFile, interpolated, sharedStoreEdits } from '../model/polarway';
import { keyRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'polarway/handle-store-not-shared',
    kinds: ['compose', 'swarm'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      notShared: (d) =>
        prose`
          Service "${d.service}" is one of ${d.workers} Polarway workers (${d.why}) and keeps DataFrame
          handles in its own process memory (POLARWAY_HANDLE_STORE ${d.store}): a follow-up call that the load
          balancer sends to another worker does not find the handle the first one created.
        `,
      useExternal: () =>
        'Keep handles on a shared volume: POLARWAY_HANDLE_STORE=external, POLARWAY_STATE_DIR=/state and the polarway-state volume',
    },
    docs: {
      summary:
        'Several Polarway workers behind one address must share their handle store, or handles are lost between calls.',
      why: paragraph(
        'A Polarway client first creates a DataFrame handle (a read, a query) and then uses it in later',
        'calls. On the main branch the handles live in a per-process map (`HandleManager`, a `DashMap`',
        'with a default TTL of 3600 s). With more than one worker behind a load balancer (replicas > 1, or',
        'several services running the Polarway image), the next call can land on a worker that never saw',
        "the handle, and it fails. The project's distributed-mode design stores handles outside the",
        'process: `POLARWAY_HANDLE_STORE=external` with `POLARWAY_STATE_DIR` pointing at a directory',
        'shared by all workers, where each handle is an Arrow IPC file `${POLARWAY_STATE_DIR}/<uuid>.ipc`.',
        'The fix sets both variables and mounts one named volume at `/state` on the worker; apply it to',
        'every worker. Alternatively, run one worker or pin a client to one worker (sticky sessions).',
      ),
      bad: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            environment:
              POLARWAY_BIND_ADDRESS: 0.0.0.0:50052
            deploy:
              replicas: 3
              resources:
                limits:
                  memory: 4g
      `,
      good: yaml`
          services:
            worker:
              image: polarway/polarway-grpc:0.53
              environment:
                POLARWAY_BIND_ADDRESS: 0.0.0.0:50052
                POLARWAY_HANDLE_STORE: external
                POLARWAY_STATE_DIR: /state
              volumes:
                - polarway-state:/state
              deploy:
                replicas: 3
                resources:
                  limits:
                    memory: 4g

          volumes:
            polarway-state:
        `,
      exampleFile: 'compose.yaml',
      uncertain: paragraph(
        'Polarway is a small, fast-moving project. On its main branch (ThotDjehuty/polarway@b76b33e)',
        '`POLARWAY_HANDLE_STORE` and `POLARWAY_STATE_DIR` are documented',
        '(docs/DISTRIBUTED_IMPLEMENTATION_PLAN.md, docs/distributed-mode.md) but no `.rs` file reads them;',
        'the implementation exists only on branch `feat/stateless-handles-objectstore` under the old names',
        '`POLAROID_HANDLE_STORE` / `POLAROID_STATE_DIR`. A main-branch build ignores the fix: check that',
        'your image reads these variables, or run a single worker. That handles are lost on another worker',
        'is an inference from the per-process handle map.',
      ),
      fixNotes: paragraph(
        'A suggestion: it changes where a live system keeps state. Apply it to every worker, and make sure',
        'the volume is shared by all of them (one host, or a volume driver that spans nodes in Swarm).',
      ),
      sources: [
        'ThotDjehuty/polarway@b76b33e:polarway-grpc/src/handles.rs (per-process handle map, TTL 3600 s)',
        'ThotDjehuty/polarway@b76b33e:docs/DISTRIBUTED_IMPLEMENTATION_PLAN.md (POLARWAY_HANDLE_STORE memory|external, POLARWAY_STATE_DIR)',
        paragraph(
          'ThotDjehuty/polarway@b76b33e:docs/distributed-mode.md (multi-worker run with -e',
          'POLARWAY_HANDLE_STORE=external -e POLARWAY_STATE_DIR=/state -v /shared/state:/state)',
        ),
        paragraph(
          'ThotDjehuty/polarway@e6275b9 (branch',
          'feat/stateless-handles-objectstore):polaroid-grpc/src/handle_provider.rs, state_store.rs',
          '(POLAROID_* implementation)',
        ),
      ],
    },
  },
  (ctx) => {
    const workers = ctx.models.polarwayWorkers;
    const total = workers.reduce((n, w) => n + w.replicas, 0);
    if (total <= 1) return;
    const why = describeWorkers(workers);
    for (const w of workers) {
      const entry = w.env.entries.get(HANDLE_STORE);
      if (!entry && hasEnvFile(w.svc)) continue; // may be set in the env file
      const store = entry ? interpolated(entry.value) : 'memory';
      if (store === undefined) continue; // a variable without a default: unknown
      if (store.toLowerCase() === 'external') continue;
      const edits = sharedStoreEdits(ctx.file.text, ctx.file, w, true);
      ctx.report({
        messageId: 'notShared',
        data: { service: w.svc.name, workers: total, why, store: entry ? `is "${store}"` : 'unset, so "memory"' },
        range: entry ? entry.valueRange : keyRange(w.svc.pair),
        fixes: edits ? [{ title: ctx.message('useExternal'), safety: 'suggestion', edits }] : [],
      });
    }
  },
);
