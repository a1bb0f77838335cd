import { defineRule } from '../define-rule';
import { helmTrue } from '../model/helm-workloads';
import { addEntriesEdit, indentStep } from '../yaml-edit';
import type { Edit } from '../types';
import { asMap, get, getPair, intValue, isScalar, keyRange, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** `--set grafana.autoscaling.minReplicas=2` (run-ai/docs@1530a5a:docs/admin/config/large-clusters.md). */
const MIN = 2;

export default defineRule(
  {
    id: 'runai/grafana-min-replicas',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      low: (d) => prose`
        ${d.path}.autoscaling.minReplicas is ${d.min}: the Run:ai large-clusters guide sets it to ${MIN} when
        Grafana autoscales (--set grafana.autoscaling.minReplicas=${MIN}), so dashboards stay up while one
        Grafana pod restarts.
      `,
      missing: (d) => prose`
        ${d.path}.autoscaling is enabled without minReplicas, and the chart's default is not documented: the
        Run:ai large-clusters guide sets it to ${MIN} (--set grafana.autoscaling.minReplicas=${MIN}).
      `,
      setMin: (d) => `Set minReplicas to ${MIN}${d.extra}`,
    },
    docs: {
      summary: 'When the Run:ai control plane autoscales Grafana, keep at least two Grafana replicas.',
      why: paragraph(
        'The Run:ai large-clusters guide turns on Grafana autoscaling together with a floor of two',
        'replicas: `--set grafana.autoscaling.enabled=true --set grafana.autoscaling.minReplicas=2`. With',
        "one replica every restart or node drain takes the dashboards down. The chart's own default",
        '`minReplicas` is not public, so a missing value is reported as well. The rule applies wherever',
        'Grafana autoscaling is on in the control-plane values (see runai/control-plane-autoscaling for',
        'how those are recognised), whatever the cluster size.',
      ),
      bad: yaml`
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
              minReplicas: 1
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
        'The control-plane chart and its defaults are not public; the guide gives only the `--set` flags,',
        'not the default `minReplicas` or `maxReplicas`.',
      ),
      fixNotes: paragraph(
        'A suggestion: it adds a Grafana replica to a live control plane. When `maxReplicas` is below 2 the',
        'fix raises it to 2 as well, so the HPA stays valid.',
      ),
      sources: [
        'run-ai/docs@1530a5a:docs/admin/config/large-clusters.md (`--set grafana.autoscaling.enabled=true --set grafana.autoscaling.minReplicas=2`)',
      ],
    },
  },
  (ctx) => {
    const text = ctx.file.text;
    for (const cp of ctx.models.controlPlane) {
      const grafanaPair = getPair(cp.map, 'grafana');
      const grafana = grafanaPair ? asMap(grafanaPair.value, cp.doc) : null;
      const autoscalingPair = getPair(grafana, 'autoscaling');
      const autoscaling = autoscalingPair ? asMap(autoscalingPair.value, cp.doc) : null;
      if (!grafana || !autoscaling || !autoscalingPair || !helmTrue(get(autoscaling, 'enabled', cp.doc), cp.doc))
        continue;
      const path = `${cp.path.length > 0 ? `${cp.path.join('.')}.` : ''}grafana`;
      const minPair = getPair(autoscaling, 'minReplicas');
      const min = minPair ? intValue(minPair.value, cp.doc) : undefined;
      if (minPair && (min === undefined || min >= MIN)) continue;
      const maxPair = getPair(autoscaling, 'maxReplicas');
      const max = maxPair ? intValue(maxPair.value, cp.doc) : undefined;
      const step = indentStep(text, autoscaling, autoscalingPair);
      const edits: Edit[] = [];
      if (minPair && isScalar(minPair.value) && minPair.value.range)
        edits.push({ ...nodeRange(minPair.value), text: String(MIN) });
      else if (!minPair) {
        const e = addEntriesEdit(text, grafana, ['autoscaling'], [['minReplicas', String(MIN)]], { step });
        if (e) edits.push(e);
      }
      let extra = '';
      if (
        edits.length > 0 &&
        max !== undefined &&
        max < MIN &&
        maxPair &&
        isScalar(maxPair.value) &&
        maxPair.value.range
      ) {
        edits.push({ ...nodeRange(maxPair.value), text: String(MIN) });
        extra = ` and maxReplicas to ${MIN}`;
      }
      ctx.report({
        messageId: minPair ? 'low' : 'missing',
        data: minPair ? { path, min: min! } : { path },
        range: minPair ? nodeRange(minPair.value as never) : keyRange(autoscalingPair),
        fixes: edits.length > 0 ? [{ title: ctx.message('setMin', { extra }), safety: 'suggestion', edits }] : [],
      });
    }
  },
);
