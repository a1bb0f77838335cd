/**
 * A renamed rule keeps answering to its former id: polis/scale-target-name became
 * compose/scale-target-unknown, and configs, suppression comments and `--rule` written with the old
 * id keep working.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyWorkspace, lint, mergeConfig } from '../../server/src/engine';
import { scanComposeFile } from '../../server/src/engine/scale-commands';

const NEW_ID = 'compose/scale-target-unknown';
const OLD_ID = 'polis/scale-target-name';
const ws = emptyWorkspace();
scanComposeFile('/w/docker-compose.yml', 'services:\n  server:\n    image: docker.io/compdem/polis-server:dev\n', ws);
const SCRIPT = 'docker compose --profile postgres up -d --scale polis-server=4\n';
const ids = (text: string, opts: Partial<Parameters<typeof lint>[1]> = {}) =>
  lint(text, { uri: 'file:///w/scripts/scale.sh', kind: 'script', workspace: ws, ...opts }).findings.map(
    (f) => f.ruleId,
  );

test('the rule reports under its new id', () => {
  assert.deepEqual(ids(SCRIPT), [NEW_ID]);
});

test('a config that names the former id sets the renamed rule', () => {
  assert.deepEqual(ids(SCRIPT, { config: mergeConfig({ rules: { [OLD_ID]: 'off' } }) }), []);
  const f = lint(SCRIPT, {
    uri: 'file:///w/scripts/scale.sh',
    kind: 'script',
    workspace: ws,
    config: mergeConfig({ rules: { [OLD_ID]: 'hint' } }),
  }).findings;
  assert.deepEqual(
    f.map((x) => [x.ruleId, x.severity]),
    [[NEW_ID, 'hint']],
  );
});

test('the new id wins over the former one in the same config', () => {
  const f = lint(SCRIPT, {
    uri: 'file:///w/scripts/scale.sh',
    kind: 'script',
    workspace: ws,
    config: mergeConfig({ rules: { [OLD_ID]: 'off', [NEW_ID]: 'warning' } }),
  }).findings;
  assert.deepEqual(
    f.map((x) => [x.ruleId, x.severity]),
    [[NEW_ID, 'warning']],
  );
});

test('a suppression comment with the former id suppresses the renamed rule', () => {
  assert.deepEqual(ids(`# scalewise-disable-next-line ${OLD_ID}\n${SCRIPT}`), []);
  assert.deepEqual(ids(`# scalewise-disable-file ${OLD_ID}\n${SCRIPT}`), []);
});

test('only: the former id runs the renamed rule', () => {
  assert.deepEqual(ids(SCRIPT, { only: [OLD_ID] }), [NEW_ID]);
});
