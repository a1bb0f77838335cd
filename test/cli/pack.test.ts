/**
 * The npm package as `npm pack` makes it and `npx` runs it: the prepack script's production build,
 * the .npmignore allowlist (the CLI and what it loads at run time, schemas, snippets, docs; no
 * sources, tests, benches or source maps), and the installed `scalewise` giving what the repository's
 * CLI gives on examples/.
 *
 * Packed from a copy of the repository: prepack rebuilds server/out, and the suite runs two test
 * files at once, so building in the repository would change the CLI under the other file's feet.
 * The copy links node_modules; npm's cache is a temporary folder and npx runs --offline (the
 * package has no dependencies, so nothing is fetched).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';

const ROOT = repoRoot();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-pack-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const env = {
  ...process.env,
  NO_COLOR: '1',
  npm_config_cache: path.join(tmp, 'npm-cache'),
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

function run(cmd: string, args: string[], cwd: string, opts: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 600_000,
    shell: process.platform === 'win32',
    ...opts,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** What the package ships, as paths inside it. */
const TOP = String.raw`package\.json|README\.md|LICENSE|CHANGELOG\.md|(schemas|snippets)/[^/]+\.json`;
const ALLOWED = new RegExp(
  String.raw`^(${TOP}|server/out/(cli|mcp|walk-worker|kube-client)\.js|docs/([^/]+|rules/[^/]+)\.md)$`,
);

const repo = path.join(tmp, 'repo');
const skip = new Set(['node_modules', '.git', 'test/out', 'client/out', 'bench/out', '.tmp']);
fs.cpSync(ROOT, repo, {
  recursive: true,
  filter: (src) => {
    const rel = path.relative(ROOT, src).split(path.sep).join('/');
    return !skip.has(rel) && !/^[^/]*\.(vsix|tgz)$/.test(rel) && !rel.endsWith('.scalewisecache');
  },
});
fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(repo, 'node_modules'), 'junction');
// The map a development build leaves beside the CLI, which the production build does not overwrite.
fs.mkdirSync(path.join(repo, 'server/out'), { recursive: true });
fs.writeFileSync(path.join(repo, 'server/out/cli.js.map'), '{"version":3,"sources":[],"mappings":""}');

const dest = path.join(tmp, 'dest');
fs.mkdirSync(dest);
const packed = run(NPM, ['pack', '--json', '--pack-destination', dest], repo);
assert.equal(packed.status, 0, packed.stderr);
const [info] = JSON.parse(packed.stdout) as {
  filename: string;
  files: { path: string }[];
  size: number;
  unpackedSize: number;
}[];
const tarball = path.join(dest, info!.filename);
const extracted = path.join(tmp, 'extracted');
fs.mkdirSync(extracted);
const untar = run('tar', ['-xzf', tarball, '-C', extracted], tmp);
assert.equal(untar.status, 0, untar.stderr);
const pkgDir = path.join(extracted, 'package');

test('the package ships the CLI bundles, schemas, snippets and docs, and nothing else', () => {
  const files = info!.files.map((f) => f.path).sort();
  for (const f of files) assert.match(f, ALLOWED);
  const want = [
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    ...['cli', 'mcp', 'walk-worker', 'kube-client'].map((n) => `server/out/${n}.js`),
    ...fs.readdirSync(path.join(ROOT, 'schemas')).map((n) => `schemas/${n}`),
    ...fs.readdirSync(path.join(ROOT, 'docs/rules')).map((n) => `docs/rules/${n}`),
    'docs/configuration.md',
    'docs/ci.md',
  ];
  for (const f of want) assert.ok(files.includes(f), `${f} is in the package`);
  assert.ok(!files.some((f) => f.endsWith('.map')), 'no source map');
  assert.ok(info!.unpackedSize < 8_000_000, `unpacked ${info!.unpackedSize} bytes`);
});

test('prepack built the CLI for production: minified, no source map reference, the bin runnable', () => {
  const cli = fs.readFileSync(path.join(pkgDir, 'server/out/cli.js'), 'utf8');
  assert.ok(cli.startsWith('#!/usr/bin/env node\n'));
  assert.ok(!cli.includes('sourceMappingURL'));
  // Minified: long lines (the development build's average about 40 characters).
  const lines = cli.split('\n').length;
  assert.ok(cli.length / lines > 200, `minified: ${cli.length} characters in ${lines} lines`);
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    dependencies?: Record<string, string>;
  };
  assert.equal(path.normalize(manifest.bin.scalewise!), path.normalize('./server/out/cli.js'));
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'everything is bundled');
});

test('every module the CLI loads at run time is shipped beside it, and loads without node_modules', () => {
  const cli = fs.readFileSync(path.join(pkgDir, 'server/out/cli.js'), 'utf8');
  const loaded = new Set([...cli.matchAll(/["'`](?:\.\/)?([\w-]+\.js)["'`]/g)].map((m) => m[1]!));
  assert.deepEqual([...loaded].sort(), ['kube-client.js', 'mcp.js', 'walk-worker.js']);
  for (const name of loaded) assert.ok(fs.existsSync(path.join(pkgDir, 'server/out', name)), name);
  const r = run(
    process.execPath,
    ['-e', "for (const m of ['mcp', 'kube-client']) require('./server/out/' + m + '.js')"],
    pkgDir,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(run(process.execPath, ['--check', 'server/out/walk-worker.js'], pkgDir).status, 0);
});

test('npx runs the packed scalewise offline, and it lints examples/ as the repository CLI does', () => {
  const work = path.join(tmp, 'work');
  fs.cpSync(path.join(ROOT, 'examples'), path.join(work, 'examples'), { recursive: true });
  const args = ['lint', 'examples', '--format', 'json'];
  const viaNpx = run(NPX, ['--yes', '--offline', '--package', tarball, 'scalewise', ...args], work);
  const here = run(process.execPath, [path.join(ROOT, 'server/out/cli.js'), ...args], work);
  assert.equal(here.status, 1, here.stderr);
  assert.equal(viaNpx.status, here.status, viaNpx.stderr);
  assert.ok(JSON.parse(here.stdout).length > 10);
  assert.equal(viaNpx.stdout, here.stdout);
  // It ran from the tarball, installed in npx's cache, not from this checkout.
  const npx = path.join(env.npm_config_cache, '_npx');
  const installed = fs
    .readdirSync(npx)
    .map((d) => path.join(npx, d, 'node_modules/scalewise/server/out/cli.js'))
    .filter((p) => fs.existsSync(p));
  assert.equal(installed.length, 1);
  assert.equal(fs.readFileSync(installed[0]!, 'utf8'), fs.readFileSync(path.join(pkgDir, 'server/out/cli.js'), 'utf8'));
  const version = run(NPX, ['--yes', '--offline', '--package', tarball, 'scalewise', '--version'], work);
  assert.equal(
    version.stdout.trim(),
    (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  );
});

test('installed as pre-commit installs a node hook (npm install -g of the tarball), `scalewise lint` runs', () => {
  const prefix = path.join(tmp, 'prefix');
  const r = run(NPM, ['install', '-g', '--offline', '--prefix', prefix, tarball], tmp);
  assert.equal(r.status, 0, r.stderr);
  const bin = process.platform === 'win32' ? path.join(prefix, 'scalewise.cmd') : path.join(prefix, 'bin', 'scalewise');
  const work = path.join(tmp, 'hook');
  fs.cpSync(path.join(ROOT, 'examples'), work, { recursive: true });
  const hook = run(bin, ['lint', '--format', 'json'], work);
  const here = run(process.execPath, [path.join(ROOT, 'server/out/cli.js'), 'lint', '--format', 'json'], work);
  assert.equal(hook.status, 1, hook.stderr);
  assert.equal(hook.stdout, here.stdout);
});

test('the .vsix holds (vsce ls) what the extension loads, its icon and walkthrough, and no source map, test or source', () => {
  const r = run(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], ROOT);
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.trim().split('\n').sort();
  const vsix = new RegExp(
    String.raw`^(${TOP}|client/out/(extension|main)\.js|server/out/(server|walk-worker|kube-client)\.js|docs/rules/[^/]+\.md|` +
      String.raw`media/(icon\.png|walkthrough/[^/]+\.(md|yaml)))$`,
  );
  for (const f of files) assert.match(f, vsix);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
  for (const f of [
    path.normalize(manifest.main),
    'client/out/main.js',
    'server/out/server.js',
    'server/out/walk-worker.js',
  ])
    assert.ok(files.includes(f.split(path.sep).join('/')), f);
  assert.ok(files.includes('docs/rules/README.md'), 'the rule pages Show Rule Documentation opens');
});
