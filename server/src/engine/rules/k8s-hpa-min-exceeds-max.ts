import type { Node } from 'yaml';
import { defineRule } from '../define-rule';
import { deref, keyRange, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k8s/hpa-min-exceeds-max',
    kinds: ['kubernetes'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      minAboveMax: (d) => prose`
        HorizontalPodAutoscaler "${d.hpa}": minReplicas ${d.min} is above maxReplicas ${d.max}, and the API
        server rejects it: "spec.maxReplicas: Invalid value: ${d.max}: must be greater than or equal to
        \`minReplicas\`".
      `,
      maxNotPositive: (d) => prose`
        HorizontalPodAutoscaler "${d.hpa}": the API server rejects maxReplicas ${d.max}: "spec.maxReplicas:
        Invalid value: ${d.max}: must be greater than 0".
      `,
      minZero: (d) =>
        prose`
          HorizontalPodAutoscaler "${d.hpa}": the API server rejects minReplicas ${d.min} ("spec.minReplicas:
          Invalid value: ${d.min}: must be greater than or equal to 1") unless the alpha feature gate
          HPAScaleToZero is
          enabled${d.metric === 'yes' ? '' : ' and the HPA has an Object or External metric, which this one has not'}.
        `,
      swap: (d) => `Swap them (minReplicas ${d.max}, maxReplicas ${d.min})`,
      raiseMax: (d) => `Raise maxReplicas to ${d.min}`,
      minOne: () => 'Set minReplicas to 1',
    },
    docs: {
      summary: paragraph(
        'A HorizontalPodAutoscaler whose `minReplicas` is above `maxReplicas`, whose `maxReplicas` is not',
        'positive, or whose `minReplicas` is 0 without the HPAScaleToZero feature gate.',
      ),
      why: paragraph(
        'HPA validation rejects these at `kubectl apply`: `spec.maxReplicas: Invalid value: 5: must be',
        'greater than or equal to \\`minReplicas\\``, `spec.maxReplicas: … must be greater than 0`, and',
        '`spec.minReplicas: … must be greater than or equal to 1`. The lower bound is 0 only with the',
        'HPAScaleToZero feature gate: "minReplicas is allowed to be 0 if the alpha feature gate',
        'HPAScaleToZero is enabled and at least one Object or External metric is configured." Without an',
        'Object or External metric `minReplicas: 0` is an error; with one it depends on the cluster, so it',
        'is reported as a warning.',
      ),
      bad: yaml`
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 10
          maxReplicas: 4
      `,
      good: yaml`
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 4
          maxReplicas: 10
      `,
      fixNotes:
        'Suggestions: swap the two numbers or raise maxReplicas to minReplicas; for `minReplicas: 0`, set it to 1.',
      sources: [
        'kubernetes/kubernetes pkg/apis/autoscaling/validation/validation.go (minReplicas lower bound, maxReplicas checks)',
        'k8s.io/api autoscaling/v2 types.go (minReplicas field documentation: HPAScaleToZero)',
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/',
      ],
    },
  },
  (ctx) => {
    for (const h of ctx.models.hpas) {
      const maxNode = h.maxPair ? (deref(h.maxPair.value, h.doc) as Node | null) : null;
      const minNode = h.minPair ? (deref(h.minPair.value, h.doc) as Node | null) : null;
      if (h.maxReplicas !== undefined && h.maxReplicas <= 0 && maxNode) {
        ctx.report({
          messageId: 'maxNotPositive',
          data: { hpa: h.name, max: h.maxReplicas },
          range: nodeRange(maxNode),
        });
        continue;
      }
      if (h.minReplicas !== undefined && h.minReplicas < 1 && minNode) {
        ctx.report({
          messageId: 'minZero',
          data: { hpa: h.name, min: h.minReplicas, metric: h.hasObjectOrExternalMetric ? 'yes' : 'no' },
          range: nodeRange(minNode),
          ...(h.hasObjectOrExternalMetric ? { severity: 'warning' as const } : {}),
          fixes: [
            { title: ctx.message('minOne'), safety: 'suggestion', edits: [{ ...nodeRange(minNode), text: '1' }] },
          ],
        });
        continue;
      }
      // minReplicas defaults to 1; maxReplicas >= 1 is then always enough.
      if (
        h.minReplicas !== undefined &&
        h.maxReplicas !== undefined &&
        h.minReplicas > h.maxReplicas &&
        minNode &&
        maxNode
      ) {
        ctx.report({
          messageId: 'minAboveMax',
          data: { hpa: h.name, min: h.minReplicas, max: h.maxReplicas },
          range: h.maxPair ? keyRange(h.maxPair) : nodeRange(maxNode),
          fixes: [
            {
              title: ctx.message('swap', { min: h.minReplicas, max: h.maxReplicas }),
              safety: 'suggestion',
              edits: [
                { ...nodeRange(minNode), text: String(h.maxReplicas) },
                { ...nodeRange(maxNode), text: String(h.minReplicas) },
              ],
            },
            {
              title: ctx.message('raiseMax', { min: h.minReplicas }),
              safety: 'suggestion',
              edits: [{ ...nodeRange(maxNode), text: String(h.minReplicas) }],
            },
          ],
        });
      }
    }
  },
);
