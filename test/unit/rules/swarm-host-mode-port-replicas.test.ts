import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/swarm-host-mode-port-replicas';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const svc = (deploy: string, mode = 'host', published = '8080') =>
  [
    '# scalewise: kind=swarm',
    'services:',
    '  web:',
    '    image: nginx',
    '    ports:',
    '      - target: 80',
    `        published: ${published}`,
    `        mode: ${mode}`,
    '    deploy:',
    `${deploy}`,
  ].join('\n');
const scaled = scanCommands(
  '/w/deploy.sh',
  'docker stack deploy -c stack.yml dl\ndocker service scale dl_web=4',
  emptyWorkspace(),
);

ruleTester(rule, {
  valid: [
    { name: 'one replica', code: svc('      replicas: 1\n') },
    { name: 'ingress mode shares the port', code: svc('      replicas: 3\n', 'ingress') },
    { name: 'global: one task per node', code: svc('      mode: global\n') },
    {
      name: 'max_replicas_per_node: 1',
      code: svc('      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n'),
    },
    {
      name: 'no published port: Swarm picks one per task',
      code: yaml`
      # scalewise: kind=swarm
      services:
        web:
          image: nginx
          ports:
            - {target: 80, mode: host}
          deploy: {replicas: 3}
    `,
    },
    { name: 'replicas within cluster.nodes', config: { cluster: { nodes: 3 } }, code: svc('      replicas: 3\n') },
  ],
  invalid: [
    {
      name: 'unknown node count, replicas: 3',
      code: svc('      replicas: 3\n'),
      errors: [
        {
          messageId: 'unknownNodes',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 19,
          data: { service: 'web', port: '8080', count: 3, why: 'deploy.replicas: 3' },
        },
      ],
      output: null,
      suggestions: [
        svc('      replicas: 3\n', 'ingress'),
        svc('      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n'),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'a variable target (${T}) does not hide a host-mode published port',
      code: svc('      replicas: 3\n').replace('target: 80', 'target: ${T}'),
      errors: [
        {
          messageId: 'unknownNodes',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 19,
          data: { service: 'web', port: '8080', count: 3, why: 'deploy.replicas: 3' },
        },
      ],
      output: null,
      suggestions: [
        svc('      replicas: 3\n', 'ingress').replace('target: 80', 'target: ${T}'),
        svc('      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n').replace(
          'target: 80',
          'target: ${T}',
        ),
      ],
    },
    {
      name: 'more replicas than cluster.nodes',
      config: { cluster: { nodes: 2 } },
      code: svc('      replicas: 5\n'),
      errors: [
        {
          messageId: 'moreThanNodes',
          line: 8,
          column: 9,
          data: { service: 'web', port: '8080', count: 5, why: 'deploy.replicas: 5', nodes: 2, pending: 3 },
        },
      ],
      output: null,
      suggestions: [svc('      replicas: 5\n', 'ingress')],
    },
    {
      name: 'max_replicas_per_node: 1 does not help beyond the node count',
      config: { cluster: { nodes: 2 } },
      code: svc('      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n'),
      errors: [
        {
          messageId: 'moreThanNodes',
          line: 8,
          column: 9,
          data: { service: 'web', port: '8080', count: 3, why: 'deploy.replicas: 3', nodes: 2, pending: 1 },
        },
      ],
      output: null,
      suggestions: [svc('      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n', 'ingress')],
    },
    {
      name: 'scaled by docker service scale in a script, published as a string',
      file: '/w/stack.yml',
      workspace: scaled,
      code: svc('      replicas: 1\n', 'host', '"9000"').replace('# scalewise: kind=swarm\n', ''),
      errors: [
        {
          messageId: 'unknownNodes',
          line: 7,
          column: 9,
          data: { service: 'web', port: '9000', count: 4, why: 'docker service scale dl_web=4 in deploy.sh:2' },
        },
      ],
      output: null,
      suggestions: [
        svc('      replicas: 1\n', 'ingress', '"9000"').replace('# scalewise: kind=swarm\n', ''),
        svc('      replicas: 1\n      placement:\n        max_replicas_per_node: 1\n', 'host', '"9000"').replace(
          '# scalewise: kind=swarm\n',
          '',
        ),
      ],
    },
  ],
});
