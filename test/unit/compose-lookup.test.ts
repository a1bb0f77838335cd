/**
 * Which YAML files around a script are read as its Compose files. In the script's own folder any
 * YAML may be one (`docker compose -f deploy.yml`); in the folders above, only the names Compose
 * looks for when it walks up. A workspace without `.git` inside a folder with other YAML files (a
 * home folder, /tmp) must not read them: the CLI (files.ts) and the server's index agree.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { composeCandidateAbove, emptyWorkspace } from '../../server/src/engine/scale-commands';
import { addComposeFacts, walk } from '../../server/src/files';
import { WorkspaceIndex } from '../../server/src/workspace-index';
import type { WorkspaceFacts } from '../../server/src/engine/types';
import { yaml } from '../../server/src/engine/template-text';

function layout(): { outer: string; root: string } {
  const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-lookup-'));
  const root = path.join(outer, 'project');
  fs.mkdirSync(path.join(root, 'scripts'), { recursive: true });
  // Not a Compose file of the project: a YAML file in the folder around it.
  fs.writeFileSync(path.join(outer, 'notes.yml'), 'services:\n  stray:\n    image: x\n    container_name: stray\n');
  // Compose's own name above the project: docker compose would find it when run from inside, so it counts.
  fs.writeFileSync(path.join(outer, 'compose.yaml'), 'services:\n  outer:\n    image: x\n');
  fs.writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx\n');
  fs.writeFileSync(path.join(root, 'scripts', 'deploy.yml'), 'services:\n  job:\n    image: busybox\n');
  fs.writeFileSync(
    path.join(root, 'scripts', 'up.sh'),
    yaml`
    #!/bin/sh
    docker compose -f deploy.yml up -d --scale job=2
    cd .. && docker compose up -d --scale web=3
  `,
  );
  return { outer, root };
}

const composePaths = (facts: WorkspaceFacts) => (facts.composeFiles ?? []).map((f) => f.path).sort();

describe('Compose files looked up around a script', () => {
  test("the rule: any YAML in the script's folder, Compose's own names above it", () => {
    assert.equal(composeCandidateAbove('deploy.yml', 0), true);
    assert.equal(composeCandidateAbove('deploy.yml', 1), false);
    assert.equal(composeCandidateAbove('notes.yml', 3), false);
    for (const name of [
      'compose.yaml',
      'compose.yml',
      'docker-compose.yml',
      'docker-compose.yaml',
      'compose.override.yaml',
      'docker-compose.override.yml',
    ]) {
      assert.equal(composeCandidateAbove(name, 2), true, name);
    }
    assert.equal(composeCandidateAbove('README.md', 0), false);
  });

  test("the CLI reads the script's own YAML and compose.yaml above, not notes.yml above", () => {
    const { outer, root } = layout();
    const walked = walk(root);
    const facts = addComposeFacts(emptyWorkspace(), walked.files, walked.commandSources);
    const paths = composePaths(facts);
    assert.ok(paths.includes(path.join(root, 'scripts', 'deploy.yml')), paths.join(', '));
    assert.ok(paths.includes(path.join(outer, 'compose.yaml')), paths.join(', '));
    assert.ok(!paths.includes(path.join(outer, 'notes.yml')), paths.join(', '));
  });

  test("the server's index reads the same files", async () => {
    const { outer, root } = layout();
    let facts: WorkspaceFacts | undefined;
    const index = new WorkspaceIndex(() => [root], {
      openDocument: () => undefined,
      log: () => undefined,
      changed: (f) => (facts = f),
    });
    await index.scan('test');
    const paths = composePaths(facts!);
    assert.ok(!paths.includes(path.join(outer, 'notes.yml')), paths.join(', '));
    const walked = walk(root);
    assert.deepEqual(paths, composePaths(addComposeFacts(emptyWorkspace(), walked.files, walked.commandSources)));
  });
});
