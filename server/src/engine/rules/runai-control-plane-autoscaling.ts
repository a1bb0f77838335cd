import { defineRule } from '../define-rule';
import { helmTrue } from '../model/helm-workloads';
import { clusterSize, RUNAI_LARGE_CLUSTER } from '../model/cluster-size';
import { addEntriesEdit, indentStep } from '../yaml-edit';
import type { Edit } from '../types';
import { asMap, get, getPair, isScalar, keyRange, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** The deployments the large-clusters guide scales: runai-backend-backend, -frontend, -grafana. */
const COMPONENTS = ['backend', 'frontend', 'grafana'] as const;

export default defineRule(
  {
    id: 'runai/control-plane-autoscaling',
    kinds: ['helm-values'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      off: (d) =>
        prose`
          ${d.path}.autoscaling.enabled is ${d.state}: on a cluster of ${d.size} the Run:ai large-clusters
          guide asks for autoscaling of runai-backend-${d.component} (--set
          ${d.component}.autoscaling.enabled=true); with one replica it becomes the bottleneck under load.
        `,
      missing: (d) =>
        prose`
          ${d.path} is not set here, so runai-backend-${d.component} runs without autoscaling unless the
          release already has it: on a cluster of ${d.size} the Run:ai large-clusters guide asks for
          ${d.component}.autoscaling.enabled=true.
        `,
      enable: (d) => `Set ${d.path}.autoscaling.enabled: true${d.extra}`,
    },
    docs: {
      summary: 'On large clusters the Run:ai control plane should autoscale its backend, frontend and Grafana.',
      why: paragraph(
        'The Run:ai large-clusters guide lists three control-plane deployments that come under load as the',
        'cluster grows (`runai-backend-backend`, `runai-backend-frontend`, `runai-backend-grafana`) and',
        'turns on their autoscaling: `--set backend.autoscaling.enabled=true`, `--set',
        'frontend.autoscaling.enabled=true`, `--set grafana.autoscaling.enabled=true --set',
        'grafana.autoscaling.minReplicas=2`. "Large" is 100 nodes or 1,500 GPUs and more; the size comes',
        'from `.scalewise.yaml` (`cluster.nodes`, `cluster.gpus`), and without it the rule stays silent',
        '(the code lens says what it would check). The rule reads the control-plane values where it',
        'recognises them: under a top-level `control-plane:` (or `runai-backend:`) key of an umbrella',
        'chart, at the root of a file named as the Run:ai docs name it (`runai_control_plane_values.yaml`',
        'from `helm get values runai-backend`, or the air-gapped `runai-backend-values.yaml`; these are',
        'linted as Helm values even without a Chart.yaml), at the root of a file whose head says `#',
        'scalewise: chart=runai-control-plane`, or at the root of a values file holding `backend`,',
        '`frontend` and `thanos` or `keycloakx`.',
      ),
      bad: yaml`
        control-plane:
          backend:
            autoscaling:
              enabled: false
          frontend:
            autoscaling:
              enabled: true
          grafana:
            autoscaling:
              enabled: true
              minReplicas: 2
      `,
      good: yaml`
        control-plane:
          backend:
            autoscaling:
              enabled: true
          frontend:
            autoscaling:
              enabled: true
          grafana:
            autoscaling:
              enabled: true
              minReplicas: 2
      `,
      exampleFile: 'values.yaml',
      exampleConfig: { cluster: { nodes: 150 } },
      uncertain: paragraph(
        "The control-plane chart's source and its default values are not public: whether autoscaling is",
        'off by default, and the default `minReplicas`/`maxReplicas`, are unknown. Helm merges this file',
        "over the chart's defaults and, with `--reuse-values`, over the release's current values, so a",
        'component this file does not mention may already autoscale.',
      ),
      fixNotes:
        'A suggestion: it adds replicas to a live control plane. For Grafana the fix also sets `minReplicas: 2`, as the guide does.',
      sources: [
        'run-ai/docs@1530a5a:docs/admin/config/large-clusters.md (the three deployments, the --set flags, "100 nodes or 1500 GPUs or more")',
        'https://docs.run.ai/latest/admin/config/ha ("Each of the Run:ai deployments can be set to scale up … --set frontend.autoscaling.enabled=true")',
        'run-ai/docs@b50af07:docs/admin/runai-setup/self-hosted/k8s/upgrade.md (chart `runai-backend/control-plane`, release and namespace `runai-backend`)',
      ],
    },
  },
  (ctx) => {
    const size = clusterSize(ctx.config.cluster);
    for (const cp of ctx.models.controlPlane) {
      const prefix = cp.path.length > 0 ? `${cp.path.join('.')}.` : '';
      if (!size.large) {
        if (!size.known) {
          ctx.hint({
            range: cp.anchor,
            title: prose`
              Run:ai control plane: set cluster.nodes or cluster.gpus in .scalewise.yaml to check autoscaling
              and Thanos sizing (large = ${RUNAI_LARGE_CLUSTER.nodes}+ nodes or ${RUNAI_LARGE_CLUSTER.gpus}+
              GPUs)
            `,
            lens: true,
          });
        }
        continue;
      }
      ctx.hint({
        range: cp.anchor,
        title: prose`
          Run:ai large cluster (${size.text}): autoscaling on backend, frontend and grafana (grafana min 2
          replicas); Thanos query ≥ 1 CPU / 2G, receive ≥ 1 CPU / 6G
        `,
        lens: true,
      });
      const text = ctx.file.text;
      const step = indentStep(text, cp.map);
      for (const component of COMPONENTS) {
        const path = `${prefix}${component}`;
        const extraEntries: [string, string][] = component === 'grafana' ? [['minReplicas', '2']] : [];
        const extra = component === 'grafana' ? ' and minReplicas: 2' : '';
        const componentPair = getPair(cp.map, component);
        const componentMap = componentPair ? asMap(componentPair.value, cp.doc) : null;
        if (!componentPair || !componentMap) {
          const edit = componentPair
            ? null
            : addEntriesEdit(text, cp.map, [component, 'autoscaling'], [['enabled', 'true'], ...extraEntries], {
                step,
              });
          ctx.report({
            messageId: 'missing',
            data: { path, component, size: size.text },
            range: componentPair ? keyRange(componentPair) : cp.anchor,
            fixes: edit ? [{ title: ctx.message('enable', { path, extra }), safety: 'suggestion', edits: [edit] }] : [],
          });
          continue;
        }
        const autoscalingPair = getPair(componentMap, 'autoscaling');
        const autoscaling = autoscalingPair ? asMap(autoscalingPair.value, cp.doc) : null;
        const enabledPair = autoscaling ? getPair(autoscaling, 'enabled') : null;
        if (enabledPair && helmTrue(get(autoscaling, 'enabled', cp.doc), cp.doc)) continue;
        let edits: Edit[] = [];
        const wanted: [string, string][] = [
          ['enabled', 'true'],
          ...extraEntries.filter(([k]) => !getPair(autoscaling, k)),
        ];
        if (enabledPair && isScalar(enabledPair.value) && enabledPair.value.range) {
          edits = [{ ...nodeRange(enabledPair.value), text: 'true' }];
          const rest = wanted.slice(1);
          if (rest.length > 0) {
            const more = addEntriesEdit(text, componentMap, ['autoscaling'], rest, { step });
            edits = more ? [...edits, more] : [];
          }
        } else if (!enabledPair && (!autoscalingPair || autoscaling)) {
          const e = addEntriesEdit(text, componentMap, ['autoscaling'], wanted, { step });
          if (e) edits = [e];
        }
        const state = !autoscalingPair
          ? 'not set'
          : !enabledPair
            ? 'not set'
            : `${String(text.slice(nodeRange(enabledPair.value as never).start, nodeRange(enabledPair.value as never).end))}`;
        ctx.report({
          messageId: 'off',
          data: { path, component, state, size: size.text },
          range: enabledPair
            ? nodeRange(enabledPair.value as never)
            : autoscalingPair
              ? keyRange(autoscalingPair)
              : keyRange(componentPair),
          fixes:
            edits.length > 0
              ? [
                  {
                    title: ctx.message('enable', {
                      path,
                      extra: extraEntries.length > 0 && wanted.length > 1 ? extra : '',
                    }),
                    safety: 'suggestion',
                    edits,
                  },
                ]
              : [],
        });
      }
    }
  },
);
