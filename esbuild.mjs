// Bundles the three entry points: the extension (client), the language server and the CLI,
// plus the tests. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { SCALEWISE_VERSION: JSON.stringify(pkg.version) },
};

function testEntries(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testEntries(p));
    else if (/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server-main.ts'], outfile: 'server/out/server.js' },
  {
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // @kubernetes/client-node (about 4 MB) in its own file, loaded only when the user turns node counting on.
  { ...common, entryPoints: ['server/src/cluster/kube-client.ts'], outfile: 'server/out/kube-client.js' },
];
if (!production) {
  // Built afresh: a test renamed or deleted must not keep running from an old bundle.
  if (!watch) rmSync('test/out', { recursive: true, force: true });
  builds.push({
    ...common,
    entryPoints: testEntries('test'),
    outdir: 'test/out',
    outbase: 'test',
    external: ['vscode'],
  });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
