import type { Edit } from '../types';
import { defineRule } from '../define-rule';
import { wherePrefix } from '../model/helm-workloads';
import { get, getPair, nodeRange } from '../yaml-ast';
import type { Node } from 'yaml';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'helm/autoscaling-min-exceeds-max',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      minExceedsMax: (d) =>
        prose`
          ${d.where}autoscaling.maxReplicas ${d.max} is below minReplicas ${d.min}: the API server rejects the
          HorizontalPodAutoscaler ("spec.maxReplicas: Invalid value: ${d.max}: must be greater than or equal
          to \`minReplicas\`") and the helm install or upgrade fails.
        `,
      minBelowOne: (d) =>
        prose`
          ${d.where}autoscaling.minReplicas ${d.min} is below 1: the API server rejects the
          HorizontalPodAutoscaler ("spec.minReplicas: Invalid value: ${d.min}: must be greater than or equal
          to 1"; 0 needs the alpha HPAScaleToZero feature gate) and the helm install or upgrade fails.
        `,
      maxBelowOne: (d) =>
        prose`
          ${d.where}autoscaling.maxReplicas ${d.max} is below 1: the API server rejects the
          HorizontalPodAutoscaler ("spec.maxReplicas: Invalid value: ${d.max}: must be greater than 0") and
          the helm install or upgrade fails.
        `,
      setMax: (d) => `Set maxReplicas to ${d.value}`,
      swap: (d) => `Swap them: minReplicas ${d.min}, maxReplicas ${d.max}`,
      setMin: () => 'Set minReplicas to 1',
    },
    docs: {
      summary: 'Autoscaling bounds the API server rejects: `minReplicas` above `maxReplicas`, or either below 1.',
      why: paragraph(
        'With `autoscaling.enabled: true` the chart renders a HorizontalPodAutoscaler with `minReplicas`',
        'and `maxReplicas` from these values, and the API server validates them: `spec.minReplicas` "must',
        'be greater than or equal to 1" (0 only with the alpha `HPAScaleToZero` feature gate),',
        '`spec.maxReplicas` "must be greater than 0" and, when it is smaller than the minimum,',
        '`spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas``. Helm then',
        'fails the whole install or upgrade. Swapped bounds are the usual cause. A missing `maxReplicas`',
        "is not reported: Helm merges the file over the chart's defaults (`maxReplicas: 100` in `helm",
        'create` charts), so the value is usually set there. Blocks with autoscaling off are not checked,',
        'since no HPA is rendered.',
      ),
      bad: yaml`
        api:
          autoscaling:
            enabled: true
            minReplicas: 10
            maxReplicas: 3
      `,
      good: yaml`
        api:
          autoscaling:
            enabled: true
            minReplicas: 3
            maxReplicas: 10
      `,
      exampleFile: 'values.yaml',
      fixNotes: 'Suggestions: each fix changes how many replicas the HPA may run.',
      sources: [
        'kubernetes/kubernetes: pkg/apis/autoscaling/validation/validation.go (minReplicas ≥ 1, maxReplicas > 0, maxReplicas ≥ minReplicas)',
        paragraph(
          'k8s.io/api autoscaling/v2 HorizontalPodAutoscalerSpec.minReplicas: "It defaults to 1 pod.',
          'minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled"',
        ),
        'helm/helm@0d1f9da:pkg/chart/v2/util/create.go (default values `minReplicas: 1`, `maxReplicas: 100`; the HPA template renders them)',
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.helmWorkloads) {
      if (!w.enabled || !w.autoscaling) continue;
      const where = wherePrefix(w.path);
      const minNode = get(w.autoscaling, 'minReplicas', w.doc);
      const maxNode = get(w.autoscaling, 'maxReplicas', w.doc);
      const { minReplicas: min, maxReplicas: max } = w;
      // At the value as written (an alias stays an alias), and never edited through an alias.
      const at = (key: string) => nodeRange(getPair(w.autoscaling, key)?.value as Node | null);
      const set = (node: Node | null, value: number): Edit[] =>
        node?.range && getPair(w.autoscaling, node === minNode ? 'minReplicas' : 'maxReplicas')?.value === node
          ? [{ ...nodeRange(node), text: String(value) }]
          : [];
      if (min !== undefined && min < 1) {
        const edits = set(minNode, 1);
        ctx.report({
          messageId: 'minBelowOne',
          data: { where, min },
          range: at('minReplicas'),
          fixes: edits.length > 0 ? [{ title: ctx.message('setMin'), safety: 'suggestion', edits }] : [],
        });
      }
      if (max !== undefined && max < 1) {
        const value = Math.max(min ?? 1, 1);
        const edits = set(maxNode, value);
        ctx.report({
          messageId: 'maxBelowOne',
          data: { where, max },
          range: at('maxReplicas'),
          fixes: edits.length > 0 ? [{ title: ctx.message('setMax', { value }), safety: 'suggestion', edits }] : [],
        });
        continue;
      }
      if (min === undefined || max === undefined || max >= min || min < 1) continue;
      const fixes = [];
      const toMin = set(maxNode, min);
      if (toMin.length > 0)
        fixes.push({ title: ctx.message('setMax', { value: min }), safety: 'suggestion' as const, edits: toMin });
      const swap = [...set(minNode, max), ...set(maxNode, min)];
      if (swap.length === 2)
        fixes.push({ title: ctx.message('swap', { min: max, max: min }), safety: 'suggestion' as const, edits: swap });
      ctx.report({ messageId: 'minExceedsMax', data: { where, min, max }, range: at('maxReplicas'), fixes });
    }
  },
);
