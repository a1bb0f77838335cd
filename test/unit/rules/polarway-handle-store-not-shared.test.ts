import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/polarway-handle-store-not-shared';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const IMAGE = 'registry.example.invalid/polarway/polarway-grpc:0.53';
const scaledByScript = scanCommands('/w/deploy.sh', 'docker compose up -d --scale worker=4', emptyWorkspace());

const mapForm = yaml`
  services:
    worker:
      image: ${IMAGE}
      environment:
        POLARWAY_BIND_ADDRESS: 0.0.0.0:50052
        POLARWAY_HANDLE_STORE: memory
      deploy:
        replicas: 3
`;

const listForm = yaml`
  services:
    worker:
      image: ${IMAGE}
      environment:
        - POLARWAY_BIND_ADDRESS=0.0.0.0:50052
      volumes:
        - ./data:/data:ro
      scale: 2

  volumes:
    cache: {}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'one worker keeps its handles to itself',
      code: yaml`
      services:
        worker:
          image: ${IMAGE}
    `,
    },
    {
      name: 'three workers with an external store',
      code: yaml`
      services:
        worker:
          image: ${IMAGE}
          environment:
            POLARWAY_HANDLE_STORE: external
            POLARWAY_STATE_DIR: /state
          volumes: [polarway-state:/state]
          deploy: {replicas: 3}
      volumes:
        polarway-state:
    `,
    },
    {
      name: 'the store value is case-insensitive',
      code: `services:\n  worker:\n    image: ${IMAGE}\n    environment: ["POLARWAY_HANDLE_STORE=External"]\n    scale: 2\n`,
    },
    { name: 'scaled services that are not Polarway', code: 'services:\n  web:\n    image: nginx\n    scale: 3\n' },
    {
      name: 'an env_file may set the store',
      code: `services:\n  worker:\n    image: ${IMAGE}\n    env_file: polarway.env\n    scale: 3\n`,
    },
    {
      name: 'a variable without a default is unknown',
      code: `services:\n  worker:\n    image: ${IMAGE}\n    environment:\n      POLARWAY_HANDLE_STORE: \${STORE}\n    scale: 3\n`,
    },
  ],
  invalid: [
    {
      name: 'map form, memory store, deploy.replicas: 3',
      code: mapForm,
      errors: [
        {
          messageId: 'notShared',
          line: 6,
          column: 30,
          endLine: 6,
          endColumn: 36,
          data: { service: 'worker', workers: 3, why: 'worker × 3', store: 'is "memory"' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          services:
            worker:
              image: ${IMAGE}
              environment:
                POLARWAY_BIND_ADDRESS: 0.0.0.0:50052
                POLARWAY_HANDLE_STORE: external
                POLARWAY_STATE_DIR: /state
              deploy:
                replicas: 3
              volumes:
                - polarway-state:/state

          volumes:
            polarway-state:
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'list form, store unset, an existing volumes list and top-level volumes',
      code: listForm,
      errors: [
        {
          messageId: 'notShared',
          line: 2,
          column: 3,
          data: { service: 'worker', workers: 2, why: 'worker × 2', store: 'unset, so "memory"' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          services:
            worker:
              image: ${IMAGE}
              environment:
                - POLARWAY_BIND_ADDRESS=0.0.0.0:50052
                - POLARWAY_HANDLE_STORE=external
                - POLARWAY_STATE_DIR=/state
              volumes:
                - ./data:/data:ro
                - polarway-state:/state
              scale: 2

          volumes:
            cache: {}
            polarway-state:
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'two single-replica services running the Polarway image; no environment at all',
      code: `services:\n  reader:\n    image: ${IMAGE}\n  writer:\n    image: ${IMAGE}\n`,
      errors: [
        {
          messageId: 'notShared',
          line: 2,
          column: 3,
          data: { service: 'reader', workers: 2, why: 'reader × 1, writer × 1', store: 'unset, so "memory"' },
        },
        {
          messageId: 'notShared',
          line: 4,
          column: 3,
          data: { service: 'writer', workers: 2, why: 'reader × 1, writer × 1', store: 'unset, so "memory"' },
        },
      ],
      output: null,
      suggestions: [
        [
          'services:',
          '  reader:',
          `    image: ${IMAGE}`,
          '    environment:',
          '      POLARWAY_HANDLE_STORE: external',
          '      POLARWAY_STATE_DIR: /state',
          '    volumes:',
          '      - polarway-state:/state',
          '  writer:',
          `    image: ${IMAGE}`,
          '',
          'volumes:',
          '  polarway-state:',
          '',
        ].join('\n'),
      ],
    },
    {
      name: 'scaled by docker compose up --scale in a script; a quoted list item keeps its quotes',
      file: '/w/compose.yaml',
      workspace: scaledByScript,
      code: [
        'services:',
        '  worker:',
        `    image: ${IMAGE}`,
        '    environment:',
        '      - "POLARWAY_HANDLE_STORE=memory"',
        '      - POLARWAY_STATE_DIR=/state',
        '    volumes:',
        '      - polarway-state:/state',
        'volumes:',
        '  polarway-state:',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'notShared',
          line: 5,
          column: 32,
          endLine: 5,
          endColumn: 38,
          data: { service: 'worker', workers: 4, why: 'worker × 4', store: 'is "memory"' },
        },
      ],
      output: null,
      suggestions: [
        [
          'services:',
          '  worker:',
          `    image: ${IMAGE}`,
          '    environment:',
          '      - "POLARWAY_HANDLE_STORE=external"',
          '      - POLARWAY_STATE_DIR=/state',
          '    volumes:',
          '      - polarway-state:/state',
          'volumes:',
          '  polarway-state:',
          '',
        ].join('\n'),
      ],
    },
    {
      name: 'a worker found by its POLARWAY_* variables, global mode',
      code: yaml`
        services:
          grpc:
            image: example/dataframes:1
            environment:
              POLARWAY_BIND_ADDRESS: 0.0.0.0:50051
            deploy:
              mode: global
      `,
      errors: [
        {
          messageId: 'notShared',
          line: 2,
          column: 3,
          data: { service: 'grpc', workers: 2, why: 'grpc × one per node', store: 'unset, so "memory"' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          services:
            grpc:
              image: example/dataframes:1
              environment:
                POLARWAY_BIND_ADDRESS: 0.0.0.0:50051
                POLARWAY_HANDLE_STORE: external
                POLARWAY_STATE_DIR: /state
              deploy:
                mode: global
              volumes:
                - polarway-state:/state

          volumes:
            polarway-state:
        `,
      ],
    },
  ],
});
