import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/compose-container-name-blocks-scale';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const scaledByScript = scanCommands('/w/deploy.sh', 'docker compose up -d --scale web=3', emptyWorkspace());
const scaledInReadme = scanCommands(
  '/w/README.md',
  '```sh\n$ docker-compose up --scale web=4\n```\n',
  emptyWorkspace(),
);
const scaledOther = scanCommands('/w/deploy.sh', 'docker compose up -d --scale worker=5', emptyWorkspace());

ruleTester(rule, {
  valid: [
    {
      name: 'merge key: a key written in the service wins over the merged one',
      code: yaml`
      x-scaled: &scaled {deploy: {replicas: 3}}
      services:
        web:
          <<: *scaled
          container_name: web
          deploy: {replicas: 1}
    `,
    },
    {
      name: 'merge key with a sequence: the earlier map wins (scale: 1)',
      code: yaml`
      x-one: &one {scale: 1}
      x-three: &three {scale: 3}
      services:
        web:
          <<: [*one, *three]
          container_name: web
    `,
    },
    {
      name: 'container_name without replicas',
      code: yaml`
      services:
        web:
          image: nginx
          container_name: my-web
    `,
    },
    {
      name: 'scale: 1',
      code: yaml`
      services:
        web:
          image: nginx
          container_name: my-web
          scale: 1
    `,
    },
    {
      name: 'deploy.replicas: 1',
      code: yaml`
      services:
        web:
          container_name: my-web
          deploy:
            replicas: 1
    `,
    },
    {
      name: 'replicas without container_name',
      code: yaml`
      services:
        web:
          image: nginx
          deploy:
            replicas: 3
    `,
    },
    {
      name: 'a script scales another service',
      file: '/w/compose.yaml',
      workspace: scaledOther,
      code: yaml`
      services:
        web:
          container_name: my-web
    `,
    },
    {
      name: 'scale: 0',
      code: yaml`
      services:
        web:
          container_name: my-web
          scale: 0
    `,
    },
    {
      name: 'replicas set by an unresolved variable',
      code: yaml`
      services:
        web:
          container_name: my-web
          deploy:
            replicas: \${REPLICAS}
    `,
    },
  ],
  invalid: [
    {
      name: "deploy.replicas merged from an anchor (<<: *scaled): reported at the service's own container_name",
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
          messageId: 'blocks',
          line: 6,
          column: 5,
          data: { service: 'web', name: 'web', count: 3, why: 'deploy.replicas: 3' },
        },
      ],
      output: null,
      suggestions: [
        'x-scaled: &scaled {deploy: {replicas: 3}}\nservices:\n  web:\n    <<: *scaled\n    image: nginx\n    ports:\n      - "8080:80"\n',
      ],
    },
    {
      name: 'merge key with a sequence: the earlier map wins (scale: 3)',
      code: 'x-one: &one {scale: 1}\nx-three: &three {scale: 3}\nservices:\n  web:\n    <<: [*three, *one]\n    container_name: web\n',
      errors: [
        { messageId: 'blocks', line: 6, column: 5, data: { service: 'web', name: 'web', count: 3, why: 'scale: 3' } },
      ],
      output: null,
      suggestions: ['x-one: &one {scale: 1}\nx-three: &three {scale: 3}\nservices:\n  web:\n    <<: [*three, *one]\n'],
    },
    {
      name: 'a plain alias as the value of deploy',
      code: 'x-deploy: &three {replicas: 3}\nservices:\n  web:\n    container_name: web\n    deploy: *three\n',
      errors: [
        {
          messageId: 'blocks',
          line: 4,
          column: 5,
          data: { service: 'web', name: 'web', count: 3, why: 'deploy.replicas: 3' },
        },
      ],
      output: null,
      suggestions: ['x-deploy: &three {replicas: 3}\nservices:\n  web:\n    deploy: *three\n'],
    },
    {
      name: "container_name in an anchor two services merge: reported per service at the anchor's line; the fix changes both",
      code: yaml`
        x-web: &web
          image: nginx
          container_name: web
          deploy:
            replicas: 2
        services:
          a:
            <<: *web
          b:
            <<: *web
      `,
      errors: [
        {
          messageId: 'blocks',
          line: 3,
          column: 3,
          data: { service: 'a', name: 'web', count: 2, why: 'deploy.replicas: 2' },
        },
        {
          messageId: 'blocks',
          line: 3,
          column: 3,
          data: { service: 'b', name: 'web', count: 2, why: 'deploy.replicas: 2' },
        },
      ],
      output: null,
      suggestions: [
        'x-web: &web\n  image: nginx\n  deploy:\n    replicas: 2\nservices:\n  a:\n    <<: *web\n  b:\n    <<: *web\n',
      ],
    },
    {
      name: 'scale: 3',
      code: yaml`
        services:
          web:
            image: nginx
            container_name: my-web
            scale: 3
      `,
      errors: [
        {
          messageId: 'blocks',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 19,
          data: { service: 'web', name: 'my-web', count: 3, why: 'scale: 3' },
        },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n    scale: 3\n'],
    },
    {
      name: 'deploy.replicas: 3',
      code: yaml`
        services:
          web:
            image: nginx
            container_name: my-web
            deploy:
              replicas: 3
      `,
      errors: [
        {
          messageId: 'blocks',
          line: 4,
          column: 5,
          data: { service: 'web', name: 'my-web', count: 3, why: 'deploy.replicas: 3' },
        },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n'],
    },
    {
      name: 'scale given as a string, as interpolation leaves it',
      code: 'services:\n  web:\n    container_name: w\n    scale: "2"\n',
      errors: [
        { messageId: 'blocks', line: 3, column: 5, data: { service: 'web', name: 'w', count: 2, why: 'scale: 2' } },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    scale: "2"\n'],
    },
    {
      name: 'scale wins over deploy.replicas (compose-go GetScale)',
      code: 'services:\n  web:\n    container_name: w\n    scale: 2\n    deploy:\n      replicas: 1\n',
      errors: [
        { messageId: 'blocks', line: 3, column: 5, data: { service: 'web', name: 'w', count: 2, why: 'scale: 2' } },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    scale: 2\n    deploy:\n      replicas: 1\n'],
    },
    {
      name: 'docker compose up --scale web=3 in a script',
      file: '/w/compose.yaml',
      workspace: scaledByScript,
      code: yaml`
        services:
          web:
            image: nginx
            container_name: my-web
      `,
      errors: [
        {
          messageId: 'blocks',
          line: 4,
          column: 5,
          data: { service: 'web', name: 'my-web', count: 3, why: '--scale web=3 in deploy.sh:1' },
        },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n'],
    },
    {
      name: 'docker-compose --scale in a README code block',
      file: '/w/compose.yaml',
      workspace: scaledInReadme,
      code: 'services:\n  web:\n    container_name: my-web\n    scale: 2\n',
      errors: [
        {
          messageId: 'blocks',
          line: 3,
          column: 5,
          data: { service: 'web', name: 'my-web', count: 4, why: '--scale web=4 in README.md:2' },
        },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    scale: 2\n'],
    },
    {
      name: 'the fix keeps comments above and below and a trailing comment goes with the pair',
      code: yaml`
        services:
          web:
            # the name our dashboards use
            container_name: my-web # pinned
            # three replicas for the load test
            scale: 3
      `,
      errors: [{ messageId: 'blocks', line: 4, column: 5 }],
      output: null,
      suggestions: [
        'services:\n  web:\n    # the name our dashboards use\n    # three replicas for the load test\n    scale: 3\n',
      ],
    },
    {
      name: 'flow map: the pair and one comma go, the other keys stay',
      code: 'services:\n  web: {image: nginx, container_name: my-web, scale: 2}\n',
      errors: [{ messageId: 'blocks', line: 2, column: 23 }],
      output: null,
      suggestions: ['services:\n  web: {image: nginx, scale: 2}\n'],
    },
    {
      name: 'flow map with container_name last',
      code: 'services:\n  web: {scale: 2, container_name: my-web}\n',
      errors: [{ messageId: 'blocks', line: 2, column: 19 }],
      output: null,
      suggestions: ['services:\n  web: {scale: 2}\n'],
    },
    {
      name: 'one finding per scaled service, in document order',
      code: yaml`
        services:
          api:
            container_name: api
            scale: 2
          db:
            container_name: db
          web:
            container_name: web
            deploy: {replicas: 5}
      `,
      errors: [
        { messageId: 'blocks', line: 3, column: 5, data: { service: 'api', name: 'api', count: 2, why: 'scale: 2' } },
        {
          messageId: 'blocks',
          line: 8,
          column: 5,
          data: { service: 'web', name: 'web', count: 5, why: 'deploy.replicas: 5' },
        },
      ],
      output: null,
      suggestions: [
        'services:\n  api:\n    scale: 2\n  db:\n    container_name: db\n  web:\n    container_name: web\n    deploy: {replicas: 5}\n',
      ],
    },
    {
      name: 'CRLF line endings: the fix removes the whole line with its CRLF',
      code: 'services:\r\n  web:\r\n    container_name: w\r\n    scale: 2\r\n',
      errors: [{ messageId: 'blocks', line: 3, column: 5 }],
      output: null,
      suggestions: ['services:\r\n  web:\r\n    scale: 2\r\n'],
    },
  ],
});
