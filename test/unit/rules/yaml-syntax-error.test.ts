import { MAX_LINT_BYTES } from '../../../server/src/engine/parse';
import rule from '../../../server/src/engine/rules/yaml-syntax-error';
import { ruleTester } from '../../helpers/rule-tester';

const tooLarge = `services:\n  web:\n    image: nginx\n${'# padding\n'.repeat(Math.ceil(MAX_LINT_BYTES / 10))}`;

ruleTester(rule, {
  valid: [
    { name: 'well-formed Compose', code: 'services:\n  web:\n    image: nginx\n    ports: ["80"]\n' },
    { name: 'merge keys may repeat', code: 'x-a: &a {restart: always}\nx-b: &b {init: true}\nservices:\n  web:\n    <<: *a\n    <<: *b\n    image: nginx\n' },
    { name: 'the same key in different maps', code: 'services:\n  a:\n    image: x\n  b:\n    image: y\n' },
    { name: 'the same key in different documents', file: 'manifest.yaml', code: 'apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n' },
    { name: 'aliases after their anchors, including a redefined anchor', code: 'x: &a {cpus: "1"}\ny: *a\nz: &a {cpus: "2"}\nservices:\n  web:\n    deploy:\n      resources:\n        limits: *a\n' },
    { name: 'a BOM and CRLF line endings', code: '\uFEFFservices:\r\n  web:\r\n    image: nginx\r\n' },
    { name: 'shell scripts are not YAML', file: 'install.sh', kind: 'k3s-install', code: 'curl -sfL https://get.k3s.io | sh -s - server\nif [ x ]; then\n  echo "{"\nfi\n' },
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
      name: 'a duplicate service name',
      code: 'services:\n  web:\n    image: a\n  web:\n    image: b\n',
      errors: [{ messageId: 'duplicateKey', line: 4, column: 3, endLine: 4, endColumn: 6, data: { key: 'web' } }],
    },
    {
      name: 'duplicate keys nested and in a flow map, each reported once per repeat',
      code: 'services:\n  web:\n    image: a\n    environment: {A: 1, A: 2}\n    image: b\n    image: c\n',
      errors: [
        { messageId: 'duplicateKey', line: 4, column: 25, data: { key: 'A' } },
        { messageId: 'duplicateKey', line: 5, column: 5, data: { key: 'image' } },
        { messageId: 'duplicateKey', line: 6, column: 5, data: { key: 'image' } },
      ],
    },
    {
      name: 'duplicate keys in a Kubernetes manifest',
      file: 'manifest.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n',
      errors: [{ messageId: 'duplicateKey', line: 5, column: 3, data: { key: 'name' } }],
    },
    {
      name: 'an alias with no anchor, and one used before its anchor',
      code: 'x-limits: &limits\n  memory: 1g\nservices:\n  web:\n    deploy:\n      resources:\n        limits: *limts\n  db:\n    deploy: *later\n  cache:\n    deploy: &later {}\n',
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
        { messageId: 'syntax', line: 5, column: 2, data: { detail: 'Plain value cannot start with directive indicator character %' } },
        { messageId: 'syntax', line: 7, column: 2, data: { detail: 'Plain value cannot start with directive indicator character %' } },
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
