import { defineRule } from '../define-rule';
import { asMap, get, getPair, getPath, intValue, keyRange, nodeRange } from '../yaml-ast';
import { removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'compose/scale-replicas-disagree',
    kinds: ['compose'],
    scope: 'service',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      disagree: (d) =>
        prose`
          Service "${d.service}" sets scale: ${d.scale} and deploy.replicas: ${d.replicas}; docker compose
          refuses the file: "services.${d.service}: can't set distinct values on 'scale' and
          'deploy.replicas': invalid compose project".
        `,
      both: (d) =>
        prose`
          Service "${d.service}" sets both scale and deploy.replicas (${d.scale}); docker compose v2 accepts
          equal values, but docker-compose v1 refuses the file: "Both service.scale and
          service.deploy.replicas are set. Only one of them must be set."
        `,
      setReplicas: (d) => `Keep ${d.scale} replicas: set deploy.replicas to ${d.scale} and remove scale`,
      removeScale: (d) => `Remove scale (keep deploy.replicas: ${d.replicas})`,
    },
    docs: {
      summary: paragraph(
        '`scale` and `deploy.replicas` both set to different numbers make docker compose refuse the file',
        '(docker-compose v1 refuses both even when equal).',
      ),
      why: paragraph(
        'Both keys give the number of containers of a service. The Compose Specification says that when',
        'both are set, `scale` "must be consistent with the `replicas` attribute", and compose-go (the',
        "loader of `docker compose` v2 and later, and of kompose) stops with `services.web: can't set",
        "distinct values on 'scale' and 'deploy.replicas': invalid compose project` before anything",
        'starts. Compose v1 (docker-compose 1.29.2) is stricter still: it refuses both keys even when they',
        'agree, with `Both service.scale and service.deploy.replicas are set. Only one of them must be',
        'set.`, so keeping only one of them works with every Compose.',
      ),
      bad: yaml`
        services:
          web:
            image: registry.example.invalid/web:1.0
            scale: 3
            deploy:
              replicas: 2
          worker:
            image: registry.example.invalid/worker:1.0
            scale: 2 # the same count: still refused by docker-compose v1
            deploy:
              replicas: 2
      `,
      good: yaml`
        services:
          web:
            image: registry.example.invalid/web:1.0
            deploy:
              replicas: 3
              resources:
                limits: {cpus: "0.5", memory: 256M}
      `,
      exampleFile: 'compose.yaml',
      fixNotes: paragraph(
        'When the counts differ, both fixes are suggestions, since each picks one of two replica counts:',
        'removing `scale` keeps `deploy.replicas`; the other keeps the count `scale` asks for (the one',
        'compose-go would copy into `deploy.replicas`) by writing it into `deploy.replicas` and removing',
        '`scale`. Both leave one key, since docker-compose 1.29.2 refuses the two together even when they',
        'agree (seen on the engine). When they agree (a warning, for Compose v1), removing `scale` is a',
        'safe fix: the count does not change.',
      ),
      sources: [
        'compose-spec/compose-spec@170098b:05-services.md (scale)',
        paragraph(
          'go-yaml/yaml@0d383ff:resolve.go (an unquoted number: `_` dropped, then strconv.ParseInt base 0,',
          'so `017` is 15, `0b11` 3, `1_000` 1000; a float out of range stays a string)',
        ),
        'compose-spec/compose-go@162cc24:loader/interpolate.go (a quoted scale or deploy.replicas is converted with strconv.Atoi: decimal, so "017" is 17)',
        'compose-spec/compose-go@e70e961:loader/validate.go (error text), errdefs/errors.go ("invalid compose project"), types/types.go (GetScale)',
        'docker-compose 1.29.2 as packaged in Debian bookworm: compose/project.py get_service_scale (Compose v1 error text)',
        paragraph(
          'Seen on Engine 20.10 with docker-compose 1.29.2: both keys refused even when equal',
          '(test/integration/compose-scaling.test.ts, docs/engine-behaviour.md)',
        ),
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      const scalePair = getPair(svc.map, 'scale');
      const deploy = asMap(get(svc.map, 'deploy', svc.doc), svc.doc);
      const replicasPair = getPair(deploy, 'replicas');
      if (!scalePair || !replicasPair) continue;
      const scale = intValue(scalePair.value, svc.doc);
      const replicasNode = getPath(svc.map, ['deploy', 'replicas'], svc.doc);
      const replicas = intValue(replicasNode, svc.doc);
      // Interpolated values (`${REPLICAS}`) are only known at run time.
      if (scale === undefined || replicas === undefined) continue;
      const data = { service: svc.name, scale, replicas };
      const removeScale = removePairEdit(ctx.file.text, svc.map, scalePair);
      if (scale === replicas) {
        // Same count either way, so dropping `scale` changes nothing a running system gets: a safe fix.
        ctx.report({
          messageId: 'both',
          data,
          range: keyRange(scalePair),
          severity: 'warning',
          fixes: [{ title: ctx.message('removeScale', data), safety: 'safe', edits: [removeScale] }],
        });
        continue;
      }
      // Removing `scale` first: it is the fix that works with docker-compose v1 as well (seen on 1.29.2).
      ctx.report({
        messageId: 'disagree',
        data,
        range: keyRange(scalePair),
        fixes: [
          { title: ctx.message('removeScale', data), safety: 'suggestion', edits: [removeScale] },
          {
            title: ctx.message('setReplicas', data),
            safety: 'suggestion',
            edits: [removeScale, { ...nodeRange(replicasPair.value as never), text: String(scale) }],
          },
        ],
      });
    }
  },
);
