import rule from '../../../server/src/engine/rules/compose-obsolete-version';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'no version key', code: 'services:\n  web:\n    image: nginx\n' },
    {
      name: 'version inside a service is not the top-level key',
      code: 'services:\n  web:\n    image: nginx\n    labels:\n      version: "3"\n',
    },
    {
      name: 'Swarm stack files keep version (docker stack deploy reads it)',
      kind: 'swarm',
      code: yaml`
      # scalewise: kind=swarm
      version: "3.8"
      services:
        web:
          image: nginx
    `,
    },
  ],
  invalid: [
    {
      name: 'a file with Swarm-only deploy keys is probably stack-deployed too: the fix is only a suggestion',
      code: 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    deploy:\n      placement:\n        constraints: [node.role == worker]\n',
      errors: [
        { messageId: 'obsoleteStack', line: 1, column: 1, data: { version: '3.8', service: 'web', key: 'placement' } },
      ],
      output: null,
      suggestions: [
        'services:\n  web:\n    image: nginx\n    deploy:\n      placement:\n        constraints: [node.role == worker]\n',
      ],
    },
    {
      name: 'deploy.mode: global counts as a Swarm sign',
      code: 'version: "3.8"\nservices:\n  agent:\n    image: agent\n    deploy: {mode: global}\n',
      errors: [
        {
          messageId: 'obsoleteStack',
          line: 1,
          column: 1,
          data: { version: '3.8', service: 'agent', key: 'mode: global' },
        },
      ],
      output: null,
      suggestions: ['services:\n  agent:\n    image: agent\n    deploy: {mode: global}\n'],
    },
    {
      name: 'version "3.8" above services',
      code: 'version: "3.8"\nservices:\n  web:\n    image: nginx\n',
      errors: [{ messageId: 'obsolete', line: 1, column: 1, endLine: 1, endColumn: 8, data: { version: '3.8' } }],
      output: 'services:\n  web:\n    image: nginx\n',
      suggestions: ['services:\n  web:\n    image: nginx\n'],
    },
    {
      name: 'a numeric version',
      code: 'version: 2.4\nservices: {}\n',
      errors: [{ messageId: 'obsolete', line: 1, column: 1, data: { version: '2.4' } }],
      output: 'services: {}\n',
      suggestions: ['services: {}\n'],
    },
    {
      name: 'comments above and below stay; the comment on the same line goes with the key',
      code: yaml`
        # Our app, see README
        version: "3.9" # required by old docker-compose
        # services follow
        services:
          web:
            image: nginx
      `,
      errors: [{ messageId: 'obsolete', line: 2, column: 1, data: { version: '3.9' } }],
      output: '# Our app, see README\n# services follow\nservices:\n  web:\n    image: nginx\n',
      suggestions: ['# Our app, see README\n# services follow\nservices:\n  web:\n    image: nginx\n'],
    },
    {
      name: 'version last, without a final newline; unrelated keys stay',
      code: 'services:\n  web:\n    image: nginx\nx-common: &common\n  restart: always\nversion: "3"',
      errors: [{ messageId: 'obsolete', line: 6, column: 1, data: { version: '3' } }],
      output: 'services:\n  web:\n    image: nginx\nx-common: &common\n  restart: always\n',
      suggestions: ['services:\n  web:\n    image: nginx\nx-common: &common\n  restart: always\n'],
    },
    {
      name: 'flow map at the top: the pair and its comma go',
      code: '{version: "3", services: {web: {image: nginx}}}\n',
      errors: [{ messageId: 'obsolete', line: 1, column: 2, data: { version: '3' } }],
      output: '{services: {web: {image: nginx}}}\n',
      suggestions: ['{services: {web: {image: nginx}}}\n'],
    },
    {
      name: 'flow map with version last: the comma before it goes',
      code: '{services: {web: {image: nginx}}, version: "3"}\n',
      errors: [{ messageId: 'obsolete', line: 1, column: 35, data: { version: '3' } }],
      output: '{services: {web: {image: nginx}}}\n',
      suggestions: ['{services: {web: {image: nginx}}}\n'],
    },
    {
      name: 'CRLF line endings',
      code: 'version: "3"\r\nservices:\r\n  web:\r\n    image: nginx\r\n',
      errors: [{ messageId: 'obsolete', line: 1, column: 1 }],
      output: 'services:\r\n  web:\r\n    image: nginx\r\n',
      suggestions: ['services:\r\n  web:\r\n    image: nginx\r\n'],
    },
    {
      name: 'one finding per document of a stream, each fixed',
      code: 'version: "3"\nservices:\n  a: {image: x}\n---\nversion: "3"\nservices:\n  b: {image: y}\n',
      errors: [
        { messageId: 'obsolete', line: 1, column: 1 },
        { messageId: 'obsolete', line: 5, column: 1 },
      ],
      output: 'services:\n  a: {image: x}\n---\nservices:\n  b: {image: y}\n',
      suggestions: ['services:\n  a: {image: x}\n---\nversion: "3"\nservices:\n  b: {image: y}\n'],
    },
    {
      name: 'the first line removed: the file does not start with the blank line after it',
      code: 'version: "3.8"\n\nservices:\n  web:\n    image: nginx\n',
      errors: [{ messageId: 'obsolete', line: 1, column: 1 }],
      output: 'services:\n  web:\n    image: nginx\n',
      suggestions: ['services:\n  web:\n    image: nginx\n'],
    },
    {
      name: 'between blank lines: one blank line stays, not two',
      code: '# app\n\nversion: "3.8"\n\nservices:\n  web:\n    image: nginx\n',
      errors: [{ messageId: 'obsolete', line: 3, column: 1 }],
      output: '# app\n\nservices:\n  web:\n    image: nginx\n',
      suggestions: ['# app\n\nservices:\n  web:\n    image: nginx\n'],
    },
  ],
});
