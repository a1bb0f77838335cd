// Bundles the three entry points: the extension (client), the language server and the CLI,
// plus the tests. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * One copy of vscode-languageserver-protocol and vscode-jsonrpc in every bundle: the one
 * vscode-languageclient uses, which tsconfig.json `paths` gives the type checker too, so that what
 * is checked is what runs. vscode-languageserver 10.1.2 pins protocol 3.18.4 (jsonrpc 9), the
 * client 11.0.0 pins 3.18.5 (jsonrpc 10), so npm keeps two copies. The message objects of
 * server/src/protocol.ts are the client's copy's: the client's jsonrpc matches
 * `parameterStructures` by identity ("Unknown parameter structure" for another copy's), and
 * TypeScript takes the two copies' classes for different types (private members). The protocol
 * libraries of 3.18.4 and 3.18.5 are the same; jsonrpc 10 fixes two bugs (a parallelism slot
 * leaked on a failed dispatch, `fireClose` never called). Goes away when vscode-languageserver
 * pins the client's protocol (11.0.0 pins 3.18.5).
 */
function packageDir(from, name) {
  let dir = dirname(createRequire(from).resolve(name));
  while (
    !existsSync(join(dir, 'package.json')) ||
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name
  )
    dir = dirname(dir);
  return dir;
}
const protocolDir = packageDir(join(process.cwd(), 'package.json'), 'vscode-languageserver-protocol');
const oneProtocolCopy = {
  name: 'one-protocol-copy',
  setup(build) {
    build.onResolve({ filter: /^vscode-(languageserver-protocol|jsonrpc)(\/|$)/ }, async (args) => {
      if (args.pluginData === 'one-protocol-copy') return undefined;
      // Resolved from where the chosen copy is found: the repository root, and the protocol package for its jsonrpc.
      const resolveDir = args.path.startsWith('vscode-jsonrpc') ? protocolDir : process.cwd();
      return build.resolve(args.path, { kind: args.kind, resolveDir, pluginData: 'one-protocol-copy' });
    });
  },
};

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
  plugins: [oneProtocolCopy],
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
