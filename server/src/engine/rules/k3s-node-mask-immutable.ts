import { defineRule } from '../define-rule';
import { whereSet, type K3sSetting } from '../model/k3s';
import { addressesPerNode, formatCount } from '../quantity/cidr';
import { paragraph, prose, yaml } from '../template-text';

const MASKS = new Set(['node-cidr-mask-size', 'node-cidr-mask-size-ipv4']);

export default defineRule(
  {
    id: 'k3s/node-mask-immutable',
    kinds: ['k3s-config', 'k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'hint',
    messages: {
      changed: (d) =>
        prose`
          node-cidr-mask-size changes from /${d.old} (${d.where}) to /${d.mask}: the mask applies only to
          nodes that join after the change. Nodes already in the cluster keep their /${d.old} pod CIDR
          (${d.oldAddresses} addresses); delete and rejoin them, or build a new cluster, to give them
          /${d.mask} blocks.
        `,
    },
    docs: {
      summary: 'A new `node-cidr-mask-size` does not resize the pod CIDRs of nodes that have already joined.',
      why: paragraph(
        'kube-controller-manager assigns a node its pod CIDR once, when the node registers; changing',
        '`node-cidr-mask-size` later only affects nodes that join afterwards. A k3s maintainer: "You can\'t',
        'change the cidr mask after the fact, as it is assigned when the node joins the cluster. You can',
        'try deleting and rejoining the node after setting that, or just build a new cluster." So raising',
        '`max-pods` together with a larger node block (a shorter mask) in a `config.yaml.d` drop-in leaves',
        'the existing nodes with their old, smaller block: on them, pods past its addresses stay in',
        'ContainerCreating. Scalewise reports this when it can see the change: the mask is set twice (in',
        'one file, or in `config.yaml` and a drop-in that overrides it) with different values.',
      ),
      bad: yaml`
        # scalewise: kind=k3s-config
        kube-controller-manager-arg:
          - "node-cidr-mask-size=24"
          - "node-cidr-mask-size=23"
      `,
      good: yaml`
        # scalewise: kind=k3s-config
        kube-controller-manager-arg:
          - "node-cidr-mask-size=23"
      `,
      sources: [
        'k3s-io/k3s#10442 (brandond: the mask is assigned when the node joins the cluster; delete and rejoin the node, or build a new cluster)',
        paragraph(
          'k3s-io/k3s@f646604010affc6a1d3233a8a0870bca46bf80cf:pkg/configfilearg/parser.go (drop-ins are',
          'read after config.yaml; a later key replaces an earlier one)',
        ),
      ],
      uncertain: paragraph(
        'Scalewise cannot see what the running cluster uses: it reports a change it can read in the files',
        '(the mask set twice with different values), not an edit of a single value.',
      ),
    },
  },
  (ctx) => {
    const history: K3sSetting[] = ctx.models.k3sSettingsPerFile
      .flat()
      .filter((s) => s.parent === 'kube-controller-manager-arg' && MASKS.has(s.name) && /^\d+$/.test(s.value));
    for (let i = 1; i < history.length; i++) {
      const s = history[i]!;
      if (s.otherFile) continue;
      const prev = history[i - 1]!;
      if (Number(prev.value) === Number(s.value)) continue;
      ctx.report({
        messageId: 'changed',
        data: {
          old: Number(prev.value),
          mask: Number(s.value),
          where: whereSet(prev) ?? 'earlier in this file',
          oldAddresses: Number(prev.value) <= 32 ? formatCount(addressesPerNode(Number(prev.value))) : '?',
        },
        range: s.range,
      });
    }
  },
);
