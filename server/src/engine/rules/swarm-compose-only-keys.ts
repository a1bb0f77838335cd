import { defineRule } from '../define-rule';
import { schemaPath } from '../model/swarm';
import type { Range, RelatedPlace, ReportDescriptor } from '../types';
import { asMap, getPair, getPath, isMap, keyRange, stringValue } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/**
 * Keys docker compose honours that the v3 stack schema (docker/cli config_schema_v3.13.json,
 * `additionalProperties: false`) does not know: `docker stack deploy` fails on them. Path under
 * the service -> what to use in a stack file.
 */
const COMPOSE_ONLY: readonly { path: readonly string[]; instead: string }[] = [
  { path: ['scale'], instead: 'use deploy.replicas' },
  {
    path: ['platform'],
    instead: 'pin the architecture with deploy.placement.constraints, e.g. node.platform.arch == aarch64',
  },
  {
    path: ['gpus'],
    instead:
      'advertise GPUs as node generic resources and reserve them with deploy.resources.reservations.generic_resources',
  },
  { path: ['cpus'], instead: 'use deploy.resources.limits.cpus (a string)' },
  { path: ['mem_reservation'], instead: 'use deploy.resources.reservations.memory' },
  { path: ['pids_limit'], instead: 'use deploy.resources.limits.pids' },
  { path: ['profiles'], instead: 'a stack deploys every service; split the file instead' },
  { path: ['pull_policy'], instead: 'docker stack deploy --resolve-image decides how images are resolved' },
  {
    path: ['deploy', 'resources', 'reservations', 'devices'],
    instead: paragraph(
      'advertise GPUs as node generic resources and reserve them with',
      'deploy.resources.reservations.generic_resources',
    ),
  },
];

/**
 * deploy keys only Swarm honours (docker/compose@f729794: pkg/compose/convergence.go, create.go):
 * docker compose reads replicas, resources and restart_policy only.
 */
const SWARM_ONLY: readonly { path: readonly string[]; effect: string; value?: string }[] = [
  {
    path: ['deploy', 'mode'],
    value: 'global',
    effect: 'docker compose runs the replica count (default 1), not one container per node',
  },
  { path: ['deploy', 'placement'], effect: 'docker compose runs every container on the one engine it talks to' },
  { path: ['deploy', 'update_config'], effect: 'docker compose recreates containers without rolling updates' },
  { path: ['deploy', 'rollback_config'], effect: 'docker compose has no rollback' },
  {
    path: ['deploy', 'endpoint_mode'],
    effect: 'docker compose has no virtual IP or DNS round-robin mode; the network alias resolves to every container',
  },
  { path: ['deploy', 'labels'], effect: 'docker compose puts only service-level labels on containers' },
  {
    path: ['deploy', 'resources', 'reservations', 'cpus'],
    effect: 'docker compose reserves no CPU ("Cpu reservation is a swarm option")',
  },
  {
    path: ['deploy', 'resources', 'reservations', 'generic_resources'],
    effect: 'docker compose reserves no generic resource',
  },
  {
    path: ['deploy', 'restart_policy', 'delay'],
    effect: 'docker compose maps only condition and max_attempts to the restart policy',
  },
  {
    path: ['deploy', 'restart_policy', 'window'],
    effect: 'docker compose maps only condition and max_attempts to the restart policy',
  },
];

const others = (d: Record<string, string | number>) => {
  const n = Number(d.others ?? 0);
  return n > 0 ? ` and ${n} other service${n === 1 ? '' : 's'}` : '';
};

export default defineRule(
  {
    id: 'swarm/compose-only-keys',
    kinds: ['compose', 'swarm'],
    scope: 'file',
    defaultSeverity: 'info',
    messages: {
      rejected: (d) => prose`
        docker stack deploy rejects ${d.key} on service "${d.service}"${others(d)} and deploys nothing:
        "${d.error}". docker compose honours it; in a stack file ${d.instead}.
      `,
      ignored: (d) =>
        `docker compose ignores ${d.key} on service "${d.service}"${others(d)}: only docker stack deploy (Swarm) honours it, so ${d.effect}.`,
    },
    docs: {
      summary: 'Some keys work only with `docker compose`, others only with `docker stack deploy`.',
      why: paragraph(
        'One file often serves both tools, but they read different keys. Each key is reported once per',
        'file, at the first service that sets it; the other services are listed as related places. In a',
        'stack file (deployed with `docker stack deploy -c`), Compose-only keys such as `scale`,',
        '`platform`, `gpus` or `deploy.resources.reservations.devices` are not in the v3 stack schema,',
        'which allows no extra keys: the deploy fails with `services.web Additional property scale is not',
        'allowed` (reported as an error). In a Compose file, Swarm-only `deploy` keys (`mode: global`,',
        '`placement`, `update_config`, `rollback_config`, `endpoint_mode`, `labels`,',
        '`resources.reservations.cpus` and `generic_resources`, `restart_policy.delay` and `window`) are',
        'silently ignored by `docker compose up`, so a reader who expects one container per node or a',
        'rolling update gets neither (reported as information).',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            scale: 3
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            ports: ["8080:80"]
            deploy:
              replicas: 3
              resources:
                limits: {cpus: "0.5", memory: 256M}
      `,
      sources: [
        'docker/cli:cli/compose/schema/data/config_schema_v3.13.json (service and deployment definitions, additionalProperties: false)',
        'docker/cli@28f7560:cli/compose/schema/schema.go (the `<path> Additional property <key> is not allowed` text)',
        paragraph(
          'docker/compose@f729794:pkg/compose/create.go, convergence.go (the only reads of deploy: replicas,',
          'resources, restart_policy condition and max_attempts)',
        ),
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10: `services.web Additional property scale is not',
          'allowed`, `… platform is not allowed`, `services.web.deploy.resources.reservations Additional',
          'property devices is not allowed`',
        ),
      ],
    },
  },
  (ctx) => {
    // One finding per key and file, at its first service; the other services are related places
    // (an 11-service stack with `scale:` everywhere printed the same advice 11 times).
    const groups = new Map<
      string,
      { first: ReportDescriptor<'rejected' | 'ignored'>; key: string; others: RelatedPlace[] }
    >();
    const add = (
      id: string,
      key: string,
      service: string,
      range: Range,
      descriptor: () => ReportDescriptor<'rejected' | 'ignored'>,
    ) => {
      const group = groups.get(id);
      if (group) group.others.push({ range, message: `${group.key} also on service "${service}"` });
      else groups.set(id, { first: descriptor(), key, others: [] });
    };
    for (const svc of ctx.models.compose) {
      if (ctx.kind === 'swarm') {
        for (const { path, instead } of COMPOSE_ONLY) {
          const parent = asMap(path.length === 1 ? svc.map : getPath(svc.map, path.slice(0, -1), svc.doc), svc.doc);
          const pair = getPair(parent, path[path.length - 1]!);
          if (!pair) continue;
          const key = path.join('.');
          const range = keyRange(pair);
          add(`rejected:${key}`, key, svc.name, range, () => {
            const error = `${schemaPath(svc, ...path.slice(0, -1))} Additional property ${path[path.length - 1]!} is not allowed`;
            return {
              messageId: 'rejected',
              data: { key, service: svc.name, error, instead },
              range,
              severity: 'error',
            };
          });
        }
      } else {
        for (const { path, effect, value } of SWARM_ONLY) {
          const parent = asMap(getPath(svc.map, path.slice(0, -1), svc.doc), svc.doc);
          const pair = getPair(parent, path[path.length - 1]!);
          if (!pair) continue;
          if (value !== undefined && stringValue(pair.value, svc.doc) !== value) continue;
          if (isMap(pair.value) && pair.value.items.length === 0) continue;
          const key = path.join('.') + (value ? `: ${value}` : '');
          const range = keyRange(pair);
          add(`ignored:${key}`, key, svc.name, range, () => ({
            messageId: 'ignored',
            data: { key, service: svc.name, effect },
            range,
          }));
        }
      }
    }
    for (const { first, others } of groups.values()) {
      ctx.report({ ...first, data: { ...first.data, others: others.length }, related: others });
    }
  },
);
