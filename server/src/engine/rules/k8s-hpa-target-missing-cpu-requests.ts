import { defineRule } from '../define-rule';
import { currentPath, hpaTarget, whereOf } from '../model/k8s-hpa';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k8s/hpa-target-missing-cpu-requests',
    kinds: ['kubernetes'],
    scope: 'workspace',
    defaultSeverity: 'error',
    messages: {
      missing: (d) => {
        const implicit =
          d.implicit === 'metrics'
            ? ' (the default 80 % when no metrics are listed)'
            : d.implicit === 'targetCPUUtilizationPercentage'
              ? ' (the default 80 % when targetCPUUtilizationPercentage is not set)'
              : '';
        return prose`
          HorizontalPodAutoscaler "${d.hpa}" scales ${d.kind} "${d.target}"${d.where ? ` (${d.where})` : ''}
          on CPU utilisation${implicit},
          but container${d.count === 1 ? '' : 's'} ${d.containers} set${d.count === 1 ? 's' : ''} no CPU
          request: the HPA controller fails with "failed to get cpu utilization: missing request for cpu in
          container ${d.first} of Pod …", kubectl get hpa shows <unknown>, and it never scales.
        `;
      },
    },
    docs: {
      summary:
        'A HorizontalPodAutoscaler on CPU utilisation whose target workload has a container without a CPU request never scales.',
      why: paragraph(
        'The HPA "calculates the utilization value as a percentage of the equivalent resource request on',
        "the containers in each Pod … if some of the Pod's containers do not have the relevant resource",
        'request set, CPU utilization for the Pod will not be defined and the autoscaler will not take any',
        'action for that metric." The HPA reports `ScalingActive False FailedGetResourceMetric`: `the HPA',
        'was unable to compute the replica count: failed to get cpu utilization: missing request for cpu',
        'in container <c> of Pod <p>`, and `kubectl get hpa` shows `cpu: <unknown>/80%`. Every container',
        'counts, sidecars included. The rule reads `autoscaling/v2` `Resource` and `ContainerResource` CPU',
        'metrics with `type: Utilization`, v2beta1 `targetAverageUtilization`, v1',
        '`targetCPUUtilizationPercentage`, and the default of 80 % CPU: a v2 (or v2beta2, v2beta1) HPA',
        'without `metrics` ("If not set, the default metric will be set to 80% average CPU utilization"),',
        'and a v1 HPA without `targetCPUUtilizationPercentage` ("if not specified the default autoscaling',
        'policy will be used", which the API server turns into 80 % CPU; this is what `kubectl autoscale',
        'deployment web --max=10` creates without `--cpu-percent`). The target is looked up in the same',
        'file, then in the other manifests of the workspace. A CPU limit alone counts as a request',
        '(Kubernetes copies it); a LimitRange default cannot be seen here.',
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
                    requests: {cpu: 250m, memory: 256Mi}
                - name: log-shipper
                  image: fluent/fluent-bit
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
          metrics:
            - type: Resource
              resource:
                name: cpu
                target:
                  type: Utilization
                  averageUtilization: 70
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
                - name: log-shipper
                  image: fluent/fluent-bit
                  resources:
                    requests: {cpu: 50m, memory: 64Mi}
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
          metrics:
            - type: Resource
              resource:
                name: cpu
                target:
                  type: Utilization
                  averageUtilization: 70
      `,
      sources: [
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (algorithm details; missing requests)',
        'kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go ("missing request for %s in container %s of Pod %s")',
        'k8s.io/api autoscaling/v2 types.go (metrics: "If not set, the default metric will be set to 80% average CPU utilization")',
        'k8s.io/api autoscaling/v1 types.go (targetCPUUtilizationPercentage: "if not specified the default autoscaling policy will be used")',
        paragraph(
          'kubernetes/kubernetes pkg/apis/autoscaling/v1/conversion.go (no targetCPUUtilizationPercentage: a',
          'CPU Utilization metric at autoscaling.DefaultCPUUtilization) and',
          'pkg/apis/autoscaling/annotations.go (DefaultCPUUtilization = 80)',
        ),
        paragraph(
          'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_autoscale/ ("no target CPU',
          'utilization specified so a default autoscaling policy will be used")',
        ),
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (a limit without a request is copied into the request)',
      ],
    },
  },
  (ctx) => {
    for (const h of ctx.models.hpas) {
      if (h.cpu.length === 0) continue;
      const target = hpaTarget(ctx.file, ctx.workspace, h);
      if (!target) continue;
      const reported = new Set<string>();
      for (const metric of h.cpu) {
        const missing = target.containersWithoutCpuRequest.filter(
          (c) => !metric.containers || metric.containers.includes(c),
        );
        const key = missing.join(',');
        if (missing.length === 0 || reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          messageId: 'missing',
          data: {
            hpa: h.name,
            kind: target.kind,
            target: target.name,
            where: target.path === currentPath(ctx.file) ? '' : whereOf(target.path),
            implicit: metric.defaultFor ?? 'no',
            containers: missing.map((c) => `"${c}"`).join(', '),
            first: missing[0]!,
            count: missing.length,
          },
          range: metric.range,
        });
      }
    }
  },
);
