import { defineRule } from '../define-rule';
import { k3sNetwork } from '../model/k3s';
import { CLUSTER_SUBNET_MAX_DIFF, formatCidr, formatCount, nodesInCluster } from '../quantity/cidr';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k3s/cluster-cidr-node-capacity',
    kinds: ['k3s-config', 'k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'error',
    messages: {
      tooFewNodes: (d) =>
        prose`
          ${d.cluster} with /${d.mask} node blocks holds ${d.nodes} nodes (2^(${d.mask}-${d.clusterMask})),
          but .scalewise.yaml expects ${d.expected}. Node ${d.next} and later get no pod CIDR ("CIDR
          allocation failed; there are no remaining CIDRs left to allocate in the accepted range") and their
          pods never start. Use a larger cluster CIDR (a shorter mask) when you create the cluster, or a
          longer node mask (fewer pods per node).
        `,
      ipv6MaxDiff: (d) =>
        prose`
          The IPv6 node mask /${d.mask} is ${d.diff} bits longer than the IPv6 cluster CIDR /${d.clusterMask};
          kube-controller-manager allows at most ${d.max} ("The subnet mask size cannot be greater than 16
          more than the cluster mask size") and fails with "New CIDR set failed; the node CIDR size is too
          big": no node gets an IPv6 pod CIDR. Use an IPv6 cluster CIDR of /${d.needed} or larger.
        `,
    },
    docs: {
      summary: 'The cluster CIDR must hold a node block for every node you expect.',
      why: paragraph(
        'kube-controller-manager cuts the cluster CIDR (`cluster-cidr`, k3s default `10.42.0.0/16`) into',
        'one block of `node-cidr-mask-size` bits per node (default /24), so the cluster holds 2^(node mask',
        '- cluster mask) nodes: 256 for the defaults, 128 with /23 blocks, 1,024 for a /14 cluster. When',
        'they are used up, the next node gets no pod CIDR ("CIDR allocation failed; there are no remaining',
        'CIDRs left to allocate in the accepted range") and its pods never start. Raising `max-pods` with',
        'a shorter node mask halves the node count for each bit. The number is shown as a code lens and',
        'hover on `cluster-cidr` and on the node mask; this rule reports an error when `.scalewise.yaml`',
        '`cluster.nodes` expects more nodes than that. For IPv6, kube-controller-manager also refuses a',
        'node mask more than 16 bits longer than the cluster CIDR (clusterSubnetMaxDiff), so /64 node',
        'blocks need a /48 or larger IPv6 cluster CIDR. The cluster CIDR is a critical value that must',
        'match on all servers and is set at cluster creation: size it before the cluster grows.',
      ),
      bad: yaml`
        # scalewise: kind=k3s-config
        cluster-cidr: 10.42.0.0/20
        kube-controller-manager-arg:
          - "node-cidr-mask-size=23"
      `,
      good: yaml`
        # scalewise: kind=k3s-config
        cluster-cidr: 10.42.0.0/16
        kube-controller-manager-arg:
          - "node-cidr-mask-size=23"
      `,
      exampleConfig: { cluster: { nodes: 20 } },
      sources: [
        paragraph(
          'kubernetes/kubernetes pkg/controller/nodeipam/ipam/cidrset/cidr_set.go (maxCIDRs = 1 <<',
          '(subNetMaskSize - clusterMaskSize); clusterSubnetMaxDiff = 16 checked for IPv6 cluster CIDRs;',
          '"CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range";',
          '"New CIDR set failed; the node CIDR size is too big")',
        ),
        'k3s-io/docs@02434960d6d5881e47ae8a1c857c4b51f23deec6:docs/cli/server.md (--cluster-cidr default 10.42.0.0/16; a critical configuration value)',
        'kubernetes/kubernetes cmd/kube-controller-manager/app/options/nodeipamcontroller.go (--node-cidr-mask-size default 24 for IPv4, 64 for IPv6)',
        paragraph(
          'k3s-io/docs@0f7f1b2f:docs/networking/basic-network-options.md (change node-cidr-mask-size with',
          'the cluster-cidr mask to match pods per node and node count)',
        ),
      ],
      uncertain: paragraph(
        'clusterSubnetMaxDiff is checked only for IPv6 cluster CIDRs in the kube-controller-manager',
        'source; an IPv4 node mask more than 16 bits longer than the cluster CIDR is accepted, so',
        'Scalewise reports the 16-bit limit for IPv6 only.',
      ),
    },
  },
  (ctx) => {
    const net = k3sNetwork(ctx.models.k3sSettings);
    const own = (s: { otherFile?: string } | undefined) => s !== undefined && !s.otherFile;
    // IPv4: node count against .scalewise.yaml cluster.nodes, on the cluster CIDR or the node mask written here.
    const expected = ctx.config.cluster.nodes;
    const anchor = own(net.clusterSetting) ? net.clusterSetting : own(net.maskSetting) ? net.maskSetting : undefined;
    if (
      anchor &&
      net.cluster &&
      net.mask !== null &&
      net.mask <= 32 &&
      net.mask >= net.cluster.mask &&
      expected !== undefined
    ) {
      const nodes = nodesInCluster(net.cluster.mask, net.mask);
      if (expected > nodes) {
        ctx.report({
          messageId: 'tooFewNodes',
          data: {
            cluster: formatCidr(net.cluster),
            mask: net.mask,
            clusterMask: net.cluster.mask,
            nodes: formatCount(nodes),
            expected: formatCount(expected),
            next: formatCount(nodes + 1),
          },
          range: anchor.range,
        });
      }
    }
    // IPv6: clusterSubnetMaxDiff.
    const anchor6 = own(net.ipv6MaskSetting)
      ? net.ipv6MaskSetting
      : own(net.clusterSetting)
        ? net.clusterSetting
        : undefined;
    if (anchor6 && net.clusterIpv6Mask !== undefined && net.ipv6Mask !== null && net.ipv6Mask <= 128) {
      const diff = net.ipv6Mask - net.clusterIpv6Mask;
      if (diff > CLUSTER_SUBNET_MAX_DIFF) {
        ctx.report({
          messageId: 'ipv6MaxDiff',
          data: {
            mask: net.ipv6Mask,
            clusterMask: net.clusterIpv6Mask,
            diff,
            max: CLUSTER_SUBNET_MAX_DIFF,
            needed: net.ipv6Mask - CLUSTER_SUBNET_MAX_DIFF,
          },
          range: anchor6.range,
        });
      }
    }
  },
);
