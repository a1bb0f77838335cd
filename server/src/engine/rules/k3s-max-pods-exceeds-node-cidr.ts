import { defineRule } from '../define-rule';
import { configIndex, isDynamic, k3sNetwork, k3sScript, lastSetting, whereSet, type K3sSetting } from '../model/k3s';
import { MIN_NODE_MASK, addressesPerNode, formatCount, maskForPods, usablePodIps } from '../quantity/cidr';
import type { Edit, ParsedFile } from '../types';
import { asMap, getPair, isScalar, isSeq } from '../yaml-ast';
import { appendToSeqEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k3s/max-pods-exceeds-node-cidr',
    kinds: ['k3s-config', 'k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      exceeds: (d) =>
        prose`
          max-pods ${d.pods} does not fit the /${d.mask} node pod
          CIDR${d.maskIsDefault ? ' (the default)' : ''}${d.maskFrom ? ` set in ${d.maskFrom}` : ''}: it has
          ${d.addresses} addresses, about ${d.usable} usable for pods. Pods past that stay in
          ContainerCreating with "no IP addresses available in range set". Use node-cidr-mask-size=${d.fit} or
          lower.
        `,
      tooMany: (d) =>
        prose`
          max-pods ${d.pods} is more than any node pod CIDR can hold: even a /${d.min} block has
          ${d.addresses} addresses. Pods past the block's addresses stay in ContainerCreating with "no IP
          addresses available in range set"; lower max-pods.
        `,
      setMask: (d) =>
        `Set kube-controller-manager node-cidr-mask-size=${d.fit} (applies to nodes that join after the change)`,
    },
    docs: {
      summary: "The kubelet's `max-pods` must fit the pod addresses of the node's CIDR block.",
      why: paragraph(
        'Each node gets a pod CIDR block of `node-cidr-mask-size` bits from the cluster CIDR; k3s does not',
        "set the mask, so kube-controller-manager's default /24 (256 addresses) applies. Flannel's",
        'host-local IPAM hands out .1-.254 and the cni0 bridge takes .1, so a /24 holds about 253 pods.',
        'Raising `max-pods` above that lets the scheduler place pods that never get an IP: they stay in',
        'ContainerCreating with `failed to allocate for range 0: no IP addresses available in range set`.',
        'Raise `node-cidr-mask-size` (a /23 has 512 addresses) together with `max-pods`, and check the',
        'cluster CIDR still has room for your nodes (a /16 cluster holds 2^(23-16) = 128 nodes of /23).',
        'The mask is fixed for a node when it joins, so existing nodes must rejoin.',
      ),
      bad: yaml`
        # scalewise: kind=k3s-config
        kubelet-arg:
          - "max-pods=500"
      `,
      good: yaml`
        # scalewise: kind=k3s-config
        kubelet-arg:
          # scalewise-disable-next-line k3s/max-pods-above-tested -- dense nodes, load-tested here
          - "max-pods=500"
        kube-controller-manager-arg:
          - "node-cidr-mask-size=22"
      `,
      fixNotes: paragraph(
        'A suggestion: the new mask applies only to nodes that join afterwards (k3s-io/k3s#10442), and it',
        'lowers how many nodes the cluster CIDR holds. An existing `node-cidr-mask-size` is changed in',
        'place; otherwise the flag is added to `kube-controller-manager-arg` (a block list gets one more',
        'item, a flow list one more element, a single scalar becomes a flow list). In a `config.yaml.d`',
        'drop-in the key is added as `kube-controller-manager-arg+` when an earlier file sets',
        '`kube-controller-manager-arg`, so its other flags are kept. No fix is offered when the mask is',
        "set in a later drop-in (it would override the fix), nor in an agent's install script",
        '(kube-controller-manager runs on the servers).',
      ),
      uncertain: paragraph(
        'How many addresses of a block the CNI keeps for itself depends on the CNI; Scalewise assumes 3',
        '(network address, broadcast, bridge), as observed with flannel.',
      ),
      sources: [
        'https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--max-pods, default 110)',
        'kubernetes/kubernetes cmd/kube-controller-manager/app/options/nodeipamcontroller.go (--node-cidr-mask-size, default 24 for IPv4)',
        'k3s-io/docs@0243496:docs/cli/server.md (--cluster-cidr default 10.42.0.0/16)',
        'k3s-io/k3s#10442 (the mask is assigned when a node joins)',
        'rancher/rancher#31262 (no IP addresses available in range set: 10.42.2.1-10.42.2.254)',
        paragraph(
          'https://cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr (the 2x headroom shown',
          "in the hover is GKE's guidance, not upstream Kubernetes)",
        ),
        paragraph(
          'k3s-io/k3s@f646604010affc6a1d3233a8a0870bca46bf80cf:pkg/configfilearg/parser.go (config.yaml,',
          'then config.yaml.d/*.yaml in name order; `key+` appends)',
        ),
      ],
    },
  },
  (ctx) => {
    const settings = ctx.models.k3sSettings;
    const maxPods = lastSetting(settings, 'max-pods', 'kubelet-arg');
    // Reported where max-pods is written: the file that sets it wins, the others stay quiet.
    if (!maxPods || maxPods.otherFile || isDynamic(maxPods.value) || !/^\d+$/.test(maxPods.value)) return;
    const net = k3sNetwork(settings);
    const mask = net.mask;
    if (mask === null || mask > 32) return; // k3s/invalid-flag-value reports it
    const pods = Number(maxPods.value);
    const fit = maskForPods(pods);
    if (fit === null) {
      ctx.report({
        messageId: 'tooMany',
        data: { pods, min: MIN_NODE_MASK, addresses: formatCount(addressesPerNode(MIN_NODE_MASK)) },
        range: maxPods.range,
      });
      return;
    }
    if (pods <= usablePodIps(mask)) return;
    const maskSetting = net.maskSetting;
    const edit = maskEdit(ctx.file, settings, maxPods, maskSetting, fit, configIndex(ctx.file, ctx.workspace));
    ctx.report({
      messageId: 'exceeds',
      data: {
        pods,
        mask,
        maskIsDefault: maskSetting ? '' : 'yes',
        maskFrom: (maskSetting && whereSet(maskSetting)) ?? '',
        addresses: formatCount(addressesPerNode(mask)),
        usable: formatCount(usablePodIps(mask)),
        fit,
      },
      range: maxPods.range,
      fixes: edit ? [{ title: ctx.message('setMask', { fit }), safety: 'suggestion', edits: [edit] }] : [],
    });
  },
);

const KCM = 'kube-controller-manager-arg';

function maskEdit(
  file: ParsedFile,
  settings: K3sSetting[],
  maxPods: K3sSetting,
  existing: K3sSetting | undefined,
  fit: number,
  own: number,
): Edit | null {
  const flag = `node-cidr-mask-size=${fit}`;
  if (existing && !existing.otherFile) {
    const raw = file.text.slice(existing.range.start, existing.range.end);
    return {
      ...existing.range,
      text: raw.replace(/node-cidr-mask-size(-ipv4)?(=|\s+)["']?\d*/, `node-cidr-mask-size$1$2${fit}`),
    };
  }
  if (!file.isYaml) {
    // kube-controller-manager runs on the servers: an agent's flags cannot set it.
    if (k3sScript(file.text).role === 'agent') return null;
    return { start: maxPods.insertAt, end: maxPods.insertAt, text: ` --kube-controller-manager-arg=${flag}` };
  }
  // A later drop-in that sets the mask, or replaces the whole list, would override a fix here.
  const later = (s: K3sSetting) => s.otherFile !== undefined && (s.fileIndex ?? 0) > own;
  if (existing && later(existing)) return null;
  if (settings.some((s) => s.parent === KCM && s.key === KCM && later(s))) return null;
  // config.yaml: append to an existing kube-controller-manager-arg list, or add the key at the end.
  for (const d of file.documents) {
    const root = asMap(d.root, d.doc);
    const pair = getPair(root, KCM) ?? getPair(root, `${KCM}+`);
    if (!pair) continue;
    // `[a, b]` gets one more element, `[]` its first, a block list one more item.
    const add = isSeq(pair.value) ? appendToSeqEdit(file.text, pair.value, `"${flag}"`) : null;
    if (add) return add;
    if (isScalar(pair.value) && pair.value.range) {
      const [start, end] = pair.value.range;
      const v = pair.value.value;
      // An empty value becomes a one-element list; a single-flag scalar a flow list with both flags.
      if (v === null || v === '') return { start, end, text: `${file.text[start - 1] === ':' ? ' ' : ''}["${flag}"]` };
      return { start, end, text: `[${JSON.stringify(String(v))}, "${flag}"]` };
    }
    return null;
  }
  // In a drop-in, `+` keeps the kube-controller-manager flags an earlier file sets.
  const append = settings.some((s) => s.parent === KCM && s.otherFile !== undefined && (s.fileIndex ?? 0) < own);
  const end = file.text.length;
  return {
    start: end,
    end,
    text: `${file.text.endsWith('\n') || end === 0 ? '' : '\n'}${KCM}${append ? '+' : ''}:\n  - "${flag}"\n`,
  };
}
