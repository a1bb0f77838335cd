/**
 * `scalewise lint --cache`: a kept result is used only when what the lint read is as it was (the
 * file, the config, the build, the workspace facts), the output is the same with and without the
 * cache, and a cache file that is not one is ignored and written anew.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../../server/src/cli';
import { yaml } from '../../server/src/engine/template-text';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-cache-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let folders = 0;
/** A fresh project: a Compose file whose findings depend on a script beside it. */
function project(files: Record<string, string> = {}): string {
  const dir = path.join(tmp, `p${folders++}`);
  fs.mkdirSync(dir, { recursive: true });
  const all: Record<string, string> = {
    'compose.yaml': yaml`
      services:
        web:
          image: nginx:1.27
          container_name: web
          ports:
            - "8080:80"
        db:
          image: postgres:16
          mem_limit: 1k
    `,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Per file (relative), whether its result came from the cache. */
  cache: Record<string, 'hit' | 'miss'>;
}

async function lint(cwd: string, args: string[], build = 'test-build'): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const cache: Run['cache'] = {};
  const code = await runCli(['lint', ...args], {
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    cacheBuild: build,
    onCache: (rel, outcome) => (cache[rel] = outcome),
  });
  return { code, stdout, stderr, cache };
}

describe('lint --cache', () => {
  test('a second run over the same files takes every result from the cache, with the same output', async () => {
    const dir = project({ 'deploy.sh': '#!/bin/sh\ndocker compose up -d --scale web=3\n' });
    for (const format of ['text', 'json', 'sarif']) {
      fs.rmSync(path.join(dir, '.scalewisecache'), { force: true });
      const plain = await lint(dir, ['--format', format, '.']);
      const cold = await lint(dir, ['--cache', '--format', format, '.']);
      const warm = await lint(dir, ['--cache', '--format', format, '.']);
      assert.deepEqual(cold.cache, { 'compose.yaml': 'miss', 'deploy.sh': 'miss' }, format);
      assert.deepEqual(warm.cache, { 'compose.yaml': 'hit', 'deploy.sh': 'hit' }, format);
      assert.ok(plain.stdout.includes('compose/container-name-blocks-scale'), plain.stdout);
      assert.equal(cold.stdout, plain.stdout, format);
      assert.equal(warm.stdout, plain.stdout, format);
      assert.equal(warm.code, plain.code);
      assert.equal(warm.stderr, plain.stderr);
    }
    assert.ok(
      fs.existsSync(path.join(dir, '.scalewisecache')),
      'the default cache is .scalewisecache in the working folder',
    );
  });

  test('a changed file is linted again; the others come from the cache', async () => {
    const dir = project({ 'other.yaml': 'services:\n  api:\n    image: nginx\n' });
    await lint(dir, ['--cache', '.']);
    fs.writeFileSync(path.join(dir, 'other.yaml'), 'services:\n  api:\n    image: nginx\n    mem_limit: 2k\n');
    const r = await lint(dir, ['--cache', '.']);
    assert.equal(r.cache['other.yaml'], 'miss');
    assert.equal(r.stdout, (await lint(dir, ['.'])).stdout);
    assert.match(r.stdout, /other\.yaml[\s\S]*compose\/invalid-resource-value/);
  });

  test('a change of config or of the build misses', async () => {
    const dir = project();
    await lint(dir, ['--cache', '.']);
    assert.equal((await lint(dir, ['--cache', '.'])).cache['compose.yaml'], 'hit');
    fs.writeFileSync(path.join(dir, '.scalewise.yaml'), 'rules:\n  compose/invalid-resource-value: off\n');
    const reconfigured = await lint(dir, ['--cache', '.']);
    assert.equal(reconfigured.cache['compose.yaml'], 'miss');
    assert.doesNotMatch(reconfigured.stdout, /invalid-resource-value/);
    assert.equal(
      (await lint(dir, ['--cache', '--rule', 'compose/host-port-conflict', '.'])).cache['compose.yaml'],
      'miss',
    );
    assert.equal((await lint(dir, ['--cache', '.'], 'another-build')).cache['compose.yaml'], 'miss');
  });

  test("a script's --scale changes the result of the Compose file beside it, cache or not", async () => {
    const dir = project({ 'deploy.sh': '#!/bin/sh\ndocker compose up -d\n' });
    const before = await lint(dir, ['--cache', '.']);
    assert.doesNotMatch(before.stdout, /container-name-blocks-scale/);
    fs.writeFileSync(path.join(dir, 'deploy.sh'), '#!/bin/sh\ndocker compose up -d --scale web=3\n');
    const after = await lint(dir, ['--cache', '.']);
    assert.equal(after.cache['compose.yaml'], 'miss', 'the facts it read changed');
    assert.match(after.stdout, /container-name-blocks-scale/);
    assert.equal(after.stdout, (await lint(dir, ['.'])).stdout);
  });

  test('a new file beside a chart part changes what the facts are made of', async () => {
    const dir = project({ 'k8s/hpa.yaml': HPA });
    const first = await lint(dir, ['--cache', '.']);
    assert.match(first.stdout, /k8s\/hpa-target-not-found/);
    fs.writeFileSync(path.join(dir, 'k8s/deploy.yaml'), DEPLOYMENT);
    const second = await lint(dir, ['--cache', '.']);
    assert.equal(second.cache['k8s/hpa.yaml'], 'miss');
    assert.equal(second.stdout, (await lint(dir, ['.'])).stdout);
    assert.doesNotMatch(second.stdout, /hpa-target-not-found/);
  });

  test('a corrupt, truncated or foreign cache is ignored and written anew', async () => {
    const dir = project();
    const cacheFile = path.join(dir, '.scalewisecache');
    const expected = (await lint(dir, ['.'])).stdout;
    await lint(dir, ['--cache', '.']);
    const good = fs.readFileSync(cacheFile, 'utf8');
    const broken = [
      good.slice(0, Math.floor(good.length / 2)),
      'not json at all',
      '{"format":"eslint","entries":{}}',
      JSON.stringify({ ...JSON.parse(good), entries: { [path.join(dir, 'compose.yaml')]: { content: 1 } } }),
      good.replace(/"findings":\[/, '"findings":7,"x":['),
      '',
      'null',
    ];
    for (const text of broken) {
      fs.writeFileSync(cacheFile, text);
      const r = await lint(dir, ['--cache', '.']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, expected, text.slice(0, 60));
      assert.equal(r.cache['compose.yaml'], 'miss');
      assert.equal((await lint(dir, ['--cache', '.'])).cache['compose.yaml'], 'hit', 'written anew');
    }
  });

  test('--cache-location names the file, or a folder to keep .scalewisecache in', async () => {
    const dir = project();
    await lint(dir, ['--cache', '--cache-location', 'cache/lint.json', '.']);
    assert.ok(fs.existsSync(path.join(dir, 'cache/lint.json')));
    assert.equal(
      (await lint(dir, ['--cache', '--cache-location', 'cache/lint.json', '.'])).cache['compose.yaml'],
      'hit',
    );
    fs.mkdirSync(path.join(dir, 'here'));
    await lint(dir, ['--cache', '--cache-location', 'here', '.']);
    assert.ok(fs.existsSync(path.join(dir, 'here/.scalewisecache')));
    assert.ok(!fs.existsSync(path.join(dir, '.scalewisecache')));
  });

  test('--fix with --cache: the fixed file is linted again, and the result is as without the cache', async () => {
    const text = 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n';
    const dir = project({ 'compose.yaml': text });
    const plainDir = project({ 'compose.yaml': text });
    await lint(dir, ['--cache', '.']);
    const fixed = await lint(dir, ['--cache', '--fix', '.']);
    const plain = await lint(plainDir, ['--fix', '.']);
    assert.equal(fixed.cache['compose.yaml'], 'miss', 'a safe fix to apply: not taken from the cache');
    assert.equal(fixed.stdout, plain.stdout);
    assert.equal(
      fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'),
      fs.readFileSync(path.join(plainDir, 'compose.yaml'), 'utf8'),
    );
    assert.notEqual(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), text, 'the fix was applied');
    const again = await lint(dir, ['--cache', '--fix', '.']);
    assert.equal(again.cache['compose.yaml'], 'miss', 'new bytes, a new key');
    assert.equal(again.stdout, (await lint(plainDir, ['--fix', '.'])).stdout);
    assert.equal((await lint(dir, ['--cache', '--fix', '.'])).cache['compose.yaml'], 'hit');
  });
});

const HPA = yaml`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata:
    name: web
  spec:
    scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
    minReplicas: 2
    maxReplicas: 5
`;

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        containers:
          - name: web
            image: nginx:1.27
            resources:
              requests: { cpu: 100m, memory: 64Mi }
`;
