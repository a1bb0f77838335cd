import { defineRule } from '../define-rule';
import { helmTrue } from '../model/helm-workloads';
import { get, getPair, isMap, keyRange, mappings, stringValue } from '../yaml-ast';
import { removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'helm/replicas-with-autoscaling',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      both: (d) => prose`
        ${d.where}replicaCount: ${d.count} is set while autoscaling.enabled is true: the
        HorizontalPodAutoscaler owns the replica count, and every helm upgrade resets it to ${d.count}.
      `,
      remove: () => 'Remove replicaCount (the chart must then leave spec.replicas out when autoscaling is on)',
    },
    docs: {
      summary: 'Do not set a fixed `replicaCount` when the chart turns on a HorizontalPodAutoscaler.',
      why: paragraph(
        'With `autoscaling.enabled: true` most charts create an HPA, which owns `spec.replicas`. If the',
        'chart still renders `replicas: {{ .Values.replicaCount }}`, each `helm upgrade` (or `kubectl',
        'apply`) sets the Deployment back to that number, and the HPA scales it again: "thrashing or',
        'flapping behavior", as the Kubernetes docs put it. Charts made with `helm create` skip `replicas`',
        'when autoscaling is enabled, in which case `replicaCount` is dead configuration that misleads',
        'readers. The rule looks at every block of the file (sub-chart values and components such as',
        '`backend:` included), in block and flow style, and reads `enabled` as Helm does: YAML 1.1, where',
        '`yes` and `on` are true as well.',
      ),
      bad: yaml`
        replicaCount: 3
        autoscaling:
          enabled: true
          minReplicas: 2
          maxReplicas: 10
      `,
      good: yaml`
        autoscaling:
          enabled: true
          minReplicas: 2
          maxReplicas: 10
      `,
      exampleFile: 'values.yaml',
      fixNotes: 'A suggestion: whether the chart still renders `replicas` depends on its templates.',
      sources: [
        paragraph(
          'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (migrating',
          'Deployments and StatefulSets to horizontal autoscaling)',
        ),
        'helm/helm: pkg/chart/v2/util/create.go, the default deployment template (`{{- if not .Values.autoscaling.enabled }} replicas:`)',
        'go-yaml/yaml v2 resolve.go (YAML 1.1 booleans `y`, `yes`, `on`), which Helm 3 reads values with through sigs.k8s.io/yaml',
      ],
    },
  },
  (ctx) => {
    for (const d of ctx.file.documents) {
      for (const { map, path } of mappings(d.root, d.doc)) {
        const replicas = getPair(map, 'replicaCount');
        const autoscaling = get(map, 'autoscaling', d.doc);
        if (!replicas || !isMap(autoscaling)) continue;
        // Helm reads values as YAML 1.1: `enabled: yes` and `enabled: on` turn the HPA on too.
        if (!helmTrue(get(autoscaling, 'enabled', d.doc), d.doc)) continue;
        ctx.report({
          messageId: 'both',
          data: {
            where: path.length > 0 ? `${path.join('.')}.` : '',
            count: stringValue(replicas.value, d.doc) ?? '?',
          },
          range: keyRange(replicas),
          fixes: [
            {
              title: ctx.message('remove'),
              safety: 'suggestion',
              edits: [removePairEdit(ctx.file.text, map, replicas)],
            },
          ],
        });
      }
    }
  },
);
