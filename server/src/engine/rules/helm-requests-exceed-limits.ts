import { defineRule } from '../define-rule';
import { checkResourceBlock, entryRange, replaceEdit, valuesPath } from '../model/k8s-resources';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'helm/requests-exceed-limits',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      exceeds: (d) => prose`
        ${d.path} (${d.request}) is above the ${d.resource} limit (${d.limit}): the rendered pod template is
        rejected with "resources.requests: Invalid value: "${d.request}": must be less than or equal to
        ${d.resource} limit of ${d.limit}".
      `,
      notEqual: (d) => prose`
        ${d.path} (${d.request}) differs from the ${d.resource} limit (${d.limit}): ${d.resource} cannot be
        overcommitted, and the rendered pod template is rejected with "resources.requests: Invalid value:
        "${d.request}": must be equal to ${d.resource} limit of ${d.limit}".
      `,
      lowerRequest: (d) => `Lower the ${d.resource} request to the limit (${d.to})`,
      raiseLimit: (d) => `Raise the ${d.resource} limit to the request (${d.to})`,
    },
    docs: {
      summary:
        'A `resources` block in Helm values whose request is above its limit (or, for GPUs, differs from it) makes every pod of that component invalid.',
      why: paragraph(
        'Charts copy `resources` from the values into the pod template, and pod validation compares each',
        'request with the limit of the same resource: `resources.requests: Invalid value: "2": must be',
        'less than or equal to cpu limit of 1500m`. For extended resources such as `nvidia.com/gpu` and',
        'for hugepages the two must be equal. A Deployment is accepted but its ReplicaSet cannot create',
        'pods, so `helm install --wait` times out. This is the Helm twin of `k8s/requests-exceed-limits`,',
        'for every `resources:` map of the values at any depth.',
      ),
      bad: yaml`
        worker:
          replicaCount: 2
          resources:
            requests:
              cpu: 2
              memory: 1Gi
            limits:
              cpu: 1500m
              memory: 1Gi
      `,
      good: yaml`
        worker:
          replicaCount: 2
          resources:
            requests:
              cpu: 1500m
              memory: 1Gi
            limits:
              cpu: 2
              memory: 1Gi
      `,
      exampleFile: 'values.yaml',
      fixNotes:
        'Two suggestions: lower the request to the limit, or raise the limit to the request. Both change what the workload gets.',
      sources: [
        paragraph(
          'kubernetes/kubernetes pkg/apis/core/validation/validation.go (`ValidateResourceRequirements`:',
          '"must be less than or equal to %s limit of %s", "must be equal to %s limit of %s")',
        ),
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (requests and limits)',
        'helm/helm: pkg/chart/v2/util/create.go (the default deployment template copies .Values.resources)',
      ],
    },
  },
  (ctx) => {
    for (const block of ctx.models.helmResources) {
      for (const issue of checkResourceBlock(block)) {
        if (issue.type !== 'exceeds') continue;
        const { request, limit } = issue;
        ctx.report({
          messageId: issue.mustEqual ? 'notEqual' : 'exceeds',
          data: {
            path: valuesPath(block, request),
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
