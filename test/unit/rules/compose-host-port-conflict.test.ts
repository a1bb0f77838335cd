import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/compose-host-port-conflict';
import { ruleTester, yaml } from '../../helpers/rule-tester';

/** A one-service Compose file with `extra` lines under the service and one port entry. */
function service(extra: string, port: string): string {
  return `services:\n  web:\n    image: nginx\n${extra}    ports:\n      - ${port}\n`;
}

const scaledByScript = scanCommands('/w/deploy.sh', 'docker compose up -d --scale web=3', emptyWorkspace());

ruleTester(rule, {
  valid: [
    {
      name: "merge key: the service's own deploy.replicas: 1 wins over the anchor's",
      code: yaml`
      x-scaled: &scaled {deploy: {replicas: 3}}
      services:
        web:
          <<: *scaled
          deploy: {replicas: 1}
          ports: ["8080:80"]
    `,
    },
    { name: 'one replica with a fixed host port', code: service('', '"8080:80"') },
    { name: 'scale: 1', code: service('    scale: 1\n', '"8080:80"') },
    { name: 'container port only: the engine picks a host port per replica', code: service('    scale: 3\n', '"80"') },
    { name: 'container port as a number', code: service('    scale: 3\n', '80') },
    { name: 'bound to an address, host port left to the engine', code: service('    scale: 3\n', '"127.0.0.1::80"') },
    { name: 'a host range for one container port', code: service('    scale: 3\n', '"8080-8085:80"') },
    { name: 'a variable without a default is unknown', code: service('    scale: 3\n', '"${HTTP_PORT}:80"') },
    {
      name: 'deploy.mode: global runs one container per node',
      code: service('    deploy:\n      mode: global\n      replicas: 3\n', '"8080:80"'),
    },
    {
      name: 'long syntax without published',
      code: 'services:\n  web:\n    scale: 3\n    ports:\n      - target: 80\n',
    },
    {
      name: 'Swarm stack files share the port through the routing mesh',
      kind: 'swarm',
      code: `# scalewise: kind=swarm\n${service('    deploy:\n      replicas: 3\n', '"8080:80"')}`,
    },
  ],
  invalid: [
    {
      name: 'replicas merged from an anchor (<<: *scaled), the port written in the service',
      code: yaml`
        x-scaled: &scaled {deploy: {replicas: 3}}
        services:
          web:
            <<: *scaled
            image: nginx
            container_name: web
            ports:
              - "8080:80"
      `,
      errors: [
        {
          messageId: 'conflict',
          line: 8,
          column: 9,
          data: { service: 'web', host: '8080', first: 8080, count: 3, why: 'deploy.replicas: 3' },
        },
      ],
      output: null,
      suggestions: [
        'x-scaled: &scaled {deploy: {replicas: 3}}\nservices:\n  web:\n    <<: *scaled\n    image: nginx\n    container_name: web\n    ports:\n      - "80"\n',
        yaml`
          x-scaled: &scaled {deploy: {replicas: 3}}
          services:
            web:
              <<: *scaled
              image: nginx
              container_name: web
              ports:
                - "8080-8082:80"
        `,
      ],
    },
    {
      name: "ports and replicas in an anchor two services merge: reported at the anchor's port, per service",
      code: 'x-web: &web\n  ports: ["8080:80"]\n  scale: 2\nservices:\n  a: {<<: *web}\n  b: {<<: *web}\n',
      errors: [
        {
          messageId: 'conflict',
          line: 2,
          column: 11,
          data: { service: 'a', host: '8080', first: 8080, count: 2, why: 'scale: 2' },
        },
        {
          messageId: 'conflict',
          line: 2,
          column: 11,
          data: { service: 'b', host: '8080', first: 8080, count: 2, why: 'scale: 2' },
        },
      ],
      output: null,
      suggestions: [
        'x-web: &web\n  ports: ["80"]\n  scale: 2\nservices:\n  a: {<<: *web}\n  b: {<<: *web}\n',
        'x-web: &web\n  ports: ["8080-8081:80"]\n  scale: 2\nservices:\n  a: {<<: *web}\n  b: {<<: *web}\n',
      ],
    },
    {
      name: '"8080:80" with scale: 3',
      code: service('    scale: 3\n', '"8080:80"'),
      errors: [
        {
          messageId: 'conflict',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 18,
          data: { service: 'web', host: '8080', first: 8080, count: 3, why: 'scale: 3' },
        },
      ],
      output: null,
      suggestions: [service('    scale: 3\n', '"80"'), service('    scale: 3\n', '"8080-8082:80"')],
    },
    {
      name: 'unquoted 8080:80 (a string in YAML 1.2)',
      code: service('    scale: 2\n', '8080:80'),
      errors: [
        {
          messageId: 'conflict',
          line: 6,
          column: 9,
          data: { service: 'web', host: '8080', first: 8080, count: 2, why: 'scale: 2' },
        },
      ],
      output: null,
      suggestions: [service('    scale: 2\n', '"80"'), service('    scale: 2\n', '"8080-8081:80"')],
    },
    {
      name: '"127.0.0.1:8080:80": the fixes keep the address the port is bound to',
      code: service('    deploy:\n      replicas: 2\n', '"127.0.0.1:8080:80"'),
      errors: [
        {
          messageId: 'conflict',
          line: 7,
          column: 9,
          data: { service: 'web', host: '8080', first: 8080, count: 2, why: 'deploy.replicas: 2' },
        },
      ],
      output: null,
      suggestions: [
        service('    deploy:\n      replicas: 2\n', '"127.0.0.1::80"'),
        service('    deploy:\n      replicas: 2\n', '"127.0.0.1:8080-8081:80"'),
      ],
    },
    {
      name: '"[::1]:8080:80": an IPv6 address stays bracketed',
      code: service('    scale: 2\n', '"[::1]:8080:80"'),
      errors: [
        {
          messageId: 'conflict',
          line: 6,
          column: 9,
          data: { service: 'web', host: '8080', first: 8080, count: 2, why: 'scale: 2' },
        },
      ],
      output: null,
      suggestions: [service('    scale: 2\n', '"[::1]::80"'), service('    scale: 2\n', '"[::1]:8080-8081:80"')],
    },
    {
      name: '"8080-8081:80-81": equal-length ranges map one to one',
      code: service('    scale: 2\n', '"8080-8081:80-81"'),
      errors: [
        {
          messageId: 'conflict',
          line: 6,
          column: 9,
          data: { service: 'web', host: '8080-8081', first: 8080, count: 2, why: 'scale: 2' },
        },
      ],
      output: null,
      suggestions: [service('    scale: 2\n', '"80-81"')],
    },
    {
      name: 'the protocol is kept',
      code: service('    scale: 2\n', '"5000:5000/udp"'),
      errors: [
        {
          messageId: 'conflict',
          line: 6,
          column: 9,
          data: { service: 'web', host: '5000', first: 5000, count: 2, why: 'scale: 2' },
        },
      ],
      output: null,
      suggestions: [service('    scale: 2\n', '"5000/udp"'), service('    scale: 2\n', '"5000-5001:5000/udp"')],
    },
    {
      name: '"${HTTP_PORT:-80}:80" is read with its default',
      code: service('    scale: 3\n', '"${HTTP_PORT:-80}:80"'),
      errors: [
        {
          messageId: 'conflict',
          line: 6,
          column: 9,
          data: { service: 'web', host: '80', first: 80, count: 3, why: 'scale: 3' },
        },
      ],
      output: null,
      suggestions: [service('    scale: 3\n', '"80"'), service('    scale: 3\n', '"80-82:80"')],
    },
    {
      name: 'long syntax: published as a number, no text fix offered',
      code: 'services:\n  web:\n    scale: 2\n    ports:\n      - target: 80\n        published: 8080\n',
      errors: [
        {
          messageId: 'conflict',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 24,
          data: { service: 'web', host: '8080', first: 8080, count: 2, why: 'scale: 2' },
        },
      ],
      output: null,
    },
    {
      name: 'long syntax: published as a string with a protocol',
      code: 'services:\n  web:\n    deploy: {replicas: 2}\n    ports:\n      - {target: 80, published: "8080", protocol: tcp}\n',
      errors: [
        {
          messageId: 'conflict',
          line: 5,
          column: 33,
          data: { service: 'web', host: '8080', first: 8080, count: 2, why: 'deploy.replicas: 2' },
        },
      ],
      output: null,
    },
    {
      name: 'scaled by docker compose up --scale in a script',
      file: '/w/compose.yaml',
      workspace: scaledByScript,
      code: service('', '"8080:80"'),
      errors: [
        {
          messageId: 'conflict',
          line: 5,
          column: 9,
          data: { service: 'web', host: '8080', first: 8080, count: 3, why: '--scale web=3 in deploy.sh:1' },
        },
      ],
      output: null,
      suggestions: [service('', '"80"'), service('', '"8080-8082:80"')],
    },
    {
      name: 'one finding per fixed port; the dynamic one is fine',
      code: 'services:\n  web:\n    scale: 2\n    ports:\n      - "8080:80"\n      - "9000-9010:9000"\n      - "8443:443"\n',
      errors: [
        {
          messageId: 'conflict',
          line: 5,
          column: 9,
          data: { service: 'web', host: '8080', first: 8080, count: 2, why: 'scale: 2' },
        },
        {
          messageId: 'conflict',
          line: 7,
          column: 9,
          data: { service: 'web', host: '8443', first: 8443, count: 2, why: 'scale: 2' },
        },
      ],
      output: null,
      suggestions: [
        'services:\n  web:\n    scale: 2\n    ports:\n      - "80"\n      - "9000-9010:9000"\n      - "8443:443"\n',
        'services:\n  web:\n    scale: 2\n    ports:\n      - "8080-8081:80"\n      - "9000-9010:9000"\n      - "8443:443"\n',
      ],
    },
  ],
});
