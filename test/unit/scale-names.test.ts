/**
 * The names the Docker scale actions accept, as Compose and swarmkit accept them, and the parsing
 * of `--format json` output (an array from older Compose v2, one object per line elsewhere).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeProjectName, validateComposeArgs } from '../../server/src/actions/compose';
import { commandLine, jsonRecords } from '../../server/src/actions/docker';
import { validateSwarmArgs } from '../../server/src/actions/swarm';

const compose = (service: string, project?: string, replicas = 2) =>
  validateComposeArgs({ file: 'compose.yaml', service, replicas, ...(project !== undefined ? { project } : {}) });

test('Compose service and project names', () => {
  for (const ok of ['web', 'Web.1', 'api_v2', 'a-b', '0']) assert.equal(compose(ok), undefined, ok);
  for (const bad of ['', 'web;touch /tmp/x', '$(id)', 'a b', 'web`id`', 'web\n', 'wéb', '../x'])
    assert.equal(compose(bad)?.reason, 'invalid', JSON.stringify(bad));
  for (const ok of ['shop', '0shop', 'my_app-2']) assert.equal(compose('web', ok), undefined, ok);
  for (const bad of ['a b', 'Shop', '-x', '_x', '$(id)', 'x;y', ''])
    assert.equal(compose('web', bad)?.reason, 'invalid', JSON.stringify(bad));
  for (const n of [-1, 1.5, Number.NaN, 1001]) assert.equal(compose('web', undefined, n)?.reason, 'invalid', String(n));
});

test('the project Compose derives from a folder name', () => {
  assert.equal(normalizeProjectName('My App'), 'myapp');
  assert.equal(normalizeProjectName('_-polis.v2'), 'polisv2');
  assert.equal(normalizeProjectName('$(id)'), 'id');
});

test('Swarm service names (swarmkit: a DNS label, "-" and "_" inside)', () => {
  for (const ok of ['web', 'prod_web', 'a-b_c', 'x1', 'a'.repeat(63)])
    assert.equal(validateSwarmArgs({ service: ok, replicas: 1 }), undefined, ok);
  for (const bad of ['', '_web', 'web-', 'a.b', 'web;id', '$(id)', 'a b', 'a'.repeat(64)])
    assert.equal(validateSwarmArgs({ service: bad, replicas: 1 })?.reason, 'invalid', bad);
});

test('--format json output: an array or one object per line', () => {
  assert.deepEqual(jsonRecords('[{"Service":"web"},{"Service":"db"}]'), [{ Service: 'web' }, { Service: 'db' }]);
  assert.deepEqual(jsonRecords('{"Name":"a"}\n{"Name":"b"}\n'), [{ Name: 'a' }, { Name: 'b' }]);
  assert.deepEqual(jsonRecords('\n'), []);
});

test('command lines in plans quote what a shell would split', () => {
  assert.equal(
    commandLine(['docker', 'compose', '-f', '/tmp/a b/c.yml', 'up']),
    "docker compose -f '/tmp/a b/c.yml' up",
  );
  assert.equal(commandLine(['x', "it's"]), "x 'it'\\''s'");
});
