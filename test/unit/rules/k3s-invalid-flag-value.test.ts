import rule from '../../../server/src/engine/rules/k3s-invalid-flag-value';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const CONFIG = '/etc/rancher/k3s/config.yaml';
const V = 'INSTALL_K3S_VERSION=v1.30.4+k3s1';

ruleTester(rule, {
  valid: [
    {
      name: 'well-formed values',
      file: CONFIG,
      code: yaml`
      cluster-cidr: 10.42.0.0/16,2001:cafe:42::/56
      service-cidr: 10.43.0.0/16
      kubelet-arg: [max-pods=250]
      kube-controller-manager-arg: [node-cidr-mask-size-ipv4=23, node-cidr-mask-size-ipv6=64]
    `,
    },
    {
      name: 'variables are not judged',
      file: 'install.sh',
      code: `curl -sfL https://get.k3s.io | ${V} K3S_URL=$URL K3S_TOKEN=x sh -s - --kubelet-arg=max-pods=$PODS\n`,
    },
    {
      name: 'the default cluster /16 with a /16 node block',
      file: CONFIG,
      code: 'kube-controller-manager-arg: [node-cidr-mask-size=16]\n',
    },
  ],
  invalid: [
    {
      name: 'max-pods= (empty)',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods="\n',
      errors: [{ messageId: 'notCount', line: 2, column: 5, endLine: 2, endColumn: 16, data: { value: '' } }],
    },
    {
      name: 'max-pods with a unit',
      file: 'install.sh',
      code: `curl -sfL https://get.k3s.io | ${V} sh -s - server --kubelet-arg max-pods=250pods\n`,
      errors: [{ messageId: 'notCount', line: 1, column: 80, data: { value: '250pods' } }],
    },
    {
      name: 'a mask above 32',
      file: CONFIG,
      code: 'kube-controller-manager-arg: ["node-cidr-mask-size=33"]\n',
      errors: [
        { messageId: 'notMask', line: 1, column: 31, data: { name: 'node-cidr-mask-size', value: '33', max: 32 } },
      ],
    },
    {
      name: 'a mask with a slash',
      file: CONFIG,
      code: 'kube-controller-manager-arg: ["node-cidr-mask-size=/23"]\n',
      errors: [
        { messageId: 'notMask', line: 1, column: 31, data: { name: 'node-cidr-mask-size', value: '/23', max: 32 } },
      ],
    },
    {
      name: 'a node block larger than the cluster CIDR',
      file: CONFIG,
      code: 'cluster-cidr: 10.42.0.0/16\nkube-controller-manager-arg:\n  - node-cidr-mask-size=14\n',
      errors: [
        {
          messageId: 'belowCluster',
          line: 3,
          column: 5,
          data: { name: 'node-cidr-mask-size', value: '14', cluster: '10.42.0.0/16', min: 16, maxMask: 30 },
        },
      ],
    },
    {
      name: 'a malformed cluster-cidr and service-cidr',
      file: CONFIG,
      code: 'cluster-cidr: 10.42.0.0\nservice-cidr: 10.43.0.0/33\n',
      errors: [
        { messageId: 'badCidr', line: 1, column: 15, data: { name: 'cluster-cidr', value: '10.42.0.0' } },
        { messageId: 'badCidr', line: 2, column: 15, data: { name: 'service-cidr', value: '10.43.0.0/33' } },
      ],
    },
    {
      name: 'an install flag CIDR with a leading zero',
      file: 'install.sh',
      code: `curl -sfL https://get.k3s.io | ${V} sh -s - server --cluster-cidr 10.042.0.0/16\n`,
      errors: [{ messageId: 'badCidr', line: 1, column: 80, data: { name: 'cluster-cidr', value: '10.042.0.0/16' } }],
    },
    {
      name: 'K3S_URL over http',
      file: 'join.sh',
      code: `curl -sfL https://get.k3s.io | ${V} K3S_URL=http://s:6443 K3S_TOKEN=x sh -\n`,
      errors: [{ messageId: 'badUrl', line: 1, column: 65, data: { value: 'http://s:6443' } }],
    },
  ],
});
