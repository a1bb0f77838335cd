import rule from '../../../server/src/engine/rules/compose-scale-replicas-disagree';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'merge key: scale merged from an anchor, deploy written in the service without replicas',
      code: yaml`
      x-s: &s {scale: 2}
      services:
        web:
          <<: *s
          deploy: {mode: replicated}
    `,
    },
    { name: 'scale alone', code: 'services:\n  web:\n    scale: 3\n' },
    { name: 'deploy.replicas alone', code: 'services:\n  web:\n    deploy:\n      replicas: 3\n' },
    {
      name: 'a variable is only known at run time',
      code: 'services:\n  web:\n    scale: ${WEB_SCALE}\n    deploy:\n      replicas: 2\n',
    },
    { name: 'deploy without replicas', code: 'services:\n  web:\n    scale: 3\n    deploy:\n      resources: {}\n' },
  ],
  invalid: [
    {
      name: 'deploy.replicas merged from an anchor (<<: *scaled), scale written in the service',
      code: 'x-scaled: &scaled {deploy: {replicas: 3}}\nservices:\n  web:\n    <<: *scaled\n    scale: 2\n',
      errors: [{ messageId: 'disagree', line: 5, column: 5, data: { service: 'web', scale: 2, replicas: 3 } }],
      output: null,
      suggestions: [
        'x-scaled: &scaled {deploy: {replicas: 3}}\nservices:\n  web:\n    <<: *scaled\n',
        'x-scaled: &scaled {deploy: {replicas: 2}}\nservices:\n  web:\n    <<: *scaled\n',
      ],
    },
    {
      name: 'both keys in an anchor two services merge: the safe fix would change both services, so it is only a suggestion',
      code: 'x-base: &base\n  scale: 2\n  deploy: {replicas: 2}\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [
        { messageId: 'both', line: 2, column: 3, data: { service: 'a', scale: 2, replicas: 2 } },
        { messageId: 'both', line: 2, column: 3, data: { service: 'b', scale: 2, replicas: 2 } },
      ],
      output: null,
      suggestions: ['x-base: &base\n  deploy: {replicas: 2}\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n'],
    },
    {
      name: 'both set to the same value: compose-go accepts it, docker-compose v1 does not; removing scale is safe',
      code: 'services:\n  web:\n    scale: 3 # keep in step\n    deploy:\n      replicas: 3\n',
      errors: [
        { messageId: 'both', severity: 'warning', line: 3, column: 5, data: { service: 'web', scale: 3, replicas: 3 } },
      ],
      output: 'services:\n  web:\n    deploy:\n      replicas: 3\n',
      suggestions: ['services:\n  web:\n    deploy:\n      replicas: 3\n'],
      suggestionsResolve: true,
    },
    {
      name: 'a string and a number that agree',
      code: 'services:\n  web:\n    scale: "2"\n    deploy: {replicas: 2}\n',
      errors: [
        { messageId: 'both', severity: 'warning', line: 3, column: 5, data: { service: 'web', scale: 2, replicas: 2 } },
      ],
      output: 'services:\n  web:\n    deploy: {replicas: 2}\n',
      suggestions: ['services:\n  web:\n    deploy: {replicas: 2}\n'],
    },
    {
      name: 'scale: 3 and deploy.replicas: 2',
      code: yaml`
        services:
          web:
            image: nginx
            scale: 3 # what the load test wants
            deploy:
              replicas: 2
      `,
      errors: [
        {
          messageId: 'disagree',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          data: { service: 'web', scale: 3, replicas: 2 },
        },
      ],
      output: null,
      suggestions: [
        'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n',
        'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'flow-style deploy and a quoted scale',
      code: 'services:\n  worker: {scale: "4", deploy: {replicas: 1}}\n',
      errors: [{ messageId: 'disagree', line: 2, column: 12, data: { service: 'worker', scale: 4, replicas: 1 } }],
      output: null,
      suggestions: ['services:\n  worker: {deploy: {replicas: 1}}\n', 'services:\n  worker: {deploy: {replicas: 4}}\n'],
      suggestionsResolve: true,
    },
    {
      name: 'one finding per service',
      code: 'services:\n  a:\n    scale: 0\n    deploy:\n      replicas: 1\n  b:\n    scale: 1\n  c:\n    deploy:\n      replicas: 5\n    scale: 2\n',
      errors: [
        { messageId: 'disagree', line: 3, column: 5, data: { service: 'a', scale: 0, replicas: 1 } },
        { messageId: 'disagree', line: 11, column: 5, data: { service: 'c', scale: 2, replicas: 5 } },
      ],
      output: null,
      suggestions: [
        'services:\n  a:\n    deploy:\n      replicas: 1\n  b:\n    scale: 1\n  c:\n    deploy:\n      replicas: 5\n    scale: 2\n',
        'services:\n  a:\n    deploy:\n      replicas: 0\n  b:\n    scale: 1\n  c:\n    deploy:\n      replicas: 5\n    scale: 2\n',
      ],
    },
  ],
});
