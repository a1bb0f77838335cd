import { type Node } from 'yaml';
import { defineRule } from '../define-rule';
import { composeResource } from '../model/compose-resources';
import { parseComposeBytes, parseComposeCpus } from '../quantity/compose-units';
import { humanBytes } from '../quantity/k8s-quantity';
import { goValue, isScalar, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** The engine refuses smaller memory limits and reservations (moby daemon, `linuxMinMemory`). */
const MIN_MEMORY = 6 * 1024 * 1024;

type Where = { key: string; label: string; node: Node; kind: 'cpus' | 'memory'; reservation: boolean };

export default defineRule(
  {
    id: 'compose/invalid-resource-value',
    kinds: ['compose', 'swarm'],
    scope: 'service',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      millicores: (d) =>
        prose`
          ${d.label}: ${d.raw} is written in Kubernetes millicores; Compose reads cpus as a number of cores
          and fails with: strconv.ParseFloat: parsing "${d.text}": invalid syntax (docker-compose v1:
          "${d.text}" is not a valid float); ${d.text} is ${d.cores} cores.
        `,
      notCpus: (d) => prose`
        ${d.label}: ${d.raw} is not a number of cores; Compose fails with: strconv.ParseFloat: parsing
        "${d.text}": invalid syntax (docker-compose v1: "${d.text}" is not a valid float).
      `,
      negative: (d) =>
        `${d.label}: ${d.raw} is negative; a container cannot get less than nothing, so the value cannot work.`,
      notBytes: (d) => prose`
        ${d.label}: ${d.raw} is not a byte value Compose can read (a number with an optional unit b, k, m, g,
        t or p, such as 512m or 1g); Compose fails with: ${d.error}.
      `,
      tooSmall: (d) =>
        `${d.label}: ${d.raw} is ${d.human}, below the engine's minimum of 6 MiB: the engine refuses the container with: ${d.engine}.`,
      millicoresSwarm: (d) =>
        prose`
          ${d.label}: ${d.raw} is written in Kubernetes millicores; docker stack deploy reads cpus as a number
          of cores and fails with: failed to parse ${d.text} as a rational number (${d.text} is ${d.cores}
          cores).
        `,
      tooSmallSwarm: (d) =>
        prose`
          ${d.label}: ${d.raw} is ${d.human}, below the engine's minimum of 6 MiB: docker stack deploy
          succeeds, but every task is rejected with "${d.engine}" and the service never starts.
        `,
      toCores: (d) => `Write ${d.cores} cores ("${d.cores}")`,
    },
    docs: {
      summary: 'A `cpus` or memory value that Compose or the Docker engine cannot accept.',
      why: paragraph(
        "Compose reads `cpus` as a plain number of cores (compose-go parses it with Go's",
        '`strconv.ParseFloat`), so Kubernetes millicores such as `"500m"` stop the file with',
        '`strconv.ParseFloat: parsing "500m": invalid syntax` (docker-compose 1.29.2, seen on the engine:',
        '`"500m" is not a valid float`; `docker stack deploy`: `failed to parse 500m as a rational',
        'number`); write `"0.5"`. Memory values are byte counts with an optional binary unit (`512m` = 512',
        "MiB, `1g` = 1 GiB, docker/go-units `RAMInBytes`); anything else fails with `invalid size: '…'`.",
        'Negative values cannot work. The engine also refuses memory below 6 MiB: `Minimum memory limit',
        'allowed is 6MB` for a limit, `Minimum memory reservation allowed is 6MB` for a reservation (0',
        'means "no limit" and is fine). Checked in `deploy.resources.limits` and `reservations` and in the',
        'service-level `cpus`, `mem_limit` and `mem_reservation`; values from variables are only known at',
        'run time and are skipped. Swarm stack files are read by a different loader (docker/cli) and are',
        'not checked here.',
      ),
      bad: yaml`
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: "500m"
                  memory: 512M
      `,
      good: yaml`
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: "0.5"
                  memory: 512M
      `,
      exampleFile: 'compose.yaml',
      fixNotes: paragraph(
        'Only millicores get a fix, a suggestion that writes the same amount in cores (`"500m"` becomes',
        '`"0.5"`): it is what was meant, but it changes what the file asks for, so it is left to the user.',
      ),
      uncertain: paragraph(
        "The 6 MiB minimum and its texts come from the Docker engine (`linuxMinMemory` in moby's",
        "daemon/daemon_unix.go); the texts are the engine's as seen on Engine 20.10. Older engines said",
        '`Minimum memory reservation allowed is 4MB` for reservations. That `"500m"` is invalid for `cpus`',
        "is read from compose-go's parser, not from a run.",
      ),
      sources: [
        'compose-spec/compose-go@e70e961:types/cpus.go (strconv.ParseFloat), types/bytes.go (UnitBytes)',
        paragraph(
          'go-yaml/yaml@0d383ff:resolve.go (an unquoted number: `_` dropped, then strconv.ParseInt base 0,',
          'so `017` is 15, `0b11` 3, `1_000` 1000; a float out of range stays a string)',
        ),
        'docker/go-units@2777cf4:size.go (RAMInBytes, "invalid size")',
        'compose-spec/compose-spec@170098b:deploy.md (resources), 11-extension.md (byte values)',
        paragraph(
          'https://github.com/moby/moby/blob/master/daemon/daemon_unix.go (linuxMinMemory = 6291456;',
          '"Minimum memory limit allowed is 6MB", "Minimum memory reservation allowed is 6MB")',
        ),
        paragraph(
          'Seen on Engine 20.10 (docs/engine-behaviour.md, test/integration): docker-compose 1.29.2 `"500m"',
          'is not a valid float` and `Minimum memory limit allowed is 6MB`; docker stack deploy `failed to',
          'parse 500m as a rational number`, and with `memory: 4M` every task Rejected with "Minimum memory',
          'limit allowed is 6MB" while the deploy exits 0',
        ),
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      const places: Where[] = [];
      const add = (node: Node | null, key: string, label: string, kind: Where['kind'], reservation: boolean) => {
        if (node && isScalar(node)) places.push({ key, label, node, kind, reservation });
      };
      const settings = (['limits', 'reservations'] as const).flatMap((section) =>
        (['cpus', 'memory'] as const).map((key) => ({ section, key, r: composeResource(svc, section, key) })),
      );
      // The legacy keys first (cpus, mem_limit, mem_reservation), then deploy.resources, as the findings were ordered.
      for (const { section, key, r } of settings)
        if (r.legacyKey) add(r.legacy, r.legacyKey.key, r.legacyKey.key, key, section === 'reservations');
      for (const { section, key, r } of settings)
        add(r.deploy, key, `deploy.resources.${section}.${key}`, key, section === 'reservations');
      for (const p of places) {
        // As compose-go gets it from go-yaml: `1_000` is a number there, `1e999` a string.
        const value = goValue(p.node, svc.doc);
        if (typeof value !== 'string' && typeof value !== 'number') continue;
        // Interpolated values are only known at run time.
        if (typeof value === 'string' && value.includes('$')) continue;
        const raw = typeof value === 'string' ? `"${value}"` : String(value);
        const range = nodeRange(p.node);
        const base = { service: svc.name, label: p.label, raw, text: String(value) };
        if (p.kind === 'cpus') {
          const c = parseComposeCpus(value);
          if (!c.ok && c.millicores !== undefined) {
            const cores = String(+(c.millicores / 1000).toFixed(3));
            ctx.report({
              messageId: ctx.kind === 'swarm' ? 'millicoresSwarm' : 'millicores',
              data: { ...base, cores },
              range,
              fixes: [
                {
                  title: ctx.message('toCores', { cores }),
                  safety: 'suggestion',
                  edits: [{ ...range, text: `"${cores}"` }],
                },
              ],
            });
          } else if (!c.ok) ctx.report({ messageId: 'notCpus', data: base, range });
          else if (c.cores < 0) ctx.report({ messageId: 'negative', data: base, range });
          continue;
        }
        if (typeof value === 'number' && value < 0) {
          ctx.report({ messageId: 'negative', data: base, range });
          continue;
        }
        if (typeof value === 'string' && /^\s*-/.test(value)) {
          ctx.report({ messageId: 'negative', data: base, range });
          continue;
        }
        const b = parseComposeBytes(value);
        if (!b.ok) ctx.report({ messageId: 'notBytes', data: { ...base, error: b.error }, range });
        else if (b.bytes > 0 && b.bytes < MIN_MEMORY) {
          const engine = p.reservation
            ? 'Minimum memory reservation allowed is 6MB'
            : 'Minimum memory limit allowed is 6MB';
          ctx.report({
            messageId: ctx.kind === 'swarm' ? 'tooSmallSwarm' : 'tooSmall',
            data: { ...base, human: humanBytes(b.bytes), engine },
            range,
          });
        }
      }
    }
  },
);
