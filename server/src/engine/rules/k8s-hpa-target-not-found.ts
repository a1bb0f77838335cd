import { defineRule } from '../define-rule';
import { hpaTarget, SCALABLE_KINDS, workloadsNamed, workspaceCovers } from '../model/k8s-hpa';
import { paragraph, prose, yaml } from '../template-text';

/** A name a template or a generator fills in (`{{ include "app" . }}`, `${APP}`): not the name deployed. */
const TEMPLATED = /[{}$]/;

export default defineRule(
  {
    id: 'k8s/hpa-target-not-found',
    kinds: ['kubernetes'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      missing: (d) => {
        const otherNamespace = d.otherNamespace ? ` in namespace "${d.otherNamespace}"` : '';
        const otherWhere = d.otherWhere ? ` in ${d.otherWhere}` : '';
        const other = d.otherKind ? ` (${d.otherKind} "${d.target}"${otherNamespace}${otherWhere} has that name)` : '';
        return prose`
          HorizontalPodAutoscaler "${d.hpa}" scales ${d.kind}
          "${d.target}"${d.namespace ? ` in namespace "${d.namespace}"` : ''}, which no manifest in the
          folders scanned defines${other}:
          unless it is deployed from elsewhere (a Helm chart, another repository), the HPA controller cannot
          get its scale subresource, records FailedGetScale events ("the HPA controller was unable to get the
          target's current scale"), and scales nothing.
        `;
      },
    },
    docs: {
      summary: paragraph(
        'A HorizontalPodAutoscaler whose `scaleTargetRef` names a Deployment, StatefulSet, ReplicaSet,',
        'ReplicationController or DeploymentConfig that no manifest of the workspace defines.',
      ),
      why: [
        paragraph(
          "The HPA controller reads and writes the replica count through the target's `scale` subresource. When the",
          'target does not exist (a typo, a renamed Deployment, the wrong `kind`, another namespace), each sync',
          'fails: the HPA records a `FailedGetScale` warning event, sets the condition `AbleToScale False` with',
          'reason `FailedGetScale` ("the HPA controller was unable to get the target\'s current scale: … not found"),',
          'and never scales. `kubectl apply` accepts the HPA all the same, so nothing fails at deploy time.',
          'kube-score checks the same (`horizontalpodautoscaler-has-target`).',
        ),
        '',
        paragraph(
          'The target is looked up by kind, name and namespace (a manifest without `metadata.namespace` matches any,',
          'since `kubectl apply -n` or kustomize decides it) in the same file, then in the other manifests the',
          'workspace holds. The workspace may not hold every manifest (a Helm chart, a generated or another',
          "repository's Deployment), so this is a warning, and it is only reported when the file's folder was read:",
          'the CLI reads every YAML file beside the files it lints, the editor every YAML folder of the workspace; a',
          'file opened on its own, outside a workspace folder, is not checked. Targets of other kinds (custom',
          'resources such as Argo Rollouts) and templated names are not checked.',
        ),
      ].join('\n'),
      bad: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-api
        spec:
          selector:
            matchLabels: {app: web-api}
          template:
            metadata:
              labels: {app: web-api}
            spec:
              containers:
                - name: api
                  image: example/api:1.0
                  resources:
                    requests: {cpu: 250m, memory: 256Mi}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web-api
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: webapi
          minReplicas: 2
          maxReplicas: 10
      `,
      good: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-api
        spec:
          selector:
            matchLabels: {app: web-api}
          template:
            metadata:
              labels: {app: web-api}
            spec:
              containers:
                - name: api
                  image: example/api:1.0
                  resources:
                    requests: {cpu: 250m, memory: 256Mi}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web-api
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web-api
          minReplicas: 2
          maxReplicas: 10
      `,
      exampleFile: '/example/k8s/web-api.yaml',
      exampleWorkspace: {
        scaleCommands: [],
        stackFiles: [],
        kubernetesWorkloads: [],
        kubernetesHpas: [],
        kubernetesScannedDirs: ['/example/k8s'],
      },
      uncertain: paragraph(
        'Which manifests are deployed together cannot be seen from the files: a Deployment rendered by',
        'Helm, generated by kustomize or kept in another repository is not found, and the finding is then',
        'wrong; suppress it on that line. A HorizontalPodAutoscaler in a Helm template is not linted as a',
        'manifest.',
      ),
      sources: [
        paragraph(
          'kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler: event',
          'FailedGetScale; condition AbleToScale False, FailedGetScale, "the HPA controller was unable to',
          'get the target\'s current scale: %v")',
        ),
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (the HPA scales a resource through its scale subresource)',
        'zegl/kube-score README_CHECKS.md and score/hpa/hpa.go (horizontalpodautoscaler-has-target: "Makes sure that the HPA targets a valid object")',
      ],
    },
  },
  (ctx) => {
    if (!workspaceCovers(ctx.file, ctx.workspace)) return;
    for (const h of ctx.models.hpas) {
      if (
        !h.targetKind ||
        !h.targetName ||
        !h.targetRange ||
        !SCALABLE_KINDS.has(h.targetKind) ||
        TEMPLATED.test(h.targetName)
      )
        continue;
      if (hpaTarget(ctx.file, ctx.workspace, h)) continue;
      const other = workloadsNamed(ctx.file, ctx.workspace, h.targetName)[0];
      ctx.report({
        messageId: 'missing',
        data: {
          hpa: h.name,
          kind: h.targetKind,
          target: h.targetName,
          namespace: h.namespace ?? '',
          otherKind: other?.kind ?? '',
          otherNamespace: other?.namespace ?? '',
          otherWhere: other?.where ?? '',
        },
        range: h.targetRange,
      });
    }
  },
);
