import { defineRule } from '../define-rule';
import { hpasTargeting, SCALABLE_KINDS } from '../model/k8s-hpa';
import { hostPorts } from '../model/k8s-ports';
import { paragraph, prose, yaml } from '../template-text';

const PENDING = '"node(s) didn\'t have free ports for the requested pod ports"';

export default defineRule(
  {
    id: 'k8s/host-port-replicas',
    kinds: ['kubernetes'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      unknownNodes: (d) =>
        prose`
          ${d.kind} "${d.name}" asks for host port ${d.ports} and runs ${d.count} replicas (${d.why}): the
          scheduler places at most one such pod per node, so on a cluster with fewer than ${d.count} nodes (or
          fewer that the pods may use) the rest stay Pending with ${PENDING}. Expose the pods through a
          Service instead, or run one per node as a DaemonSet; set cluster.nodes in .scalewise.yaml to check
          the count.
        `,
      overNodes: (d) =>
        prose`
          ${d.kind} "${d.name}" asks for host port ${d.ports} and runs ${d.count} replicas (${d.why}) on
          ${d.nodes} nodes${d.from}: at most one such pod fits on a node, so ${d.pending} of them stay Pending
          with ${PENDING}. Expose the pods through a Service instead, or run one per node as a DaemonSet.
        `,
      hpaOverNodes: (d) =>
        prose`
          ${d.kind} "${d.name}" asks for host port ${d.ports} and HorizontalPodAutoscaler
          "${d.hpa}"${d.where ? ` (${d.where})` : ''} may scale it to ${d.count} replicas on ${d.nodes}
          nodes${d.from}: at most one such pod fits on a node, so every pod it adds beyond ${d.nodes} stays
          Pending with ${PENDING}. Lower maxReplicas to ${d.nodes}, or expose the pods through a Service
          instead.
        `,
    },
    docs: {
      summary: paragraph(
        'A workload with more than one replica (or an HPA that can scale it past one) whose pods ask for a',
        '`hostPort`: at most one such pod fits on a node.',
      ),
      why: [
        paragraph(
          "Each `<hostIP, hostPort, protocol>` can be bound by one pod per node, so the scheduler's NodePorts filter",
          'skips every node where a pod of the same workload already holds the port, and the pods beyond the node',
          "count stay Pending: `0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod",
          'ports`. The Kubernetes configuration best practices say "Don\'t specify a hostPort for a Pod unless it is',
          'absolutely necessary. When you bind a Pod to a hostPort, it limits the number of places the Pod can be',
          'scheduled", and the pod debugging guide adds "If you do require hostPort then you can only schedule as',
          'many Pods as there are nodes in your Kubernetes cluster." With `hostNetwork: true` every `containerPort`',
          'is a host port too (the API server copies it into `hostPort`). This is the Kubernetes twin of',
          'compose/host-port-conflict.',
        ),
        '',
        paragraph(
          'The replica count is `spec.replicas`, or the `maxReplicas` of a HorizontalPodAutoscaler that scales the',
          'workload (in the same file or elsewhere in the workspace). Without a node count this is a warning; with',
          "`cluster.nodes` in `.scalewise.yaml` (or counted nodes), replicas (or an HPA's `minReplicas`) above it are",
          'an error, since those pods cannot be scheduled, and an HPA `maxReplicas` above it is a warning. Node',
          'selectors, taints and affinities can leave even fewer nodes; they are not read. DaemonSets run one pod per',
          'node by design and are not checked.',
        ),
      ].join('\n'),
      bad: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ingress
        spec:
          replicas: 3
          selector:
            matchLabels: {app: ingress}
          template:
            metadata:
              labels: {app: ingress}
            spec:
              containers:
                - name: proxy
                  image: nginx:1.27
                  ports:
                    - containerPort: 80
                      hostPort: 80
                  resources:
                    requests: {cpu: 100m, memory: 128Mi}
      `,
      good: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ingress
        spec:
          replicas: 3
          selector:
            matchLabels: {app: ingress}
          template:
            metadata:
              labels: {app: ingress}
            spec:
              containers:
                - name: proxy
                  image: nginx:1.27
                  ports:
                    - containerPort: 80
                  resources:
                    requests: {cpu: 100m, memory: 128Mi}
      `,
      uncertain: paragraph(
        'A cluster whose nodes the pods may use is often smaller than `cluster.nodes` (node selectors,',
        'taints, a node pool); the rule counts every node. Host ports of init containers are not counted.',
      ),
      sources: [
        paragraph(
          'https://kubernetes.io/docs/concepts/configuration/overview/ ("Don\'t specify a hostPort for a Pod',
          'unless it is absolutely necessary … each <hostIP, hostPort, protocol> combination must be',
          'unique")',
        ),
        paragraph(
          'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/#my-pod-stays-pending ("you',
          'can only schedule as many Pods as there are nodes in your Kubernetes cluster")',
        ),
        paragraph(
          'kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeports/node_ports.go (NodePorts Filter:',
          '"node(s) didn\'t have free ports for the requested pod ports")',
        ),
        'kubernetes/kubernetes pkg/apis/core/v1/defaults.go (defaultHostNetworkPorts: "With host networking default all container ports to host ports")',
      ],
    },
  },
  (ctx) => {
    const { nodes, nodesSource } = ctx.config.cluster;
    const from = nodesSource ? ` (${nodesSource})` : ' (cluster.nodes)';
    for (const w of ctx.models.workloads) {
      if (!SCALABLE_KINDS.has(w.kind)) continue;
      const { ports, hostNetwork } = hostPorts(w);
      const first = ports[0];
      if (!first) continue;
      // The HPA that may scale it furthest decides how many pods there can be.
      const targeting = hpasTargeting(ctx.file, ctx.workspace, w);
      const hpa =
        targeting.length > 0
          ? targeting.reduce((a, b) => ((b.maxReplicas ?? 0) > (a.maxReplicas ?? 0) ? b : a))
          : undefined;
      const max = hpa?.maxReplicas ?? w.replicas ?? 1;
      const min = hpa ? Math.max(hpa.minReplicas ?? 1, 1) : max;
      if (max <= 1) continue;
      const list = [...new Set(ports.map((p) => `${p.port}/${p.protocol}`))].join(', ');
      const base = {
        kind: w.kind,
        name: w.name,
        ports:
          hostNetwork && ports.some((p) => p.fromHostNetwork)
            ? `${list} (hostNetwork: true makes every containerPort a host port)`
            : list,
      };
      const why = hpa
        ? `HorizontalPodAutoscaler "${hpa.name}"${hpa.where ? ` in ${hpa.where}` : ''} scales it between ${hpa.minReplicas ?? 1} and ${max}`
        : `spec.replicas: ${max}`;
      const range = first.range;
      if (nodes === undefined) {
        ctx.report({ messageId: 'unknownNodes', data: { ...base, count: max, why }, range });
      } else if (min > nodes) {
        ctx.report({
          messageId: 'overNodes',
          data: { ...base, count: min, why, nodes, from, pending: min - nodes },
          range,
          severity: 'error',
        });
      } else if (hpa && max > nodes) {
        ctx.report({
          messageId: 'hpaOverNodes',
          data: { ...base, count: max, nodes, from, hpa: hpa.name, where: hpa.where },
          range,
        });
      }
    }
  },
);
