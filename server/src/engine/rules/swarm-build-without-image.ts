import { defineRule } from '../define-rule';
import { getPair, keyRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'swarm/build-without-image',
    kinds: ['swarm'],
    scope: 'service',
    defaultSeverity: 'error',
    messages: {
      noImage: (d) =>
        prose`
          Service "${d.service}" has build: but no image:; docker stack deploy does not build images and fails
          ("invalid image reference for service ${d.service}: no image specified"; docker CLI 20.10:
          "ContainerSpec: image reference must be provided").
        `,
    },
    docs: {
      summary: 'A stack service needs an `image:`; `docker stack deploy` never runs `build:`.',
      why: paragraph(
        '`docker stack deploy` ignores `build` (`Ignoring unsupported options: build`) and then needs an',
        'image reference for every service. A service with only `build:` stops the whole deploy: current',
        'docker CLIs say `invalid image reference for service web: no image specified` before creating',
        'anything; the 20.10 CLI (Debian bookworm docker.io) first creates the network of the stack, then',
        'fails with `failed to create service …: Error response from daemon: rpc error: code =',
        'InvalidArgument desc = ContainerSpec: image reference must be provided`. Build and push the image',
        'first (`docker compose build && docker compose push`, or CI), and name it in `image:` with a',
        'registry every node can pull from: the tasks run on other nodes, which do not have an image that',
        'was built on the manager.',
      ),
      bad: yaml`
        # scalewise: kind=swarm
        services:
          web:
            build: ./web
      `,
      good: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: registry.example.com/shop/web:1.4
      `,
      sources: [
        'docker/cli@28f7560:cli/command/stack/loader.go (invalid image reference for service %s: no image specified)',
        'docker/cli@28f7560:cli/compose/types/types.go (UnsupportedProperties: build)',
        paragraph(
          'Seen with docker CLI 28.2.2 against Engine 20.10 on a one-node swarm: `Ignoring unsupported',
          'options: build` then `invalid image reference for service web: no image specified`',
        ),
        paragraph(
          'Seen with docker CLI 20.10.24 (Debian docker.io) against Engine 20.10: `ContainerSpec: image',
          'reference must be provided` (test/integration/swarm-stack.test.ts)',
        ),
      ],
    },
  },
  (ctx) => {
    for (const svc of ctx.models.compose) {
      const build = getPair(svc.map, 'build');
      // No fix: a placeholder such as `web:latest` would only turn this error into tasks that
      // cannot pull their image on every other node; the real name is the user's registry's.
      if (build && !getPair(svc.map, 'image'))
        ctx.report({ messageId: 'noImage', data: { service: svc.name }, range: keyRange(build) });
    }
  },
);
