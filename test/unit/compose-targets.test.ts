/**
 * Scripts read against the Compose files they run on: located scale commands, the facts kept
 * about Compose files, which files a command targets, and the `script` kind.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { emptyWorkspace, lint, parseConfig, scanCommands } from '../../server/src/engine';
import { composeTargets, locateScaleCommands, scanComposeFile } from '../../server/src/engine/scale-commands';
import { addComposeFacts } from '../../server/src/files';
import { yaml } from '../../server/src/engine/template-text';

describe('locateScaleCommands', () => {
  test('the range covers the service name, with -f files and the project directory', () => {
    const text =
      '#!/bin/sh\ndocker compose -f a.yml --file=b.yml --project-directory ops up --scale "web=3" --scale=api=2\n';
    const found = locateScaleCommands('/w/x.sh', text);
    assert.deepEqual(
      found.map((c) => [c.service, text.slice(c.range.start, c.range.end), c.files, c.projectDirectory]),
      [
        ['web', 'web', ['a.yml', 'b.yml'], 'ops'],
        ['api', 'api', ['a.yml', 'b.yml'], 'ops'],
      ],
    );
  });

  test('offsets survive line continuations and CRLF', () => {
    const text = 'echo hi\r\ndocker compose \\\r\n  up --scale web=3\r\n';
    const [c] = locateScaleCommands('/w/x.sh', text);
    assert.equal(text.slice(c!.range.start, c!.range.end), 'web');
    assert.equal(c!.where, 'x.sh:2');
  });

  test('scanCommands keeps its shape', () => {
    assert.deepEqual(scanCommands('/w/x.sh', 'docker compose up --scale web=3').scaleCommands, [
      { service: 'web', replicas: 3, where: 'x.sh:1', tool: 'compose' },
    ]);
  });
});

describe('Compose file facts and targets', () => {
  const ws = emptyWorkspace();
  scanComposeFile(
    '/w/compose.yaml',
    'services:\n  web:\n    image: nginx\n    container_name: w1\n    deploy: {replicas: 2}\n',
    ws,
  );
  scanComposeFile('/w/compose.override.yaml', 'services:\n  dbg: {image: busybox}\n', ws);
  scanComposeFile('/w/sub/docker-compose.yml', 'services:\n  api: {image: a, scale: 3}\n', ws);
  scanComposeFile('/w/notes.yaml', 'title: not compose\n', ws);

  test('names, container names, images and scales', () => {
    const f = ws.composeFiles?.find((x) => x.path === '/w/compose.yaml');
    assert.ok(f);
    assert.deepEqual(
      { ...f, containerNames: { ...f.containerNames }, images: { ...f.images }, scales: { ...f.scales } },
      {
        path: '/w/compose.yaml',
        services: ['web'],
        containerNames: { w1: 'web' },
        images: { web: 'nginx' },
        scales: { web: 2 },
      },
    );
    // Keyed by the file's own names, so without a prototype: a service may be called `constructor`.
    for (const r of [f.containerNames, f.images, f.scales]) assert.equal(Object.getPrototypeOf(r), null);
    assert.equal(ws.composeFiles?.length, 3, 'a file without services: is not recorded');
  });

  test('the default file and its override, searched upwards from the script', () => {
    const [c] = locateScaleCommands('/w/scripts/up.sh', 'docker compose up --scale web=2');
    assert.deepEqual(
      composeTargets(c!, '/w/scripts/up.sh', ws)?.map((f) => f.path),
      ['/w/compose.yaml', '/w/compose.override.yaml'],
    );
    const [d] = locateScaleCommands('/w/sub/up.sh', 'docker compose up --scale api=2');
    assert.deepEqual(
      composeTargets(d!, '/w/sub/up.sh', ws)?.map((f) => f.path),
      ['/w/sub/docker-compose.yml'],
    );
  });

  test('-f files resolve against the script folder, then its parents; unknown ones make it unknown', () => {
    const [c] = locateScaleCommands('/w/scripts/up.sh', 'docker compose -f sub/docker-compose.yml up --scale api=2');
    assert.deepEqual(
      composeTargets(c!, '/w/scripts/up.sh', ws)?.map((f) => f.path),
      ['/w/sub/docker-compose.yml'],
    );
    const [d] = locateScaleCommands('/w/up.sh', 'docker compose -f missing.yml up --scale api=2');
    assert.equal(composeTargets(d!, '/w/up.sh', ws), undefined);
    assert.equal(composeTargets(c!, '/w/scripts/up.sh', emptyWorkspace()), undefined, 'no facts: unknown');
  });
});

describe('the script kind', () => {
  test('shell scripts, Makefiles and READMEs with a scale command; others are none', () => {
    const kind = (uri: string, text: string) => lint(text, { uri }).kind;
    assert.equal(kind('/w/scale.sh', 'docker compose up --scale server=4\n'), 'script');
    assert.equal(kind('/w/Makefile', 'up:\n\tdocker compose up --scale server=4\n'), 'script');
    assert.equal(kind('/w/README.md', '```sh\ndocker service scale st_web=3\n```\n'), 'script');
    assert.equal(kind('/w/README.md', '# services:\n\nNo commands here.\n'), 'none', 'Markdown is never read as YAML');
    assert.equal(kind('/w/build.sh', 'docker compose build\n'), 'none');
    assert.equal(
      kind('/w/install.sh', 'curl -sfL https://get.k3s.io | sh -\ndocker compose up --scale a=2\n'),
      'k3s-install',
      'installing k3s wins',
    );
  });
});

describe('addComposeFacts (CLI and server)', () => {
  test('reads the YAML files in the folders above each command source, and the files given', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-targets-'));
    try {
      fs.mkdirSync(path.join(root, '.git')); // the walk up stops at the repository root
      fs.mkdirSync(path.join(root, 'scripts'));
      fs.mkdirSync(path.join(root, 'deploy'));
      fs.writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n  server: {image: compdem/polis-server}\n');
      fs.writeFileSync(path.join(root, 'deploy', 'prod.yml'), 'services:\n  api: {image: a}\n');
      fs.writeFileSync(path.join(root, 'notes.yaml'), 'not: compose\n');
      const script = path.join(root, 'scripts', 'scale.sh');
      fs.writeFileSync(script, 'docker compose up --scale server=2\n');
      const facts = addComposeFacts(emptyWorkspace(), [path.join(root, 'deploy', 'prod.yml')], [script]);
      assert.deepEqual((facts.composeFiles ?? []).map((f) => path.relative(root, f.path)).sort(), [
        'deploy/prod.yml',
        'docker-compose.yml',
      ]);
      const open = addComposeFacts(emptyWorkspace(), [], [script], (f) =>
        f.endsWith('docker-compose.yml')
          ? yaml`
        services:
          edited: {}
      `
          : fs.readFileSync(f, 'utf8'),
      );
      assert.deepEqual(
        open.composeFiles?.map((f) => f.services),
        [['edited']],
        'the reader (an open editor) wins over the disk',
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('.scalewise.yaml polis section', () => {
  test('is read and validated', () => {
    const ok = parseConfig('polis:\n  participants: 30000\n  comments: 3000\n');
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.config.polis, { participants: 30000, comments: 3000 });
    assert.ok(parseConfig('polis:\n  participant: 3\n').problems.length > 0, 'unknown keys are problems');
  });
});
