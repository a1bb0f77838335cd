import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/compose-missing-resource-limits';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const scaledInReadme = scanCommands(
  '/w/README.md',
  'Start with `docker compose up -d --scale worker=3`.\n',
  emptyWorkspace(),
);

ruleTester(rule, {
  valid: [
    {
      name: 'merge key: limits merged from an anchor',
      code: yaml`
      x-limited: &limited
        deploy:
          replicas: 3
          resources: {limits: {cpus: "0.5", memory: 256M}}
      services:
        web:
          <<: *limited
          image: nginx
    `,
    },
    { name: 'one replica', code: 'services:\n  web:\n    image: nginx\n' },
    {
      name: 'scaled with limits',
      code: 'services:\n  web:\n    scale: 3\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n',
    },
    { name: 'scaled with the legacy mem_limit', code: 'services:\n  web:\n    scale: 3\n    mem_limit: 512m\n' },
    {
      name: 'global services are not replicas',
      code: 'services:\n  agent:\n    image: x\n    deploy:\n      mode: global\n      replicas: 3\n',
    },
    {
      name: 'an overlay fragment without image or build',
      code: 'services:\n  server:\n    scale: 3\n    ports:\n      - "9229"\n',
    },
  ],
  invalid: [
    {
      name: 'replicas merged from an anchor one service uses: the limits go into the anchor',
      code: yaml`
        x-scaled: &scaled
          deploy:
            replicas: 3
        services:
          web:
            <<: *scaled
            image: nginx
      `,
      errors: [
        { messageId: 'missing', line: 5, column: 3, data: { service: 'web', count: 3, why: 'deploy.replicas: 3' } },
      ],
      output: null,
      suggestions: [
        yaml`
        x-scaled: &scaled
          deploy:
            replicas: 3
            resources:
              limits: # scalewise: set from measured usage
                cpus: "0.5"
                memory: 512M
        services:
          web:
            <<: *scaled
            image: nginx
      `,
      ],
    },
    {
      name: 'scale: 3 without deploy: a whole block is added',
      code: yaml`
        services:
          web:
            image: nginx
            scale: 3
          db:
            image: postgres
      `,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 6,
          data: { service: 'web', count: 3, why: 'scale: 3' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        services:
          web:
            image: nginx
            scale: 3
            deploy:
              resources:
                limits: # scalewise: set from measured usage
                  cpus: "0.5"
                  memory: 512M
          db:
            image: postgres
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'merged into an existing deploy with reservations',
      code: yaml`
        services:
          worker:
            build: .
            deploy:
              replicas: 4
              resources:
                reservations:
                  memory: 256M
            environment:
              A: b
      `,
      errors: [
        { messageId: 'missing', line: 2, column: 3, data: { service: 'worker', count: 4, why: 'deploy.replicas: 4' } },
      ],
      output: null,
      suggestions: [
        yaml`
        services:
          worker:
            build: .
            deploy:
              replicas: 4
              resources:
                reservations:
                  memory: 256M
                limits: # scalewise: set from measured usage
                  cpus: "0.5"
                  memory: 512M
            environment:
              A: b
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'flow-style deploy: flow text, no comment',
      code: 'services:\n  api:\n    image: x\n    deploy: {replicas: 2}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: null,
      suggestions: [
        'services:\n  api:\n    image: x\n    deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 512M}}}\n',
      ],
    },
    {
      name: 'an empty limits: gets the values under it',
      code: 'services:\n  api:\n    image: x\n    scale: 2\n    deploy:\n      resources:\n        limits:\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: null,
      suggestions: [
        yaml`
        services:
          api:
            image: x
            scale: 2
            deploy:
              resources:
                limits:
                  cpus: "0.5" # scalewise: set from measured usage
                  memory: 512M
      `,
      ],
    },
    {
      name: 'scaled by inline code in a README',
      file: '/w/compose.yaml',
      workspace: scaledInReadme,
      code: 'services:\n  worker:\n    image: registry.example.invalid/worker\n',
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 3,
          data: { service: 'worker', count: 3, why: '--scale worker=3 in README.md:1' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        services:
          worker:
            image: registry.example.invalid/worker
            deploy:
              resources:
                limits: # scalewise: set from measured usage
                  cpus: "0.5"
                  memory: 512M
      `,
      ],
    },
    {
      name: 'Swarm stack files too',
      code: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n',
      errors: [{ messageId: 'missing', line: 3, column: 3 }],
      output: null,
      suggestions: [
        yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            deploy:
              replicas: 3
              resources:
                limits: # scalewise: set from measured usage
                  cpus: "0.5"
                  memory: 512M
      `,
      ],
    },
  ],
});
