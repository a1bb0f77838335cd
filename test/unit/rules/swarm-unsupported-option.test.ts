import rule from '../../../server/src/engine/rules/swarm-unsupported-option';
import { ruleTester } from '../../helpers/rule-tester';

const HEAD = '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n';
const policy = (lines: string) => `${HEAD}    deploy:\n      restart_policy:\n${lines}`;

ruleTester(rule, {
  valid: [
    { name: 'restart_policy under deploy', code: policy('        condition: on-failure\n') },
    {
      name: 'build without image is swarm/build-without-image',
      code: '# scalewise: kind=swarm\nservices:\n  web:\n    build: .\n',
    },
    {
      name: 'a Compose file',
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    restart: always\n    privileged: true\n',
    },
  ],
  invalid: [
    {
      name: 'restart: always -> condition any, in a new deploy block',
      code: `${HEAD}    restart: always\n`,
      errors: [
        {
          messageId: 'restartConverted',
          severity: 'info',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 12,
          data: { key: 'restart', service: 'web', value: 'always', condition: 'any' },
        },
      ],
      output: null,
      suggestions: [policy('        condition: any\n')],
    },
    {
      name: 'restart: "no" -> none, into an existing deploy block',
      code: `${HEAD}    restart: "no"\n    deploy:\n      replicas: 2\n`,
      errors: [
        {
          messageId: 'restartDropped',
          severity: 'warning',
          line: 5,
          column: 5,
          data: { key: 'restart', service: 'web', value: 'no', condition: 'none' },
        },
      ],
      output: null,
      suggestions: [`${HEAD}    deploy:\n      replicas: 2\n      restart_policy:\n        condition: none\n`],
      suggestionsResolve: true,
    },
    {
      name: 'restart: on-failure:3 -> on-failure with max_attempts',
      code: `${HEAD}    restart: on-failure:3\n`,
      errors: [
        {
          messageId: 'restartConverted',
          severity: 'info',
          line: 5,
          column: 5,
          data: { key: 'restart', service: 'web', value: 'on-failure:3', condition: 'on-failure' },
        },
      ],
      output: null,
      suggestions: [policy('        condition: on-failure\n        max_attempts: 3\n')],
    },
    {
      name: 'unless-stopped with restart_policy.condition already set: only removal',
      code: `${HEAD}    restart: unless-stopped\n    deploy:\n      restart_policy:\n        condition: on-failure\n`,
      errors: [{ messageId: 'restartConverted', severity: 'info', line: 5, column: 5 }],
      output: null,
      suggestions: [policy('        condition: on-failure\n')],
    },
    {
      name: 'other keys: one finding each, no fix; build beside image is info',
      code: `${HEAD}    build: .\n    privileged: true\n    network_mode: host\n    shm_size: 1g\n    links: [db]\n`,
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          column: 5,
          data: { key: 'build', service: 'web', instead: 'the image named in image: is used as it is' },
        },
        {
          messageId: 'ignored',
          line: 6,
          column: 5,
          data: { key: 'privileged', service: 'web', instead: 'tasks run unprivileged' },
        },
        {
          messageId: 'ignored',
          line: 7,
          column: 5,
          data: { key: 'network_mode', service: 'web', instead: "tasks join the stack's overlay network instead" },
        },
        {
          messageId: 'ignored',
          line: 8,
          column: 5,
          data: { key: 'shm_size', service: 'web', instead: 'tasks get the default /dev/shm size (64M)' },
        },
        {
          messageId: 'ignored',
          line: 9,
          column: 5,
          data: {
            key: 'links',
            service: 'web',
            instead: 'no link alias is created; services on the same network reach each other by service name',
          },
        },
      ],
      output: null,
    },
  ],
});
