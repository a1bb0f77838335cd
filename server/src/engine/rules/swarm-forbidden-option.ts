import { defineRule } from '../define-rule';
import { composeServices } from '../model/compose';
import { getPair, keyRange } from '../yaml-ast';

/** docker/cli@28f7560:cli/compose/types/types.go `ForbiddenProperties`, with its texts. */
export const SWARM_FORBIDDEN: Record<string, string> = {
  extends: 'Support for `extends` is not implemented yet.',
  volume_driver: 'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
  volumes_from: 'To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.',
  cpu_quota: 'Set resource limits using deploy.resources',
  cpu_shares: 'Set resource limits using deploy.resources',
  cpuset: 'Set resource limits using deploy.resources',
  mem_limit: 'Set resource limits using deploy.resources',
  memswap_limit: 'Set resource limits using deploy.resources',
};

export default defineRule(
  {
    id: 'swarm/forbidden-option',
    kinds: ['swarm'],
    scope: 'service',
    defaultSeverity: 'error',
    messages: {
      forbidden: (d) => `docker stack deploy refuses "${d.key}" on service "${d.service}": ${d.advice}`,
    },
    docs: {
      summary: '`docker stack deploy` fails on a few Compose keys instead of ignoring them.',
      why:
        'Most keys Swarm cannot honour are ignored with a warning, but `extends`, `volume_driver`, `volumes_from`, `cpu_quota`, `cpu_shares`, `cpuset`, `mem_limit` and `memswap_limit` stop the whole deploy with `compose file contains unsupported options:` followed by one line per key. A file that works with `docker compose up` therefore fails as a stack. Resource limits belong in `deploy.resources`.',
      bad: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    mem_limit: 512m\n',
      good: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n',
      sources: ['docker/cli@28f7560:cli/compose/types/types.go (ForbiddenProperties)', 'docker/cli@28f7560:cli/command/stack/loader.go'],
    },
  },
  (ctx) => {
    for (const svc of composeServices(ctx.file)) {
      for (const [key, advice] of Object.entries(SWARM_FORBIDDEN)) {
        const pair = getPair(svc.map, key);
        if (pair) ctx.report({ messageId: 'forbidden', data: { key, service: svc.name, advice }, range: keyRange(pair) });
      }
    }
  },
);
