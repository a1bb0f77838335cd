import * as path from 'node:path';
import { defineRule } from '../define-rule';
import { filePathOf } from '../detect';
import { editDistance } from '../edit-distance';
import { composeTargets, locateScaleCommands } from '../scale-commands';
import type { ComposeFileFacts } from '../types';
import { paragraph, prose, yaml } from '../template-text';

/**
 * The service a wrong name most likely means: the service whose `container_name` it is, a
 * container-style name around a service (`polis-server`, `proj-web-1`, `proj_web_1`), else the
 * closest name by edit distance (at most a third of the name, and at least 2).
 */
export function closestService(
  name: string,
  targets: readonly ComposeFileFacts[],
): { service: string; how: string } | undefined {
  const services = [...new Set(targets.flatMap((t) => t.services))];
  for (const t of targets) {
    const svc = Object.hasOwn(t.containerNames, name) ? t.containerNames[name] : undefined;
    if (svc) return { service: svc, how: `its container_name is ${name}` };
  }
  const bare = name.replace(/[-_]\d+$/, '');
  const around = services
    .filter((s) => bare === s || bare.endsWith(`-${s}`) || bare.endsWith(`_${s}`))
    .sort((a, b) => b.length - a.length)[0];
  if (around && around !== name) return { service: around, how: `${name} looks like a container name of ${around}` };
  let best: { service: string; d: number } | undefined;
  for (const s of [...services].sort()) {
    const d = editDistance(name, s);
    if (!best || d < best.d) best = { service: s, d };
  }
  if (best && best.d <= Math.max(2, Math.floor(name.length / 3)))
    return { service: best.service, how: 'the closest name' };
  return undefined;
}

export default defineRule(
  {
    id: 'compose/scale-target-unknown',
    formerIds: ['polis/scale-target-name'],
    kinds: ['script', 'k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      unknown: (d) =>
        `"${d.name}" is not a service of ${d.files} (services: ${d.services}): ${d.command} fails with "no such service: ${d.name}" and nothing is scaled.`,
      unknownPolis: (d) =>
        prose`
          "${d.name}" is not a service of ${d.files}: the Polis docs say --scale polis-server=N, but
          polis-server was the old container_name and the service is "server". ${d.command} fails with "no
          such service: ${d.name}" and no extra server starts.
        `,
      unknownStack: (d) =>
        prose`
          "${d.name}" names no service of ${d.files} (services: ${d.services}; Swarm calls them
          <stack>_<service>): docker service scale fails because no such service exists, and nothing is
          scaled.
        `,
      rename: (d) => `Scale "${d.service}" (${d.how})`,
    },
    docs: {
      summary:
        'A scale command in a script, Makefile or README must name a service of the Compose file it runs against.',
      why: [
        paragraph(
          '`docker compose up --scale NAME=N`, `docker compose scale NAME=N` and `docker service scale STACK_NAME=N`',
          'take a service name, which is the key under `services:`, not a `container_name` and not the container',
          'names Compose generates (`<project>-<service>-<n>`). An unknown name stops the command: Compose looks the',
          'service up and fails with `no such service: NAME` (compose-go `Project.GetService`; older releases said',
          '`unknown service "NAME"`). The classic case is Polis: its docs/scaling.md says `docker compose up --scale',
          'polis-server=N`, but `polis-server` was the `container_name` of the old file; the current service is',
          '`server`, so the working command is `docker compose --profile postgres up --scale server=N`.',
        ),
        '',
        paragraph(
          'The rule reads every `--scale`, `docker compose scale` and `docker service scale` in shell scripts,',
          'Makefiles, `*.mk` files and Markdown files, finds the Compose files the command targets (its `-f` files,',
          "else `compose.yaml`/`docker-compose.yml` plus the override file, searched from the script's folder",
          'upwards, as Compose does from the working directory; for `docker service scale`, the files deployed with',
          '`docker stack deploy -c`), and reports a name that none of them defines. The count may be a placeholder',
          '(`--scale polis-server=N`, `$N`, `${N}`, `<n>`, as docs write it): the name is checked all the same. It',
          'says nothing when it cannot tell the target (a variable in `-f`, no Compose file found). The finding is on',
          'the name in the script; the fix replaces it with the service whose `container_name` it is, the service',
          'inside a container-style name, or the closest service name.',
        ),
      ].join('\n'),
      bad: yaml`
        #!/bin/sh
        # scale.sh, beside a docker-compose.yml whose service is "server"
        docker compose --profile postgres up -d --scale polis-server=4
      `,
      good: yaml`
        #!/bin/sh
        # scale.sh, beside a docker-compose.yml whose service is "server"
        docker compose --profile postgres up -d --scale server=4
      `,
      exampleFile: '/example/scripts/scale.sh',
      exampleWorkspace: {
        scaleCommands: [],
        stackFiles: [],
        composeFiles: [
          {
            path: '/example/docker-compose.yml',
            services: ['server', 'math', 'postgres', 'nginx-proxy', 'file-server'],
            containerNames: {},
            images: {},
            scales: { server: 1 },
          },
        ],
      },
      uncertain: paragraph(
        'The rule cannot see the working directory a script runs in: it resolves `-f` files against the',
        "script's folder and its parents and takes the nearest default Compose file above the script. That",
        '`server` is the right Polis name is inferred from the current compose file',
        '(compdemocracy/polis@08e03eb), not stated by the docs. In the editor, Makefiles and Markdown',
        'files are checked when the extension is active in the workspace (a YAML file open, or a',
        '`.scalewise.yaml`); the CLI checks them whenever it walks a folder.',
      ),
      fixNotes: 'A suggestion: it changes which service a command scales.',
      sources: [
        'compdemocracy/polis@08e03eb:docs/scaling.md ("--scale polis-server=N")',
        'compdemocracy/polis@08e03eb:docker-compose.yml (service server, no container_name; the 2021-era file had container_name: polis-server)',
        'docker/compose@f729794:cmd/compose/up.go, create.go applyScaleOpts, scale.go (--scale SERVICE=NUM; docker compose scale SERVICE=REPLICAS)',
        'compose-spec/compose-go types/project.go GetService ("no such service: %s"; current v2 appends ": not found")',
        paragraph(
          'compose-spec/compose-go cli/options.go (DefaultFileNames compose.yaml, compose.yml,',
          'docker-compose.yml, docker-compose.yaml; DefaultOverrideFileNames)',
        ),
        'docker/cli@28f7560:docs/reference/commandline/service_scale.md (docker service scale SERVICE=REPLICAS)',
      ],
    },
  },
  (ctx) => {
    const fsPath = filePathOf(ctx.file.uri);
    for (const cmd of locateScaleCommands(fsPath, ctx.file.text)) {
      const targets = composeTargets(cmd, fsPath, ctx.workspace);
      if (!targets || targets.length === 0) continue;
      const services = [...new Set(targets.flatMap((t) => t.services))];
      const files = targets.map((t) => path.basename(t.path)).join(' + ');
      const list = services.join(', ');
      if (cmd.tool === 'swarm') {
        if (services.some((s) => cmd.service === s || cmd.service.endsWith(`_${s}`))) continue;
        const cut = cmd.service.indexOf('_');
        if (cut < 0) continue; // not a stack service: created some other way
        const stack = cmd.service.slice(0, cut + 1);
        const guess = closestService(cmd.service.slice(cut + 1), targets);
        ctx.report({
          messageId: 'unknownStack',
          data: { name: cmd.service, files, services: list },
          range: cmd.range,
          fixes: guess
            ? [
                {
                  title: ctx.message('rename', { service: `${stack}${guess.service}`, how: guess.how }),
                  safety: 'suggestion',
                  edits: [{ ...cmd.range, text: `${stack}${guess.service}` }],
                },
              ]
            : [],
        });
        continue;
      }
      if (services.includes(cmd.service)) continue;
      const guess = closestService(cmd.service, targets);
      const polis = cmd.service === 'polis-server' && services.includes('server');
      const lineStart = ctx.file.text.lastIndexOf('\n', cmd.range.start - 1) + 1;
      const command = /docker-compose/.test(ctx.file.text.slice(lineStart, cmd.range.start))
        ? 'docker-compose'
        : 'docker compose';
      ctx.report({
        messageId: polis ? 'unknownPolis' : 'unknown',
        data: { name: cmd.service, files, services: list, command },
        range: cmd.range,
        fixes: guess
          ? [
              {
                title: ctx.message('rename', { service: guess.service, how: guess.how }),
                safety: 'suggestion',
                edits: [{ ...cmd.range, text: guess.service }],
              },
            ]
          : [],
      });
    }
  },
);
