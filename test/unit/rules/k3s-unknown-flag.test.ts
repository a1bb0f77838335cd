import rule from '../../../server/src/engine/rules/k3s-unknown-flag';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const CONFIG = '/etc/rancher/k3s/config.yaml';
const V = 'INSTALL_K3S_VERSION=v1.30.4+k3s1';

ruleTester(rule, {
  valid: [
    {
      name: 'known server and agent keys, + variants',
      file: CONFIG,
      code: yaml`
      cluster-cidr: 10.42.0.0/16
      node-label+: [pool=gpu]
      kubelet-arg: [max-pods=110]
      lb-server-port: 6444
      write-kubeconfig-mode: "0644"
      disable-apiserver-lb: true
    `,
    },
    {
      name: 'hidden flags from the k3s source',
      file: CONFIG,
      code: 'disable-etcd: true\nkube-controller-arg: [node-cidr-mask-size=24]\n',
    },
    {
      name: 'install flags, aliases and booleans',
      file: 'install.sh',
      code: `curl -sfL https://get.k3s.io | ${V} sh -s - server --cluster-init -t abc --disable traefik --tls-san=k3s.example.com\n`,
    },
    {
      name: 'curl and sh options are not k3s flags',
      file: 'install.sh',
      code: `curl -fsSL --retry 3 https://get.k3s.io | ${V} sh -s -\n`,
    },
    {
      name: 'agent flags on an agent',
      file: 'join.sh',
      code: `curl -sfL https://get.k3s.io | ${V} K3S_URL=https://s:6443 K3S_TOKEN=x sh -s - --node-label pool=gpu --kubelet-arg max-pods=110\n`,
    },
  ],
  invalid: [
    {
      name: 'a typo in a config key: renamed to the nearest flag',
      file: CONFIG,
      code: '# node tuning\nkubelet-args:\n  - "image-gc-high-threshold=90"\n',
      errors: [
        {
          messageId: 'unknownKey',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 13,
          data: { key: 'kubelet-args', nearest: 'kubelet-arg' },
        },
      ],
      output: null,
      suggestions: ['# node tuning\nkubelet-arg:\n  - "image-gc-high-threshold=90"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'a + key keeps its +',
      file: '/etc/rancher/k3s/config.yaml.d/10-x.yaml',
      code: 'node-labels+:\n  - pool=gpu\n',
      errors: [{ messageId: 'unknownKey', line: 1, column: 1, data: { key: 'node-labels', nearest: 'node-label' } }],
      output: null,
      suggestions: ['node-label+:\n  - pool=gpu\n'],
    },
    {
      name: 'nothing close: no fix',
      file: CONFIG,
      code: 'gpu-sharing: true\n',
      errors: [{ messageId: 'unknownKey', line: 1, column: 1, data: { key: 'gpu-sharing', nearest: '' } }],
    },
    {
      name: 'max-pods as a top-level key moves into kubelet-arg',
      file: CONFIG,
      code: 'max-pods: 250 # dense\n',
      errors: [
        {
          messageId: 'componentKey',
          line: 1,
          column: 1,
          data: { key: 'max-pods', parent: 'kubelet-arg', component: 'kubelet' },
        },
      ],
      output: null,
      suggestions: ['kubelet-arg: ["max-pods=250"] # dense\n'],
      suggestionsResolve: true,
    },
    {
      name: 'a component key when the list exists: reported, no fix (it would duplicate the key)',
      file: CONFIG,
      code: 'kube-controller-manager-arg: [leader-elect=false]\nnode-cidr-mask-size: 23\n',
      errors: [
        {
          messageId: 'componentKey',
          line: 2,
          column: 1,
          data: {
            key: 'node-cidr-mask-size',
            parent: 'kube-controller-manager-arg',
            component: 'kube-controller-manager',
          },
        },
      ],
    },
    {
      name: 'an install flag typo',
      file: 'install.sh',
      code: `curl -sfL https://get.k3s.io | ${V} sh -s - server --cluster-cidrs=10.42.0.0/16\n`,
      errors: [
        {
          messageId: 'unknownFlag',
          line: 1,
          column: 80,
          endLine: 1,
          endColumn: 95,
          data: { key: 'cluster-cidrs', role: 'server', nearest: 'cluster-cidr' },
        },
      ],
      output: null,
      suggestions: [`curl -sfL https://get.k3s.io | ${V} sh -s - server --cluster-cidr=10.42.0.0/16\n`],
      suggestionsResolve: true,
    },
    {
      name: 'inside INSTALL_K3S_EXEC',
      file: 'install.sh',
      code: `curl -sfL https://get.k3s.io | ${V} INSTALL_K3S_EXEC="server --flanel-backend=none" sh -\n`,
      errors: [
        {
          messageId: 'unknownFlag',
          line: 1,
          column: 90,
          data: { key: 'flanel-backend', role: 'server', nearest: 'flannel-backend' },
        },
      ],
      output: null,
      suggestions: [`curl -sfL https://get.k3s.io | ${V} INSTALL_K3S_EXEC="server --flannel-backend=none" sh -\n`],
    },
    {
      name: 'a server flag on an agent',
      file: 'join.sh',
      code: `curl -sfL https://get.k3s.io | ${V} K3S_URL=https://s:6443 K3S_TOKEN=x sh -s - --cluster-cidr 10.42.0.0/16\n`,
      errors: [{ messageId: 'serverOnly', line: 1, column: 108, data: { key: 'cluster-cidr' } }],
    },
  ],
});
