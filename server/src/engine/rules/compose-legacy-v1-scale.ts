import { defineRule } from '../define-rule';
import { filePathOf } from '../detect';
import { locateScaleCommands } from '../scale-commands';
import { paragraph } from '../template-text';

export default defineRule(
  {
    id: 'compose/legacy-v1-scale',
    kinds: ['script'],
    scope: 'file',
    defaultSeverity: 'hint',
    fixable: 'suggestion',
    messages: {
      legacy: () =>
        paragraph(
          'This scale runs `docker-compose`, Compose v1, which has had no update since July 2023 (last',
          "release 1.29.2, May 2021); Polis' scaling docs say scaling needs `docker compose`. Use",
          '`docker compose` (Compose v2).',
        ),
      legacyScaleSubcommand: () =>
        paragraph(
          '`docker-compose scale` is the Compose v1 subcommand, deprecated in v1 and missing from Compose',
          'v2 before 2.x brought `docker compose scale` back; Compose v1 has had no update since July 2023.',
          'Use `docker compose up -d --scale SERVICE=N` (Compose v2).',
        ),
      legacyVariable: () =>
        paragraph(
          'This scale runs `docker-compose` (Compose v1, no update since July 2023) through a variable;',
          "Polis' scaling docs say scaling needs `docker compose`. Set the variable to `docker compose`.",
        ),
      useV2: () => 'Use `docker compose` (Compose v2)',
    },
    docs: {
      summary: 'A script, Makefile or README scales with the deprecated `docker-compose` (Compose v1).',
      why: paragraph(
        'Compose v1 (the Python `docker-compose`) stopped receiving updates in July 2023; its last release,',
        '1.29.2, is from May 2021, and Docker Desktop no longer ships it. Its `docker-compose scale`',
        'subcommand was deprecated in v1 itself. Polis\' docs/scaling.md says scaling its server "is not',
        'supported in the deprecated `docker-compose` tool" and "will require you to use `docker',
        'compose`". The v2 plugin also reads the file by the current Compose Specification (`scale`, `name`,',
        'profiles), names containers `project-service-N` instead of `project_service_N`, and refuses',
        'a scale that cannot work (a `container_name`) before it starts a container, where v1 starts the',
        'first and fails on the second. The hint points at each scale command that runs `docker-compose`;',
        'its fix replaces the program with `docker compose` where the word is written out.',
      ),
      bad: '#!/bin/sh\ndocker-compose -f docker-compose.yml up -d --scale server=3\n',
      good: '#!/bin/sh\ndocker compose -f docker-compose.yml up -d --scale server=3\n',
      exampleFile: 'scale.sh',
      uncertain: paragraph(
        "Polis' claim that v1 does not support scaling is broader than what was seen: on Docker Engine 20.10",
        'with docker-compose 1.29.2, `docker-compose up -d --scale web=3` on a simple file starts three',
        "containers (test/integration/compose-scaling.test.ts). The hint stands on v1's end of support, not on v1",
        'failing to scale.',
      ),
      fixNotes: paragraph(
        'A suggestion, never applied by `--fix`: the machine that runs the script must have the Compose v2',
        'plugin (`docker compose version`), and container names change from `_` to `-` separators.',
      ),
      sources: [
        paragraph(
          'docker/docs@0bb193d:content/manuals/compose/releases/migrate.md (https://docs.docker.com/compose/releases/migrate/:',
          '"From July 2023 Compose v1 stopped receiving updates"; `docker-compose scale` "deprecated in Compose v1";',
          'container names)',
        ),
        paragraph(
          'compdemocracy/polis@08e03eb:docs/scaling.md ("this functionality is not supported in the deprecated',
          '`docker-compose` tool … will require you to use `docker compose`")',
        ),
        'docker/compose@f729794:docs/reference/compose_scale.md (`docker compose scale` in Compose v2)',
        'Seen on Docker Engine 20.10 with docker-compose 1.29.2: `--scale` works there on a simple file (test/integration)',
      ],
    },
  },
  (ctx) => {
    const seen = new Set<string>();
    for (const cmd of locateScaleCommands(filePathOf(ctx.file.uri), ctx.file.text)) {
      const legacy = cmd.legacyProgram;
      if (!legacy) continue;
      const range = legacy.range ?? cmd.range;
      // `docker-compose up --scale a=2 --scale b=3` is one command: one finding on its program.
      const key = `${range.start}:${range.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const literal = legacy.range && ctx.file.text.slice(legacy.range.start, legacy.range.end) === 'docker-compose';
      ctx.report({
        messageId: !literal ? 'legacyVariable' : legacy.subcommand === 'scale' ? 'legacyScaleSubcommand' : 'legacy',
        data: { service: cmd.service },
        range,
        fixes: literal
          ? [
              {
                title: ctx.message('useV2'),
                safety: 'suggestion',
                edits: [{ ...legacy.range!, text: 'docker compose' }],
              },
            ]
          : [],
      });
    }
  },
);
