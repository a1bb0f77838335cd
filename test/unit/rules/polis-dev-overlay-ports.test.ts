import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/polis-dev-overlay-ports';
import { scanComposeFile } from '../../../server/src/engine/scale-commands';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const BASE = 'services:\n  server:\n    image: docker.io/compdem/polis-server:${TAG:-dev}\n    scale: 3\n';
const OVERLAY =
  'services:\n  server:\n    ports:\n      - ${API_SERVER_PORT:-5000}:${API_SERVER_PORT:-5000}\n      - "9229:9229"\n';

/** The base file scales server to 3; the overlay beside it names no image. */
const scaledInBase = scanComposeFile('/w/docker-compose.yml', BASE, emptyWorkspace());
const unscaledBase = scanComposeFile('/w/docker-compose.yml', BASE.replace('scale: 3', 'scale: 1'), emptyWorkspace());
const scaledByScript = scanCommands(
  '/w/scripts/scale.sh',
  'docker compose up -d --scale server=4',
  scanComposeFile('/w/docker-compose.yml', BASE.replace('scale: 3', 'scale: 1'), emptyWorkspace()),
);

ruleTester(rule, {
  valid: [
    { name: 'one server', file: '/w/docker-compose.dev.yml', workspace: unscaledBase, code: OVERLAY },
    {
      name: 'not an overlay by name',
      file: '/w/docker-compose.yml',
      workspace: scaledInBase,
      code: `${BASE}    ports:\n      - "9229:9229"\n`,
    },
    {
      name: 'not Polis',
      file: '/w/docker-compose.dev.yml',
      code: yaml`
      services:
        server:
          image: example/api
          scale: 3
          ports:
            - "9229:9229"
    `,
    },
    {
      name: 'container ports only',
      file: '/w/docker-compose.dev.yml',
      workspace: scaledInBase,
      code: yaml`
      services:
        server:
          ports:
            - "5000"
            - "9229"
    `,
    },
    {
      name: 'a host range large enough',
      file: '/w/docker-compose.dev.yml',
      workspace: scaledInBase,
      code: yaml`
      services:
        server:
          ports:
            - "9229-9231:9229"
    `,
    },
  ],
  invalid: [
    {
      name: 'the Polis dev overlay with scale: 3 in the base file',
      file: '/w/docker-compose.dev.yml',
      workspace: scaledInBase,
      code: OVERLAY,
      errors: [
        {
          messageId: 'published',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 58,
          data: {
            file: 'docker-compose.dev.yml',
            host: '5000',
            first: 5000,
            count: 3,
            why: 'scale 3 in the base Compose file',
          },
        },
        {
          messageId: 'published',
          line: 5,
          column: 9,
          data: {
            file: 'docker-compose.dev.yml',
            host: '9229',
            first: 9229,
            count: 3,
            why: 'scale 3 in the base Compose file',
          },
        },
      ],
      output: null,
      suggestions: ['services:\n  server:\n    ports:\n      - "${API_SERVER_PORT:-5000}"\n      - "9229:9229"\n'],
      suggestionsResolve: false,
    },
    {
      name: 'an override file, scaled by a script; the address is kept',
      file: '/w/compose.override.yaml',
      workspace: scaledByScript,
      code: 'services:\n  server:\n    ports:\n      - "127.0.0.1:9229:9229"\n',
      errors: [
        {
          messageId: 'published',
          line: 4,
          column: 9,
          data: {
            file: 'compose.override.yaml',
            host: '9229',
            first: 9229,
            count: 4,
            why: '--scale server=4 in scale.sh:1',
          },
        },
      ],
      output: null,
      suggestions: ['services:\n  server:\n    ports:\n      - "127.0.0.1::9229"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'the overlay itself runs the Polis image; long syntax has no text fix',
      file: '/w/compose.dev.yaml',
      code: yaml`
        services:
          server:
            image: docker.io/compdem/polis-server:dev
            deploy: {replicas: 2}
            ports:
              - target: 5000
                published: 5000
      `,
      errors: [
        {
          messageId: 'published',
          line: 7,
          column: 20,
          data: { file: 'compose.dev.yaml', host: '5000', first: 5000, count: 2, why: 'deploy.replicas: 2' },
        },
      ],
      output: null,
    },
  ],
});
