import { defineRule } from '../define-rule';
import { checkResourceBlock, entryRange, quantityMeaning, replaceEdit, valuesPath } from '../model/k8s-resources';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'helm/invalid-quantity',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      invalid: (d) =>
        prose`
          ${d.path}: "${d.value}" is not a Kubernetes quantity: the chart renders it into the container's
          resources and the API server rejects the manifest with "${d.error}". A quantity is a number with an
          optional suffix: n, u, m, k, M, G, T, P, E (powers of 1000), Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024)
          or an exponent such as e6.
        `,
      change: (d) => `Change to ${d.to}${d.meaning ? ` (${d.meaning})` : ''}`,
    },
    docs: {
      summary:
        'A request or limit in Helm values that is not a Kubernetes quantity (`1GB`, `1.5.2`, `500 m`) fails at `helm install` / `helm upgrade`.',
      why: paragraph(
        'Charts copy `resources` from the values into the pod template (`{{- toYaml .Values.resources |',
        'nindent 12 }}`), so the value must be a Kubernetes quantity: a number, then one suffix from `n u',
        'm k M G T P E` (decimal, lower-case `k` only), `Ki Mi Gi Ti Pi Ei` (binary) or an exponent.',
        '`1GB`, `1Gb`, `1K`, `1gi`, `1.5.2` or a space before the suffix fail with `quantities must match',
        "the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` (or `unable to parse",
        "quantity's suffix`), and the release fails. This is the Helm twin of `k8s/invalid-quantity`; it",
        'checks every `resources:` map of the values, at any depth (components and sub-charts).',
      ),
      bad: yaml`
        worker:
          replicaCount: 2
          resources:
            requests:
              cpu: 500 m
              memory: 2GB
      `,
      good: yaml`
        worker:
          replicaCount: 2
          resources:
            requests:
              cpu: 500m
              memory: 2Gi
      `,
      exampleFile: 'values.yaml',
      fixNotes: paragraph(
        'Suggestions, only where the intent is clear: stray spaces are removed; a byte unit such as `2GB` is',
        'offered both ways, `2G` (10^9 bytes) and `2Gi` (2^30 bytes).',
      ),
      sources: [
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (quantity suffixes)',
        'kubernetes/apimachinery pkg/api/resource/quantity.go (`ParseQuantity`, ErrFormatWrong and ErrSuffix texts)',
        'helm/helm: pkg/chart/v2/util/create.go (the default deployment template copies .Values.resources)',
      ],
    },
  },
  (ctx) => {
    for (const block of ctx.models.helmResources) {
      for (const issue of checkResourceBlock(block)) {
        if (issue.type !== 'invalid') continue;
        const e = issue.entry;
        ctx.report({
          messageId: 'invalid',
          data: { path: valuesPath(block, e), value: e.raw, error: issue.error },
          range: entryRange(e),
          fixes: issue.suggestions.map((to) => ({
            title: ctx.message('change', { to, meaning: quantityMeaning(e.resource, to) }),
            safety: 'suggestion' as const,
            edits: [replaceEdit(e, to)],
          })),
        });
      }
    }
  },
);
