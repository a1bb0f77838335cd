import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule, { SWARM_FORBIDDEN } from '../../../server/src/engine/rules/swarm-forbidden-option';
import { ruleTester, yaml, type InvalidCase } from '../../helpers/rule-tester';

const stack = scanCommands('/w/deploy.sh', 'docker stack deploy -c stack.yml prod', emptyWorkspace());
const HEAD = '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n';

/** The keys without any fix: they need the file restructured. */
const noFix = ['extends', 'volume_driver', 'volumes_from'];

/** The eight keys docker/cli refuses, each in its own case with the advice docker prints. */
const eachForbiddenKey: InvalidCase[] = Object.entries(SWARM_FORBIDDEN).map(([key, advice]) => ({
  name: `${key} is refused`,
  code: `${HEAD}    ${key}: x\n`,
  errors: [
    {
      messageId: 'forbidden',
      line: 5,
      column: 5,
      endLine: 5,
      endColumn: 5 + key.length,
      data: { key, service: 'web', advice },
    },
  ],
  output: null,
  // A non-numeric value: mem_limit still moves (the text is kept), cpu_quota cannot be computed.
  ...(noFix.includes(key) || key === 'cpu_quota'
    ? {}
    : key === 'mem_limit'
      ? { suggestions: [`${HEAD}    deploy:\n      resources:\n        limits:\n          memory: x\n`] }
      : { suggestions: [HEAD] }),
}));

ruleTester(rule, {
  valid: [
    {
      name: 'limits under deploy.resources',
      code: `${HEAD}    deploy:\n      resources:\n        limits: {memory: 512M, cpus: "0.5"}\n`,
    },
    { name: 'keys Swarm only ignores (container_name, build)', code: `${HEAD}    build: .\n    container_name: web\n` },
    {
      name: 'a forbidden name as a value or nested key is fine',
      code: `${HEAD}    labels:\n      mem_limit: "512m"\n    command: ["extends"]\n`,
    },
    {
      name: 'the same file as a plain Compose file',
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    mem_limit: 512m\n',
    },
  ],
  invalid: [
    ...eachForbiddenKey,
    {
      name: 'mem_limit moves into a new deploy.resources.limits, comments kept',
      code: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            mem_limit: 512m # the box has 2 GB
            # served by the proxy
            ports: ["80"]
      `,
      errors: [
        {
          messageId: 'forbidden',
          line: 5,
          column: 5,
          data: { key: 'mem_limit', service: 'web', advice: SWARM_FORBIDDEN.mem_limit! },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          # scalewise: kind=swarm
          services:
            web:
              image: nginx
              # served by the proxy
              ports: ["80"]
              deploy:
                resources:
                  limits:
                    memory: 512m
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'mem_limit merges into an existing deploy block (4-space indentation, a number is quoted)',
      code: yaml`
        # scalewise: kind=swarm
        services:
            web:
                image: nginx
                mem_limit: 536870912
                deploy:
                    replicas: 2
                    resources:
                        reservations:
                            memory: 256M
      `,
      errors: [{ messageId: 'forbidden', line: 5, column: 9 }],
      output: null,
      suggestions: [
        yaml`
          # scalewise: kind=swarm
          services:
              web:
                  image: nginx
                  deploy:
                      replicas: 2
                      resources:
                          reservations:
                              memory: 256M
                          limits:
                              memory: "536870912"
        `,
      ],
    },
    {
      name: 'mem_limit into a flow-style limits map',
      code: `${HEAD}    mem_limit: "1g"\n    deploy:\n      resources:\n        limits: {cpus: "0.5"}\n`,
      errors: [{ messageId: 'forbidden', line: 5, column: 5 }],
      output: null,
      suggestions: [`${HEAD}    deploy:\n      resources:\n        limits: {cpus: "0.5", memory: "1g"}\n`],
    },
    {
      name: 'mem_limit beside deploy.resources.limits.memory: the fix only removes it',
      code: `${HEAD}    mem_limit: 1g\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n`,
      errors: [{ messageId: 'forbidden', line: 5, column: 5 }],
      output: null,
      suggestions: [`${HEAD}    deploy:\n      resources:\n        limits:\n          memory: 1G\n`],
    },
    {
      name: 'cpu_quota with the default period becomes cpus',
      code: `${HEAD}    cpu_quota: 50000\n`,
      errors: [{ messageId: 'forbidden', line: 5, column: 5 }],
      output: null,
      suggestions: [`${HEAD}    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n`],
      suggestionsResolve: true,
    },
    {
      name: 'cpu_quota with cpu_period: both go, cpus = quota / period',
      code: `${HEAD}    cpu_period: 50000\n    cpu_quota: 75000\n`,
      errors: [{ messageId: 'forbidden', line: 6, column: 5 }],
      output: null,
      suggestions: [`${HEAD}    deploy:\n      resources:\n        limits:\n          cpus: "1.5"\n`],
    },
    {
      name: 'cpu_shares, cpuset and memswap_limit: removal, no equivalent',
      code: `${HEAD}    cpu_shares: 512\n    cpuset: "0,1"\n    memswap_limit: 2g\n`,
      errors: [
        {
          messageId: 'forbidden',
          line: 5,
          column: 5,
          data: { key: 'cpu_shares', service: 'web', advice: SWARM_FORBIDDEN.cpu_shares! },
        },
        {
          messageId: 'forbidden',
          line: 6,
          column: 5,
          data: { key: 'cpuset', service: 'web', advice: SWARM_FORBIDDEN.cpuset! },
        },
        {
          messageId: 'forbidden',
          line: 7,
          column: 5,
          data: { key: 'memswap_limit', service: 'web', advice: SWARM_FORBIDDEN.memswap_limit! },
        },
      ],
      output: null,
      suggestions: [`${HEAD}    cpuset: "0,1"\n    memswap_limit: 2g\n`],
    },
    {
      name: 'a Compose file deployed with docker stack deploy -c (found in a script)',
      file: '/w/stack.yml',
      workspace: stack,
      code: 'services:\n  web:\n    image: nginx\n    mem_limit: 512m\n    cpu_shares: 512\n',
      errors: [
        {
          messageId: 'forbidden',
          line: 4,
          column: 5,
          data: { key: 'mem_limit', service: 'web', advice: SWARM_FORBIDDEN.mem_limit! },
        },
        {
          messageId: 'forbidden',
          line: 5,
          column: 5,
          data: { key: 'cpu_shares', service: 'web', advice: SWARM_FORBIDDEN.cpu_shares! },
        },
      ],
      output: null,
      suggestions: [
        'services:\n  web:\n    image: nginx\n    cpu_shares: 512\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n',
      ],
    },
    {
      name: 'several services, in document order; extends and volumes_from get no fix',
      code: '# scalewise: kind=swarm\nservices:\n  app:\n    extends: {file: base.yml, service: app}\n  db:\n    image: postgres\n    volumes_from: [app]\n',
      errors: [
        {
          messageId: 'forbidden',
          line: 4,
          column: 5,
          data: { key: 'extends', service: 'app', advice: SWARM_FORBIDDEN.extends! },
        },
        {
          messageId: 'forbidden',
          line: 7,
          column: 5,
          data: { key: 'volumes_from', service: 'db', advice: SWARM_FORBIDDEN.volumes_from! },
        },
      ],
      output: null,
    },
    {
      name: 'flow-style service',
      code: '# scalewise: kind=swarm\nservices:\n  web: {image: nginx, memswap_limit: 1g}\n',
      errors: [
        {
          messageId: 'forbidden',
          line: 3,
          column: 23,
          data: { key: 'memswap_limit', service: 'web', advice: SWARM_FORBIDDEN.memswap_limit! },
        },
      ],
      output: null,
      suggestions: ['# scalewise: kind=swarm\nservices:\n  web: {image: nginx}\n'],
    },
    {
      name: 'mem_limit in a flow-style service moves into a nested flow map',
      code: '# scalewise: kind=swarm\nservices:\n  web: {image: nginx, mem_limit: 1g}\n',
      errors: [{ messageId: 'forbidden', line: 3, column: 23 }],
      output: null,
      suggestions: [
        '# scalewise: kind=swarm\nservices:\n  web: {image: nginx, deploy: {resources: {limits: {memory: 1g}}}}\n',
      ],
    },
    {
      name: 'a deploy block that is an alias is not edited',
      code: '# scalewise: kind=swarm\nx-deploy: &deploy\n  replicas: 2\nservices:\n  web:\n    image: nginx\n    mem_limit: 1g\n    deploy: *deploy\n',
      errors: [{ messageId: 'forbidden', line: 7, column: 5 }],
      output: null,
      suggestions: [],
    },
  ],
});
