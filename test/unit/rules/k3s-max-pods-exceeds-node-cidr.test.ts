import rule from '../../../server/src/engine/rules/k3s-max-pods-exceeds-node-cidr';
import { ruleTester, yaml } from '../../helpers/rule-tester';
import { paragraph } from '../../../server/src/engine/template-text';

const CONFIG = '/etc/rancher/k3s/config.yaml';
const DROPIN = '/etc/rancher/k3s/config.yaml.d/10-pods.yaml';
/** The other files of the config group, as the CLI and the server pass them. */
const group = (files: Record<string, string>) => ({
  scaleCommands: [],
  stackFiles: [],
  k3sConfigFiles: Object.entries(files).map(([path, text]) => ({ path, text })),
});
const INSTALL = 'install.sh';
/** max-pods 500 on the default /24: 256 addresses, 253 usable; a /23 (509 usable) fits. */
const over500 = { pods: 500, mask: 24, maskIsDefault: 'yes', maskFrom: '', addresses: '256', usable: '253', fit: 23 };

ruleTester(rule, {
  valid: [
    { name: 'the kubelet default (no max-pods)', file: CONFIG, code: 'cluster-init: true\n' },
    { name: 'max-pods 110', file: CONFIG, code: 'kubelet-arg:\n  - "max-pods=110"\n' },
    { name: 'max-pods 253 is the most a /24 holds', file: CONFIG, code: 'kubelet-arg: "max-pods=253"\n' },
    {
      name: 'max-pods 500 with a /23 node block',
      file: CONFIG,
      code: yaml`
      kubelet-arg:
        - max-pods=500
      kube-controller-manager-arg:
        - node-cidr-mask-size=23
    `,
    },
    {
      name: 'the IPv4 mask flag counts too',
      file: CONFIG,
      code: 'kubelet-arg: [max-pods=1000]\nkube-controller-manager-arg: [node-cidr-mask-size-ipv4=22]\n',
    },
    {
      name: "max-pods of another component is not the kubelet's",
      file: CONFIG,
      code: 'kube-apiserver-arg:\n  - "max-pods=500"\n',
    },
    {
      name: 'a variable is not a number',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | sh -s - server --kubelet-arg=max-pods=$PODS\n',
    },
    {
      name: 'install script within the /24',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kubelet-arg=max-pods=200" sh -\n',
    },
    {
      name: 'drop-in file, last value wins',
      file: '/etc/rancher/k3s/config.yaml.d/10-pods.yaml',
      code: 'kubelet-arg:\n  - max-pods=500\n  - max-pods=250\n',
    },
    {
      name: 'a drop-in sees the mask config.yaml sets',
      file: DROPIN,
      code: 'kubelet-arg+:\n  - max-pods=500\n',
      workspace: group({
        [CONFIG]: 'kube-controller-manager-arg:\n  - node-cidr-mask-size=23\n',
        [DROPIN]: 'stale text on disk\n',
      }),
    },
    {
      name: 'config.yaml: max-pods replaced by a later drop-in is reported there, not here',
      file: CONFIG,
      code: 'kubelet-arg:\n  - max-pods=500\n',
      workspace: group({ [DROPIN]: 'kubelet-arg:\n  - max-pods=200\n' }),
    },
    {
      name: "an invalid mask is k3s/invalid-flag-value's",
      file: CONFIG,
      code: yaml`
      kubelet-arg: [max-pods=500]
      kube-controller-manager-arg: [node-cidr-mask-size=33]
    `,
    },
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
      suggestions: [
        yaml`
        # node sizing
        kubelet-arg: "max-pods=500" # dense nodes
        write-kubeconfig-mode: "0644"
        kube-controller-manager-arg:
          - "node-cidr-mask-size=23"
      `,
      ],
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
      suggestions: [
        yaml`
        kubelet-arg:
          - "max-pods=500"
        kube-controller-manager-arg:
          - "leader-elect=false"
          - "node-cidr-mask-size=23"
        node-label:
          - "pool=dense"
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'an existing single-flag scalar becomes a flow list',
      file: CONFIG,
      code: 'kubelet-arg: "max-pods=500"\nkube-controller-manager-arg: "leader-elect=false"\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 14, data: over500 }],
      output: null,
      suggestions: [
        'kubelet-arg: "max-pods=500"\nkube-controller-manager-arg: ["leader-elect=false", "node-cidr-mask-size=23"]\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'an explicit mask too small for the kubelet default is replaced in place',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods=110"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=26"\n',
      errors: [
        {
          messageId: 'exceeds',
          line: 2,
          column: 5,
          data: { pods: 110, mask: 26, maskIsDefault: '', maskFrom: '', addresses: '64', usable: '61', fit: 25 },
        },
      ],
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
      suggestions: [
        'kubelet-arg+:\n  - "eviction-hard=memory.available<5%"\n  - "max-pods=254"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=23"\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'install script: INSTALL_K3S_EXEC, the flag added inside the quotes',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kubelet-arg=max-pods=500" sh -\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 57, endLine: 1, endColumn: 83, data: over500 }],
      output: null,
      suggestions: [
        paragraph(
          'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kubelet-arg=max-pods=500',
          '--kube-controller-manager-arg=node-cidr-mask-size=23" sh -\n',
        ),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'install script: sh -s - server --kubelet-arg max-pods=500 (flag and value as two words)',
      file: INSTALL,
      code: '#!/bin/sh\n# dense nodes\ncurl -sfL https://get.k3s.io | sh -s - server --kubelet-arg max-pods=500\n',
      errors: [{ messageId: 'exceeds', line: 3, column: 47, endLine: 3, endColumn: 73, data: over500 }],
      output: null,
      suggestions: [
        yaml`
        #!/bin/sh
        # dense nodes
        curl -sfL https://get.k3s.io | sh -s - server --kubelet-arg max-pods=500 --kube-controller-manager-arg=node-cidr-mask-size=23
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'install script split with backslashes, with an explicit /24',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | sh -s - server \\\n  --kube-controller-manager-arg node-cidr-mask-size=24 \\\n  --kubelet-arg="max-pods=300"\n',
      errors: [{ messageId: 'exceeds', line: 3, column: 3, data: { ...over500, pods: 300, maskIsDefault: '' } }],
      output: null,
      suggestions: [
        yaml`
        curl -sfL https://get.k3s.io | sh -s - server \\
          --kube-controller-manager-arg node-cidr-mask-size=23 \\
          --kubelet-arg="max-pods=300"
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'a line continuation between the flag and its value',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | sh -s - server \\\n  --kubelet-arg \\\n  max-pods=500\n',
      errors: [{ messageId: 'exceeds', line: 2, column: 3, endLine: 3, endColumn: 15, data: over500 }],
      output: null,
      suggestions: [
        yaml`
        curl -sfL https://get.k3s.io | sh -s - server \\
          --kubelet-arg \\
          max-pods=500 --kube-controller-manager-arg=node-cidr-mask-size=23
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'CRLF script with continuations',
      file: INSTALL,
      code: 'curl -sfL https://get.k3s.io | sh -s - server \\\r\n  --kubelet-arg \\\r\n  max-pods=500\r\n',
      errors: [{ messageId: 'exceeds', line: 2, column: 3, endLine: 3, endColumn: 15, data: over500 }],
      output: null,
      suggestions: [
        paragraph(
          'curl -sfL https://get.k3s.io | sh -s - server \\\r\n  --kubelet-arg \\\r\n  max-pods=500',
          '--kube-controller-manager-arg=node-cidr-mask-size=23\r\n',
        ),
      ],
      suggestionsResolve: true,
    },
    {
      name: 'a flow sequence gets one more element (no duplicate key)',
      file: CONFIG,
      code: 'kubelet-arg: [max-pods=500]\nkube-controller-manager-arg: [leader-elect=false] # kcm\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 15, data: over500 }],
      output: null,
      suggestions: [
        'kubelet-arg: [max-pods=500]\nkube-controller-manager-arg: [leader-elect=false, "node-cidr-mask-size=23"] # kcm\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'an empty flow sequence gets its first element',
      file: CONFIG,
      code: 'kubelet-arg: [max-pods=500]\nkube-controller-manager-arg: []\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 15, data: over500 }],
      output: null,
      suggestions: ['kubelet-arg: [max-pods=500]\nkube-controller-manager-arg: ["node-cidr-mask-size=23"]\n'],
      suggestionsResolve: true,
    },
    {
      name: 'an empty kube-controller-manager-arg value becomes a list',
      file: CONFIG,
      code: 'kubelet-arg: [max-pods=500]\nkube-controller-manager-arg:\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 15, data: over500 }],
      output: null,
      suggestions: ['kubelet-arg: [max-pods=500]\nkube-controller-manager-arg: ["node-cidr-mask-size=23"]\n'],
      suggestionsResolve: true,
    },
    {
      name: 'more pods than even a /8 holds is reported, without a fix',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods=20000000"\n',
      errors: [{ messageId: 'tooMany', line: 2, column: 5, data: { pods: 20000000, min: 8, addresses: '16,777,216' } }],
    },
    {
      name: 'a drop-in appends with kube-controller-manager-arg+ when config.yaml has the list',
      file: DROPIN,
      code: 'kubelet-arg+:\n  - max-pods=500\n',
      workspace: group({ [CONFIG]: 'kube-controller-manager-arg:\n  - leader-elect=false\n' }),
      errors: [{ messageId: 'exceeds', line: 2, column: 5, data: over500 }],
      output: null,
      suggestions: ['kubelet-arg+:\n  - max-pods=500\nkube-controller-manager-arg+:\n  - "node-cidr-mask-size=23"\n'],
    },
    {
      name: 'the mask a later drop-in sets: named in the message, no fix here',
      file: CONFIG,
      code: 'kubelet-arg:\n  - max-pods=500\n',
      workspace: group({
        '/etc/rancher/k3s/config.yaml.d/20-net.yaml': 'kube-controller-manager-arg:\n  - node-cidr-mask-size=24\n',
      }),
      errors: [
        { messageId: 'exceeds', line: 2, column: 5, data: { ...over500, maskIsDefault: '', maskFrom: '20-net.yaml' } },
      ],
    },
    {
      name: "an agent install script: kube-controller-manager is not the agent's, no fix",
      file: 'join.sh',
      code: 'curl -sfL https://get.k3s.io | K3S_URL=https://s:6443 K3S_TOKEN=x sh -s - --kubelet-arg=max-pods=500\n',
      errors: [{ messageId: 'exceeds', line: 1, column: 75, data: over500 }],
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
