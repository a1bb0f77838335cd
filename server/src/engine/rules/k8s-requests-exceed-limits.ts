import { defineRule } from '../define-rule';
import { checkResourceBlock, entryRange, replaceEdit } from '../model/k8s-resources';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k8s/requests-exceed-limits',
    kinds: ['kubernetes', 'runai-config'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      exceeds: (d) => prose`
        The API server rejects this: "${d.field}: Invalid value: "${d.request}": must be less than or equal to
        ${d.resource} limit of ${d.limit}". A request is what the scheduler reserves; the limit is the most
        the container may use, so the request cannot be larger.
      `,
      notEqual: (d) => prose`
        The API server rejects this: "${d.field}: Invalid value: "${d.request}": must be equal to
        ${d.resource} limit of ${d.limit}". ${d.resource} cannot be overcommitted, so its request and limit
        must be the same.
      `,
      exceedsInRunaiConfig: (d) =>
        prose`
          ${d.field}.${d.resource}: the request ${d.request} is above the limit ${d.limit}. The Run:ai
          operator copies both into the service group's containers, and the API server rejects a container
          whose request exceeds its limit ("must be less than or equal to ${d.resource} limit of ${d.limit}").
        `,
      lowerRequest: (d) => `Lower the ${d.resource} request to the limit (${d.to})`,
      raiseLimit: (d) => `Raise the ${d.resource} limit to the request (${d.to})`,
    },
    docs: {
      summary:
        'A container whose request is above its limit (or, for GPUs and hugepages, differs from it) is rejected by the API server.',
      why: paragraph(
        'RunaiConfig service-group resources are checked too: the operator copies requests and limits into',
        "its services' containers, where the same validation applies. Pod validation compares each request",
        'with the limit of the same resource: `spec.template.spec.containers[0].resources.requests:',
        'Invalid value: "100m": must be less than or equal to cpu limit of 10m` (older releases omit "of',
        '…"). Extended resources such as `nvidia.com/gpu` and hugepages cannot be overcommitted: their',
        'request must equal the limit (`must be equal to nvidia.com/gpu limit of 1`). The Deployment,',
        'StatefulSet or Job is accepted, but its controller cannot create a single pod, so the workload',
        'never scales up. The rule compares exact decimal values, as the API server does (`0.5` equals',
        "`500m`), and prints both values in the API server's canonical form.",
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
                  resources:
                    requests:
                      cpu: "2"
                      memory: 512Mi
                    limits:
                      cpu: 1500m
                      memory: 512Mi
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
                      cpu: 1500m
                      memory: 512Mi
                    limits:
                      cpu: "2"
                      memory: 512Mi
      `,
      fixNotes:
        'Two suggestions: lower the request to the limit, or raise the limit to the request. Both change what the workload gets.',
      sources: [
        paragraph(
          'kubernetes/kubernetes pkg/apis/core/validation/validation.go (`ValidateResourceRequirements`:',
          '"must be less than or equal to %s limit of %s", "must be equal to %s limit of %s")',
        ),
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (requests and limits)',
        'kubernetes/apimachinery pkg/api/resource/quantity.go (`Quantity.Cmp`, `Quantity.String`: the canonical form in the message)',
      ],
    },
  },
  (ctx) => {
    for (const block of ctx.models.manifestResources) {
      for (const issue of checkResourceBlock(block)) {
        if (issue.type !== 'exceeds') continue;
        const { request, limit } = issue;
        ctx.report({
          messageId: issue.mustEqual ? 'notEqual' : ctx.kind === 'runai-config' ? 'exceedsInRunaiConfig' : 'exceeds',
          data: {
            field: `${block.fieldPath}.requests`,
            request: issue.requestText,
            resource: request.resource,
            limit: issue.limitText,
          },
          range: entryRange(request),
          fixes: [
            {
              title: ctx.message('lowerRequest', { resource: request.resource, to: limit.raw }),
              safety: 'suggestion',
              edits: [replaceEdit(request, limit.raw)],
            },
            {
              title: ctx.message('raiseLimit', { resource: request.resource, to: request.raw }),
              safety: 'suggestion',
              edits: [replaceEdit(limit, request.raw)],
            },
          ],
        });
      }
    }
  },
);
