import { defineRule } from '../define-rule';
import { checkResourceBlock, entryRange, quantityMeaning, replaceEdit } from '../model/k8s-resources';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k8s/invalid-quantity',
    kinds: ['kubernetes', 'runai-config'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      invalid: (d) =>
        prose`
          ${d.field}: "${d.value}" is not a Kubernetes quantity, so the API server rejects the manifest:
          "${d.error}". A quantity is a number with an optional suffix: n, u, m, k, M, G, T, P, E (powers of
          1000), Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or an exponent such as e6.
        `,
      invalidInRunaiConfig: (d) =>
        prose`
          ${d.field}: "${d.value}" is not a Kubernetes quantity: the Run:ai operator copies it into the
          resources of the service group's containers, and the API server rejects them with "${d.error}". A
          quantity is a number with an optional suffix: n, u, m, k, M, G, T, P, E (powers of 1000), Ki, Mi,
          Gi, Ti, Pi, Ei (powers of 1024) or an exponent such as e6.
        `,
      change: (d) => `Change to ${d.to}${d.meaning ? ` (${d.meaning})` : ''}`,
    },
    docs: {
      summary:
        'A request or limit that is not a Kubernetes quantity (`1GB`, `1.5.2`, `500 m`) makes the API server reject the whole manifest.',
      why: paragraph(
        'RunaiConfig resources (`spec.global.schedulingServices.resources` and the like) are checked the',
        'same way: the CRD keeps unknown fields and does not validate them, but the Run:ai operator copies',
        "them into its services' containers, where the API server rejects them (an inference from the",
        'operator copying the values; the CRD schema is not public). Resource values are parsed by',
        '`resource.ParseQuantity`: a fixed-point number, then one suffix from `n u m k M G T P E`',
        '(decimal, lower-case `k` only), `Ki Mi Gi Ti Pi Ei` (binary) or an exponent (`e6`). The CRD',
        'schemas write the grammar as',
        '`^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$`.',
        'Anything else (`1GB`, `1Gb`, `1K`, `1gi`, `1.5.2`, a space before the suffix) fails with',
        "`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` or",
        "`unable to parse quantity's suffix`, and `kubectl apply` creates nothing. `1GB` is valid in",
        'Docker Compose (where it means 1 GiB), which is how it usually arrives.',
      ),
      bad: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              resources:
                requests:
                  cpu: 250m
                  memory: 1GB
      `,
      good: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              resources:
                requests:
                  cpu: 250m
                  memory: 1Gi
      `,
      fixNotes: paragraph(
        'Suggestions, only where the intent is clear: stray spaces are removed (`500 m` → `500m`); a byte',
        'unit such as `1GB` is offered both ways, `1G` (10^9 bytes) and `1Gi` (2^30 bytes); `1GiB` becomes',
        '`1Gi`. `1.5.2` gets no fix.',
      ),
      sources: [
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (quantity suffixes)',
        paragraph(
          'go-yaml/yaml@0d383ff:resolve.go (kubectl reads YAML with go-yaml through sigs.k8s.io/yaml; an',
          'unquoted number: `_` dropped, then strconv.ParseInt base 0, so `017` is 15, `0b11` 3, `1_000`',
          '1000; a float out of range stays a string)',
        ),
        'kubernetes/apimachinery pkg/api/resource/quantity.go (`ParseQuantity`, ErrFormatWrong and ErrSuffix texts)',
        'prometheus-operator/prometheus-operator@6adcebc generated CRDs (the quantity pattern)',
      ],
    },
  },
  (ctx) => {
    for (const block of ctx.models.manifestResources) {
      for (const issue of checkResourceBlock(block)) {
        if (issue.type !== 'invalid') continue;
        const e = issue.entry;
        ctx.report({
          messageId: ctx.kind === 'runai-config' ? 'invalidInRunaiConfig' : 'invalid',
          data: { field: `${block.fieldPath}.${e.section}.${e.resource}`, value: e.raw, error: issue.error },
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
