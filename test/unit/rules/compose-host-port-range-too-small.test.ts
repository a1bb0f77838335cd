import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/compose-host-port-range-too-small';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

/** A one-service Compose file with `extra` lines under the service and one port entry. */
function service(extra: string, port: string): string {
  return `services:\n  web:\n    image: nginx\n${extra}    ports:\n      - ${port}\n`;
}

const scaledByMakefile = scanCommands('/w/Makefile', 'up:\n\t@docker compose up -d --scale web=6\n', emptyWorkspace());

ruleTester(rule, {
  valid: [
    { name: 'a range as large as the replica count', code: service('    scale: 3\n', '"8080-8082:80"') },
    { name: 'a larger range', code: service('    scale: 3\n', '"8080-8090:80"') },
    { name: 'one replica', code: service('', '"8080-8081:80"') },
    { name: "a fixed port is compose/host-port-conflict's concern", code: service('    scale: 3\n', '"8080:80"') },
    {
      name: 'equal-length ranges are fixed bindings, not a pool',
      code: service('    scale: 3\n', '"8080-8081:80-81"'),
    },
    { name: 'container port only', code: service('    scale: 3\n', '"80"') },
    {
      name: 'deploy.mode: global',
      code: service('    deploy:\n      mode: global\n      replicas: 4\n', '"8080-8081:80"'),
    },
    {
      name: 'long syntax with a large enough range',
      code: yaml`
      services:
        web:
          scale: 2
          ports:
            - target: 80
              published: "8080-8081"
    `,
    },
    {
      name: 'Swarm stack files are not checked',
      kind: 'swarm',
      code: `# scalewise: kind=swarm\n${service('    deploy:\n      replicas: 4\n', '"8080-8081:80"')}`,
    },
  ],
  invalid: [
    {
      name: 'three ports for five replicas',
      code: service('    scale: 5\n', '"8080-8082:80"'),
      errors: [
        {
          messageId: 'tooSmall',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 23,
          data: { service: 'web', count: 5, why: 'scale: 5', target: '80', range: '8080-8082', size: 3 },
        },
      ],
      output: null,
      suggestions: [service('    scale: 5\n', '"8080-8084:80"')],
      suggestionsResolve: true,
    },
    {
      name: 'the address and protocol are kept',
      code: service('    deploy:\n      replicas: 4\n', '"127.0.0.1:9000-9001:9000/udp"'),
      errors: [
        {
          messageId: 'tooSmall',
          line: 7,
          column: 9,
          data: {
            service: 'web',
            count: 4,
            why: 'deploy.replicas: 4',
            target: '9000/udp',
            range: '9000-9001',
            size: 2,
          },
        },
      ],
      output: null,
      suggestions: [service('    deploy:\n      replicas: 4\n', '"127.0.0.1:9000-9003:9000/udp"')],
    },
    {
      name: 'long syntax: the published range is widened',
      code: 'services:\n  web:\n    scale: 3\n    ports:\n      - target: 80\n        published: "8080-8081"\n',
      errors: [
        {
          messageId: 'tooSmall',
          line: 6,
          column: 20,
          data: { service: 'web', count: 3, why: 'scale: 3', target: '80', range: '8080-8081', size: 2 },
        },
      ],
      output: null,
      suggestions: [
        'services:\n  web:\n    scale: 3\n    ports:\n      - target: 80\n        published: "8080-8082"\n',
      ],
    },
    {
      name: 'scaled by a Makefile recipe; a variable keeps the finding but gets no fix',
      file: '/w/compose.yaml',
      workspace: scaledByMakefile,
      code: service('', '"${WEB_PORTS:-8080-8083}:80"'),
      errors: [
        {
          messageId: 'tooSmall',
          line: 5,
          column: 9,
          data: {
            service: 'web',
            count: 6,
            why: '--scale web=6 in Makefile:2',
            target: '80',
            range: '8080-8083',
            size: 4,
          },
        },
      ],
      output: null,
    },
    {
      name: 'no fix past port 65535',
      code: service('    scale: 4\n', '"65534-65535:80"'),
      errors: [{ messageId: 'tooSmall', line: 6, column: 9 }],
      output: null,
    },
  ],
});
