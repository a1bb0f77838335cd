import { defineRule } from '../define-rule';
import { isDynamic, k3sNetwork, k3sScript } from '../model/k3s';
import { formatCidr, parseCidrList } from '../quantity/cidr';
import { paragraph, prose, yaml } from '../template-text';

const V4_MASKS = new Set(['node-cidr-mask-size', 'node-cidr-mask-size-ipv4']);

export default defineRule(
  {
    id: 'k3s/invalid-flag-value',
    kinds: ['k3s-config', 'k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'error',
    messages: {
      notCount: (d) =>
        prose`
          max-pods=${d.value} is not a whole number: the kubelet rejects --max-pods=${d.value} ("invalid
          argument") and does not start, so the node never becomes Ready.
        `,
      notMask: (d) => prose`
        ${d.name}=${d.value} is not a mask length (a whole number from 0 to ${d.max}): kube-controller-manager
        rejects the flag and does not start.
      `,
      belowCluster: (d) =>
        prose`
          ${d.name}=${d.value} makes a node block (/${d.value}) larger than the whole cluster CIDR
          ${d.cluster}: kube-controller-manager cannot cut a single node block from it, so no node gets a pod
          CIDR. Use a mask between /${d.min} and /${d.maxMask}.
        `,
      badCidr: (d) =>
        `${d.name} "${d.value}" is not a CIDR (like 10.42.0.0/16, or an IPv4,IPv6 pair for dual-stack): k3s refuses to start with it.`,
      badUrl: (d) => prose`
        K3S_URL "${d.value}" does not start with https://: the install script stops with "Only https:// URLs
        are supported for K3S_URL (have ${d.value})".
      `,
    },
    docs: {
      summary:
        'Values of the k3s pod-network flags must parse: max-pods, node-cidr-mask-size, cluster-cidr, service-cidr, K3S_URL.',
      why: paragraph(
        'These values are only checked when the process that reads them starts: a kubelet with `max-pods=`',
        '(empty) or `max-pods=lots` exits, a node mask outside 0-32 stops kube-controller-manager, a',
        'malformed `cluster-cidr` stops k3s, and the install script refuses a `K3S_URL` that is not',
        "https://. A node mask shorter than the cluster CIDR's (a /14 node block in a /16 cluster) leaves",
        'no room for even one node block, so no node gets a pod CIDR. Values that come from the shell',
        '(`$PODS`, `${PODS:-110}`, `$(cat /etc/maxpods)`, `` `cat /etc/maxpods` ``) are not checked: they',
        'are only known when the script runs.',
      ),
      bad: yaml`
        # scalewise: kind=k3s-config
        kubelet-arg:
          - "max-pods="
      `,
      good: yaml`
        # scalewise: kind=k3s-config
        kubelet-arg:
          - "max-pods=110"
      `,
      sources: [
        'https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--max-pods int32)',
        paragraph(
          'kubernetes/kubernetes cmd/kube-controller-manager/app/options/nodeipamcontroller.go',
          '(--node-cidr-mask-size int32, --node-cidr-mask-size-ipv4, --node-cidr-mask-size-ipv6)',
        ),
        'kubernetes/kubernetes pkg/controller/nodeipam/ipam/cidrset/cidr_set.go (maxCIDRs = 1 << (node mask - cluster mask))',
        'k3s-io/docs@02434960d6d5881e47ae8a1c857c4b51f23deec6:docs/cli/server.md (--cluster-cidr, --service-cidr: IPv4/IPv6 network CIDRs)',
        'k3s-io/k3s@0136cf258954a458da1404858396342724b93d24:install.sh (verify_k3s_url: "Only https:// URLs are supported for K3S_URL (have ...)")',
      ],
      uncertain: paragraph(
        'What kube-controller-manager does with a node mask shorter than the cluster mask is inferred from',
        'cidr_set.go (no node block fits); the exact log line was not captured.',
      ),
    },
  },
  (ctx) => {
    const settings = ctx.models.k3sSettings;
    const net = k3sNetwork(settings);
    for (const s of settings) {
      if (s.otherFile || isDynamic(s.value)) continue;
      if (s.parent === 'kubelet-arg' && s.name === 'max-pods' && !/^\d+$/.test(s.value)) {
        ctx.report({ messageId: 'notCount', data: { value: s.value }, range: s.range });
      } else if (
        s.parent === 'kube-controller-manager-arg' &&
        (V4_MASKS.has(s.name) || s.name === 'node-cidr-mask-size-ipv6')
      ) {
        const max = s.name === 'node-cidr-mask-size-ipv6' ? 128 : 32;
        if (!/^\d+$/.test(s.value) || Number(s.value) > max) {
          ctx.report({ messageId: 'notMask', data: { name: s.name, value: s.value, max }, range: s.range });
          continue;
        }
        const clusterMask = max === 32 ? net.cluster?.mask : net.clusterIpv6Mask;
        // Only the mask in effect is compared with the cluster CIDR.
        const effective = max === 32 ? net.maskSetting === s : net.ipv6MaskSetting === s;
        if (effective && clusterMask !== undefined && Number(s.value) < clusterMask) {
          ctx.report({
            messageId: 'belowCluster',
            data: {
              name: s.name,
              value: s.value,
              cluster: max === 32 && net.cluster ? formatCidr(net.cluster) : `/${clusterMask}`,
              min: clusterMask,
              maxMask: max === 32 ? 30 : Math.min(128, clusterMask + 16),
            },
            range: s.range,
          });
        }
      } else if (
        s.parent === undefined &&
        (s.name === 'cluster-cidr' || s.name === 'service-cidr') &&
        parseCidrList(s.value) === null
      ) {
        ctx.report({ messageId: 'badCidr', data: { name: s.name, value: s.value }, range: s.range });
      }
    }
    if (!ctx.file.isYaml) {
      for (const a of k3sScript(ctx.file.text).env) {
        if (a.name === 'K3S_URL' && a.value !== '' && !isDynamic(a.value) && !a.value.startsWith('https://')) {
          ctx.report({ messageId: 'badUrl', data: { value: a.value }, range: a.range });
        }
      }
    }
  },
);
