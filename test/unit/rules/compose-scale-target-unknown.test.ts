import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/compose-scale-target-unknown';
import { scanComposeFile } from '../../../server/src/engine/scale-commands';
import { ruleTester } from '../../helpers/rule-tester';
import type { WorkspaceFacts } from '../../../server/src/engine';

const POLIS = `services:
  server:
    image: docker.io/compdem/polis-server:\${TAG:-dev}
    scale: 1
  math:
    image: docker.io/compdem/polis-math:\${TAG:-dev}
  nginx-proxy:
    image: docker.io/compdem/polis-nginx-proxy:\${TAG:-dev}
`;
const SERVICES = 'server, math, nginx-proxy';

/** /w/docker-compose.yml is Polis; /w/app holds a Compose file with container names and an override. */
function workspace(): WorkspaceFacts {
  const ws = emptyWorkspace();
  scanComposeFile('/w/docker-compose.yml', POLIS, ws);
  scanComposeFile(
    '/w/app/compose.yaml',
    'services:\n  web:\n    image: nginx\n    container_name: my-web\n  worker:\n    image: example/worker\n',
    ws,
  );
  scanComposeFile('/w/app/compose.override.yaml', 'services:\n  debug:\n    image: busybox\n', ws);
  scanComposeFile('/w/deploy/compose.prod.yml', 'services:\n  api: {image: example/api}\n', ws);
  scanComposeFile('/w/swarm/stack.yml', 'services:\n  worker: {image: example/worker}\n', ws);
  scanCommands('/w/swarm/deploy.sh', 'docker stack deploy -c stack.yml prod', ws);
  return ws;
}
const ws = workspace();

ruleTester(rule, {
  valid: [
    {
      name: 'the Polis service name',
      file: '/w/scripts/scale.sh',
      workspace: ws,
      code: 'docker compose --profile postgres up -d --scale server=4\n',
    },
    {
      name: 'no Compose file known: nothing to compare',
      file: '/w/scripts/scale.sh',
      code: 'docker compose up -d --scale polis-server=4\n',
    },
    {
      name: 'a service of the override file',
      file: '/w/app/run.sh',
      workspace: ws,
      code: 'docker compose up --scale debug=2 --scale web=1\n',
    },
    {
      name: 'a -f file that is a variable is unknown',
      file: '/w/scripts/scale.sh',
      workspace: ws,
      code: 'docker compose -f "$FILE" up --scale polis-server=4\n',
    },
    {
      name: 'a -f file the workspace does not have is unknown',
      file: '/w/scripts/scale.sh',
      workspace: ws,
      code: 'docker compose -f other.yml up --scale polis-server=4\n',
    },
    {
      name: 'the right name with a placeholder count',
      file: '/w/scripts/scale.sh',
      workspace: ws,
      code: 'docker compose --profile postgres up -d --scale server=N\n',
    },
    { name: 'a stack service', file: '/w/swarm/scale.sh', workspace: ws, code: 'docker service scale prod_worker=5\n' },
    {
      name: 'a Swarm service that is not from a stack',
      file: '/w/swarm/scale.sh',
      workspace: ws,
      code: 'docker service scale standalone=5\n',
    },
  ],
  invalid: [
    {
      name: 'Polis: the docs say polis-server, the service is server',
      file: '/w/scripts/scale.sh',
      workspace: ws,
      code: '#!/bin/sh\ndocker compose --profile postgres up -d --scale polis-server=4\n',
      errors: [
        {
          messageId: 'unknownPolis',
          line: 2,
          column: 49,
          endLine: 2,
          endColumn: 61,
          data: { name: 'polis-server', files: 'docker-compose.yml', services: SERVICES, command: 'docker compose' },
        },
      ],
      output: null,
      suggestions: ['#!/bin/sh\ndocker compose --profile postgres up -d --scale server=4\n'],
      suggestionsResolve: true,
    },
    {
      name: 'a container_name is not a service name',
      file: '/w/app/run.sh',
      workspace: ws,
      code: 'docker-compose up -d --scale my-web=3\n',
      errors: [
        {
          messageId: 'unknown',
          line: 1,
          column: 30,
          data: {
            name: 'my-web',
            files: 'compose.yaml + compose.override.yaml',
            services: 'web, worker, debug',
            command: 'docker-compose',
          },
        },
      ],
      output: null,
      suggestions: ['docker-compose up -d --scale web=3\n'],
      suggestionsResolve: true,
    },
    {
      name: 'a typo; docker compose scale; a generated container name',
      file: '/w/app/run.sh',
      workspace: ws,
      code: 'docker compose scale wroker=3 app-worker-1=2\n',
      errors: [
        {
          messageId: 'unknown',
          line: 1,
          column: 22,
          data: {
            name: 'wroker',
            files: 'compose.yaml + compose.override.yaml',
            services: 'web, worker, debug',
            command: 'docker compose',
          },
        },
        {
          messageId: 'unknown',
          line: 1,
          column: 31,
          data: {
            name: 'app-worker-1',
            files: 'compose.yaml + compose.override.yaml',
            services: 'web, worker, debug',
            command: 'docker compose',
          },
        },
      ],
      output: null,
      suggestions: ['docker compose scale worker=3 app-worker-1=2\n'],
    },
    {
      name: 'a -f file resolved from a parent folder of the script',
      file: '/w/deploy/bin/up.sh',
      workspace: ws,
      code: 'docker compose -f deploy/compose.prod.yml \\\n  up -d --scale apii=3\n',
      errors: [
        {
          messageId: 'unknown',
          line: 2,
          column: 17,
          data: { name: 'apii', files: 'compose.prod.yml', services: 'api', command: 'docker compose' },
        },
      ],
      output: null,
      suggestions: ['docker compose -f deploy/compose.prod.yml \\\n  up -d --scale api=3\n'],
    },
    {
      name: 'docker service scale against the deployed stack file',
      file: '/w/swarm/scale.sh',
      workspace: ws,
      code: 'docker service scale prod_wroker=5\n',
      errors: [
        {
          messageId: 'unknownStack',
          line: 1,
          column: 22,
          data: { name: 'prod_wroker', files: 'stack.yml', services: 'worker' },
        },
      ],
      output: null,
      suggestions: ['docker service scale prod_worker=5\n'],
    },
    {
      name: 'a Makefile recipe',
      file: '/w/Makefile',
      workspace: ws,
      code: 'scale:\n\tdocker compose up -d --scale polis-server=4\n',
      errors: [
        {
          messageId: 'unknownPolis',
          line: 2,
          column: 31,
          data: { name: 'polis-server', files: 'docker-compose.yml', services: SERVICES, command: 'docker compose' },
        },
      ],
      output: null,
      suggestions: ['scale:\n\tdocker compose up -d --scale server=4\n'],
    },
    {
      name: 'the Polis docs: a placeholder count (N) still names the wrong service',
      file: '/w/docs/scaling.md',
      workspace: ws,
      code: 'The simplest way is to run `docker compose up` with option `--scale polis-server=N`.\n',
      errors: [
        {
          messageId: 'unknownPolis',
          line: 1,
          column: 69,
          data: { name: 'polis-server', files: 'docker-compose.yml', services: SERVICES, command: 'docker compose' },
        },
      ],
      output: null,
      suggestions: ['The simplest way is to run `docker compose up` with option `--scale server=N`.\n'],
      suggestionsResolve: true,
    },
    {
      name: 'placeholder counts in a script: $N, ${N}, $(REPLICAS)',
      file: '/w/app/run.sh',
      workspace: ws,
      code: 'docker compose up --scale wroker=$N --scale my-web=${N}\ndocker compose scale wroker=$(REPLICAS)\n',
      errors: [
        {
          messageId: 'unknown',
          line: 1,
          column: 27,
          data: {
            name: 'wroker',
            files: 'compose.yaml + compose.override.yaml',
            services: 'web, worker, debug',
            command: 'docker compose',
          },
        },
        {
          messageId: 'unknown',
          line: 1,
          column: 45,
          data: {
            name: 'my-web',
            files: 'compose.yaml + compose.override.yaml',
            services: 'web, worker, debug',
            command: 'docker compose',
          },
        },
        {
          messageId: 'unknown',
          line: 2,
          column: 22,
          data: {
            name: 'wroker',
            files: 'compose.yaml + compose.override.yaml',
            services: 'web, worker, debug',
            command: 'docker compose',
          },
        },
      ],
      output: null,
      suggestions: [
        'docker compose up --scale worker=$N --scale my-web=${N}\ndocker compose scale wroker=$(REPLICAS)\n',
      ],
    },
    {
      // In a script `<n>` would be redirections (sh reads `wroker=` then `<n` `>`); in prose it is a blank to fill in.
      name: 'a placeholder count <n> in docs',
      file: '/w/app/SCALING.md',
      workspace: ws,
      code: 'Run `docker compose up --scale wroker=<n>` with the number of workers.\n',
      errors: [
        {
          messageId: 'unknown',
          line: 1,
          column: 32,
          data: {
            name: 'wroker',
            files: 'compose.yaml + compose.override.yaml',
            services: 'web, worker, debug',
            command: 'docker compose',
          },
        },
      ],
      output: null,
      suggestions: ['Run `docker compose up --scale worker=<n>` with the number of workers.\n'],
    },
    {
      name: 'a README code block; no close name, no fix',
      file: '/w/README.md',
      workspace: ws,
      code: '# Scaling\n\n```sh\ndocker compose up --scale frontend=2\n```\n',
      errors: [
        {
          messageId: 'unknown',
          line: 4,
          column: 27,
          data: { name: 'frontend', files: 'docker-compose.yml', services: SERVICES, command: 'docker compose' },
        },
      ],
      output: null,
    },
  ],
});
