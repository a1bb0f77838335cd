/**
 * Which files are read for `--scale` commands, and how Makefiles and READMEs are read:
 * recipe prefixes, variables that hold the Compose command, Markdown code blocks and inline code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyWorkspace, isCommandSource, scanCommands } from '../../server/src/engine';
import { locateScaleCommands } from '../../server/src/engine/scale-commands';

const scan = (file: string, text: string) =>
  scanCommands(file, text, emptyWorkspace()).scaleCommands.map(
    (c) => `${c.service}=${c.replicas} ${c.tool} ${c.where}`,
  );

describe('command sources', () => {
  test('Makefiles, *.mk and READMEs are command sources', () => {
    for (const f of [
      '/w/Makefile',
      '/w/makefile',
      '/w/GNUmakefile',
      '/w/build/compose.mk',
      '/w/README.md',
      '/w/docs/README.scaling.md',
      '/w/readme.markdown',
    ]) {
      assert.ok(isCommandSource(f), f);
    }
    for (const f of ['/w/Makefile.yaml', '/w/README.txt', '/w/compose.yaml']) assert.ok(!isCommandSource(f), f);
  });

  test('Makefile recipes with @, - and + prefixes', () => {
    const mk =
      'up:\n\t@docker compose up -d --scale web=3\nload:\n\t-docker-compose up --scale worker=5\nmore:\n\t+@docker compose scale api=2\n';
    assert.deepEqual(scan('/w/Makefile', mk), [
      'web=3 compose Makefile:2',
      'worker=5 compose Makefile:4',
      'api=2 compose Makefile:6',
    ]);
  });

  test('a Makefile variable that holds the Compose command', () => {
    const mk =
      'COMPOSE ?= docker compose -f compose.yaml\nDC := docker-compose\n\nup:\n\t$(COMPOSE) up -d --scale web=4\n\t${DC} up --scale worker=2\n';
    assert.deepEqual(scan('/w/ops.mk', mk), ['web=4 compose ops.mk:5', 'worker=2 compose ops.mk:6']);
  });

  test('a shell variable that holds the Compose command', () => {
    assert.deepEqual(
      scan('/w/deploy.sh', 'COMPOSE="docker compose --profile prod"\n"$COMPOSE" up -d --scale api=6\n'),
      ['api=6 compose deploy.sh:2'],
    );
  });

  test('variables that are not Compose commands are left alone', () => {
    assert.deepEqual(scan('/w/Makefile', 'N = 3\nup:\n\t$(N) up --scale web=3\n'), []);
  });

  test('README: fenced code blocks and inline code', () => {
    const md = [
      '# Scaling',
      '',
      'Run `docker compose up -d --scale server=4` for a big conversation.',
      '',
      '```bash',
      'docker compose --profile postgres up --scale math=2',
      '```',
      '',
      'Or, with the old tool: `docker-compose scale worker=3`.',
    ].join('\n');
    assert.deepEqual(scan('/w/README.md', md), [
      'server=4 compose README.md:3',
      'math=2 compose README.md:6',
      'worker=3 compose README.md:9',
    ]);
  });

  test('a placeholder count (N, $N, ${N}, <n>) is no count: rules that judge the count see nothing', () => {
    const text = 'docker compose up --scale web=N --scale api=$N --scale db=${N} --scale math=<n>\n';
    assert.deepEqual(scan('/w/docs/scaling.md', text), []);
    assert.deepEqual(
      locateScaleCommands('/w/docs/scaling.md', text).map((c) => `${c.service}=${c.replicas ?? '?'}`),
      ['web=?', 'api=?', 'db=?', 'math=?'],
    );
  });

  test('a `$ ` prompt is still stripped', () => {
    assert.deepEqual(scan('/w/deploy.sh', '$ docker compose up --scale a=2\n'), ['a=2 compose deploy.sh:1']);
  });
});
