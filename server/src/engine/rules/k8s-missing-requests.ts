import { defineRule } from '../define-rule';
import { addRequestsEdit, containerRange, hasRequest, PLACEHOLDER_REQUESTS, podContainers } from '../model/k8s-resources';
import { workloads } from '../model/kubernetes';

export default defineRule(
  {
    id: 'k8s/missing-requests',
    kinds: ['kubernetes'],
    scope: 'service',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      missing: (d) =>
        `${d.list === 'initContainers' ? 'Init container' : 'Container'} "${d.container}" of ${d.kind} "${d.workload}" sets no ${d.what} request (nor a limit Kubernetes would copy): the scheduler counts it as 0, so replicas pile onto nodes that are already busy and are the first to be evicted under memory pressure${d.what === 'memory' ? '' : ', and a HorizontalPodAutoscaler on CPU utilisation cannot compute it ("missing request for cpu")'}.`,
      add: (d) => `Add placeholder requests (${d.values}); measure and adjust`,
    },
    docs: {
      summary: 'Every container and init container of a workload should request CPU and memory.',
      why:
        'The scheduler places pods by their requests. A container without them counts as zero, so replicas pile onto nodes that are already busy, and its pods are in the BestEffort (or Burstable) QoS class, the first to be evicted. A HorizontalPodAutoscaler on CPU utilisation needs a CPU request on every container of the pod: "if some of the Pod\'s containers do not have the relevant resource request set, CPU utilization for the Pod will not be defined and the autoscaler will not take any action for that metric". A limit alone is enough: "If you specify a limit for a resource, but do not specify any request, … Kubernetes copies the limit you specified and uses it as the requested value", so such containers are not reported. A LimitRange in the namespace can also set default requests; this rule cannot see it.',
      bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n',
      good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
      fixNotes: `A suggestion that inserts placeholder requests (\`cpu: ${PLACEHOLDER_REQUESTS.cpu}\`, \`memory: ${PLACEHOLDER_REQUESTS.memory}\`) for what is missing, creating \`resources:\` and \`requests:\` as needed. They are placeholders: measure the container and adjust them.`,
      sources: [
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (requests, limits copied into requests)',
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (utilisation needs a request on every container)',
      ],
    },
  },
  (ctx) => {
    for (const w of workloads(ctx.file)) {
      for (const c of podContainers(w)) {
        const missing = (['cpu', 'memory'] as const).filter((r) => !hasRequest(c.map, w.doc, r));
        if (missing.length === 0) continue;
        const edit = addRequestsEdit(ctx.file.text, c.map, w.doc, missing);
        const values = missing.map((r) => `${r}: ${PLACEHOLDER_REQUESTS[r]}`).join(', ');
        ctx.report({
          messageId: 'missing',
          data: { container: c.name, list: c.list, kind: w.kind, workload: w.name, what: missing.length === 2 ? 'CPU or memory' : missing[0] === 'cpu' ? 'CPU' : 'memory' },
          range: containerRange(c, w.doc),
          fixes: edit ? [{ title: ctx.message('add', { values }), safety: 'suggestion', edits: [edit] }] : [],
        });
      }
    }
  },
);
