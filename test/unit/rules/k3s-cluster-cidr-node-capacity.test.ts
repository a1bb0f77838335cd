import rule from '../../../server/src/engine/rules/k3s-cluster-cidr-node-capacity';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const CONFIG = '/etc/rancher/k3s/config.yaml';
const nodes = (n: number) => ({ cluster: { nodes: n } });

ruleTester(rule, {
  valid: [
    {
      name: 'no expected node count: only the sizing lens shows the number',
      file: CONFIG,
      code: 'cluster-cidr: 10.42.0.0/24\n',
    },
    { name: '256 nodes fit the defaults', file: CONFIG, code: 'cluster-cidr: 10.42.0.0/16\n', config: nodes(256) },
    {
      name: 'nothing written here: nothing to anchor on',
      file: CONFIG,
      code: 'kubelet-arg: [max-pods=110]\n',
      config: nodes(1000),
    },
    { name: 'IPv6 /56 with /64 nodes is 8 bits', file: CONFIG, code: 'cluster-cidr: 10.42.0.0/16,2001:cafe:42::/56\n' },
    {
      name: 'IPv4 more than 16 bits apart is accepted by kube-controller-manager',
      file: CONFIG,
      code: yaml`
      cluster-cidr: 10.0.0.0/8
      kube-controller-manager-arg: [node-cidr-mask-size=28]
    `,
    },
  ],
  invalid: [
    {
      name: "expected nodes above the cluster's room, on the cluster CIDR",
      file: CONFIG,
      code: 'cluster-cidr: 10.42.0.0/20\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n',
      config: nodes(20),
      errors: [
        {
          messageId: 'tooFewNodes',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 27,
          data: { cluster: '10.42.0.0/20', mask: 23, clusterMask: 20, nodes: '8', expected: '20', next: '9' },
        },
      ],
    },
    {
      name: 'on the node mask when the default cluster CIDR applies',
      file: CONFIG,
      code: 'kube-controller-manager-arg: [node-cidr-mask-size=21]\n',
      config: nodes(64),
      errors: [
        {
          messageId: 'tooFewNodes',
          line: 1,
          column: 31,
          data: { cluster: '10.42.0.0/16', mask: 21, clusterMask: 16, nodes: '32', expected: '64', next: '33' },
        },
      ],
    },
    {
      name: 'IPv6 cluster CIDR too small for /64 node blocks',
      file: CONFIG,
      code: 'cluster-cidr: 10.42.0.0/16,2001:cafe:42::/40\n',
      errors: [
        {
          messageId: 'ipv6MaxDiff',
          line: 1,
          column: 15,
          data: { mask: 64, clusterMask: 40, diff: 24, max: 16, needed: 48 },
        },
      ],
    },
    {
      name: 'install script flags',
      file: 'install.sh',
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.30.4+k3s1 sh -s - server --cluster-cidr=10.42.0.0/22\n',
      config: nodes(5),
      errors: [
        {
          messageId: 'tooFewNodes',
          line: 1,
          column: 80,
          data: { cluster: '10.42.0.0/22', mask: 24, clusterMask: 22, nodes: '4', expected: '5', next: '5' },
        },
      ],
    },
  ],
});
