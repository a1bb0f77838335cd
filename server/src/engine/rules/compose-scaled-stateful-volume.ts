import * as path from 'node:path';
import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas, isGlobal } from '../model/compose';
import { environment, HANDLE_STORE, interpolated, isPolarwayWorker, STATE_DIR } from '../model/polarway';
import { asSeq, get, isMap, isScalar, nodeRange, scalarValue, stringValue } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** A named volume, as opposed to a host path (`./data`, `/srv/x`, `~/x`) or a variable. */
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export default defineRule(
  {
    id: 'compose/scaled-stateful-volume',
    kinds: ['compose'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      shared: (d) =>
        prose`
          Service "${d.service}" runs ${d.count} replicas (${d.why}) that all mount the named volume
          "${d.volume}" read-write at ${d.target}: they share one directory, so files one replica writes (a
          database's data files, a lock or PID file, a log with a fixed name) are overwritten, locked or
          corrupted by the others.
        `,
    },
    docs: {
      summary:
        'Replicas of a scaled service that mount the same named volume read-write share, and fight over, its files.',
      why: [
        paragraph(
          'A named volume is one directory on the host. `scale: 3` does not make three volumes: the three containers',
          'mount the same one, so a database started three times on one data directory fails to start or corrupts it,',
          'and anything that writes fixed file names (logs, PID or lock files, caches, uploads with generated names)',
          'races with itself. Give state to one service that is not scaled (a database, an object store) and let the',
          'scaled replicas talk to it, or mount the volume read-only (`:ro`, or `read_only: true` in the long syntax)',
          'where the replicas only read. If sharing is intended (content every replica writes to with unique file',
          'names, on storage built for concurrent writers), suppress the finding on that line.',
        ),
        '',
        paragraph(
          'What is checked: named volumes (`name:/path`, or `type: volume` with a `source`) that are not read-only,',
          'on services with more than one replica (from `scale`, `deploy.replicas` or a `--scale` in a script). Not',
          'checked: bind mounts (`./data:/data`, `/srv/x:/x`), because most bind mounts of scaled services are',
          'configuration files or sockets that every replica reads, and a file cannot tell those from a data',
          'directory; a shared read-write bind mount of a data directory is just as bad. No guessing from image',
          'names. Anonymous volumes (`/var/lib/data` alone) and `tmpfs` are per container and fine. One sharing is',
          'known to be intended and is not reported: a Polarway worker with `POLARWAY_HANDLE_STORE=external` and the',
          'volume mounted at its `POLARWAY_STATE_DIR` (one `<uuid>.ipc` file per handle, which every worker must',
          'read; see polarway/state-dir-not-shared). Swarm stack files are not checked: a `local` volume there is one',
          'per node, so sharing depends on where tasks are placed.',
        ),
      ].join('\n'),
      bad: yaml`
        services:
          db:
            image: postgres:16
            scale: 2
            volumes:
              - pgdata:/var/lib/postgresql/data
        volumes:
          pgdata:
      `,
      good: yaml`
        services:
          db:
            image: postgres:16
            volumes:
              - pgdata:/var/lib/postgresql/data
        volumes:
          pgdata:
      `,
      exampleFile: 'compose.yaml',
      sources: [
        paragraph(
          'compose-spec/compose-spec@170098b:05-services.md (volumes: short syntax',
          '`VOLUME:CONTAINER_PATH:ACCESS_MODE`, `ro`; long syntax `type`, `source`, `read_only`)',
        ),
        'compose-spec/compose-spec@170098b:07-volumes.md (a named volume is one volume, reused by every service and container that names it)',
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      if (isGlobal(svc)) continue;
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count <= 1) continue;
      const volumes = asSeq(get(svc.map, 'volumes', svc.doc), svc.doc);
      const sharedOnPurpose = polarwaySharedStateDir(svc);
      for (const item of volumes?.items ?? []) {
        let volume: string | undefined;
        let target: string | undefined;
        if (isMap(item)) {
          if (stringValue(get(item, 'type', svc.doc), svc.doc) !== 'volume') continue;
          if (scalarValue(get(item, 'read_only', svc.doc), svc.doc) === true) continue;
          volume = stringValue(get(item, 'source', svc.doc), svc.doc);
          target = stringValue(get(item, 'target', svc.doc), svc.doc);
        } else if (isScalar(item) && typeof item.value === 'string') {
          const parts = item.value.split(':');
          if (parts.length < 2) continue; // an anonymous volume: one per container
          if (/^[A-Za-z]$/.test(parts[0]!) && /^[\\/]/.test(parts[1]!)) continue; // C:\data:/data, a Windows bind mount
          const mode = parts[2] ?? '';
          if (mode.split(',').includes('ro')) continue;
          [volume, target] = parts;
        }
        if (!volume || !VOLUME_NAME.test(volume)) continue;
        if (sharedOnPurpose !== undefined && target !== undefined && samePath(target, sharedOnPurpose)) continue;
        ctx.report({
          messageId: 'shared',
          data: {
            service: svc.name,
            count: replicas.count,
            why: describeReplicas(replicas),
            volume,
            target: target ?? '?',
          },
          range: nodeRange(item as never),
        });
      }
    }
  },
);

/**
 * A Polarway worker with an external handle store keeps one `<uuid>.ipc` file per handle in
 * POLARWAY_STATE_DIR, which every worker must see: that volume is shared on purpose.
 */
function polarwaySharedStateDir(svc: Parameters<typeof environment>[0]): string | undefined {
  const env = environment(svc);
  if (!isPolarwayWorker(svc, env)) return undefined;
  if (interpolated(env.entries.get(HANDLE_STORE)?.value)?.toLowerCase() !== 'external') return undefined;
  const dir = interpolated(env.entries.get(STATE_DIR)?.value);
  return dir || undefined;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => path.posix.normalize(p).replace(/(.)\/+$/, '$1');
  return norm(a) === norm(b);
}
