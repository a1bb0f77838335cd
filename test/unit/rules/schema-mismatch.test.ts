import rule from '../../../server/src/engine/rules/schema-mismatch';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

const K3S = '/etc/rancher/k3s/config.yaml';
const RUNAI =
  'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    schedulingServices:\n      resources:\n';

ruleTester(rule, {
  valid: [
    {
      name: 'k3s config with documented keys',
      file: K3S,
      code: yaml`
      cluster-init: true
      flannel-backend: vxlan
      kubelet-arg:
        - max-pods=200
      kube-controller-manager-arg: node-cidr-mask-size=23
    `,
    },
    {
      name: 'k3s config keeps flags the schema does not describe',
      file: K3S,
      code: 'protect-kernel-defaults: true\nselinux: true\n',
    },
    {
      name: 'RunaiConfig with quantities as numbers and strings',
      code: `${RUNAI}        requests: {cpu: 1, memory: 1Gi}\n        limits: {cpu: "2", memory: 2.5e9}\n`,
    },
    { name: 'a document with a YAML error is left to yaml/syntax-error', file: K3S, code: 'cluster-init: [true\n' },
    { name: 'an empty k3s config', file: K3S, code: '# nothing yet\n' },
    {
      name: 'RunaiConfig: a Compose-style size is left to k8s/invalid-quantity (no raw pattern here)',
      code: `${RUNAI}        requests:\n          memory: 1GB\n`,
    },
    {
      name: "no schema for Compose (Red Hat YAML has SchemaStore's)",
      kind: 'compose',
      code: 'services:\n  web:\n    scale: lots\n',
    },
  ],
  invalid: [
    {
      name: 'k3s: a removed flannel backend, on the value',
      file: K3S,
      code: 'flannel-backend: ipsec\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 23,
          data: {
            detail: '"flannel-backend" must be one of "none", "vxlan", "host-gw", "wireguard-native", not "ipsec".',
            path: '/flannel-backend',
          },
        },
      ],
    },
    {
      name: 'k3s: a string where a boolean belongs',
      file: K3S,
      code: 'cluster-init: "yes"\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 1,
          column: 15,
          data: { detail: '"cluster-init" must be a boolean (true or false), not a string.', path: '/cluster-init' },
        },
      ],
    },
    {
      name: 'k3s: one bad item of an arg list is reported on the item only (not "must be string" on the key)',
      file: K3S,
      code: 'kubelet-arg:\n  - max-pods=500\n  - "bad flag"\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 3,
          column: 5,
          data: {
            detail: 'Item 2 of "kubelet-arg" is "bad flag", not a flag=value string such as max-pods=250.',
            path: '/kubelet-arg/1',
          },
        },
      ],
    },
    {
      name: 'k3s: an arg given as a bad scalar is reported once',
      file: '/etc/rancher/k3s/config.yaml.d/20-args.yaml',
      code: 'kube-controller-manager-arg: "node cidr"\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 1,
          column: 30,
          data: {
            detail: '"kube-controller-manager-arg" is "node cidr", not a flag=value string such as max-pods=250.',
            path: '/kube-controller-manager-arg',
          },
        },
      ],
    },
    {
      name: 'RunaiConfig: a list where a quantity belongs is reported on its key',
      code: `${RUNAI}        limits:\n          cpu: [2]\n`,
      errors: [
        {
          messageId: 'mismatch',
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 14,
          data: {
            detail: '"cpu" must be a string or a number, not a list.',
            path: '/spec/global/schedulingServices/resources/limits/cpu',
          },
        },
      ],
    },
    {
      name: 'RunaiConfig: a misspelt key, with the keys allowed there',
      code: `${RUNAI}        limts: {cpu: 2}\n        requests:\n          memory: 1Gi\n`,
      errors: [
        {
          messageId: 'mismatch',
          line: 9,
          column: 9,
          data: {
            detail: 'Unknown key "limts" in "resources" (did you mean "limits"?); allowed there: requests, limits.',
            path: '/spec/global/schedulingServices/resources',
          },
        },
      ],
    },
    {
      name: 'RunaiConfig: a retention that is not a duration, in words',
      code: 'apiVersion: run.ai/v1\nkind: RunaiConfig\nspec:\n  prometheus:\n    spec:\n      retention: 2 hours\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 6,
          column: 18,
          data: {
            detail: '"retention" is "2 hours", not a Prometheus duration such as 2h, 1d or 1h30m.',
            path: '/spec/prometheus/spec/retention',
          },
        },
      ],
    },
    {
      name: 'RunaiConfig named by a modeline but missing kind',
      code: '# scalewise: kind=runai-config\napiVersion: run.ai/v1\nspec: {}\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 2,
          column: 1,
          data: { detail: 'The document has no "kind" key, which is required here.', path: '/' },
        },
      ],
    },
    {
      name: 'each document of a stream is validated on its own',
      file: K3S,
      code: 'cluster-init: true\n---\ncluster-init: 1\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 3,
          column: 15,
          data: { detail: '"cluster-init" must be a boolean (true or false), not a number.', path: '/cluster-init' },
        },
      ],
    },
  ],
});
