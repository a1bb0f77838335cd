import rule from '../../../server/src/engine/rules/polarway-state-dir-not-shared';
import { ruleTester } from '../../helpers/rule-tester';

const IMAGE = 'registry.example.invalid/polarway/polarway-grpc:0.53';

/** One worker service with `env` lines (6-space indented) and `extra` lines under the service. */
function worker(name: string, env: string, extra = ''): string {
  return `  ${name}:\n    image: ${IMAGE}\n    environment:\n${env}${extra}`;
}
const EXTERNAL = '      POLARWAY_HANDLE_STORE: external\n';

ruleTester(rule, {
  valid: [
    {
      name: 'one worker: nothing to share',
      code: `services:\n${worker('w', `${EXTERNAL}      POLARWAY_STATE_DIR: /tmp/x\n`)}`,
    },
    {
      name: 'three replicas on one named volume',
      code: [
        'services:',
        `${worker('w', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    volumes: [polarway-state:/state]\n    scale: 3\n')}volumes:`,
        '  polarway-state:',
        '',
      ].join('\n'),
    },
    {
      name: 'two services on one volume at different paths: same storage',
      code: [
        'services:',
        worker('a', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    volumes: [shared:/state]\n') +
          worker('b', `${EXTERNAL}      POLARWAY_STATE_DIR: /data/handles\n`, '    volumes: [shared:/data/handles]\n') +
          `volumes:`,
        '  shared: {}',
        '',
      ].join('\n'),
    },
    {
      name: 'a sub-folder of a shared bind mount, the same for both',
      code: [
        'services:',
        worker('a', `${EXTERNAL}      POLARWAY_STATE_DIR: /mnt/state\n`, '    volumes: ["/shared:/mnt"]\n') +
          worker('b', `${EXTERNAL}      POLARWAY_STATE_DIR: /mnt/state\n`, '    volumes: ["/shared:/mnt:rw"]\n'),
      ].join('\n'),
    },
    {
      name: "the memory store is the other rule's concern",
      code: `services:\n${worker('w', '      POLARWAY_HANDLE_STORE: memory\n', '    scale: 2\n')}`,
    },
    {
      name: 'an env_file may set the state dir',
      code: `services:\n${worker('w', EXTERNAL, '    env_file: polarway.env\n    scale: 2\n')}`,
    },
  ],
  invalid: [
    {
      name: 'external store without POLARWAY_STATE_DIR',
      code: `services:\n${worker('w', EXTERNAL, '    scale: 2\n')}`,
      errors: [
        {
          messageId: 'missing',
          line: 5,
          column: 30,
          endLine: 5,
          endColumn: 38,
          data: { service: 'w', workers: 2, why: 'w × 2' },
        },
      ],
      output: null,
      suggestions: [
        [
          'services:',
          `${worker('w', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, `    scale: 2\n    volumes:\n      - polarway-state:/state\n`)}`,
          'volumes:',
          '  polarway-state:',
          '',
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'POLARWAY_STATE_DIR on no volume; an existing top-level volumes map',
      code: `services:\n${worker('w', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    deploy:\n      replicas: 3\n')}volumes:\n  other:\n`,
      errors: [
        {
          messageId: 'notMounted',
          line: 6,
          column: 27,
          data: { service: 'w', workers: 3, why: 'w × 3', dir: '/state', where: 'not on a volume' },
        },
      ],
      output: null,
      suggestions: [
        [
          'services:',
          worker(
            'w',
            `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`,
            `    deploy:\n      replicas: 3\n    volumes:\n      - polarway-state:/state\n`,
          ) + `volumes:`,
          '  other:',
          '  polarway-state:',
          '',
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'an anonymous volume is per container',
      code: `services:\n${worker('w', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    volumes:\n      - /state\n    scale: 2\n')}`,
      errors: [
        {
          messageId: 'notMounted',
          line: 6,
          column: 27,
          data: {
            service: 'w',
            workers: 2,
            why: 'w × 2',
            dir: '/state',
            where: 'on an anonymous volume (/state) that only this container sees',
          },
        },
      ],
      output: null,
      suggestions: [
        `services:\n${worker('w', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, `    volumes:\n      - polarway-state:/state\n    scale: 2\n`)}`,
      ],
    },
    {
      name: 'a tmpfs is per container; no text fix',
      code: `services:\n${worker('w', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    tmpfs: /state\n    scale: 2\n')}`,
      errors: [
        {
          messageId: 'notMounted',
          line: 6,
          column: 27,
          data: {
            service: 'w',
            workers: 2,
            why: 'w × 2',
            dir: '/state',
            where: 'on a tmpfs (/state) that only this container sees',
          },
        },
      ],
      output: null,
    },
    {
      name: 'two services on different volumes',
      code: [
        'services:',
        worker('a', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    volumes:\n      - state-a:/state\n') +
          worker('b', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    volumes:\n      - state-b:/state:rw\n'),
      ].join('\n'),
      errors: [
        {
          messageId: 'different',
          line: 15,
          column: 9,
          data: { service: 'b', mine: 'volume state-b', other: 'a', theirs: 'volume state-a' },
        },
      ],
      output: null,
      suggestions: [
        [
          'services:',
          worker('a', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    volumes:\n      - state-a:/state\n') +
            worker('b', `${EXTERNAL}      POLARWAY_STATE_DIR: /state\n`, '    volumes:\n      - state-a:/state:rw\n'),
        ].join('\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'one bind mount, different sub-folders',
      code: [
        'services:',
        worker('a', `${EXTERNAL}      POLARWAY_STATE_DIR: /mnt/a\n`, '    volumes: ["/shared:/mnt"]\n') +
          worker('b', `${EXTERNAL}      POLARWAY_STATE_DIR: /mnt/b\n`, '    volumes: ["/shared:/mnt"]\n'),
      ].join('\n'),
      errors: [
        {
          messageId: 'different',
          line: 13,
          column: 15,
          data: {
            service: 'b',
            mine: 'host folder /shared (sub-folder b)',
            other: 'a',
            theirs: 'host folder /shared (sub-folder a)',
          },
        },
      ],
      output: null,
    },
  ],
});
