import { defineRule } from '../define-rule';
import { k3sSettings, lastSetting, type K3sSetting } from '../model/k3s';
import { DEFAULT_NODE_MASK, addressesPerNode, formatCount, maskForPods, usablePodIps } from '../sizing/cidr';
import type { Edit, ParsedFile } from '../types';
import { asMap, getPair, indentAt } from '../yaml-ast';
import { isScalar, isSeq } from 'yaml';

export default defineRule(
  {
    id: 'k3s/max-pods-exceeds-node-cidr',
    kinds: ['k3s-config', 'k3s-install'],
    scope: 'file',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      exceeds: (d) =>
        `max-pods ${d.pods} does not fit the /${d.mask} node pod CIDR${d.maskIsDefault ? ' (the default)' : ''}: it has ${d.addresses} addresses, about ${d.usable} usable for pods. Pods past that stay in ContainerCreating with "no IP addresses available in range set". Use node-cidr-mask-size=${d.fit} or lower.`,
      setMask: (d) => `Set kube-controller-manager node-cidr-mask-size=${d.fit} (applies to nodes that join after the change)`,
    },
    docs: {
      summary: 'The kubelet\'s `max-pods` must fit the pod addresses of the node\'s CIDR block.',
      why:
        'Each node gets a pod CIDR block of `node-cidr-mask-size` bits from the cluster CIDR; k3s does not set the mask, so kube-controller-manager\'s default /24 (256 addresses) applies. Flannel\'s host-local IPAM hands out .1-.254 and the cni0 bridge takes .1, so a /24 holds about 253 pods. Raising `max-pods` above that lets the scheduler place pods that never get an IP: they stay in ContainerCreating with `failed to allocate for range 0: no IP addresses available in range set`. Raise `node-cidr-mask-size` (a /23 has 512 addresses) together with `max-pods`, and check the cluster CIDR still has room for your nodes (a /16 cluster holds 2^(23-16) = 128 nodes of /23). The mask is fixed for a node when it joins, so existing nodes must rejoin.',
      bad: '# scalewise: kind=k3s-config\nkubelet-arg:\n  - "max-pods=500"\n',
      good: '# scalewise: kind=k3s-config\nkubelet-arg:\n  - "max-pods=500"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=22"\n',
      fixNotes: 'A suggestion: the new mask applies only to nodes that join afterwards (k3s-io/k3s#10442), and it lowers how many nodes the cluster CIDR holds.',
      uncertain: 'How many addresses of a block the CNI keeps for itself depends on the CNI; Scalewise assumes 3 (network address, broadcast, bridge), as observed with flannel.',
      sources: [
        'https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--max-pods, default 110)',
        'kubernetes/kubernetes cmd/kube-controller-manager/app/options/nodeipamcontroller.go (--node-cidr-mask-size, default 24 for IPv4)',
        'k3s-io/docs@0243496:docs/cli/server.md (--cluster-cidr default 10.42.0.0/16)',
        'k3s-io/k3s#10442 (the mask is assigned when a node joins)',
        'rancher/rancher#31262 (no IP addresses available in range set: 10.42.2.1-10.42.2.254)',
        'https://cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr (the 2x headroom guidance is GKE\'s)',
      ],
    },
  },
  (ctx) => {
    const settings = k3sSettings(ctx.file);
    const maxPods = lastSetting(settings, 'max-pods', 'kubelet-arg');
    const maskSetting = lastSetting(settings, 'node-cidr-mask-size', 'kube-controller-manager-arg') ?? lastSetting(settings, 'node-cidr-mask-size-ipv4', 'kube-controller-manager-arg');
    const mask = maskSetting && /^\d+$/.test(maskSetting.value) ? Number(maskSetting.value) : DEFAULT_NODE_MASK;
    if (!maxPods || !/^\d+$/.test(maxPods.value) || mask > 32) return;
    const pods = Number(maxPods.value);
    const fit = maskForPods(pods);
    const headroom = maskForPods(pods * 2);
    ctx.hint({
      range: maxPods.range,
      title: `max-pods ${formatCount(pods)} needs at least a /${fit ?? '?'} node block; /${mask} gives ${formatCount(addressesPerNode(mask))} addresses${headroom !== null ? `; 2× headroom needs /${headroom}` : ''}`,
      detail: `**Pod addresses per node**\n\n| mask | addresses | usable pods |\n|---|---|---|\n${[fit, headroom, mask]
        .filter((m, i, a): m is number => m !== null && a.indexOf(m) === i)
        .map((m) => `| /${m} | ${formatCount(addressesPerNode(m))} | ${formatCount(usablePodIps(m))} |`)
        .join('\n')}`,
      lens: true,
    });
    if (pods <= usablePodIps(mask) || fit === null) return;
    ctx.report({
      messageId: 'exceeds',
      data: { pods, mask, maskIsDefault: maskSetting ? '' : 'yes', addresses: formatCount(addressesPerNode(mask)), usable: formatCount(usablePodIps(mask)), fit },
      range: maxPods.range,
      fixes: [{ title: ctx.message('setMask', { fit }), safety: 'suggestion', edits: [maskEdit(ctx.file, maxPods, maskSetting, fit)] }],
    });
  },
);

function maskEdit(file: ParsedFile, maxPods: K3sSetting, existing: K3sSetting | undefined, fit: number): Edit {
  const flag = `node-cidr-mask-size=${fit}`;
  if (existing) {
    const raw = file.text.slice(existing.range.start, existing.range.end);
    return { ...existing.range, text: raw.replace(/node-cidr-mask-size(-ipv4)?(=|\s+)["']?\d*/, `node-cidr-mask-size$1$2${fit}`) };
  }
  if (!file.isYaml) return { start: maxPods.insertAt, end: maxPods.insertAt, text: ` --kube-controller-manager-arg=${flag}` };
  // config.yaml: append to an existing kube-controller-manager-arg list, or add the key at the end.
  for (const d of file.documents) {
    const root = asMap(d.root, d.doc);
    const pair = getPair(root, 'kube-controller-manager-arg') ?? getPair(root, 'kube-controller-manager-arg+');
    const last = pair && isSeq(pair.value) && !pair.value.flow ? (pair.value.items.at(-1) as { range?: [number, number, number] } | undefined) : undefined;
    if (last?.range) {
      const nl = file.text.indexOf('\n', last.range[1]);
      const at = nl === -1 ? file.text.length : nl + 1;
      return { start: at, end: at, text: `${nl === -1 ? '\n' : ''}${indentAt(file.text, last.range[0])}- "${flag}"\n` };
    }
    if (pair && isScalar(pair.value) && pair.value.range) {
      // A single-flag scalar becomes a flow list with both flags.
      const [start, end] = pair.value.range;
      return { start, end, text: `[${JSON.stringify(String(pair.value.value))}, "${flag}"]` };
    }
  }
  const end = file.text.length;
  return { start: end, end, text: `${file.text.endsWith('\n') || end === 0 ? '' : '\n'}kube-controller-manager-arg:\n  - "${flag}"\n` };
}
