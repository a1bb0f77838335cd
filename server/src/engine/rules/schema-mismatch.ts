import { defineRule } from '../define-rule';
import { SCHEMA_FOR_KIND, validateDocument } from '../schema';
import { paragraph, yaml } from '../template-text';

export default defineRule(
  {
    id: 'schema/mismatch',
    kinds: ['runai-config', 'k3s-config'],
    scope: 'document',
    defaultSeverity: 'error',
    messages: {
      mismatch: (d) => `${d.detail} (${d.path})`,
    },
    docs: {
      summary: 'The value does not match the JSON schema Scalewise ships for this kind of file.',
      why: paragraph(
        'A misspelt key in a k3s config.yaml is skipped with only a log line, and RunaiConfig accepts any',
        'field (its CRD preserves unknown fields), so a typo silently leaves a cluster at its defaults. The',
        'schemas in schemas/ describe the documented fields. When Red Hat YAML is installed it validates the',
        "files whose names match the extension's yamlValidation patterns (`runaiconfig*.yaml`,",
        '`runai-config*.yaml`, `rancher/k3s/config.yaml`, `config.yaml.d/*.yaml`) with the same schemas, so',
        'with the default `scalewise.schemaDiagnostics: auto` the extension leaves those files to it and',
        'checks the others itself: a RunaiConfig found by its content (`apiVersion: run.ai/…`, `kind:',
        'RunaiConfig`) under another name or as `.yml` gets no schema check from Red Hat YAML. The CLI',
        "always reports them. Messages name the key and what it takes (a pattern's schema carries",
        '`x-expected`, and `patternErrorMessage` for Red Hat YAML); a quantity that is not one is left to',
        'k8s/invalid-quantity, which offers the readings (`1GB`: `1G` or `1Gi`).',
      ),
      bad: yaml`
        # scalewise: kind=runai-config
        apiVersion: run.ai/v1
        kind: RunaiConfig
        spec:
          global:
            schedulingServices:
              resources:
                limits:
                  cpu: [2]
      `,
      good: yaml`
        # scalewise: kind=runai-config
        apiVersion: run.ai/v1
        kind: RunaiConfig
        spec:
          global:
            schedulingServices:
              resources:
                limits:
                  cpu: 2
      `,
      sources: [
        'run-ai/docs@ae8b5dc:docs/admin/config/advanced-cluster-config.md',
        'k3s-io/docs@147c369:docs/installation/configuration.md',
        'k3s-io/k3s@f646604:pkg/configfilearg/parser.go',
      ],
    },
  },
  (ctx) => {
    const schema = SCHEMA_FOR_KIND[ctx.kind];
    if (!schema) return;
    for (const d of ctx.file.documents) {
      if (d.doc.errors.length > 0 || !d.root) continue;
      for (const p of validateDocument(schema, d.doc, d.root)) {
        ctx.report({ messageId: 'mismatch', data: { detail: p.message, path: p.path }, range: p.range });
      }
    }
  },
);
