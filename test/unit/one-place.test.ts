/**
 * Issue 9: the safe-fix loop, the guard of one fix, config assembly and workspace-facts assembly
 * are each written once (engine/fix-file.ts, engine/config.ts, files.ts) and called by the CLI,
 * the server and the rule tests. A second copy shows up here as a call outside its home.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { assembleConfig, checkFix, emptyWorkspace, fixFile, lint, scanCommands } from '../../server/src/engine';
import { parseFile } from '../../server/src/engine/parse';
import {
  addComposeFacts,
  addDrakrunIniFacts,
  addK3sConfigFacts,
  addKubernetesFacts,
  collectWorkspaceFacts,
  walk,
} from '../../server/src/files';
import { repoRoot } from '../helpers/lsp-client';

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The files (relative, `/`-separated) of server/src and test/helpers that call `name(`, outside comments. */
function callers(name: string): string[] {
  const root = repoRoot();
  const call = new RegExp(`(^|[^\\w.])${name}\\(`);
  return [...tsFiles(path.join(root, 'server/src')), ...tsFiles(path.join(root, 'test/helpers'))]
    .filter((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .some(
          (line) => !/^\s*(\*|\/\/)/.test(line) && !new RegExp(`function\\*? ${name}\\(`).test(line) && call.test(line),
        ),
    )
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .sort();
}

describe('one place each', () => {
  test('the guard is applied by the fix loop and checkFix only (engine/fix-file.ts)', () => {
    assert.deepEqual(callers('checkEdits'), ['server/src/engine/fix-file.ts']);
  });
  test('config layers are merged by assembleConfig only (engine/config.ts; the rule tester builds a bare config)', () => {
    assert.deepEqual(callers('mergeConfig'), ['server/src/engine/config.ts', 'test/helpers/rule-tester.ts']);
  });
  test('workspace facts are assembled by collectWorkspaceFacts only (files.ts)', () => {
    for (const name of ['addComposeFacts', 'addK3sConfigFacts', 'addKubernetesFacts', 'addDrakrunIniFacts'])
      assert.deepEqual(callers(name), ['server/src/files.ts'], name);
    assert.deepEqual(callers('composeCandidateAbove'), ['server/src/files.ts']);
  });
});

describe('assembleConfig', () => {
  test('defaults < settings < .scalewise.yaml < flags', () => {
    const { config } = assembleConfig({
      settings: { rules: { a: 'hint', b: 'hint' }, kinds: { 'x/*.yml': 'compose' } },
      file: { rules: { b: 'warning', c: 'warning' }, kinds: { 'y/*.yml': 'swarm' } },
      flags: { rules: { c: 'off' } },
    });
    assert.deepEqual(config.rules, { a: 'hint', b: 'warning', c: 'off' });
    assert.deepEqual(config.kinds, { 'x/*.yml': 'compose', 'y/*.yml': 'swarm' });
  });
  test("an untrusted workspace leaves the file's kinds out, not the settings'", () => {
    const r = assembleConfig({
      settings: { kinds: { 'x/*.yml': 'compose' } },
      file: { kinds: { 'y/*.yml': 'swarm' } },
      ignoreFileKinds: true,
    });
    assert.deepEqual(r.config.kinds, { 'x/*.yml': 'compose' });
    assert.equal(r.fileKindsIgnored, true);
    assert.equal(
      assembleConfig({ file: { kinds: {} }, ignoreFileKinds: true }).fileKindsIgnored,
      false,
      'nothing to ignore',
    );
  });
  test('a count fills cluster.nodes only where no layer writes it', () => {
    const counted = { nodes: 120, source: 'counted in context prod' };
    assert.deepEqual(assembleConfig({ file: { cluster: { gpus: 8 } }, counted }).config.cluster, {
      gpus: 8,
      nodes: 120,
      nodesSource: 'counted in context prod',
    });
    const written = assembleConfig({ file: { cluster: { nodes: 40 } }, counted });
    assert.deepEqual(written.config.cluster, { nodes: 40 });
    assert.equal(written.countOverridden, true);
  });
});

describe('the fix loop, exported by the engine', () => {
  test('fixFile fixes the safe findings; checkFix refuses a fix that breaks the YAML', () => {
    const text = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';
    const relint = (t: string) => lint(t, { uri: 'compose.yaml' });
    const outcome = fixFile(text, relint);
    assert.ok(
      outcome.applied.some((a) => a.ruleId === 'compose/obsolete-version'),
      JSON.stringify(outcome.applied),
    );
    assert.ok(!outcome.text.includes('version:'));
    const file = parseFile('compose.yaml', text);
    assert.equal(checkFix(file, [{ start: 0, end: 0, text: '' }]).ok, true, 'no change passes');
    assert.equal(
      checkFix(file, [{ start: text.indexOf('  web'), end: text.indexOf('  web') + 2, text: '' }]).ok,
      false,
      'a dedent that moves web out of services is refused',
    );
  });
});

test('collectWorkspaceFacts gives what the four add*Facts steps give, for the examples', () => {
  const walked = walk(path.join(repoRoot(), 'examples'));
  const read = (f: string) => fs.readFileSync(f, 'utf8');
  const byHand = emptyWorkspace();
  for (const f of walked.commandSources) scanCommands(f, read(f), byHand);
  addDrakrunIniFacts(
    addKubernetesFacts(
      addK3sConfigFacts(addComposeFacts(byHand, walked.files, walked.commandSources, read), walked.files, read),
      walked.files,
      read,
    ),
    walked.files,
    read,
  );
  const facts = collectWorkspaceFacts(walked.files, walked.commandSources, read);
  assert.deepEqual(facts, byHand);
  assert.ok(
    (facts.composeFiles ?? []).length > 0 && facts.scaleCommands.length > 0,
    'the examples have Compose files and scale commands',
  );
});
