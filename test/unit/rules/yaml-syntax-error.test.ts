import { MAX_LINT_BYTES } from '../../../server/src/engine/parse';
import rule from '../../../server/src/engine/rules/yaml-syntax-error';
import { ruleTester } from '../../helpers/rule-tester';
import { paragraph, yaml } from '../../../server/src/engine/template-text';

const tooLarge = `services:\n  web:\n    image: nginx\n${'# padding\n'.repeat(Math.ceil(MAX_LINT_BYTES / 10))}`;

ruleTester(rule, {
  valid: [
    { name: 'well-formed Compose', code: 'services:\n  web:\n    image: nginx\n    ports: ["80"]\n' },
    // go-yaml v2 (docker stack deploy, kubectl, helm) merges every `<<`; only go-yaml v3 (docker compose) refuses a second one.
    {
      name: 'merge keys may repeat outside Compose',
      kind: 'swarm',
      code: yaml`
      # scalewise: kind=swarm
      x-a: &a {restart: always}
      x-b: &b {init: true}
      services:
        web:
          <<: *a
          <<: *b
          image: nginx
          deploy: {replicas: 2}
    `,
    },
    { name: 'the same key in different maps', code: 'services:\n  a:\n    image: x\n  b:\n    image: y\n' },
    {
      name: 'the same key in different documents',
      file: 'manifest.yaml',
      code: 'apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n',
    },
    {
      name: 'aliases after their anchors, including a redefined anchor',
      code: yaml`
      x: &a {cpus: "1"}
      y: *a
      z: &a {cpus: "2"}
      services:
        web:
          deploy:
            resources:
              limits: *a
    `,
    },
    { name: 'a BOM and CRLF line endings', code: '\uFEFFservices:\r\n  web:\r\n    image: nginx\r\n' },
    {
      name: 'shell scripts are not YAML',
      file: 'install.sh',
      kind: 'k3s-install',
      code: yaml`
      curl -sfL https://get.k3s.io | sh -s - server
      if [ x ]; then
        echo "{"
      fi
    `,
    },
  ],
  invalid: [
    {
      name: 'a key indented one column short, reported on its line',
      code: 'services:\n  web:\n    image: nginx\n   ports: ["80"]\n',
      errors: [{ messageId: 'syntax', line: 4, column: 1 }],
    },
    {
      name: 'an unclosed flow sequence',
      code: 'services:\n  web:\n    ports: ["80"\n    image: nginx\n',
      errors: [{ messageId: 'syntax', line: 4, column: 5 }],
    },
    {
      name: 'a tab as indentation',
      code: 'services:\n  web:\n\timage: nginx\n',
      errors: [{ messageId: 'syntax', line: 3, column: 1 }],
    },
    {
      name: 'a nested compact mapping',
      code: 'services:\n  web: image: nginx\n',
      errors: [{ messageId: 'syntax', line: 2, column: 8 }],
    },
    {
      name: 'the error is in the second document; the first still parses',
      code: 'services:\n  web: {image: a}\n---\nservices: {web: {image: b}\n',
      errors: [{ messageId: 'syntax', line: 5, column: 1 }],
    },
    {
      name: 'a duplicate service name: docker compose refuses the file',
      code: 'services:\n  web:\n    image: a\n  web:\n    image: b\n',
      errors: [
        {
          messageId: 'duplicateKey',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 6,
          severity: 'error',
          data: {
            key: 'web',
            firstLine: 2,
            refusal: paragraph(
              'docker compose stops with `mapping key "web" already defined at line 2` (docker-compose v1 keeps',
              'the last value).',
            ),
          },
        },
      ],
    },
    {
      name: 'duplicate keys nested and in a flow map, each reported once per repeat',
      code: 'services:\n  web:\n    image: a\n    environment: {A: 1, A: 2}\n    image: b\n    image: c\n',
      errors: [
        {
          messageId: 'duplicateKey',
          line: 4,
          column: 25,
          data: {
            key: 'A',
            firstLine: 4,
            refusal: paragraph(
              'docker compose stops with `mapping key "A" already defined at line 4` (docker-compose v1 keeps',
              'the last value).',
            ),
          },
        },
        {
          messageId: 'duplicateKey',
          line: 5,
          column: 5,
          data: {
            key: 'image',
            firstLine: 3,
            refusal: paragraph(
              'docker compose stops with `mapping key "image" already defined at line 3` (docker-compose v1',
              'keeps the last value).',
            ),
          },
        },
        {
          messageId: 'duplicateKey',
          line: 6,
          column: 5,
          data: {
            key: 'image',
            firstLine: 3,
            refusal: paragraph(
              'docker compose stops with `mapping key "image" already defined at line 3` (docker-compose v1',
              'keeps the last value).',
            ),
          },
        },
      ],
    },
    {
      name: 'a second merge key in Compose: go-yaml v3 refuses it too',
      code: 'x-a: &a {restart: always}\nx-b: &b {init: true}\nservices:\n  web:\n    <<: *a\n    <<: *b\n    image: nginx\n',
      errors: [
        {
          messageId: 'duplicateKey',
          line: 6,
          column: 5,
          severity: 'error',
          data: {
            key: '<<',
            firstLine: 5,
            refusal: paragraph(
              'docker compose stops with `mapping key "<<" already defined at line 5` (docker-compose v1 keeps the',
              'last value).',
            ),
          },
        },
      ],
    },
    {
      name: 'Prometheus refuses a repeated key (strict decoding)',
      file: 'prometheus.yml',
      code: 'global:\n  scrape_interval: 15s\n  scrape_interval: 30s\nscrape_configs:\n  - job_name: a\n    static_configs: [{targets: ["localhost:9090"]}]\n',
      errors: [
        {
          messageId: 'duplicateKey',
          line: 3,
          column: 3,
          severity: 'error',
          data: {
            key: 'scrape_interval',
            firstLine: 2,
            refusal: paragraph(
              'Prometheus refuses to load the file (`field scrape_interval already set in type …` or `key',
              '"scrape_interval" already set in map`).',
            ),
          },
        },
      ],
    },
    {
      name: 'Kubernetes: kubectl keeps the last value, the first is lost',
      file: 'manifest.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n',
      errors: [
        {
          messageId: 'duplicateKeyLost',
          line: 5,
          column: 3,
          severity: 'warning',
          data: {
            key: 'name',
            firstLine: 4,
            tool: 'kubectl (even with --validate=strict: it converts YAML to JSON before the API server sees it)',
          },
        },
      ],
    },
    {
      name: 'Helm values: helm keeps the last value',
      file: 'values.yaml',
      code: 'replicaCount: 1\nimage:\n  repository: nginx\nimage:\n  tag: "1.27"\n',
      errors: [
        {
          messageId: 'duplicateKeyLost',
          line: 4,
          column: 1,
          severity: 'warning',
          data: { key: 'image', firstLine: 2, tool: 'helm' },
        },
      ],
    },
    {
      name: 'k3s config: k3s keeps the last value',
      file: '/etc/rancher/k3s/config.yaml',
      code: 'write-kubeconfig-mode: "0644"\nmax-pods: 110\nmax-pods: 250\n',
      errors: [
        {
          messageId: 'duplicateKeyLost',
          line: 3,
          column: 1,
          severity: 'warning',
          data: { key: 'max-pods', firstLine: 2, tool: 'k3s' },
        },
      ],
    },
    {
      name: 'RunaiConfig: kubectl keeps the last value',
      file: 'runai-config.yaml',
      code: 'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    replicaCount: 2\n    replicaCount: 1\n',
      errors: [
        {
          messageId: 'duplicateKeyLost',
          line: 8,
          column: 5,
          severity: 'warning',
          data: {
            key: 'replicaCount',
            firstLine: 7,
            tool: 'kubectl (even with --validate=strict: it converts YAML to JSON before the API server sees it)',
          },
        },
      ],
    },
    {
      name: 'a Swarm stack: docker stack deploy keeps the last value',
      kind: 'swarm',
      code: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n      replicas: 4\n',
      errors: [
        {
          messageId: 'duplicateKeyLost',
          line: 7,
          column: 7,
          severity: 'warning',
          data: { key: 'replicas', firstLine: 6, tool: 'docker stack deploy (docker compose would refuse the file)' },
        },
      ],
    },
    {
      name: 'an alias with no anchor, and one used before its anchor',
      code: yaml`
        x-limits: &limits
          memory: 1g
        services:
          web:
            deploy:
              resources:
                limits: *limts
          db:
            deploy: *later
          cache:
            deploy: &later {}
      `,
      errors: [
        { messageId: 'undefinedAlias', line: 7, column: 17, endLine: 7, endColumn: 23, data: { alias: 'limts' } },
        { messageId: 'undefinedAlias', line: 9, column: 13, data: { alias: 'later' } },
      ],
    },
    {
      // `{% if %}` reads as a flow map whose key starts with `%` (refused) and that is not followed
      // by `:` (refused again): one mistake, so one error per line, the first the parser found.
      name: 'one error per line: a Jinja line forced to be read as YAML',
      file: 'manifest.yaml',
      code: '# scalewise: kind=kubernetes\napiVersion: v1\nkind: Pod\nspec:\n{% if x %}\n  hostNetwork: true\n{% endif %}\n',
      errors: [
        {
          messageId: 'syntax',
          line: 5,
          column: 2,
          data: { detail: 'Plain value cannot start with directive indicator character %' },
        },
        {
          messageId: 'syntax',
          line: 7,
          column: 2,
          data: { detail: 'Plain value cannot start with directive indicator character %' },
        },
      ],
    },
    {
      name: 'one error per line: a broken line still gets one, and the next line its own',
      code: 'services:\n  web: image: nginx\n  db: {image: x, y\n',
      errors: [
        { messageId: 'syntax', line: 2, column: 8 },
        { messageId: 'syntax', line: 4, column: 1 },
      ],
    },
    {
      name: 'a file above the size limit is not parsed, and says so',
      code: tooLarge,
      errors: [{ messageId: 'tooLarge', line: 1, column: 1, data: { size: tooLarge.length, limit: MAX_LINT_BYTES } }],
    },
  ],
});
