import rule from '../../../server/src/engine/rules/swarm-cpus-must-be-string';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const svc = (resources: string) =>
  `# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    deploy:\n      resources:\n${resources}`;

ruleTester(rule, {
  valid: [
    { name: 'quoted', code: svc('        limits:\n          cpus: "0.5"\n') },
    { name: 'single-quoted reservation', code: svc("        reservations:\n          cpus: '0.25'\n") },
    {
      name: 'plain scalar that is a string (interpolation)',
      code: svc('        limits:\n          cpus: ${CPUS:-1}\n'),
    },
    {
      name: 'a Compose file may use numbers',
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          cpus: 0.5\n',
    },
    { name: 'memory is not this rule', code: svc('        limits:\n          memory: 512M\n') },
    // The resource reader falls back to the legacy key for limits.cpus; this rule is about deploy.resources only.
    {
      name: 'the service-level cpus key is not this rule',
      code: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    cpus: 0.5\n',
    },
    {
      name: 'a quoted cpus merged into limits',
      code: yaml`
        # scalewise: kind=swarm
        x-lim: &lim {cpus: "0.5"}
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  <<: *lim
      `,
    },
  ],
  invalid: [
    {
      name: 'limits.cpus: 0.50 keeps its digits',
      code: svc('        limits:\n          cpus: 0.50 # half a core\n'),
      errors: [
        {
          messageId: 'number',
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 21,
          data: { value: '0.50', path: 'services.web.deploy.resources.limits.cpus' },
        },
      ],
      output: svc('        limits:\n          cpus: "0.50" # half a core\n'),
      suggestions: [svc('        limits:\n          cpus: "0.50" # half a core\n')],
    },
    {
      name: 'integer cpus in limits and reservations, flow style',
      code: svc('        limits: {cpus: 2, memory: 1G}\n        reservations: {cpus: 1}\n'),
      errors: [
        {
          messageId: 'number',
          line: 7,
          column: 24,
          data: { value: '2', path: 'services.web.deploy.resources.limits.cpus' },
        },
        {
          messageId: 'number',
          line: 8,
          column: 30,
          data: { value: '1', path: 'services.web.deploy.resources.reservations.cpus' },
        },
      ],
      output: svc('        limits: {cpus: "2", memory: 1G}\n        reservations: {cpus: "1"}\n'),
      suggestions: [svc('        limits: {cpus: "2", memory: 1G}\n        reservations: {cpus: 1}\n')],
    },
    {
      name: 'an aliased number is reported but not edited (the anchor is shared)',
      code: yaml`
        # scalewise: kind=swarm
        x-cpu: &cpu 0.5
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: *cpu
      `,
      errors: [
        {
          messageId: 'number',
          line: 9,
          column: 17,
          data: { value: '0.5', path: 'services.web.deploy.resources.limits.cpus' },
        },
      ],
      output: null,
    },
    {
      name: 'a number merged into limits (<<) is reported at the anchor, its fix a suggestion',
      code: yaml`
        # scalewise: kind=swarm
        x-lim: &lim {cpus: 0.5}
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  <<: *lim
      `,
      errors: [
        {
          messageId: 'number',
          line: 2,
          column: 20,
          data: { value: '0.5', path: 'services.web.deploy.resources.limits.cpus' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          # scalewise: kind=swarm
          x-lim: &lim {cpus: "0.5"}
          services:
            web:
              image: nginx
              deploy:
                resources:
                  limits:
                    <<: *lim
        `,
      ],
    },
    {
      name: 'a merged reservations.cpus beside an own limits.cpus: each is read from its section',
      code: yaml`
        # scalewise: kind=swarm
        x-res: &res {reservations: {cpus: 1}}
        services:
          web:
            image: nginx
            deploy:
              resources:
                <<: *res
                limits:
                  cpus: "2"
      `,
      errors: [
        {
          messageId: 'number',
          line: 2,
          column: 35,
          data: { value: '1', path: 'services.web.deploy.resources.reservations.cpus' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          # scalewise: kind=swarm
          x-res: &res {reservations: {cpus: "1"}}
          services:
            web:
              image: nginx
              deploy:
                resources:
                  <<: *res
                  limits:
                    cpus: "2"
        `,
      ],
    },
  ],
});
