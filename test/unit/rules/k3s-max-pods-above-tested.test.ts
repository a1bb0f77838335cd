import rule from '../../../server/src/engine/rules/k3s-max-pods-above-tested';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const CONFIG = '/etc/rancher/k3s/config.yaml';

ruleTester(rule, {
  valid: [
    {
      name: 'an alias: the value it refers to counts (110)',
      file: CONFIG,
      code: 'kube-proxy-arg: &same ["max-pods=110"]\nkubelet-arg: *same\n',
    },
    { name: 'no max-pods: the kubelet default 110', file: CONFIG, code: 'cluster-init: true\n' },
    { name: 'max-pods 110 exactly', file: CONFIG, code: 'kubelet-arg:\n  - "max-pods=110"\n' },
    {
      name: 'a variable is not judged',
      file: 'install.sh',
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.30.4+k3s1 sh -s - --kubelet-arg=max-pods=$PODS\n',
    },
    { name: 'max-pods of another component', file: CONFIG, code: 'kube-apiserver-arg: ["max-pods=500"]\n' },
    {
      name: 'the value a later drop-in sets wins (reported there)',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods=250"\n',
      workspace: {
        scaleCommands: [],
        stackFiles: [],
        k3sConfigFiles: [
          {
            path: '/etc/rancher/k3s/config.yaml.d/50-pods.yaml',
            text: yaml`
        kubelet-arg:
          - max-pods=100
      `,
          },
        ],
      },
    },
    {
      name: 'suppressed with a reason',
      file: CONFIG,
      code: yaml`
      kubelet-arg:
        # scalewise-disable-next-line k3s/max-pods-above-tested -- load-tested
        - "max-pods=250"
    `,
    },
  ],
  invalid: [
    {
      name: 'an alias as the value of kubelet-arg: reported where the value is written',
      file: CONFIG,
      code: 'node-label: &args\n  - "max-pods=250"\nkubelet-arg: *args\n',
      errors: [{ messageId: 'aboveTested', line: 2, column: 5, data: { pods: '250', tested: 110 } }],
    },
    {
      name: 'a merge key at the top level (<<: &defaults {kubelet-arg: ...}), as go-yaml merges it',
      file: CONFIG,
      code: '<<: &defaults\n  kubelet-arg:\n    - "max-pods=250"\ncluster-init: true\n',
      errors: [{ messageId: 'aboveTested', line: 3, column: 7, data: { pods: '250', tested: 110 } }],
    },
    {
      name: 'config.yaml list form',
      file: CONFIG,
      code: 'kubelet-arg:\n  - "max-pods=111"\n',
      errors: [
        { messageId: 'aboveTested', line: 2, column: 5, endLine: 2, endColumn: 19, data: { pods: '111', tested: 110 } },
      ],
    },
    {
      name: 'the last of two values counts',
      file: CONFIG,
      code: 'kubelet-arg: [max-pods=100, max-pods=2000]\n',
      errors: [{ messageId: 'aboveTested', line: 1, column: 29, data: { pods: '2,000', tested: 110 } }],
    },
    {
      name: 'install script flag',
      file: 'install.sh',
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.30.4+k3s1 sh -s - server --kubelet-arg max-pods=250\n',
      errors: [{ messageId: 'aboveTested', line: 1, column: 80, data: { pods: '250', tested: 110 } }],
    },
  ],
});
