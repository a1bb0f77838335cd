import rule from '../../../server/src/engine/rules/k3s-node-mask-immutable';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const CONFIG = '/etc/rancher/k3s/config.yaml';
const DROPIN = '/etc/rancher/k3s/config.yaml.d/20-dense.yaml';
const group = (files: Record<string, string>) => ({
  scaleCommands: [],
  stackFiles: [],
  k3sConfigFiles: Object.entries(files).map(([path, text]) => ({ path, text })),
});

ruleTester(rule, {
  valid: [
    { name: 'one mask', file: CONFIG, code: 'kube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n' },
    {
      name: 'the same mask twice',
      file: CONFIG,
      code: 'kube-controller-manager-arg: [node-cidr-mask-size=23, node-cidr-mask-size=23]\n',
    },
    {
      name: 'config.yaml is not the one that changes it (the drop-in is)',
      file: CONFIG,
      code: yaml`
      kube-controller-manager-arg:
        - node-cidr-mask-size=24
    `,
      workspace: group({
        [DROPIN]: yaml`
      kube-controller-manager-arg:
        - node-cidr-mask-size=23
    `,
      }),
    },
  ],
  invalid: [
    {
      name: 'a drop-in changes the mask config.yaml sets',
      file: DROPIN,
      code: '# denser nodes\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n',
      workspace: group({ [CONFIG]: 'kube-controller-manager-arg:\n  - node-cidr-mask-size=24\n' }),
      errors: [
        {
          messageId: 'changed',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 29,
          data: { old: 24, mask: 23, where: 'config.yaml', oldAddresses: '256' },
        },
      ],
    },
    {
      name: 'twice in one list',
      file: CONFIG,
      code: 'kube-controller-manager-arg:\n  - "node-cidr-mask-size=24"\n  - "node-cidr-mask-size-ipv4=22"\n',
      errors: [
        {
          messageId: 'changed',
          line: 3,
          column: 5,
          data: { old: 24, mask: 22, where: 'earlier in this file', oldAddresses: '256' },
        },
      ],
    },
    {
      name: 'install script flags',
      file: 'install.sh',
      code: 'k3s server --kube-controller-manager-arg=node-cidr-mask-size=24 --kube-controller-manager-arg node-cidr-mask-size=25\n',
      errors: [
        {
          messageId: 'changed',
          line: 1,
          column: 65,
          data: { old: 24, mask: 25, where: 'earlier in this file', oldAddresses: '256' },
        },
      ],
    },
  ],
});
