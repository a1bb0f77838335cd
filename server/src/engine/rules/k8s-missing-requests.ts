import { defineRule } from '../define-rule';
import {
  addRequestsEdit,
  containerRange,
  hasRequest,
  PLACEHOLDER_REQUESTS,
  podContainers,
} from '../model/k8s-resources';
import { hpasTargeting } from '../model/k8s-hpa';
import type { Workload } from '../model/kubernetes';
import type { ParsedFile, WorkspaceFacts } from '../types';
import { getPath, intValue } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** The kinds whose `spec.replicas` sets how many pods run (apps/v1 types.go: "Defaults to 1"). */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

/**
 * How many pods of the workload run side by side, in words, and whether that is more than one
 * (an HPA, a DaemonSet, replicas or a Job's parallelism above 1): there the requests decide how
 * the replicas are spread and whether the autoscalers act.
 */
function scaleOf(file: ParsedFile, workspace: WorkspaceFacts, w: Workload): { scaled: boolean; scale: string } {
  const hpa = hpasTargeting(file, workspace, w)[0];
  if (hpa)
    return {
      scaled: true,
      scale: `scaled by HorizontalPodAutoscaler "${hpa.name}"${hpa.where ? ` (${hpa.where})` : ''}`,
    };
  if (w.kind === 'DaemonSet') return { scaled: true, scale: 'one pod on every node' };
  if (REPLICATED.has(w.kind)) {
    if (w.replicas !== undefined && w.replicas > 1) return { scaled: true, scale: `${w.replicas} replicas` };
    return {
      scaled: false,
      scale: w.replicas === undefined ? 'one replica: spec.replicas defaults to 1' : `spec.replicas: ${w.replicas}`,
    };
  }
  if (w.kind === 'Job' || w.kind === 'CronJob') {
    const path = w.kind === 'Job' ? ['spec', 'parallelism'] : ['spec', 'jobTemplate', 'spec', 'parallelism'];
    const parallelism = intValue(getPath(w.root, path, w.doc), w.doc);
    if (parallelism !== undefined && parallelism > 1)
      return { scaled: true, scale: `${parallelism} pods at once (spec.parallelism)` };
    return { scaled: false, scale: 'one pod at a time' };
  }
  return { scaled: false, scale: 'a single Pod' };
}

export default defineRule(
  {
    id: 'k8s/missing-requests',
    kinds: ['kubernetes'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      missing: (d) =>
        prose`
          ${d.list === 'initContainers' ? 'Init container' : 'Container'} "${d.container}" of ${d.kind}
          "${d.workload}" (${d.scale}) sets no ${d.what} request (nor a limit Kubernetes would copy): the
          scheduler counts it as 0 and packs the pods onto nodes that are already busy, and the cluster
          autoscaler adds no node for pods that request
          nothing${d.what === 'memory' ? '' : '; a HorizontalPodAutoscaler on CPU utilisation cannot compute it ("missing request for cpu")'}.
        `,
      missingSingle: (d) =>
        prose`
          ${d.list === 'initContainers' ? 'Init container' : 'Container'} "${d.container}" of ${d.kind}
          "${d.workload}" (${d.scale}) sets no ${d.what} request (nor a limit Kubernetes would copy). Nothing
          scales it, but the scheduler counts it as
          0${d.what === 'CPU' ? '' : ', and under memory pressure the kubelet evicts it before pods that stay within their requests'}.
        `,
      add: (d) => `Add placeholder requests (${d.values}); measure and adjust`,
    },
    docs: {
      summary: 'Every container of a workload that runs several pods should request CPU and memory.',
      why: paragraph(
        'The scheduler places pods by their requests. A container without them counts as zero, so the',
        'replicas of a scaled workload pile onto nodes that are already busy, and the cluster autoscaler,',
        'which adds nodes only for pods that do not fit by their requests, never adds one for them. This',
        'is a warning for a workload that runs more than one pod: a HorizontalPodAutoscaler targets it (in',
        'the file or elsewhere in the workspace), it is a DaemonSet (one pod per node), `spec.replicas` is',
        'above 1, or a Job or CronJob runs with `parallelism` above 1. For a bare Pod, a single-replica',
        'Deployment or StatefulSet (`spec.replicas` defaults to 1) and a Job that runs one pod at a time',
        'it is only a hint: nothing scales them, and such files are often deliberate (a QoS class demo, a',
        'one-off task); the missing request still makes the pod BestEffort or Burstable, evicted first',
        'under memory pressure. A HorizontalPodAutoscaler on CPU utilisation needs a CPU request on every',
        'container of the pod: "if some of the Pod\'s containers do not have the relevant resource request',
        'set, CPU utilization for the Pod will not be defined and the autoscaler will not take any action',
        'for that metric". A limit alone is enough: "If you specify a limit for a resource, but do not',
        'specify any request, … Kubernetes copies the limit you specified and uses it as the requested',
        'value", so such containers are not reported. A LimitRange in the namespace can also set default',
        'requests; this rule cannot see it.',
      ),
      bad: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx
      `,
      good: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
      `,
      fixNotes: prose`
        A suggestion that inserts placeholder requests (\`cpu: ${PLACEHOLDER_REQUESTS.cpu}\`, \`memory:
        ${PLACEHOLDER_REQUESTS.memory}\`) for what is missing, creating \`resources:\` and \`requests:\` as
        needed. They are placeholders: measure the container and adjust them.
      `,
      sources: [
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (requests, limits copied into requests)',
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (utilisation needs a request on every container)',
        paragraph(
          'https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md ("How does',
          'scale-up work?": it adds nodes for pods that are unschedulable by their requests)',
        ),
        'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/ (pods whose usage exceeds their requests are evicted first)',
        paragraph(
          'https://github.com/kubernetes/api/blob/master/apps/v1/types.go (spec.replicas: "Defaults to 1");',
          'https://kubernetes.io/docs/concepts/workloads/controllers/job/#parallel-jobs (parallelism',
          'defaults to 1)',
        ),
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.workloads) {
      let scale: { scaled: boolean; scale: string } | undefined;
      for (const c of podContainers(w)) {
        const missing = (['cpu', 'memory'] as const).filter((r) => !hasRequest(c.map, w.doc, r));
        if (missing.length === 0) continue;
        const edit = addRequestsEdit(ctx.file.text, c.map, w.doc, missing);
        const values = missing.map((r) => `${r}: ${PLACEHOLDER_REQUESTS[r]}`).join(', ');
        scale ??= scaleOf(ctx.file, ctx.workspace, w);
        ctx.report({
          messageId: scale.scaled ? 'missing' : 'missingSingle',
          ...(scale.scaled ? {} : { severity: 'hint' as const }),
          data: {
            container: c.name,
            list: c.list,
            kind: w.kind,
            workload: w.name,
            what: missing.length === 2 ? 'CPU or memory' : missing[0] === 'cpu' ? 'CPU' : 'memory',
            scale: scale.scale,
          },
          range: containerRange(c, w.doc),
          fixes: edit ? [{ title: ctx.message('add', { values }), safety: 'suggestion', edits: [edit] }] : [],
        });
      }
    }
  },
);
