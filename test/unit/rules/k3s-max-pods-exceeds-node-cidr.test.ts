import rule from '../../../server/src/engine/rules/k3s-max-pods-exceeds-node-cidr';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const CONFIG = '/etc/rancher/k3s/config.yaml';
const INSTALL = 'install.sh';
/** max-pods 500 on the default /24: 256 addresses, 253 usable; a /23 (509 usable) fits. */
const over500 = { pods: 500, mask: 24, maskIsDefault: 'yes', addresses: '256', usable: '253', fit: 23 };

ruleTester(rule, {
  valid: [
    { name: 'the kubelet default (no max-pods)', file: CONFIG, code: 'cluster-init: true\n' },
    { name: 'max-pods 110', file: CONFIG, code: 'kubelet-arg:\n  - "max-pods=110"\n' },
    { name: 'max-pods 253 is the most a /24 holds', file: CONFIG, code: 'kubelet-arg: "max-pods=253"\n' },
    { name: 'max-pods 500 with a /23 node block', file: CONFIG, code: 'kubelet-arg:\n  - max-pods=500\nkube-controller-manager-arg:\n  - node-cidr-mask-size=23\n' },
    { name: 'the IPv4 mask flag counts too', file: CONFIG, code: 'kubelet-arg: [max-pods=1000]\nkube-controller-manager-arg: [node-cidr-mask-size-ipv4=22]\n' },
    { name: 'max-pods of another component is not the kubelet\'s', file: CONFIG, code: 'kube-apiserver-arg:\n  - "max-pods=500"\n' },
    { name: 'a variable is not a number', file: INSTALL, code: 'curl -sfL https://get.k3s.io | sh -s - server --kubelet-arg=max-pods=$PODS\n' },
    { name: 'install script within the /24', file: INSTALL, code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kubelet-arg=max-pods=200" sh -\n' },
    { name: 'drop-in file, last value wins', file: '/etc/rancher/k3s/config.yaml.d/10-pods.yaml', code: 'kubelet-arg:\n  - max-pods=500\n  - max-pods=250\n' },
  ],
  invalid: [
    {
      name: 'config.yaml, list form: the fix adds kube-controller-manager-arg',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods=500"\n',
      errors: [{ messageId: 'exceeds', line: 2, column: 5, endLine: 2, endColumn: 19, data: over500 }],
      output: null,
      suggestions: ['kubelet-arg:\n  - "max-pods=500"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'config.yaml, scalar form, comments kept',
      file: CONFIG,
      code: yaml`
        # node sizing
        kubelet-arg: "max-pods=500" # dense nodes
        write-kubeconfig-mode: "0644"
      `,
      errors: [{ messageId: 'exceeds', line: 2, column: 14, data: over500 }],
      output: null,
      suggestions: ['# node sizing\nkubelet-arg: "max-pods=500" # dense nodes\nwrite-kubeconfig-mode: "0644"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'no final newline: the new key starts on its own line',
      file: CONFIG,
      code: 'kubelet-arg: "max-pods=500"',
      errors: [{ messageId: 'exceeds', line: 1, column: 14, data: over500 }],
      output: null,
      suggestions: ['kubelet-arg: "max-pods=500"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'an existing kube-controller-manager-arg list gets one more item',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods=500"\nkube-controller-manager-arg:\n  - "leader-elect=false"\nnode-label:\n  - "pool=dense"\n',
      errors: [{ messageId: 'exceeds', line: 2, column: 5, data: over500 }],
      output: null,
      suggestions: ['kubelet-arg:\n  - "max-pods=500"\nkube-controller-manager-arg:\n  - "leader-elect=false"\n  - "node-cidr-mask-size=23"\nnode-label:\n  - "pool=dense"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'an existing single-flag scalar becomes a flow list',
      file: CONFIG,
      code: 'kubelet-arg: "max-pods=500"\nkube-controller-manager-arg: "leader-elect=false"\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 14, data: over500 }],
      output: null,
      suggestions: ['kubelet-arg: "max-pods=500"\nkube-controller-manager-arg: ["leader-elect=false", "node-cidr-mask-size=23"]\n'],
      suggestionsResolve: true,
    },
    {
      name: 'an explicit mask too small for the kubelet default is replaced in place',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods=110"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=26"\n',
      errors: [{ messageId: 'exceeds', line: 2, column: 5, data: { pods: 110, mask: 26, maskIsDefault: '', addresses: '64', usable: '61', fit: 25 } }],
      output: null,
      suggestions: ['kubelet-arg:\n  - "max-pods=110"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=25"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'kubelet-arg+ in a drop-in file; 254 is one too many for a /24',
      file: '/etc/rancher/k3s/config.yaml.d/10-x.yaml',
      code: 'kubelet-arg+:\n  - "eviction-hard=memory.available<5%"\n  - "max-pods=254"\n',
      errors: [{ messageId: 'exceeds', line: 3, column: 5, data: { ...over500, pods: 254 } }],
      output: null,
      suggestions: ['kubelet-arg+:\n  - "eviction-hard=memory.available<5%"\n  - "max-pods=254"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'install script: INSTALL_K3S_EXEC, the flag added inside the quotes',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kubelet-arg=max-pods=500" sh -\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 57, endLine: 1, endColumn: 83, data: over500 }],
      output: null,
      suggestions: ['curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kubelet-arg=max-pods=500 --kube-controller-manager-arg=node-cidr-mask-size=23" sh -\n'],
      suggestionsResolve: true,
    },
    {
      name: 'install script: sh -s - server --kubelet-arg max-pods=500 (flag and value as two words)',
      file: INSTALL,
      code: '#!/bin/sh\n# dense nodes\ncurl -sfL https://get.k3s.io | sh -s - server --kubelet-arg max-pods=500\n',
      errors: [{ messageId: 'exceeds', line: 3, column: 47, endLine: 3, endColumn: 73, data: over500 }],
      output: null,
      suggestions: ['#!/bin/sh\n# dense nodes\ncurl -sfL https://get.k3s.io | sh -s - server --kubelet-arg max-pods=500 --kube-controller-manager-arg=node-cidr-mask-size=23\n'],
      suggestionsResolve: true,
    },
    {
      name: 'install script split with backslashes, with an explicit /24',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | sh -s - server \\\n  --kube-controller-manager-arg node-cidr-mask-size=24 \\\n  --kubelet-arg="max-pods=300"\n',
      errors: [{ messageId: 'exceeds', line: 3, column: 3, data: { ...over500, pods: 300, maskIsDefault: '' } }],
      output: null,
      suggestions: ['curl -sfL https://get.k3s.io | sh -s - server \\\n  --kube-controller-manager-arg node-cidr-mask-size=23 \\\n  --kubelet-arg="max-pods=300"\n'],
      suggestionsResolve: true,
    },
    {
      name: 'a line continuation between the flag and its value',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | sh -s - server \\\n  --kubelet-arg \\\n  max-pods=500\n',
      errors: [{ messageId: 'exceeds', line: 2, column: 3, endLine: 3, endColumn: 15, data: over500 }],
      output: null,
      suggestions: ['curl -sfL https://get.k3s.io | sh -s - server \\\n  --kubelet-arg \\\n  max-pods=500 --kube-controller-manager-arg=node-cidr-mask-size=23\n'],
      suggestionsResolve: true,
    },
    {
      name: 'CRLF script with continuations',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | sh -s - server \\\r\n  --kubelet-arg \\\r\n  max-pods=500\r\n',
      errors: [{ messageId: 'exceeds', line: 2, column: 3, endLine: 3, endColumn: 15, data: over500 }],
      output: null,
      suggestions: ['curl -sfL https://get.k3s.io | sh -s - server \\\r\n  --kubelet-arg \\\r\n  max-pods=500 --kube-controller-manager-arg=node-cidr-mask-size=23\r\n'],
      suggestionsResolve: true,
    },
    {
      name: 'k3s server run directly, detected by its command line',
      file: 'start-k3s.sh',
      code: 'k3s server --kubelet-arg=max-pods=1000\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 12, data: { ...over500, pods: 1000, fit: 22 } }],
      output: null,
      suggestions: ['k3s server --kubelet-arg=max-pods=1000 --kube-controller-manager-arg=node-cidr-mask-size=22\n'],
      suggestionsResolve: true,
    },
  ],
});
