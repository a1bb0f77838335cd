/**
 * The Neovim configs of docs/editors/ in a real Neovim (Debian's; bookworm has 0.7.2, and scripts/test.sh
 * installs it when it is missing). docs/editors/neovim.lua is run end to end: headless Neovim opens an example
 * Compose file with it, test/editors/nvim-diagnostics.lua polls until the buffer's diagnostics settle and writes
 * them out, and they must be what `scalewise lint --format json` reports for that file. `scalewise` is the
 * documented command, put on PATH as `npm install -g` would (a script running the built CLI).
 *
 * nvim-lspconfig and Neovim 0.11's vim.lsp.config cannot run here (no GitHub to fetch lspconfig; Debian has 0.7),
 * so docs/editors/lspconfig.lua and neovim-0.11.lua are loaded against stand-ins (test/editors/stubs, and
 * vim.lsp.config/enable recorded by nvim-config-values.lua): they must load, and register the same command,
 * filetypes and root as the config that ran.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/lsp-client';

const ROOT = repoRoot();
const CLI = path.join(ROOT, 'server/out/cli.js');
const EXAMPLE = path.join(ROOT, 'examples/polis/docker-compose.yml');
const DRIVERS = path.join(ROOT, 'test/editors');
// vim.diagnostic.severity: ERROR 1, WARN 2, INFO 3, HINT 4 (LSP's DiagnosticSeverity numbers).
const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3, hint: 4 };
const COMMAND = ['scalewise', 'lsp', '--stdio'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-nvim-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A `scalewise` on PATH that runs this build, as the package's bin does once installed. */
function binDir(): string {
  const dir = path.join(tmp, 'bin');
  fs.mkdirSync(dir, { recursive: true });
  const bin = path.join(dir, 'scalewise');
  fs.writeFileSync(bin, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
  fs.chmodSync(bin, 0o755);
  return dir;
}

/** Fails (never skips) without Neovim: the docs promise these configs work. */
function nvimVersion(): string {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (r.error) assert.fail(`nvim not found (${r.error.message}): scripts/test.sh installs Debian's neovim`);
  const m = /^NVIM v(\d+)\.(\d+)\.(\d+)/.exec(r.stdout);
  assert.ok(m, `unexpected nvim --version output: ${r.stdout.slice(0, 200)}`);
  assert.ok(Number(m[1]) > 0 || Number(m[2]) >= 7, `the configs need Neovim 0.7 or later, found ${m[0]}`);
  return m[0];
}

/** Runs headless Neovim and returns the JSON its driver wrote to SCALEWISE_NVIM_OUT. */
function nvim(args: string[], env: Record<string, string>): Record<string, unknown> {
  const out = path.join(tmp, `out-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync('nvim', ['--headless', '--clean', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${binDir()}${path.delimiter}${process.env.PATH ?? ''}`,
      SCALEWISE_NVIM_OUT: out,
      ...env,
    },
    // The driver quits by itself, also after its own wait times out; this only stops a Neovim that hangs.
    timeout: 120_000,
  });
  assert.equal(r.error, undefined, `nvim did not finish: ${String(r.error)}\n${r.stderr}`);
  assert.ok(fs.existsSync(out), `the driver wrote nothing (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
  assert.equal(result.error, undefined, `the driver failed: ${String(result.error)}`);
  return result;
}

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  startLine: number;
  startColumn: number;
}

function lintJson(file: string): Finding[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', path.relative(ROOT, file)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.notEqual(r.status, 2, r.stderr);
  const files = JSON.parse(r.stdout) as { findings: Finding[] }[];
  assert.equal(files.length, 1);
  return files[0]!.findings;
}

let plainFiletypes: string[] = [];

test('docs/editors/neovim.lua: Neovim shows the diagnostics scalewise lint reports', () => {
  const version = nvimVersion();
  const findings = lintJson(EXAMPLE);
  assert.ok(
    findings.some((f) => f.severity === 'error'),
    'the example has errors to show',
  );
  const expected = findings.map((f) => ({
    line: f.startLine,
    column: f.startColumn,
    code: f.ruleId,
    severity: SEVERITY[f.severity],
    message: f.message,
  }));
  const expectFile = path.join(tmp, 'expected.json');
  fs.writeFileSync(expectFile, JSON.stringify(expected.map((e) => `${e.line}:${e.code}:${e.severity}:${e.message}`)));
  const result = nvim(
    ['-u', 'docs/editors/neovim.lua', EXAMPLE, '-c', `luafile ${path.join(DRIVERS, 'nvim-diagnostics.lua')}`],
    { SCALEWISE_NVIM_EXPECT: expectFile, SCALEWISE_NVIM_WAIT_MS: '60000' },
  );
  const diagnostics = result.diagnostics as (Record<string, unknown> & { source: string })[];
  const clients = result.clients as { name: string; root: string; cmd: string[] }[];
  assert.deepEqual(clients, [{ name: 'scalewise', root: path.dirname(EXAMPLE), cmd: COMMAND }], version);
  assert.deepEqual(
    diagnostics.map(({ source, ...d }) => {
      assert.equal(source, 'scalewise');
      return d;
    }),
    expected,
  );
  assert.equal(result.matched, true);
  plainFiletypes = (result.filetypes as string[]).sort();
  assert.ok(plainFiletypes.includes('yaml'), `FileType patterns: ${plainFiletypes.join(',')}`);
});

test('docs/editors/lspconfig.lua and neovim-0.11.lua register the server neovim.lua starts', () => {
  nvimVersion();
  assert.ok(plainFiletypes.length > 0, 'the neovim.lua test ran first and read its filetypes');
  const load = (config: string) =>
    nvim(['-c', `luafile ${path.join(DRIVERS, 'nvim-config-values.lua')}`], {
      SCALEWISE_NVIM_DRIVER: path.join(DRIVERS, 'nvim-config-values.lua'),
      SCALEWISE_NVIM_CONFIG: path.join(ROOT, 'docs/editors', config),
      SCALEWISE_NVIM_FILE: EXAMPLE,
    });
  const lspconfig = load('lspconfig.lua');
  assert.equal(lspconfig.setup, true, 'lspconfig.scalewise.setup was called');
  assert.deepEqual(lspconfig.cmd, COMMAND);
  assert.deepEqual([...(lspconfig.filetypes as string[])].sort(), plainFiletypes);
  assert.equal(lspconfig.root, path.dirname(EXAMPLE), 'the nearest .scalewise.yaml, as neovim.lua picks');
  const modern = load('neovim-0.11.lua');
  assert.deepEqual(modern.enabled, ['scalewise']);
  assert.deepEqual(modern.cmd, COMMAND);
  assert.deepEqual([...(modern.filetypes as string[])].sort(), plainFiletypes);
  assert.deepEqual(modern.root_markers, ['.scalewise.yaml', '.git']);
});
