import { defineRule } from '../define-rule';
import { isDynamic, lastSetting } from '../model/k3s';
import { DEFAULT_MAX_PODS, formatCount } from '../quantity/cidr';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k3s/max-pods-above-tested',
    kinds: ['k3s-config', 'k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      aboveTested: (d) =>
        prose`
          max-pods ${d.pods} is above ${d.tested}, the most pods per node Kubernetes is tested and supported
          with ("No more than 110 pods per node"). The kubelet, the container runtime and the CNI do more work
          per node; load-test this density, or keep max-pods at ${d.tested} and add nodes.
        `,
    },
    docs: {
      summary: "The kubelet's `max-pods` above 110 leaves the pods-per-node limit Kubernetes is tested with.",
      why: paragraph(
        'Kubernetes states the cluster sizes it is designed and tested for: "No more than 110 pods per',
        'node; No more than 5,000 nodes; No more than 150,000 total pods; No more than 300,000 total',
        'containers." The kubelet default `--max-pods` is the same 110. Above it, every node runs more',
        "pods than upstream tests: the kubelet's status loops, the container runtime and the CNI each",
        'handle more containers, and a node failure reschedules more pods at once. Denser nodes also need',
        'a larger node pod CIDR (see `k3s/max-pods-exceeds-node-cidr`). If you raise it on purpose (many',
        'small pods) after load-testing, keep the warning as a record with `# scalewise-disable-next-line',
        'k3s/max-pods-above-tested -- reason`.',
      ),
      bad: yaml`
        # scalewise: kind=k3s-config
        kubelet-arg:
          - "max-pods=200"
      `,
      good: yaml`
        # scalewise: kind=k3s-config
        kubelet-arg:
          - "max-pods=110"
      `,
      sources: [
        paragraph(
          'kubernetes/website@04d4491af2b6259d1bad3549a5450e5cc102dec2:content/en/docs/setup/best-practices/cluster-large.md',
          '(https://kubernetes.io/docs/setup/best-practices/cluster-large/): no more than 110 pods per node',
        ),
        'https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--max-pods, default 110)',
      ],
    },
  },
  (ctx) => {
    const maxPods = lastSetting(ctx.models.k3sSettings, 'max-pods', 'kubelet-arg');
    if (!maxPods || maxPods.otherFile || isDynamic(maxPods.value) || !/^\d+$/.test(maxPods.value)) return;
    const pods = Number(maxPods.value);
    if (pods <= DEFAULT_MAX_PODS) return;
    ctx.report({
      messageId: 'aboveTested',
      data: { pods: formatCount(pods), tested: DEFAULT_MAX_PODS },
      range: maxPods.range,
    });
  },
);
