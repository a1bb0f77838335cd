/**
 * Templates are not YAML (issue 8): Helm chart templates and Jinja-templated manifests are kind
 * `template`, never linted as YAML; YAML that merely holds `{{ … }}` in its strings is linted as before.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FILE_KINDS,
  lint,
  mergeConfig,
  parseConfig,
  type EngineOptions,
  type KindOrNone,
  type LintResult,
} from '../../server/src/engine';
import { repoRoot } from '../helpers/lsp-client';
import { yaml } from '../../server/src/engine/template-text';

function run(uri: string, text: string, options: Partial<EngineOptions> = {}): LintResult {
  const crashes: string[] = [];
  const result = lint(text, {
    uri,
    schemaDiagnostics: true,
    ...options,
    onRuleError: (id, e) => crashes.push(`${id}: ${String(e)}`),
  });
  assert.deepEqual(crashes, []);
  return result;
}

/** A file system where only these files exist. */
const only =
  (...files: string[]) =>
  (p: string) =>
    files.includes(p);

const HELM_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`;

/** Valid YAML (each `{{ x }}` reads as a flow map), so only the directive tells it is a template. */
const HELM_SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports:\n    - port: {{ .Values.service.port }}\n';

const JINJA = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ app_name }}
spec:
{% if not autoscaling %}
  replicas: {{ replicas }}
{% endif %}
  template:
    spec:
      containers:
        - name: worker
          image: "{{ registry }}/worker:{{ version }}"
`;

const PLAIN_MANIFEST = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';

describe('kind template: detection', () => {
  const chart = only('/c/Chart.yaml');
  const cases: [string, string, string, EngineOptions['exists'], KindOrNone][] = [
    ['a chart template full of Go template', '/c/templates/deployment.yaml', HELM_DEPLOYMENT, chart, 'template'],
    [
      'a chart template that happens to be plain YAML',
      '/c/templates/deployment.yaml',
      PLAIN_MANIFEST,
      chart,
      'template',
    ],
    [
      'a chart template in a folder below templates/',
      '/c/templates/tests/test-connection.yaml',
      PLAIN_MANIFEST,
      chart,
      'template',
    ],
    [
      'a subchart template',
      '/c/charts/db/templates/sts.yaml',
      PLAIN_MANIFEST,
      only('/c/charts/db/Chart.yaml'),
      'template',
    ],
    [
      '_helpers.tpl',
      '/c/templates/_helpers.tpl',
      '{{- define "web.name" -}}\n{{ .Chart.Name }}\n{{- end }}\n',
      chart,
      'template',
    ],
    [
      'NOTES.txt',
      '/c/templates/NOTES.txt',
      '1. Get the URL:\n  kubectl get svc {{ .Release.Name }}\n',
      chart,
      'template',
    ],
    [
      'a manifest in templates/ without a Chart.yaml',
      '/w/templates/deployment.yaml',
      PLAIN_MANIFEST,
      only('/w/Chart.yaml.bak'),
      'kubernetes',
    ],
    [
      'values.yaml beside Chart.yaml keeps its rules',
      '/c/values.yaml',
      'replicaCount: 2\nimage:\n  tag: "{{ .Chart.AppVersion }}"\n',
      chart,
      'helm-values',
    ],
    [
      'a Helm template outside a chart, whose YAML happens to parse',
      '/w/service.yaml',
      HELM_SERVICE,
      undefined,
      'template',
    ],
    [
      'a Helm template outside a chart, whose YAML breaks',
      '/w/deployment.yaml',
      HELM_DEPLOYMENT,
      undefined,
      'template',
    ],
    ['a Jinja-templated manifest', '/w/worker.yaml', JINJA, undefined, 'template'],
    [
      'a Jinja-templated Compose file',
      '/w/docker-compose.yml',
      yaml`
      services:
      {% for s in services %}
        {{ s.name }}:
          image: {{ s.image }}
      {% endfor %}
    `,
      undefined,
      'template',
    ],
    [
      'a Jinja comment at the head',
      '/w/app.yaml',
      '{# rendered by ansible #}\nservices:\n  web:\n    image: nginx\n',
      undefined,
      'template',
    ],
    [
      'Swarm placeholders in quoted strings',
      '/w/docker-compose.yml',
      yaml`
      services:
        agent:
          image: portainer/agent
          hostname: "{{.Node.Hostname}}"
          environment:
            - NODE={{.Node.ID}}
    `,
      undefined,
      'compose',
    ],
    [
      'Prometheus alert templates in strings',
      '/w/rules.yaml',
      yaml`
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata:
        name: r
      spec:
        groups:
          - name: g
            rules:
              - alert: Down
                annotations:
                  summary: "{{ $labels.instance }} is down"
                  description: Instance {{ $labels.instance }} of {{ $labels.job }} is down
                  runbook: '{{ template "runbook" . }}'
    `,
      undefined,
      'kubernetes',
    ],
    [
      'GitHub-Actions-like ${{ }}',
      '/w/compose.yaml',
      'services:\n  web:\n    image: app:${{ github.sha }}\n    command: echo ${{ inputs.x }}\n',
      undefined,
      'compose',
    ],
    [
      'broken YAML with a {{ never closed',
      '/w/docker-compose.yml',
      'services:\n  web: [unclosed\n\t- : : {{\n%%% x\n',
      undefined,
      'compose',
    ],
    [
      'a directive in a comment or a block scalar',
      '/w/cm.yaml',
      yaml`
      apiVersion: v1
      kind: ConfigMap # {{ not a template }}
      metadata:
        name: c
      data:
        tmpl: |
          {{- range . }}
          {% if x %}
    `,
      undefined,
      'kubernetes',
    ],
  ];
  for (const [name, uri, text, exists, kind] of cases) {
    test(`${name}: ${kind}`, () => {
      const result = run(uri, text, exists ? { exists } : {});
      assert.equal(result.kind, kind, `${uri}: ${result.kind} (${result.kindReason})`);
    });
  }

  test('the reason says why', () => {
    assert.match(
      run('/c/templates/deployment.yaml', PLAIN_MANIFEST, { exists: only('/c/Chart.yaml') }).kindReason,
      /^Helm chart template, under templates\/ beside Chart\.yaml$/,
    );
    assert.match(run('/w/worker.yaml', JINJA).kindReason, /template directive "\{\{" at line 4/);
    assert.match(
      run('/w/a.yaml', 'a: 1\n{% if x %}\nb: 2\n{% endif %}\n').kindReason,
      /template directive "\{%" at line 2/,
    );
    assert.match(
      run('/w/a.yaml', '\uFEFFa: "{{ in a string }}"\r\nb: |\r\n  {{ in a block }}\r\nc: {{ .Values.c }}\r\n')
        .kindReason,
      /template directive "\{\{" at line 4,/,
    );
  });

  test('a document the editor opened as helm is a template; a values file opened as helm is not', () => {
    const chart = only('/c/Chart.yaml');
    const helm = run('/w/pod.yaml', PLAIN_MANIFEST, { languageId: 'helm' });
    assert.deepEqual([helm.kind, helm.kindReason], ['template', 'opened as a helm document']);
    assert.equal(run('/w/pod.yaml', PLAIN_MANIFEST, { languageId: 'yaml' }).kind, 'kubernetes');
    assert.equal(run('/c/values.yaml', 'replicaCount: 2\n', { languageId: 'helm', exists: chart }).kind, 'helm-values');
    assert.equal(
      run('/w/values-prod.yaml', 'replicaCount: 2\n', { languageId: 'helm' }).kind,
      'none',
      'not a template without a chart either',
    );
    const config = mergeConfig({ kinds: { 'pod.yaml': 'kubernetes' } });
    assert.equal(run('/w/pod.yaml', PLAIN_MANIFEST, { languageId: 'helm', config }).kind, 'kubernetes', 'kinds win');
  });

  test('kinds and the modeline override it, both ways', () => {
    const exists = only('/c/Chart.yaml');
    const config = mergeConfig({ kinds: { 'templates/rendered/*.yaml': 'kubernetes', 'gen/*.yaml': 'template' } });
    assert.equal(run('/c/templates/rendered/d.yaml', PLAIN_MANIFEST, { exists, config }).kind, 'kubernetes');
    assert.equal(run('/w/gen/d.yaml', PLAIN_MANIFEST, { config }).kind, 'template');
    assert.equal(
      run('/w/gen/d.yaml', `# scalewise: kind=kubernetes\n${PLAIN_MANIFEST}`, { config }).kind,
      'kubernetes',
    );
    assert.equal(run('/w/d.yaml', `# scalewise: kind=template\n${PLAIN_MANIFEST}`).kind, 'template');
    assert.equal(run('/w/d.yaml', `# scalewise: kind=none\n${JINJA}`).kind, 'none');
  });
});

describe('kind template: nothing is linted', () => {
  test('no syntax errors and no manifest rules on a chart template', () => {
    const result = run('/c/templates/deployment.yaml', HELM_DEPLOYMENT, { exists: only('/c/Chart.yaml') });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.hints, []);
  });

  test('no findings on a Jinja manifest, not even with every rule asked for', () => {
    const result = run('/w/worker.yaml', JINJA);
    assert.equal(result.kind, 'template');
    assert.deepEqual(result.findings, []);
  });

  test('the same manifest without the directives is linted as Kubernetes', () => {
    const result = run('/w/worker.yaml', JINJA.replace(/\{%.*%\}\n/g, '').replace(/\{\{ (\w+) \}\}/g, '$1'));
    assert.equal(result.kind, 'kubernetes');
    assert.ok(
      result.findings.some((f) => f.ruleId === 'k8s/missing-requests'),
      result.findings.map((f) => f.ruleId).join(),
    );
  });
});

describe('kind template: settings', () => {
  test('.scalewise.yaml takes kinds: template', () => {
    const { config, problems } = parseConfig('kinds:\n  "gen/*.yaml": template\n  "legacy.yaml": none\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.kinds, { 'gen/*.yaml': 'template', 'legacy.yaml': 'none' });
  });

  test('scalewise.kinds and the config schema list every kind, template and none included', () => {
    const root = repoRoot();
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { additionalProperties?: { enum?: string[] } }> } };
    };
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/scalewise-config.schema.json'), 'utf8')) as {
      properties: { kinds: { additionalProperties: { enum: string[] } } };
    };
    const all = [...FILE_KINDS, 'template', 'none'].sort();
    assert.deepEqual(
      [...(pkg.contributes.configuration.properties['scalewise.kinds']?.additionalProperties?.enum ?? [])].sort(),
      all,
    );
    assert.deepEqual([...schema.properties.kinds.additionalProperties.enum].sort(), all);
  });
});
