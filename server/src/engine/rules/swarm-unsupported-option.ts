import { defineRule } from '../define-rule';
import type { ComposeService } from '../model/compose';
import { SWARM_UNSUPPORTED } from '../model/swarm';
import type { Fix } from '../types';
import { deref, getPair, getPath, isScalar, keyRange } from '../yaml-ast';
import { addEntriesEdit, removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

/** What the stack runs instead, per ignored key. */
const INSTEAD: Record<(typeof SWARM_UNSUPPORTED)[number], string> = {
  build: 'the image named in image: is used as it is',
  cgroupns_mode: "tasks get the engine's default cgroup namespace",
  cgroup_parent: "tasks get the engine's default cgroup parent",
  devices: 'no host device is mapped into the tasks',
  domainname: 'no domain name is set',
  external_links: 'no link alias is created; reach the container by name on a shared network',
  ipc: 'tasks get their own IPC namespace',
  links: 'no link alias is created; services on the same network reach each other by service name',
  mac_address: 'tasks get generated MAC addresses',
  network_mode: "tasks join the stack's overlay network instead",
  pid: 'tasks get their own PID namespace',
  privileged: 'tasks run unprivileged',
  restart: 'only restart: "no" is really dropped (see restartInstead)',
  security_opt: 'the security options are not applied',
  shm_size: 'tasks get the default /dev/shm size (64M)',
  userns_mode: 'the user namespace setting is not applied',
};

/** Compose `restart` -> Swarm `restart_policy.condition` (docker/compose maps the same pairs the other way). */
function restartPolicy(value: string): { condition: string; maxAttempts?: string } | undefined {
  const v = value.trim();
  if (v === 'no') return { condition: 'none' };
  if (v === 'always' || v === 'unless-stopped') return { condition: 'any' };
  const m = /^on-failure(?::(\d+))?$/.exec(v);
  if (m) return { condition: 'on-failure', ...(m[1] !== undefined ? { maxAttempts: m[1] } : {}) };
  return undefined;
}

function restartValue(svc: ComposeService, pair: Parameters<typeof removePairEdit>[2]): string | undefined {
  const node = deref(pair.value, svc.doc);
  // `restart: no` unquoted is the string "no" in YAML 1.2 (and for docker's yaml.v3); false in YAML 1.1 parsers.
  return isScalar(node)
    ? node.value === false
      ? 'no'
      : typeof node.value === 'string'
        ? node.value
        : undefined
    : undefined;
}

export default defineRule(
  {
    id: 'swarm/unsupported-option',
    kinds: ['swarm'],
    scope: 'service',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      ignored: (d) =>
        `docker stack deploy ignores "${d.key}" on service "${d.service}" ("Ignoring unsupported options: ${d.key}"): ${d.instead}.`,
      restartPolicy: (d) =>
        `Replace with deploy.restart_policy.condition: ${d.condition}${d.maxAttempts ? ` and max_attempts: ${d.maxAttempts}` : ''}`,
      restartConverted: (d) =>
        prose`
          docker stack deploy prints "Ignoring unsupported options: restart" for service "${d.service}", yet
          turns restart: ${d.value} into restart_policy condition ${d.condition}; write deploy.restart_policy
          so the file says what runs.
        `,
      restartDropped: (d) =>
        prose`
          docker stack deploy drops restart: "no" on service "${d.service}" ("Ignoring unsupported options:
          restart"): Swarm then restarts its tasks on any exit (condition any).
        `,
      removeRestart: () => 'Remove restart (deploy.restart_policy.condition is already set)',
    },
    docs: {
      summary: '`docker stack deploy` ignores a list of Compose keys, so the stack runs without them.',
      why: paragraph(
        '`docker stack deploy` loads `build`, `cgroupns_mode`, `cgroup_parent`, `devices`, `domainname`,',
        '`external_links`, `ipc`, `links`, `mac_address`, `network_mode`, `pid`, `privileged`, `restart`,',
        '`security_opt`, `shm_size` and `userns_mode`, prints `Ignoring unsupported options: <comma list>`',
        'on stderr, and deploys without them. A service that needs a device, privileges or a bigger',
        '`/dev/shm` then fails at run time, not at deploy time. `restart` is the odd one: the CLI lists it',
        'as ignored, yet on a real engine (docker CLI 20.10.24 and 28.2.2, Engine 20.10) it still becomes',
        'the restart policy of the service (`always` and `unless-stopped` -> `any`, `on-failure:3` ->',
        '`on-failure` with 3 attempts); only `restart: "no"` is dropped, and the tasks then restart on any',
        'exit. So `restart` is information, except `no`, which is a warning. `build` beside `image` is',
        'reported as information only: the image is used, which is usually what is meant (a `build`',
        'without `image` is swarm/build-without-image).',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            restart: on-failure
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            deploy:
              restart_policy:
                condition: on-failure
      `,
      fixNotes: paragraph(
        'Only `restart` has a fix, a suggestion (it changes how the stack restarts tasks): `no` -> `none`,',
        '`always` and `unless-stopped` -> `any`, `on-failure[:N]` -> `on-failure` (with `max_attempts:',
        'N`), the mapping docker compose applies in the other direction. Swarm has no "unless stopped": a',
        'task of a scaled-down or removed service is not restarted anyway. The other keys get no fix:',
        'removing `privileged` or `devices` would only hide that the service needs something Swarm does',
        'not give it.',
      ),
      sources: [
        'docker/cli@28f7560:cli/compose/types/types.go (UnsupportedProperties)',
        'docker/cli@28f7560:cli/command/stack/loader.go (Ignoring unsupported options: %s)',
        'docker/cli@28f7560:cli/compose/schema/data/config_schema_v3.13.json (deploy.restart_policy: condition, delay, max_attempts, window)',
        'docker/compose@f729794:pkg/compose/create.go (getRestartPolicy: none/no, on-failure, any/always)',
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10 on a one-node swarm: `Ignoring unsupported',
          'options: build, links, privileged, restart`, and the stack deploys',
        ),
        paragraph(
          'Seen with docker CLI 20.10.24 and 28.2.2 (test/integration/swarm-stack.test.ts,',
          'docs/engine-behaviour.md): `restart: on-failure:3` still gives RestartPolicy on-failure/3,',
          '`always` gives any, `"no"` gives the default any',
        ),
      ],
    },
  },
  (ctx) => {
    const text = ctx.file.text;
    for (const svc of ctx.models.compose) {
      for (const key of SWARM_UNSUPPORTED) {
        const pair = getPair(svc.map, key);
        if (!pair) continue;
        const hasImage = getPair(svc.map, 'image') !== null;
        if (key === 'build' && !hasImage) continue; // swarm/build-without-image reports it, as an error
        if (key === 'restart') {
          const raw = restartValue(svc, pair);
          const policy = raw === undefined ? undefined : restartPolicy(raw);
          if (raw !== undefined && policy) {
            const dropped = policy.condition === 'none';
            ctx.report({
              messageId: dropped ? 'restartDropped' : 'restartConverted',
              data: { key, service: svc.name, value: raw, condition: policy.condition },
              range: keyRange(pair),
              fixes: restartFixes(ctx, svc, pair),
              ...(dropped ? {} : { severity: 'info' as const }),
            });
            continue;
          }
        }
        ctx.report({
          messageId: 'ignored',
          data: { key, service: svc.name, instead: INSTEAD[key] },
          range: keyRange(pair),
          fixes: key === 'restart' ? restartFixes(ctx, svc, pair) : [],
          ...(key === 'build' ? { severity: 'info' as const } : {}),
        });
      }
    }

    function restartFixes(c: typeof ctx, svc: ComposeService, pair: Parameters<typeof removePairEdit>[2]): Fix[] {
      const remove = removePairEdit(text, svc.map, pair);
      if (getPath(svc.map, ['deploy', 'restart_policy', 'condition'], svc.doc) !== null) {
        return [{ title: c.message('removeRestart'), safety: 'suggestion', edits: [remove] }];
      }
      const raw = restartValue(svc, pair);
      const policy = raw === undefined ? undefined : restartPolicy(raw);
      if (!policy) return [];
      const entries: [string, string][] = [['condition', policy.condition]];
      if (policy.maxAttempts !== undefined) entries.push(['max_attempts', policy.maxAttempts]);
      const add = addEntriesEdit(text, svc.map, ['deploy', 'restart_policy'], entries, { owner: svc.pair });
      if (!add) return [];
      return [
        {
          title: c.message('restartPolicy', { condition: policy.condition, maxAttempts: policy.maxAttempts ?? '' }),
          safety: 'suggestion',
          edits: [remove, add],
        },
      ];
    }
  },
);
