import * as path from 'node:path';
import { defineRule } from '../define-rule';
import {
  describeWorkers,
  HANDLE_STORE,
  hasEnvFile,
  interpolated,
  mountFor,
  mounts,
  SHARED_VOLUME,
  sharedStoreEdits,
  STATE_DIR,
  type Mount,
  type Worker,
} from '../model/polarway';
import { isScalar, nodeRange } from '../yaml-ast';
import type { Fix } from '../types';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'polarway/state-dir-not-shared',
    kinds: ['compose', 'swarm'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      missing: (d) =>
        prose`
          Service "${d.service}" stores handles externally but sets no POLARWAY_STATE_DIR: each of the
          ${d.workers} workers (${d.why}) writes its Arrow IPC handle files to its own temporary folder, so
          the others cannot read them.
        `,
      notMounted: (d) =>
        prose`
          POLARWAY_STATE_DIR=${d.dir} of service "${d.service}" is ${d.where}: each of the ${d.workers}
          workers (${d.why}) writes its handle files where no other worker can read them.
        `,
      different: (d) =>
        prose`
          Service "${d.service}" keeps its handle files on ${d.mine}, but "${d.other}" keeps them on
          ${d.theirs}: a handle created by one worker is not found by the other.
        `,
      addShared: (d) => `Mount the shared polarway-state volume at ${d.dir}`,
      setStateDir: () => 'Set POLARWAY_STATE_DIR=/state on the shared polarway-state volume',
      useSame: (d) => `Use ${d.theirs} like "${d.other}"`,
    },
    docs: {
      summary: 'An external Polarway handle store needs POLARWAY_STATE_DIR on one volume that every worker mounts.',
      why: paragraph(
        'With `POLARWAY_HANDLE_STORE=external`, a worker writes each DataFrame handle as an Arrow IPC file',
        '`${POLARWAY_STATE_DIR}/<uuid>.ipc` and any worker can serve the next call, provided that the',
        'directory is the same storage for all of them. If `POLARWAY_STATE_DIR` is missing, the',
        "implementation falls back to a folder in the container's temporary directory; if it points at a",
        'path that is not a volume (or at an anonymous volume or a tmpfs), every container has its own',
        'copy; if the workers mount different volumes or host folders, or different sub-folders of one',
        "volume, they still do not see each other's files. This rule checks, for more than one worker,",
        'that each one sets the variable, that the path is on a named volume or bind mount, and that all',
        'workers resolve it to the same volume and sub-folder. In Swarm, a `local` named volume exists',
        'once per node: use a volume driver that spans nodes (NFS, a cloud volume) when the workers run on',
        'several nodes.',
      ),
      bad: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            environment:
              POLARWAY_HANDLE_STORE: external
              POLARWAY_STATE_DIR: /state
            deploy:
              replicas: 3
      `,
      good: yaml`
          services:
            worker:
              image: polarway/polarway-grpc:0.53
              environment:
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
        'On Polarway main (ThotDjehuty/polarway@b76b33e) `POLARWAY_HANDLE_STORE` and `POLARWAY_STATE_DIR`',
        'are documented but not read by any `.rs` file; the implementation is on branch',
        '`feat/stateless-handles-objectstore` as `POLAROID_STATE_DIR` (default: a `polaroid_state` folder',
        'in the temporary directory). Check that your image reads these variables.',
      ),
      fixNotes: 'Suggestions: they add a volume and change where a live system keeps state.',
      sources: [
        'ThotDjehuty/polarway@b76b33e:docs/DISTRIBUTED_IMPLEMENTATION_PLAN.md (Arrow IPC at ${POLARWAY_STATE_DIR}/<uuid>.ipc, directory shared across workers)',
        'ThotDjehuty/polarway@b76b33e:docs/distributed-mode.md, DISTRIBUTED_GETTING_STARTED.md (-e POLARWAY_STATE_DIR=/state -v /shared/state:/state)',
        'ThotDjehuty/polarway@e6275b9:polaroid-grpc/src/state_store.rs (POLAROID_STATE_DIR, default temp_dir/polaroid_state)',
      ],
    },
  },
  (ctx) => {
    const workers = ctx.models.polarwayWorkers;
    const total = workers.reduce((n, w) => n + w.replicas, 0);
    if (total <= 1) return;
    const why = describeWorkers(workers);
    const text = ctx.file.text;
    const external = workers.filter(
      (w) => interpolated(w.env.entries.get(HANDLE_STORE)?.value)?.toLowerCase() === 'external',
    );
    const shared: { w: Worker; key: string; label: string; mount: Mount }[] = [];
    for (const w of external) {
      const entry = w.env.entries.get(STATE_DIR);
      const base = { service: w.svc.name, workers: total, why };
      if (!entry) {
        if (hasEnvFile(w.svc)) continue;
        const edits = sharedStoreEdits(text, ctx.file, w, false);
        ctx.report({
          messageId: 'missing',
          data: base,
          range: w.env.entries.get(HANDLE_STORE)!.valueRange,
          fixes: edits ? [{ title: ctx.message('setStateDir'), safety: 'suggestion', edits }] : [],
        });
        continue;
      }
      const dir = interpolated(entry.value);
      if (!dir) continue;
      const all = mounts(w.svc);
      const mount = mountFor(all, dir);
      if (!mount || mount.type === 'anonymous' || mount.type === 'tmpfs') {
        const fixes: Fix[] = [];
        if (!mount) {
          const edits = sharedStoreEdits(text, ctx.file, w, false);
          if (edits) fixes.push({ title: ctx.message('addShared', { dir }), safety: 'suggestion', edits });
        } else if (
          mount.type === 'anonymous' &&
          isScalar(mount.node) &&
          path.posix.normalize(mount.target) === path.posix.normalize(dir)
        ) {
          const r = nodeRange(mount.node);
          const edits = [{ ...r, text: `${SHARED_VOLUME}:${mount.target}` }];
          fixes.push({ title: ctx.message('addShared', { dir }), safety: 'suggestion', edits });
        }
        const where = !mount
          ? 'not on a volume'
          : mount.type === 'tmpfs'
            ? `on a tmpfs (${mount.target}) that only this container sees`
            : `on an anonymous volume (${mount.target}) that only this container sees`;
        ctx.report({ messageId: 'notMounted', data: { ...base, dir, where }, range: entry.valueRange, fixes });
        continue;
      }
      const sub = path.posix.relative(mount.target, dir) || '.';
      const label = `${mount.type === 'bind' ? 'host folder' : 'volume'} ${mount.source}${sub === '.' ? '' : ` (sub-folder ${sub})`}`;
      shared.push({ w, key: `${mount.type}:${mount.source}:${sub}`, label, mount });
    }
    const first = shared[0];
    for (const s of shared.slice(1)) {
      if (s.key === first!.key) continue;
      const fixes: Fix[] = [];
      const sameSub = s.key.endsWith(`:${first!.key.split(':').pop()}`);
      const r = nodeRange(s.mount.node);
      const at = isScalar(s.mount.node) && s.mount.source ? text.slice(r.start, r.end).indexOf(s.mount.source) : -1;
      if (at >= 0 && sameSub && first!.mount.source && s.mount.type === first!.mount.type) {
        // Only the source changes; the target and a `:ro`/`:rw` mode stay.
        fixes.push({
          title: ctx.message('useSame', { theirs: first!.label, other: first!.w.svc.name }),
          safety: 'suggestion',
          edits: [{ start: r.start + at, end: r.start + at + s.mount.source!.length, text: first!.mount.source }],
        });
      }
      ctx.report({
        messageId: 'different',
        data: { service: s.w.svc.name, mine: s.label, other: first!.w.svc.name, theirs: first!.label },
        range: nodeRange(s.mount.node),
        fixes,
      });
    }
  },
);
