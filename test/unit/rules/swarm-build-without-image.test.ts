import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/swarm-build-without-image';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const stack = scanCommands('/w/deploy.sh', 'docker stack deploy --compose-file stack.yml prod', emptyWorkspace());

ruleTester(rule, {
  valid: [
    {
      name: 'build beside image: the image is deployed',
      code: yaml`
      # scalewise: kind=swarm
      services:
        web:
          build: ./web
          image: registry.example.com/web:1
    `,
    },
    { name: 'image only', code: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n' },
    {
      name: 'a Compose file may build without an image',
      kind: 'compose',
      code: 'services:\n  web:\n    build: ./web\n',
    },
  ],
  invalid: [
    {
      name: 'build only',
      code: '# scalewise: kind=swarm\nservices:\n  web:\n    build: ./web\n',
      errors: [{ messageId: 'noImage', line: 4, column: 5, endLine: 4, endColumn: 10, data: { service: 'web' } }],
      output: null,
    },
    {
      name: 'long build syntax, several services',
      code: yaml`
        # scalewise: kind=swarm
        services:
          db:
            image: postgres
          worker:
            build:
              context: .
              dockerfile: worker.Dockerfile
          api: {build: ./api}
      `,
      errors: [
        { messageId: 'noImage', line: 6, column: 5, data: { service: 'worker' } },
        { messageId: 'noImage', line: 9, column: 9, data: { service: 'api' } },
      ],
      output: null,
    },
    {
      name: 'a file deployed by a script',
      file: '/w/stack.yml',
      workspace: stack,
      code: 'services:\n  web:\n    build: .\n',
      errors: [{ messageId: 'noImage', line: 3, column: 5, data: { service: 'web' } }],
      output: null,
    },
  ],
});
