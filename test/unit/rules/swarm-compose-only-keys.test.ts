import rule from '../../../server/src/engine/rules/swarm-compose-only-keys';
import { ruleTester } from '../../helpers/rule-tester';
import { paragraph, yaml } from '../../../server/src/engine/template-text';

const STACK = '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n';
const COMPOSE = 'services:\n  web:\n    image: nginx\n';

ruleTester(rule, {
  valid: [
    {
      name: 'stack file with Swarm keys',
      code: `${STACK}    deploy:\n      mode: global\n      placement:\n        constraints: [node.role == worker]\n      update_config: {parallelism: 1}\n`,
    },
    {
      name: 'Compose file with keys docker compose reads',
      kind: 'compose',
      code: [
        `${COMPOSE}    scale: 2`,
        '    platform: linux/amd64',
        '    deploy:',
        '      mode: replicated',
        '      resources:',
        '        reservations:',
        '          memory: 1G',
        '          devices: [{capabilities: [gpu]}]',
        '      restart_policy: {condition: on-failure, max_attempts: 3}',
        '',
      ].join('\n'),
    },
    {
      name: 'an empty placement map says nothing',
      kind: 'compose',
      code: `${COMPOSE}    deploy:\n      placement: {}\n`,
    },
  ],
  invalid: [
    {
      name: 'stack file: scale and platform are rejected by the v3 schema',
      code: `${STACK}    scale: 3\n    platform: linux/arm64\n`,
      errors: [
        {
          messageId: 'rejected',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 10,
          data: {
            key: 'scale',
            service: 'web',
            others: 0,
            error: 'services.web Additional property scale is not allowed',
            instead: 'use deploy.replicas',
          },
        },
        {
          messageId: 'rejected',
          line: 6,
          column: 5,
          data: {
            key: 'platform',
            service: 'web',
            others: 0,
            error: 'services.web Additional property platform is not allowed',
            instead: 'pin the architecture with deploy.placement.constraints, e.g. node.platform.arch == aarch64',
          },
        },
      ],
      output: null,
    },
    {
      name: 'stack file: GPU device reservations',
      code: `${STACK}    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n`,
      errors: [
        {
          messageId: 'rejected',
          line: 8,
          column: 11,
          data: {
            key: 'deploy.resources.reservations.devices',
            service: 'web',
            others: 0,
            error: 'services.web.deploy.resources.reservations Additional property devices is not allowed',
            instead: paragraph(
              'advertise GPUs as node generic resources and reserve them with',
              'deploy.resources.reservations.generic_resources',
            ),
          },
        },
      ],
      output: null,
    },
    {
      name: 'Compose file: Swarm-only deploy keys are ignored',
      kind: 'compose',
      code: [
        `${COMPOSE}    deploy:`,
        '      mode: global',
        '      placement:',
        '        constraints: [node.role == worker]',
        '      resources:',
        '        reservations:',
        '          cpus: "0.5"',
        '      restart_policy:',
        '        condition: on-failure',
        '        delay: 5s',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          column: 7,
          data: {
            key: 'deploy.mode: global',
            service: 'web',
            others: 0,
            effect: 'docker compose runs the replica count (default 1), not one container per node',
          },
        },
        {
          messageId: 'ignored',
          line: 6,
          column: 7,
          data: {
            key: 'deploy.placement',
            service: 'web',
            others: 0,
            effect: 'docker compose runs every container on the one engine it talks to',
          },
        },
        {
          messageId: 'ignored',
          line: 10,
          column: 11,
          data: {
            key: 'deploy.resources.reservations.cpus',
            service: 'web',
            others: 0,
            effect: 'docker compose reserves no CPU ("Cpu reservation is a swarm option")',
          },
        },
        {
          messageId: 'ignored',
          line: 13,
          column: 9,
          data: {
            key: 'deploy.restart_policy.delay',
            service: 'web',
            others: 0,
            effect: 'docker compose maps only condition and max_attempts to the restart policy',
          },
        },
      ],
      output: null,
    },
    {
      name: 'stack file: the same key in three services is one finding, at the first, with the others as related places',
      code: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            scale: 2
          api:
            image: api
            scale: 3
          worker:
            image: worker
            platform: linux/amd64
            scale: 4
      `,
      errors: [
        {
          messageId: 'rejected',
          line: 5,
          column: 5,
          data: {
            key: 'scale',
            service: 'web',
            others: 2,
            error: 'services.web Additional property scale is not allowed',
            instead: 'use deploy.replicas',
          },
          related: [
            { line: 8, column: 5, message: 'scale also on service "api"' },
            { line: 12, column: 5, message: 'scale also on service "worker"' },
          ],
        },
        {
          messageId: 'rejected',
          line: 11,
          column: 5,
          data: {
            key: 'platform',
            service: 'worker',
            others: 0,
            error: 'services.worker Additional property platform is not allowed',
            instead: 'pin the architecture with deploy.placement.constraints, e.g. node.platform.arch == aarch64',
          },
          related: [],
        },
      ],
      output: null,
    },
    {
      name: 'Compose file: deploy.placement in two services is one finding',
      kind: 'compose',
      code: [
        `${COMPOSE}    deploy:`,
        '      placement: {constraints: [node.role == worker]}',
        '  db:',
        '    image: postgres',
        '    deploy:',
        '      placement: {constraints: [node.role == manager]}',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          column: 7,
          data: {
            key: 'deploy.placement',
            service: 'web',
            others: 1,
            effect: 'docker compose runs every container on the one engine it talks to',
          },
          related: [{ line: 9, column: 7, message: 'deploy.placement also on service "db"' }],
        },
      ],
      output: null,
    },
    {
      name: 'Compose file: update_config, rollback_config, endpoint_mode, labels in flow style',
      kind: 'compose',
      code: `${COMPOSE}    deploy: {endpoint_mode: dnsrr, labels: {a: b}, update_config: {parallelism: 1}, rollback_config: {parallelism: 1}}\n`,
      errors: [
        {
          messageId: 'ignored',
          line: 4,
          column: 14,
          data: {
            key: 'deploy.endpoint_mode',
            service: 'web',
            others: 0,
            effect: paragraph(
              'docker compose has no virtual IP or DNS round-robin mode; the network alias resolves to every',
              'container',
            ),
          },
        },
        { messageId: 'ignored', line: 4, column: 36 },
        { messageId: 'ignored', line: 4, column: 52 },
        { messageId: 'ignored', line: 4, column: 85 },
      ],
      output: null,
    },
  ],
});
