import rule from '../../../server/src/engine/rules/compose-legacy-resource-keys';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'deploy.resources only',
      code: 'services:\n  web:\n    deploy:\n      resources:\n        limits: {cpus: "1", memory: 1g}\n',
    },
    {
      name: "a variable is compose/invalid-resource-value's concern, not a conflict",
      code: 'services:\n  web:\n    mem_limit: ${MEM}\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n',
    },
    {
      name: "Swarm stack files are swarm/forbidden-option's concern",
      kind: 'swarm',
      code: yaml`
      # scalewise: kind=swarm
      services:
        web:
          image: nginx
          mem_limit: 1g
    `,
    },
  ],
  invalid: [
    {
      name: 'mem_limit and limits.memory differ',
      code: yaml`
        services:
          web:
            image: nginx
            mem_limit: 1g
            deploy:
              resources:
                limits:
                  memory: 512M
      `,
      errors: [
        {
          messageId: 'conflict',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 14,
          data: {
            service: 'web',
            key: 'mem_limit',
            path: 'deploy.resources.limits.memory',
            legacy: '1g',
            current: '512M',
          },
        },
      ],
      output: null,
      suggestions: [
        'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n',
      ],
    },
    {
      name: 'the same amount written two ways is a repeat, removed by a safe fix',
      code: 'services:\n  web:\n    mem_limit: 1g\n    cpus: 0.5\n    deploy:\n      resources:\n        limits: {memory: 1024M, cpus: "0.50"}\n',
      errors: [
        {
          messageId: 'duplicate',
          line: 3,
          column: 5,
          data: {
            service: 'web',
            key: 'mem_limit',
            path: 'deploy.resources.limits.memory',
            legacy: '1g',
            current: '1024M',
          },
        },
        {
          messageId: 'duplicate',
          line: 4,
          column: 5,
          data: { service: 'web', key: 'cpus', path: 'deploy.resources.limits.cpus', legacy: '0.5', current: '"0.50"' },
        },
      ],
      output: 'services:\n  web:\n    deploy:\n      resources:\n        limits: {memory: 1024M, cpus: "0.50"}\n',
      suggestions: [
        'services:\n  web:\n    cpus: 0.5\n    deploy:\n      resources:\n        limits: {memory: 1024M, cpus: "0.50"}\n',
      ],
    },
    {
      name: "alone: moved into a new deploy block, in the file's indentation",
      code: yaml`
        services:
          web:
            image: nginx
            mem_limit: 1g # measured in March
            ports:
              - "80"
          db:
            image: postgres
      `,
      errors: [
        {
          messageId: 'move',
          line: 4,
          column: 5,
          data: { service: 'web', key: 'mem_limit', path: 'deploy.resources.limits.memory', legacy: '1g' },
        },
      ],
      output: yaml`
        services:
          web:
            image: nginx
            ports:
              - "80"
            deploy:
              resources:
                limits:
                  memory: 1g # measured in March
          db:
            image: postgres
      `,
      suggestions: [
        yaml`
        services:
          web:
            image: nginx
            ports:
              - "80"
            deploy:
              resources:
                limits:
                  memory: 1g # measured in March
          db:
            image: postgres
      `,
      ],
    },
    {
      name: 'alone: merged into existing maps, four-space indentation, a byte count gets quotes',
      code: yaml`
        services:
            web:
                mem_reservation: 268435456
                cpus: 2
                deploy:
                    replicas: 2
                    resources:
                        limits:
                            memory: 1g
      `,
      errors: [
        {
          messageId: 'move',
          line: 3,
          column: 9,
          data: {
            service: 'web',
            key: 'mem_reservation',
            path: 'deploy.resources.reservations.memory',
            legacy: '268435456',
          },
        },
        {
          messageId: 'move',
          line: 4,
          column: 9,
          data: { service: 'web', key: 'cpus', path: 'deploy.resources.limits.cpus', legacy: '2' },
        },
      ],
      output: yaml`
        services:
            web:
                deploy:
                    replicas: 2
                    resources:
                        limits:
                            memory: 1g
                            cpus: 2
                        reservations:
                            memory: "268435456"
      `,
      suggestions: [
        yaml`
        services:
            web:
                cpus: 2
                deploy:
                    replicas: 2
                    resources:
                        limits:
                            memory: 1g
                        reservations:
                            memory: "268435456"
      `,
      ],
    },
    {
      name: 'pids_limit moves only as a suggestion (Compose v1 has no limits.pids)',
      code: 'services:\n  web:\n    pids_limit: 100\n    deploy: {replicas: 2}\n',
      errors: [
        {
          messageId: 'move',
          line: 3,
          column: 5,
          data: { service: 'web', key: 'pids_limit', path: 'deploy.resources.limits.pids', legacy: '100' },
        },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    deploy: {replicas: 2, resources: {limits: {pids: 100}}}\n'],
    },
    {
      name: 'CRLF and a last line without a newline',
      code: 'services:\r\n  web:\r\n    image: nginx\r\n    cpus: "1.5"',
      errors: [{ messageId: 'move', line: 4, column: 5 }],
      output:
        'services:\r\n  web:\r\n    image: nginx\r\n    deploy:\r\n      resources:\r\n        limits:\r\n          cpus: "1.5"\r\n',
      suggestions: [
        'services:\r\n  web:\r\n    image: nginx\r\n    deploy:\r\n      resources:\r\n        limits:\r\n          cpus: "1.5"\r\n',
      ],
    },
    {
      name: 'a moved line takes its comments: the one after it and those right above it',
      code: yaml`
        services:
          web:
            image: nginx
            # measured in March,
            #   peak 800M
            mem_limit: 1g # keep in sync with -Xmx
            ports:
              - "80"
      `,
      errors: [{ messageId: 'move', line: 6, column: 5 }],
      output: yaml`
        services:
          web:
            image: nginx
            ports:
              - "80"
            deploy:
              resources:
                limits:
                  # measured in March,
                  #   peak 800M
                  memory: 1g # keep in sync with -Xmx
      `,
      suggestions: [
        yaml`
        services:
          web:
            image: nginx
            ports:
              - "80"
            deploy:
              resources:
                limits:
                  # measured in March,
                  #   peak 800M
                  memory: 1g # keep in sync with -Xmx
      `,
      ],
    },
    {
      name: 'a comment above a blank line stays where it is; the blank lines around the moved line become one',
      code: 'services:\n  web:\n    image: nginx\n    # about the service\n\n    cpus: 0.5\n\n    ports:\n      - "80"\n    deploy:\n      replicas: 2\n',
      errors: [{ messageId: 'move', line: 6, column: 5 }],
      output: yaml`
        services:
          web:
            image: nginx
            # about the service

            ports:
              - "80"
            deploy:
              replicas: 2
              resources:
                limits:
                  cpus: 0.5
      `,
      suggestions: [
        yaml`
        services:
          web:
            image: nginx
            # about the service

            ports:
              - "80"
            deploy:
              replicas: 2
              resources:
                limits:
                  cpus: 0.5
      `,
      ],
    },
    {
      name: 'a removed repeat between blank lines leaves one blank line, not two',
      code: 'services:\n  web:\n    image: nginx\n\n    cpus: 0.5 # same as below\n\n    deploy:\n      resources:\n        limits: {cpus: "0.5"}\n',
      errors: [{ messageId: 'duplicate', line: 5, column: 5 }],
      output: 'services:\n  web:\n    image: nginx\n\n    deploy:\n      resources:\n        limits: {cpus: "0.5"}\n',
      suggestions: [
        'services:\n  web:\n    image: nginx\n\n    deploy:\n      resources:\n        limits: {cpus: "0.5"}\n',
      ],
    },
    {
      name: 'into a flow map, the comments stay where the line was (a flow map has no room for them)',
      code: 'services:\n  web:\n    # measured\n    cpus: 0.5 # in March\n    deploy: {replicas: 2}\n',
      errors: [{ messageId: 'move', line: 4, column: 5 }],
      output:
        'services:\n  web:\n    # measured\n    # in March\n    deploy: {replicas: 2, resources: {limits: {cpus: 0.5}}}\n',
      suggestions: [
        'services:\n  web:\n    # measured\n    # in March\n    deploy: {replicas: 2, resources: {limits: {cpus: 0.5}}}\n',
      ],
    },
  ],
});
