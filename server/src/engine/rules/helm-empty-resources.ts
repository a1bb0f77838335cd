import { defineRule } from '../define-rule';
import { addRequestsEdit, PLACEHOLDER_REQUESTS } from '../model/k8s-resources';
import { wherePrefix } from '../model/helm-workloads';
import { getPair, keyRange, pairs } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'helm/empty-resources',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      empty: (d) =>
        prose`
          ${d.where}resources is empty while ${d.why}: every replica runs without CPU and memory requests, so
          the scheduler counts them as 0 and packs replicas onto busy
          nodes${
            d.autoscaling === 'yes'
              ? paragraph(
                  ', and the HorizontalPodAutoscaler cannot compute CPU utilisation ("missing request for cpu")',
                  'and never scales',
                )
              : ''
          }.
        `,
      add: (d) => `Add placeholder requests (${d.values}); measure and adjust`,
    },
    docs: {
      summary:
        'A scaled component of a Helm chart (`replicaCount` above 1 or `autoscaling.enabled`) with `resources: {}`.',
      why: paragraph(
        '`helm create` charts ship `resources: {}` and leave sizing "as a conscious choice for the user".',
        'Once the component runs several replicas, nothing tells the scheduler what each needs: pods',
        'without requests count as zero, pile onto the busiest nodes, and are the first evicted. With',
        '`autoscaling.enabled` it is worse: the HPA computes CPU utilisation "as a percentage of the',
        'equivalent resource request", and "if some of the Pod\'s containers do not have the relevant',
        'resource request set, CPU utilization for the Pod will not be defined and the autoscaler will not',
        'take any action" (`kubectl get hpa` shows `<unknown>`). Only an explicit `resources: {}` is',
        "reported: when the key is absent, the chart's own defaults may set requests.",
      ),
      bad: yaml`
        web:
          replicaCount: 3
          resources: {}
      `,
      good: yaml`
        web:
          replicaCount: 3
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
      `,
      exampleFile: 'values.yaml',
      fixNotes: prose`
        A suggestion that replaces \`{}\` with placeholder requests (\`cpu: ${PLACEHOLDER_REQUESTS.cpu}\`,
        \`memory: ${PLACEHOLDER_REQUESTS.memory}\`): measure and adjust them.
      `,
      sources: [
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (utilisation is a percentage of the request)',
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (how requests are used for scheduling)',
        'helm/helm: pkg/chart/v2/util/create.go (default values: `resources: {}`, replicaCount, autoscaling)',
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.helmWorkloads) {
      const scaled = (w.replicaCount ?? 0) > 1 || w.enabled;
      const pair = getPair(w.map, 'resources');
      if (!scaled || !pair || !w.resources || pairs(w.resources).length > 0) continue;
      const why = w.enabled ? 'autoscaling.enabled is true' : `replicaCount is ${w.replicaCount}`;
      const edit = addRequestsEdit(ctx.file.text, w.map, w.doc, ['cpu', 'memory']);
      ctx.report({
        messageId: 'empty',
        data: { where: wherePrefix(w.path), why, autoscaling: w.enabled ? 'yes' : 'no' },
        range: keyRange(pair),
        fixes: edit
          ? [
              {
                title: ctx.message('add', {
                  values: `cpu: ${PLACEHOLDER_REQUESTS.cpu}, memory: ${PLACEHOLDER_REQUESTS.memory}`,
                }),
                safety: 'suggestion',
                edits: [edit],
              },
            ]
          : [],
      });
    }
  },
);
