/**
 * `scalewise.schemaDiagnostics: auto` with Red Hat YAML installed leaves our schema errors to it
 * only for the files it validates with our schemas (package.json yamlValidation fileMatch); a
 * RunaiConfig or k3s drop-in it does not match by name is still checked here, found by content.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lint } from '../../server/src/engine';
import { redHatYamlValidates, schemaDiagnosticsFor } from '../../server/src/engine/schema';

const RUNAI =
  'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    replicaCount: many\n';
const K3S = 'cluster-init: "yes"\n';

function schemaFindings(uri: string, text: string, schemaDiagnostics: boolean | 'unless-red-hat-yaml') {
  const r = lint(text, { uri, schemaDiagnostics, only: ['schema/mismatch'] });
  return { kind: r.kind, count: r.findings.length };
}

describe('schema diagnostics beside Red Hat YAML', () => {
  const cases: [string, string, string, number][] = [
    ['a RunaiConfig Red Hat YAML matches by name', '/w/runaiconfig-prod.yaml', RUNAI, 0],
    ['a RunaiConfig named runai-config.yaml', '/w/deploy/runai-config.yaml', RUNAI, 0],
    ['a RunaiConfig as .yml (no fileMatch)', '/w/runaiconfig.yml', RUNAI, 1],
    ['a RunaiConfig under another name', '/w/cluster/runai.yaml', RUNAI, 1],
    ['k3s config.yaml', '/etc/rancher/k3s/config.yaml', K3S, 0],
    ['a k3s drop-in as .yml', '/etc/rancher/k3s/config.yaml.d/10-args.yml', K3S, 1],
  ];
  for (const [name, uri, text, count] of cases) {
    test(`${name}: ${count === 0 ? 'left to Red Hat YAML' : 'checked here'}`, () => {
      assert.deepEqual(schemaFindings(uri, text, 'unless-red-hat-yaml').count, count);
      assert.equal(schemaFindings(uri, text, true).count, 1, 'always: checked');
      assert.equal(schemaFindings(uri, text, false).count, 0, 'never: not checked');
    });
  }

  test('a RunaiConfig of another run.ai version is found by content', () => {
    assert.equal(
      schemaFindings('/w/cluster/runai.yaml', RUNAI.replace('run.ai/v1', 'run.ai/v2'), true).kind,
      'runai-config',
    );
  });

  test('the fileMatch patterns are those of package.json', () => {
    assert.equal(redHatYamlValidates('/x/.scalewise.yaml', 'scalewise-config'), true);
    assert.equal(redHatYamlValidates('/x/runaiconfig.yaml', 'runai-config'), true);
    assert.equal(redHatYamlValidates('/x/runaiconfig.yaml', 'k3s-config'), false);
    assert.equal(redHatYamlValidates('/x/runaiconfig.yml', 'runai-config'), false);
  });

  test('the setting: auto checks everything without Red Hat YAML, and what it does not cover with it', () => {
    assert.equal(schemaDiagnosticsFor('auto', false), true);
    assert.equal(schemaDiagnosticsFor('auto', true), 'unless-red-hat-yaml');
    assert.equal(schemaDiagnosticsFor('always', true), true);
    assert.equal(schemaDiagnosticsFor('never', false), false);
  });
});
