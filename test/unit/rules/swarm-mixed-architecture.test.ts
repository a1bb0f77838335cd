import rule from '../../../server/src/engine/rules/swarm-mixed-architecture';
import { ruleTester } from '../../helpers/rule-tester';

const pinned = (name: string, arch: string) =>
  [
    `  ${name}:`,
    `    image: registry.example.com/${name}:1`,
    '    deploy:',
    '      placement:',
    `        constraints: [node.role == worker, node.platform.arch == ${arch}]`,
    '',
  ].join('\n');
const free = (name: string) => `  ${name}:\n    image: registry.example.com/${name}:1\n`;
const stack = (...services: string[]) => `# scalewise: kind=swarm\nservices:\n${services.join('')}`;

ruleTester(rule, {
  valid: [
    { name: 'one architecture', code: stack(pinned('trainer', 'aarch64'), pinned('agg', 'arm64'), free('web')) },
    { name: 'mixed, every service pinned', code: stack(pinned('trainer', 'aarch64'), pinned('agg', 'x86_64')) },
    {
      name: 'pins within cluster.architecture',
      config: { cluster: { architecture: ['amd64', 'arm64'] } },
      code: stack(pinned('trainer', 'aarch64'), pinned('agg', 'x86_64')),
    },
    {
      name: 'a single-architecture cluster and unpinned services',
      config: { cluster: { architecture: 'x86_64' } },
      code: stack(pinned('agg', 'amd64'), free('web')),
    },
  ],
  invalid: [
    {
      name: 'mixed pins: the unpinned service gets a hint',
      code: stack(pinned('trainer', 'aarch64'), pinned('agg', 'x86_64'), free('dashboard')),
      errors: [
        {
          messageId: 'unpinned',
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 12,
          data: { service: 'dashboard', archs: 'arm64: trainer; amd64: agg' },
        },
      ],
      output: null,
    },
    {
      name: 'platform: counts as a declaration',
      code: stack('  trainer:\n    image: t\n    platform: linux/arm64/v8\n', pinned('agg', 'x86_64'), free('web')),
      errors: [
        { messageId: 'unpinned', line: 11, column: 3, data: { service: 'web', archs: 'arm64: trainer; amd64: agg' } },
      ],
      output: null,
    },
    {
      name: 'pinned to an architecture the cluster lacks',
      config: { cluster: { architecture: 'amd64' } },
      code: stack(pinned('trainer', 'aarch64'), free('web')),
      errors: [
        {
          messageId: 'notInCluster',
          line: 3,
          column: 3,
          data: { service: 'trainer', arch: 'arm64', how: 'node.platform.arch == aarch64', cluster: 'amd64' },
        },
      ],
      output: null,
    },
    {
      name: 'a mixed cluster from the config: unpinned services get the hint',
      config: { cluster: { architecture: ['x86_64', 'aarch64'] } },
      code: stack(free('web')),
      errors: [
        {
          messageId: 'unpinned',
          line: 3,
          column: 3,
          data: { service: 'web', archs: 'cluster.architecture: amd64, arm64' },
        },
      ],
      output: null,
    },
  ],
});
