import { defineRule } from '../define-rule';
import { cpuTarget, hasResource, wherePrefix } from '../model/helm-workloads';
import { indentStep, setValueEdit } from '../yaml-edit';
import { keyRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** A placeholder, as in the commented example of `helm create`'s values.yaml; the user sizes it. */
const PLACEHOLDER_CPU = '100m';

export default defineRule(
  {
    id: 'helm/autoscaling-without-cpu-request',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      explicit: (d) =>
        prose`
          ${d.where}autoscaling targets ${d.percent} CPU utilisation, but ${d.where}resources sets no CPU
          request (nor a limit to copy it from): the HPA cannot compute utilisation and never scales ("failed
          to get cpu utilization: missing request for cpu").
        `,
      chartDefault: (d) =>
        prose`
          ${d.where}autoscaling is enabled without a target, so the chart's default applies (CPU 80 % in
          charts made with helm create, and in the HPA API when no metric is given), but ${d.where}resources
          sets no CPU request: the HPA would report "missing request for cpu" and never scale.
        `,
      addRequest: (d) => `Add ${d.where}resources.requests.cpu: ${d.cpu} (a placeholder: size it from measured usage)`,
    },
    docs: {
      summary: 'A HorizontalPodAutoscaler on CPU utilisation needs a CPU request in the same values block.',
      why: paragraph(
        'The HPA computes CPU utilisation "as a percentage of the equivalent resource request on the',
        "containers in each Pod … if some of the Pod's containers do not have the relevant resource",
        'request set, CPU utilization for the Pod will not be defined and the autoscaler will not take any',
        'action for that metric." The HPA then shows `cpu: <unknown>/80%` and the condition',
        '`FailedGetResourceMetric`: `the HPA was unable to compute the replica count: failed to get cpu',
        'utilization: missing request for cpu in container …`. The rule reads each block with',
        '`autoscaling` (at any depth, sub-chart values and components such as `backend:` included) and',
        'reports an error when it targets CPU explicitly (`targetCPUUtilizationPercentage`, or a `metrics`',
        'entry of type `Resource`, name `cpu`, target `Utilization`) and `resources` beside it has neither',
        '`requests.cpu` nor `limits.cpu` (a limit alone is copied into the request). When only `enabled:',
        'true` is set, many charts still target CPU: `helm create` charts default to',
        '`targetCPUUtilizationPercentage: 80`, and an HPA without metrics defaults to 80 % average CPU;',
        'that case is a warning, and only when the block sets `resources` without a CPU value (a block',
        "with no `resources` at all leaves them to the chart's defaults, as the Run:ai `--set",
        '…autoscaling.enabled=true` flags do). A block that sets `targetMemoryUtilizationPercentage` or',
        'other `metrics` only is not reported.',
      ),
      bad: yaml`
        replicaCount: 1
        autoscaling:
          enabled: false
        worker:
          autoscaling:
            enabled: true
            minReplicas: 2
            maxReplicas: 8
            targetCPUUtilizationPercentage: 70
          resources:
            requests:
              memory: 512Mi
            limits:
              memory: 1Gi
      `,
      good: yaml`
        replicaCount: 1
        autoscaling:
          enabled: false
        worker:
          autoscaling:
            enabled: true
            minReplicas: 2
            maxReplicas: 8
            targetCPUUtilizationPercentage: 70
          resources:
            requests:
              cpu: 250m
              memory: 512Mi
            limits:
              memory: 1Gi
      `,
      exampleFile: 'values.yaml',
      uncertain: paragraph(
        "Helm merges a values file over the chart's own defaults (and sub-chart values over the",
        "sub-chart's), so a CPU request that the chart's values.yaml already sets is not visible here.",
        'Whether a chart turns `autoscaling` values into an HPA at all, and with which default target,',
        'depends on its templates; the rule assumes the `helm create` layout.',
      ),
      fixNotes:
        'A suggestion: the inserted `100m` is a placeholder that changes how the Pods are scheduled; replace it with the measured usage.',
      sources: [
        'https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ (how the controller computes utilisation from requests)',
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (a limit without a request is copied into the request)',
        'k8s.io/api autoscaling/v2 HorizontalPodAutoscalerSpec.metrics: "If not set, the default metric will be set to 80% average CPU utilization."',
        paragraph(
          'helm/helm@0d1f9da:pkg/chart/v2/util/create.go (default values `targetCPUUtilizationPercentage:',
          '80`; the HPA template renders a cpu Utilization metric from it)',
        ),
      ],
    },
  },
  (ctx) => {
    for (const w of ctx.models.helmWorkloads) {
      if (!w.enabled || !w.autoscalingPair) continue;
      const target = cpuTarget(w);
      if (target.kind === 'none') continue;
      // Only the chart's default target: a block that leaves `resources` to the chart's defaults is not ours to judge.
      if (target.kind === 'default' && !w.resources) continue;
      // Any value counts, even a malformed one: that is helm/invalid-quantity's finding, not a missing request.
      if (hasResource(w, 'cpu')) continue;
      const where = wherePrefix(w.path);
      const edit = setValueEdit(
        ctx.file.text,
        w.map,
        ['resources', 'requests'],
        'cpu',
        PLACEHOLDER_CPU,
        indentStep(ctx.file.text, w.map),
      );
      const fixes = edit
        ? [
            {
              title: ctx.message('addRequest', { where, cpu: PLACEHOLDER_CPU }),
              safety: 'suggestion' as const,
              edits: [edit],
            },
          ]
        : [];
      if (target.kind === 'explicit') {
        ctx.report({
          messageId: 'explicit',
          data: { where, percent: target.percent !== undefined ? `${target.percent} %` : 'a' },
          range: target.range,
          fixes,
        });
      } else {
        ctx.report({
          messageId: 'chartDefault',
          data: { where },
          range: keyRange(w.autoscalingPair),
          severity: 'warning',
          fixes,
        });
      }
    }
  },
);
