import rule from '../../../server/src/engine/rules/compose-no-load-balancer';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const api = 'services:\n  api:\n    image: registry.example.invalid/api:2\n    scale: 3\n    expose:\n      - "8080"\n';

ruleTester(rule, {
  valid: [
    { name: 'one replica', code: 'services:\n  api:\n    image: nginx\n    expose: ["80"]\n' },
    {
      name: 'no sign that it serves requests (a worker)',
      code: 'services:\n  worker:\n    image: registry.example.invalid/worker\n    scale: 4\n',
    },
    {
      name: 'publishes a port (the host-port rules look at it)',
      code: 'services:\n  web:\n    image: nginx\n    scale: 3\n    ports:\n      - "80"\n',
    },
    {
      name: 'a proxy that publishes ports depends on it',
      code: `${api}  proxy:\n    image: nginx\n    ports: ["80:80"]\n    depends_on:\n      api:\n        condition: service_healthy\n`,
    },
    {
      name: 'another service names it in its environment',
      code: `${api}  frontend:\n    image: registry.example.invalid/frontend\n    environment:\n      API_URL: http://api:8080\n`,
    },
    {
      name: 'another service names it in its command',
      code: `${api}  loadgen:\n    image: registry.example.invalid/k6\n    command: ["run", "--env", "TARGET=api:8080", "script.js"]\n`,
    },
    {
      name: 'Traefik labels route to it',
      code: 'services:\n  web:\n    image: nginx\n    scale: 2\n    labels:\n      - traefik.enable=true\n',
    },
  ],
  invalid: [
    {
      name: 'expose but nothing routes to it',
      code: api,
      errors: [
        {
          messageId: 'unreached',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 6,
          data: { service: 'api', count: 3, why: 'scale: 3', evidence: 'expose: 8080' },
        },
      ],
    },
    {
      name: 'a web server image; a depends_on from a service without ports is not a route; a name inside a longer word is not a mention',
      code: yaml`
        services:
          web:
            image: docker.io/library/nginx:1.27-alpine
            deploy:
              replicas: 2
          backup:
            image: registry.example.invalid/backup
            depends_on: [web]
            environment:
              TARGET: webapp:80
      `,
      errors: [
        {
          messageId: 'unreached',
          line: 2,
          column: 3,
          data: { service: 'web', count: 2, why: 'deploy.replicas: 2', evidence: 'image nginx is a web server' },
        },
      ],
    },
    {
      name: 'an HTTP healthcheck',
      code: yaml`
        services:
          api:
            image: registry.example.invalid/api
            scale: 2
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
      `,
      errors: [
        {
          messageId: 'unreached',
          line: 2,
          column: 3,
          data: { service: 'api', count: 2, why: 'scale: 2', evidence: 'an HTTP healthcheck' },
        },
      ],
    },
  ],
});
