import { defineRule } from '../define-rule';
import { hpasTargeting, SCALABLE_KINDS } from '../model/k8s-hpa';
import { asMap, get, getPair, getPath, keyRange, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k8s/single-replica',
    kinds: ['kubernetes'],
    scope: 'workspace',
    defaultSeverity: 'info',
    defaultOff: true,
    messages: {
      single: (d) =>
        prose`
          ${d.kind} "${d.name}" runs ${d.how} and no HorizontalPodAutoscaler scales it: a rollout, a node
          drain or a crash leaves it with no ready pod for a while, and it cannot take more load than one pod.
        `,
    },
    docs: {
      summary: paragraph(
        'A Deployment, StatefulSet, ReplicaSet, ReplicationController or DeploymentConfig with one replica',
        '(or none set, which defaults to 1) and no HorizontalPodAutoscaler. Off by default.',
      ),
      why: paragraph(
        '`spec.replicas` defaults to 1. With one pod, every voluntary disruption (a node drain for an',
        'upgrade, a rollout of a StatefulSet, an eviction) and every crash is an outage, and the workload',
        'cannot spread load. Many workloads are meant to be singletons (a leader, a batch coordinator, a',
        'development cluster), so the rule is off by default; turn it on for production folders in',
        '`.scalewise.yaml` (`rules: {k8s/single-replica: info}`). A workload scaled by an HPA (in the same',
        'file or elsewhere in the workspace) is not reported; neither is `replicas: 0`.',
      ),
      bad: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
                - name: api
                  image: example/api:1.0
                  resources:
                    requests: {cpu: 250m, memory: 256Mi}
      `,
      good: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 3
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
                - name: api
                  image: example/api:1.0
                  resources:
                    requests: {cpu: 250m, memory: 256Mi}
      `,
      exampleConfig: { rules: { 'k8s/single-replica': 'info' } },
      sources: [
        'k8s.io/api apps/v1 types.go (DeploymentSpec.replicas, StatefulSetSpec.replicas: "Defaults to 1")',
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (removing spec.replicas drops to the default of 1)',
        'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ (voluntary disruptions)',
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.workloads) {
      if (!SCALABLE_KINDS.has(w.kind)) continue;
      const spec = asMap(get(w.root, 'spec', w.doc), w.doc);
      const pair = getPair(spec, 'replicas');
      if (pair && w.replicas !== 1) continue;
      if (hpasTargeting(ctx.file, ctx.workspace, w).length > 0) continue;
      const nameNode = getPath(w.root, ['metadata', 'name'], w.doc);
      const kindPair = getPair(w.root, 'kind');
      ctx.report({
        messageId: 'single',
        data: {
          kind: w.kind,
          name: w.name,
          how: pair ? 'one replica (spec.replicas: 1)' : 'one replica (spec.replicas is not set and defaults to 1)',
        },
        range: pair
          ? keyRange(pair)
          : nameNode
            ? nodeRange(nameNode)
            : kindPair
              ? keyRange(kindPair)
              : nodeRange(w.root),
      });
    }
  },
);
