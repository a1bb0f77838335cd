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

/** Marks every module free of side effects, so that tree shaking keeps only what is reached. */
const pureModules = {
  name: 'pure-modules',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'pure-modules' || args.kind === 'entry-point') return undefined;
      const r = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'pure-modules',
      });
      return r.errors.length > 0 || r.external ? undefined : { ...r, sideEffects: false };
    });
  },
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
  {
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'client/out/extension.js',
    // main.js is the extension proper, loaded after activation (client/src/extension.ts says why).
    external: ['vscode', './main.js'],
    // When the module started loading, for the activation time the extension logs (client/src/extension.ts).
    banner: { js: '"use strict";\nvar SCALEWISE_MODULE_START = performance.now();' },
  },
  { ...common, entryPoints: ['client/src/main.ts'], outfile: 'client/out/main.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server-main.ts'], outfile: 'server/out/server.js' },
  {
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/out/cli.js',
    external: ['./mcp.js'],
    banner: { js: '#!/usr/bin/env node' },
  },
  // `scalewise mcp` (server/src/mcp.ts) with the MCP SDK, required by cli.js only for that command.
  { ...common, entryPoints: ['server/src/mcp.ts'], outfile: 'server/out/mcp.js' },
  // The workspace walk on a worker thread (server/src/walk-worker.ts), beside server.js. files.ts
  // reaches the whole engine through its index; the walk needs a few pure functions of it, so the
  // modules are taken as free of side effects and the rest is shaken out (1.2 MB -> about 30 KB).
  {
    ...common,
    entryPoints: ['server/src/walk-worker.ts'],
    outfile: 'server/out/walk-worker.js',
    plugins: [pureModules],
  },
  // @kubernetes/client-node (about 4 MB) in its own file, loaded only when the user turns node counting on.
  { ...common, entryPoints: ['server/src/cluster/kube-client.ts'], outfile: 'server/out/kube-client.js' },
];
if (!production) {
  // Built afresh: a test renamed or deleted must not keep running from an old bundle.
  if (!watch) rmSync('test/out', { recursive: true, force: true });
  builds.push({
    ...common,
    // test/vscode/index.ts is the mocha entry point VS Code's extension host loads (test/vscode/run.mjs);
    // mocha is loaded from node_modules at run time, so that its `describe` and `it` are the runner's.
    entryPoints: [...testEntries('test'), 'test/vscode/index.ts'],
    outdir: 'test/out',
    outbase: 'test',
    external: ['vscode', 'mocha'],
  });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
