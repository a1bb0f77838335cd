import { defineRule } from '../define-rule';
import { hpasTargeting, SCALABLE_KINDS } from '../model/k8s-hpa';
import { asMap, get, getPair, keyRange, stringValue } from '../yaml-ast';
import { removePairEdit } from '../yaml-edit';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k8s/replicas-with-hpa',
    kinds: ['kubernetes'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      both: (d) =>
        prose`
          ${d.kind} "${d.name}" sets spec.replicas: ${d.replicas} while HorizontalPodAutoscaler
          "${d.hpa}"${d.where ? ` (${d.where})` : ''}${d.range ? ` scales it between ${d.range}` : ' scales it'}:
          every kubectl apply of this file resets the running count to ${d.replicas}, and the HPA scales it
          back again (thrashing).
        `,
      remove: () => 'Remove spec.replicas (the HPA owns the count)',
    },
    docs: {
      summary: paragraph(
        'A Deployment, StatefulSet, ReplicaSet, ReplicationController or DeploymentConfig that sets',
        '`spec.replicas` while a HorizontalPodAutoscaler scales it.',
      ),
      why: paragraph(
        'The HPA writes the replica count through the scale subresource. "When an HPA is enabled, it is',
        'recommended that the value of `spec.replicas` of the Deployment and / or StatefulSet be removed',
        "from their manifest(s). If this isn't done, any time a change to that object is applied, for",
        'example via `kubectl apply -f deployment.yaml`, this will instruct Kubernetes to scale the',
        'current number of Pods to the value of the `spec.replicas` key … resulting in thrashing or',
        'flapping behavior." A Deployment that the HPA grew to 9 pods drops back to 2 on the next deploy,',
        'then climbs again while the load is still there. Every kind an HPA can scale counts: those with a',
        "`scale` subresource (Deployment, StatefulSet, ReplicaSet, ReplicationController, and OpenShift's",
        'DeploymentConfig). The HPA is looked up in the same file, then in the other manifests of the',
        'workspace. `kompose convert` writes both (`deploy.replicas` and the `kompose.hpa.*` labels), so',
        'converted manifests often have this.',
      ),
      bad: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 3
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
                    requests: {cpu: 250m, memory: 256Mi}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 2
          maxReplicas: 10
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
                    requests: {cpu: 250m, memory: 256Mi}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 2
          maxReplicas: 10
      `,
      fixNotes: paragraph(
        'A suggestion that removes `spec.replicas`. On the first apply after removing it, the Deployment may',
        'drop to 1 replica (the default) for a moment before the HPA scales it up; the HPA page of the',
        'Kubernetes docs describes how to migrate without that drop.',
      ),
      sources: [
        paragraph(
          'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (migrating',
          'Deployments and StatefulSets to horizontal autoscaling)',
        ),
        'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_autoscale/ ("a deployment, replica set, stateful set, or replication controller")',
        'https://docs.openshift.com/enterprise/3.1/dev_guide/pod_autoscaling.html (an HPA scales "a replication controller or deployment configuration")',
        'kubernetes/kompose@c2dd961: pkg/transformer/kubernetes/k8sutils.go (kompose.hpa.* labels) and docs/conversion.md (deploy.replicas → spec.replicas)',
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.workloads) {
      if (!SCALABLE_KINDS.has(w.kind)) continue;
      const spec = asMap(get(w.root, 'spec', w.doc), w.doc);
      const pair = getPair(spec, 'replicas');
      if (!spec || !pair) continue;
      const hpa = hpasTargeting(ctx.file, ctx.workspace, w)[0];
      if (!hpa) continue;
      const range =
        hpa.minReplicas !== undefined || hpa.maxReplicas !== undefined
          ? `${hpa.minReplicas ?? 1} and ${hpa.maxReplicas ?? '?'}`
          : '';
      ctx.report({
        messageId: 'both',
        data: {
          kind: w.kind,
          name: w.name,
          replicas: stringValue(pair.value, w.doc) ?? '?',
          hpa: hpa.name,
          where: hpa.where,
          range,
        },
        range: keyRange(pair),
        fixes: [
          { title: ctx.message('remove'), safety: 'suggestion', edits: [removePairEdit(ctx.file.text, spec, pair)] },
        ],
      });
    }
  },
);
