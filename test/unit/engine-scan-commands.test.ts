/** Workspace command scanning (scanCommands, isCommandSource): scale counts from scripts and docs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyWorkspace, isCommandSource, scanCommands } from '../../server/src/engine';
import { check } from '../helpers/engine-check';
import { yaml } from '../../server/src/engine/template-text';

describe('scanCommands', () => {
  const scan = (text: string, file = '/w/deploy.sh') => scanCommands(file, text, emptyWorkspace());

  test('docker compose up --scale a=3', () => {
    assert.deepEqual(scan('docker compose up -d --scale a=3').scaleCommands, [
      { service: 'a', replicas: 3, where: 'deploy.sh:1', tool: 'compose' },
    ]);
  });

  test('docker-compose (v1) --scale, and --scale=S=N', () => {
    assert.deepEqual(scan('docker-compose up --scale web=2 --scale=worker=4').scaleCommands, [
      { service: 'web', replicas: 2, where: 'deploy.sh:1', tool: 'compose' },
      { service: 'worker', replicas: 4, where: 'deploy.sh:1', tool: 'compose' },
    ]);
  });

  test('docker compose -f x.yml scale a=2 b=5', () => {
    assert.deepEqual(
      scan('docker compose -f x.yml -p proj scale a=2 b=5').scaleCommands.map((c) => [c.service, c.replicas]),
      [
        ['a', 2],
        ['b', 5],
      ],
    );
  });

  test('a flag value is not the subcommand', () => {
    assert.deepEqual(scan('docker compose -f scale up').scaleCommands, []);
    assert.deepEqual(
      scan('docker compose --file scale.yml up --scale web=2').scaleCommands.map((c) => c.service),
      ['web'],
    );
  });

  test('docker service scale st_web=5', () => {
    assert.deepEqual(scan('docker service scale st_web=5 st_db=1').scaleCommands, [
      { service: 'st_web', replicas: 5, where: 'deploy.sh:1', tool: 'swarm' },
      { service: 'st_db', replicas: 1, where: 'deploy.sh:1', tool: 'swarm' },
    ]);
  });

  test('docker stack deploy -c a.yml -c b.yml st, resolved against the script folder', () => {
    const ws = scan(
      'cd /w\ndocker stack deploy -c a.yml -c ../shared/b.yml --compose-file=c.yaml st\n',
      '/w/ops/deploy.sh',
    );
    assert.deepEqual(ws.stackFiles, ['/w/ops/a.yml', '/w/shared/b.yml', '/w/ops/c.yaml']);
    assert.deepEqual(
      scan('docker stack deploy -c $FILE st\ndocker stack deploy -c - st').stackFiles,
      [],
      'variables and stdin are unknown',
    );
  });

  test('backslash continuations: the command is read whole and placed on its first line', () => {
    const ws = scan('#!/bin/sh\nset -e\ndocker compose \\\n  -f compose.yaml \\\n  up -d \\\n  --scale web=4\n');
    assert.deepEqual(ws.scaleCommands, [{ service: 'web', replicas: 4, where: 'deploy.sh:3', tool: 'compose' }]);
  });

  test('Markdown code blocks with prompts', () => {
    const md = yaml`
      # Run it

      \`\`\`sh
      $ docker compose up --scale api=3
      > docker service scale prod_api=6
      \`\`\`

      \`\`\`console
      user@host:~$ docker compose up --scale worker=2
      \`\`\`
    `;
    assert.deepEqual(
      scan(md, '/w/README.md').scaleCommands.map((c) => `${c.service}=${c.replicas} ${c.tool} ${c.where}`),
      ['api=3 compose README.md:4', 'prod_api=6 swarm README.md:5', 'worker=2 compose README.md:9'],
    );
  });

  test('several commands on one line, and noise that is not a scale', () => {
    const ws = scan(yaml`
      docker compose build && docker compose up --scale web=2; echo done | tee log
      docker compose up --scale web=lots
      docker run --scale x=2 nginx
    `);
    assert.deepEqual(
      ws.scaleCommands.map((c) => `${c.service}=${c.replicas}`),
      ['web=2'],
    );
  });

  test('results accumulate over files', () => {
    const ws = scanCommands('/w/a.sh', 'docker compose up --scale a=2', emptyWorkspace());
    scanCommands('/w/Makefile', 'up:\n\tdocker compose up --scale b=3\n', ws);
    assert.deepEqual(
      ws.scaleCommands.map((c) => c.where),
      ['a.sh:1', 'Makefile:2'],
    );
  });

  test('which files are worth scanning', () => {
    for (const f of [
      '/w/deploy.sh',
      '/w/Makefile',
      '/w/README.md',
      '/w/.github/workflows/ci.yml',
      '/w/Justfile',
      '/w/ops.mk',
    ])
      assert.ok(isCommandSource(f), f);
    for (const f of ['/w/compose.yaml', '/w/main.go', '/w/workflows/ci.yml']) assert.ok(!isCommandSource(f), f);
  });

  test('the largest scripted scale wins for a service, and Swarm names count for their service', () => {
    const ws = scan(
      'docker compose up --scale web=2\ndocker service scale prod_web=7\ndocker compose up --scale web=3\n',
    );
    const r = check('services:\n  web:\n    container_name: w\n', {
      uri: '/w/compose.yaml',
      workspace: ws,
      only: ['compose/container-name-blocks-scale'],
    });
    assert.deepEqual(
      r.findings.map((f) => f.data?.why),
      ['docker service scale prod_web=7 in deploy.sh:2'],
    );
  });
});
