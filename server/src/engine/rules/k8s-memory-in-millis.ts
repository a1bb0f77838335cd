import { isScalar } from 'yaml';
import { defineRule } from '../define-rule';
import { parseK8sQuantity } from '../quantity/k8s-quantity';
import { asMap, get, mappings, nodeRange } from '../yaml-ast';

export default defineRule(
  {
    id: 'k8s/memory-in-millis',
    kinds: ['kubernetes', 'helm-values', 'runai-config'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      millis: (d) => `memory: ${d.value} is ${d.bytes} bytes: in Kubernetes "m" means milli, not mega. You probably meant ${d.mi} (mebibytes) or ${d.m} (megabytes).`,
      useMi: (d) => `Change to ${d.mi}`,
      useM: (d) => `Change to ${d.m}`,
    },
    docs: {
      summary: 'A memory quantity with the suffix `m` asks for thousandths of a byte.',
      why:
        'Kubernetes quantities use `m` for milli: "If you request `400m` of memory, this is a request for 0.4 bytes. Someone who types that probably meant to ask for 400 mebibytes (`400Mi`) or 400 megabytes (`400M`)." A request of 0.4 bytes schedules anywhere, and a limit of 0.4 bytes stops the container from starting. In Compose the same `400m` means 400 MiB, which is how the mistake usually travels into Kubernetes manifests and Helm values.',
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      resources:\n        limits:\n          memory: 400m\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      resources:\n        limits:\n          memory: 400Mi\n',
      fixNotes: 'Suggestions: both readings change how much memory the workload gets.',
      sources: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (meaning of memory)', 'compose-spec/compose-spec@170098b:11-extension.md (byte values in Compose)'],
    },
  },
  (ctx) => {
    for (const d of ctx.file.documents) {
      for (const { map, path } of mappings(d.root, d.doc)) {
        // Under `resources.requests|limits` of containers, Helm values and Run:ai service groups.
        if (path.length < 2 || path[path.length - 2] !== 'resources' || !['requests', 'limits'].includes(path[path.length - 1]!)) continue;
        const node = get(asMap(map, d.doc), 'memory', d.doc);
        if (!isScalar(node) || typeof node.value !== 'string') continue;
        const q = parseK8sQuantity(node.value);
        if (!q.ok || q.suffix !== 'm') continue;
        const mi = `${q.number}Mi`;
        const m = `${q.number}M`;
        ctx.report({
          messageId: 'millis',
          data: { value: node.value, bytes: +q.value.toPrecision(6), mi, m },
          range: nodeRange(node),
          fixes: [
            { title: ctx.message('useMi', { mi }), safety: 'suggestion', edits: [{ ...nodeRange(node), text: mi }] },
            { title: ctx.message('useM', { m }), safety: 'suggestion', edits: [{ ...nodeRange(node), text: m }] },
          ],
        });
      }
    }
  },
);
