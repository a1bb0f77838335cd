/**
 * The Run:ai control-plane values schema and the file names it is contributed for: the schema
 * compiles, its large-cluster snippet is valid and lints clean, and every fileMatch of package.json
 * names a file the engine lints as Helm values (and as the control plane's own values).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { stringify } from 'yaml';
import { lint, mergeConfig } from '../../server/src/engine';
import { yaml } from '../../server/src/engine/template-text';

const ROOT = path.resolve(__dirname, '../../..');
const SCHEMA_FILE = './schemas/runai-control-plane-values.schema.json';
const schema = JSON.parse(readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8')) as {
  defaultSnippets: { body: object }[];
};
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { yamlValidation: { fileMatch: string[]; url: string }[] };
};

describe('Run:ai control-plane values schema', () => {
  const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);

  test('the large-cluster snippet is valid and lints clean with every rule on 150 nodes', () => {
    const body = schema.defaultSnippets[0]!.body;
    assert.ok(validate(body), JSON.stringify(validate.errors));
    const result = lint(stringify(body), {
      uri: '/ops/runai_control_plane_values.yaml',
      config: mergeConfig({ cluster: { nodes: 150 } }),
      exists: () => false,
    });
    assert.equal(result.kind, 'helm-values');
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );
  });

  test('documented bounds are checked', () => {
    assert.equal(validate({ grafana: { autoscaling: { enabled: true, minReplicas: 0 } } }), false);
    assert.equal(validate({ thanos: { query: { resources: { limits: { memory: '3GB' } } } } }), false);
    assert.ok(
      validate({ backend: { autoscaling: { enabled: true }, image: { tag: 'x' } }, someUndocumentedKey: 1 }),
      'undocumented keys stay allowed',
    );
  });

  test("every fileMatch names a file linted as the control plane's values", () => {
    const entry = manifest.contributes.yamlValidation.find((v) => v.url === SCHEMA_FILE);
    assert.ok(entry, 'package.json contributes the schema');
    for (const glob of entry.fileMatch) {
      const name = `/home/ops/${glob.replace('**/', '').replace('*', '-prod')}`;
      const result = lint(
        yaml`
        backend:
          autoscaling:
            enabled: false
      `,
        { uri: name, config: mergeConfig({ cluster: { nodes: 150 } }), exists: () => false },
      );
      assert.equal(result.kind, 'helm-values', `${name}: ${result.kindReason}`);
      assert.ok(
        result.findings.some((f) => f.ruleId === 'runai/control-plane-autoscaling'),
        `${name} is read as control-plane values`,
      );
    }
  });
});
