/**
 * Rules are given their models (Compose services, Kubernetes workloads and HPAs, Helm workloads,
 * resource blocks, k3s settings, Prometheus queues, Run:ai control-plane values) computed once per
 * parsed file and shared (engine/model/memo.ts): one lint walks the YAML once per model, however
 * many rules, the sizing lens and helpers ask for it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lint } from '../../server/src/engine';
import { modelComputations } from '../../server/src/engine/model/memo';
import { collectWorkspaceFacts, discover } from '../../server/src/files';

const ROOT = path.resolve(__dirname, '../../..');

function lintAsTheCli(rel: string): ReturnType<typeof lint> {
  const file = path.join(ROOT, rel);
  const found = discover([path.dirname(file)], ROOT);
  const workspace = collectWorkspaceFacts(found.files, found.commandSources);
  return lint(fs.readFileSync(file, 'utf8'), { uri: file, workspace });
}

describe('models are computed once per lint', () => {
  test('the Polis example: each model once, for every rule that reads it', () => {
    const result = lintAsTheCli('examples/polis/docker-compose.yml');
    assert.equal(result.kind, 'compose');
    assert.ok(result.findings.length > 0, 'the example has findings, so the rules did read the services');
    const counts = modelComputations(result.file);
    assert.ok(counts.compose !== undefined, `the Compose services were computed: ${JSON.stringify(counts)}`);
    for (const [model, n] of Object.entries(counts))
      assert.equal(n, 1, `${model} computed ${n} times: ${JSON.stringify(counts)}`);
  });

  test('the Run:ai example: the RunaiConfig documents are read once, for the sizing, queue and Prometheus readers', () => {
    const result = lintAsTheCli('examples/runai/runai-config.yaml');
    assert.equal(result.kind, 'runai-config');
    const counts = modelComputations(result.file);
    assert.equal(counts.runaiConfig, 1, `the RunaiConfig model was computed once: ${JSON.stringify(counts)}`);
    for (const [model, n] of Object.entries(counts))
      assert.equal(n, 1, `${model} computed ${n} times: ${JSON.stringify(counts)}`);
  });

  test('every example file: no model is computed twice in one lint', () => {
    const failures: string[] = [];
    const files = discover([path.join(ROOT, 'examples')], ROOT).files;
    assert.ok(files.length > 10);
    for (const file of files) {
      const result = lint(fs.readFileSync(file, 'utf8'), { uri: file });
      for (const [model, n] of Object.entries(modelComputations(result.file)))
        if (n > 1) failures.push(`${path.relative(ROOT, file)}: ${model} ${n} times`);
    }
    assert.deepEqual(failures, []);
  });
});
