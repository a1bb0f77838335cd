import rule from '../../../server/src/engine/rules/swarm-container-name-ignored';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const HEAD = '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n';

ruleTester(rule, {
  valid: [
    { name: 'no container_name', code: HEAD },
    {
      name: 'a Compose file keeps its container_name (compose/container-name-blocks-scale decides)',
      kind: 'compose',
      code: yaml`
      services:
        web:
          image: nginx
          container_name: web
    `,
    },
  ],
  invalid: [
    {
      name: 'container_name is removed, its comment with it, the next comment stays',
      code: `${HEAD}    container_name: my-web # for docker exec\n    # public port\n    ports: ["80"]\n`,
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 19,
          data: { service: 'web', name: 'my-web' },
        },
      ],
      output: `${HEAD}    # public port\n    ports: ["80"]\n`,
      suggestions: [`${HEAD}    # public port\n    ports: ["80"]\n`],
    },
    {
      name: 'flow-style service',
      code: '# scalewise: kind=swarm\nservices:\n  web: {image: nginx, container_name: web, deploy: {replicas: 2}}\n',
      errors: [{ messageId: 'ignored', line: 3, column: 23, data: { service: 'web', name: 'web' } }],
      output: '# scalewise: kind=swarm\nservices:\n  web: {image: nginx, deploy: {replicas: 2}}\n',
      suggestions: ['# scalewise: kind=swarm\nservices:\n  web: {image: nginx, deploy: {replicas: 2}}\n'],
    },
    {
      name: 'two services',
      code: '# scalewise: kind=swarm\nservices:\n  a:\n    image: x\n    container_name: a\n  b:\n    container_name: b\n    image: y\n',
      errors: [
        { messageId: 'ignored', line: 5, column: 5, data: { service: 'a', name: 'a' } },
        { messageId: 'ignored', line: 7, column: 5, data: { service: 'b', name: 'b' } },
      ],
      output: '# scalewise: kind=swarm\nservices:\n  a:\n    image: x\n  b:\n    image: y\n',
      suggestions: [
        '# scalewise: kind=swarm\nservices:\n  a:\n    image: x\n  b:\n    container_name: b\n    image: y\n',
      ],
    },
  ],
});
