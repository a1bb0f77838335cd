import { type Pair } from 'yaml';
import { defineRule } from '../define-rule';
import type { ComposeService } from '../model/compose';
import { asStringYaml } from '../model/swarm';
import type { Edit, Fix } from '../types';
import { deref, getPair, getPath, isScalar, keyRange } from '../yaml-ast';
import { addEntriesEdit, removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

/** docker/cli@28f7560:cli/compose/types/types.go `ForbiddenProperties`, with its texts. */
export const SWARM_FORBIDDEN: Record<string, string> = {
  extends: 'Support for `extends` is not implemented yet.',
  volume_driver:
    'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
  volumes_from: paragraph(
    'To share a volume between services, define it using the top-level `volumes` option and reference it',
    'from each service that shares it using the service-level `volumes` option.',
  ),
  cpu_quota: 'Set resource limits using deploy.resources',
  cpu_shares: 'Set resource limits using deploy.resources',
  cpuset: 'Set resource limits using deploy.resources',
  mem_limit: 'Set resource limits using deploy.resources',
  memswap_limit: 'Set resource limits using deploy.resources',
};

/** The CFS period Docker uses when `cpu_period` is not set, in microseconds (moby/moby#29579). */
const DEFAULT_CPU_PERIOD_US = 100_000;

export default defineRule(
  {
    id: 'swarm/forbidden-option',
    kinds: ['swarm'],
    scope: 'service',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      forbidden: (d) =>
        prose`
          docker stack deploy refuses "${d.key}" on service "${d.service}" and deploys nothing: "Compose file
          contains unsupported options: ${d.key}: ${d.advice}"
        `,
      moveMemory: (d) => `Move to deploy.resources.limits.memory: ${d.value}`,
      moveCpus: (d) =>
        `Replace with deploy.resources.limits.cpus: "${d.cpus}" (${d.quota} µs of CPU time per ${d.period} µs period)`,
      removeDuplicate: (d) => `Remove ${d.key} (deploy.resources.limits.${d.target} is already set)`,
      removeNoEquivalent: (d) => `Remove ${d.key}: a stack file has no equivalent (${d.why})`,
    },
    docs: {
      summary: '`docker stack deploy` fails on a few Compose keys instead of ignoring them.',
      why: paragraph(
        'Most keys Swarm cannot honour are ignored with a warning, but `extends`, `volume_driver`,',
        '`volumes_from`, `cpu_quota`, `cpu_shares`, `cpuset`, `mem_limit` and `memswap_limit` stop the',
        'whole deploy with `Compose file contains unsupported options:` followed by one `key: advice` line',
        'per key (for the resource keys `Set resource limits using deploy.resources`). A file that works',
        'with `docker compose up` therefore fails as a stack, and no service of the stack is created.',
        'Resource limits belong in `deploy.resources.limits` (`cpus` and `memory` as strings in the v3',
        'stack format).',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            mem_limit: 512m
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  memory: 512M
      `,
      fixNotes: paragraph(
        'All fixes are suggestions: they change the resources the stack gets. `mem_limit` moves to',
        '`deploy.resources.limits.memory` (same byte value; a plain number is quoted, because the v3',
        'schema wants a string). `cpu_quota` becomes `deploy.resources.limits.cpus` = quota / period',
        '(`cpu_period`, default 100000 µs, which is removed too: the v3 stack schema has no `cpu_period`);',
        '`--cpus` sets exactly this CFS quota under the hood. `cpu_shares` (a relative weight under',
        'contention), `cpuset` (pinning to CPU numbers) and `memswap_limit` (swap) have no equivalent in a',
        'stack file (`deploy.resources.limits` takes only `cpus`, `memory` and `pids`; `reservations.cpus`',
        'reserves capacity for scheduling, which is not a weight), so the fix removes them and the service',
        'runs without that control. When the matching `deploy.resources.limits` key is already set, the',
        'fix only removes the legacy key. `extends`, `volume_driver` and `volumes_from` need a',
        'restructured file (merge the base service in, a top-level volume with a driver, a shared named',
        'volume) and get no fix.',
      ),
      sources: [
        'docker/cli@28f7560:cli/compose/types/types.go (ForbiddenProperties)',
        'docker/cli@28f7560:cli/command/stack/loader.go',
        'docker/cli:cli/compose/schema/data/config_schema_v3.13.json (deploy.resources.limits: cpus, memory as strings; pids; no cpu_period)',
        paragraph(
          'https://docs.docker.com/engine/containers/resource_constraints/#configure-the-default-cfs-scheduler',
          '(--cpus = --cpu-quota / --cpu-period, default period 100000 µs)',
        ),
        'moby/moby#29579 (swarm --limit-cpus sets the CFS quota and period under the hood)',
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10 on a one-node swarm: `Compose file contains',
          'unsupported options:` then `cpu_quota: Set resource limits using deploy.resources`, one paragraph',
          'per key',
        ),
      ],
    },
  },
  (ctx) => {
    const text = ctx.file.text;
    for (const svc of ctx.models.compose) {
      for (const [key, advice] of Object.entries(SWARM_FORBIDDEN)) {
        const pair = getPair(svc.map, key);
        if (!pair) continue;
        const fixes: Fix[] = [];
        const fix = (title: string, edits: Edit[]) => fixes.push({ title, safety: 'suggestion', edits });
        const remove = removePairEdit(text, svc.map, pair);
        const limits = (target: string) =>
          getPath(svc.map, ['deploy', 'resources', 'limits', target], svc.doc) !== null;
        const add = (entry: string, value: string) =>
          addEntriesEdit(text, svc.map, ['deploy', 'resources', 'limits'], [[entry, value]], { owner: svc.pair });
        if (key === 'mem_limit') {
          const value = asStringYaml(text, pair.value, svc.doc);
          if (limits('memory')) fix(ctx.message('removeDuplicate', { key, target: 'memory' }), [remove]);
          else if (value !== undefined) {
            const edit = add('memory', value);
            if (edit) fix(ctx.message('moveMemory', { value }), [remove, edit]);
          }
        } else if (key === 'cpu_quota') {
          if (limits('cpus')) fix(ctx.message('removeDuplicate', { key, target: 'cpus' }), [remove]);
          else cpuQuotaFix(ctx, svc, pair, remove, add, fix);
        } else if (key === 'cpu_shares' || key === 'cpuset' || key === 'memswap_limit') {
          const why =
            key === 'cpu_shares'
              ? 'a relative CPU weight; deploy.resources.reservations.cpus reserves capacity instead'
              : key === 'cpuset'
                ? 'Swarm cannot pin tasks to CPU numbers'
                : 'deploy.resources.limits has no swap limit';
          fix(ctx.message('removeNoEquivalent', { key, why }), [remove]);
        }
        ctx.report({ messageId: 'forbidden', data: { key, service: svc.name, advice }, range: keyRange(pair), fixes });
      }
    }
  },
);

/** `cpu_quota: 50000` (with `cpu_period`, default 100000 µs) is `cpus: "0.5"`. */
function cpuQuotaFix(
  ctx: { file: { text: string }; message: (id: 'moveCpus', d: Record<string, string | number>) => string },
  svc: ComposeService,
  pair: Pair,
  remove: Edit,
  add: (entry: string, value: string) => Edit | null,
  fix: (title: string, edits: Edit[]) => void,
): void {
  const quota = deref(pair.value, svc.doc);
  if (!isScalar(quota) || typeof quota.value !== 'number' || !Number.isInteger(quota.value) || quota.value <= 0) return;
  const periodPair = getPair(svc.map, 'cpu_period');
  let period = DEFAULT_CPU_PERIOD_US;
  if (periodPair) {
    const p = deref(periodPair.value, svc.doc);
    if (!isScalar(p) || typeof p.value !== 'number' || !Number.isInteger(p.value) || p.value <= 0) return;
    period = p.value;
  }
  // Three decimals at most: Docker keeps nano-CPUs, but a long fraction helps nobody reading the file.
  const cpus = String(Math.round((quota.value / period) * 1000) / 1000);
  const edit = add('cpus', `"${cpus}"`);
  if (!edit) return;
  const edits = [remove, edit];
  if (periodPair) edits.push(removePairEdit(ctx.file.text, svc.map, periodPair));
  fix(ctx.message('moveCpus', { cpus, quota: quota.value, period }), edits);
}
