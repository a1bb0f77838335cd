/**
 * docs/editors/helix-languages.toml. Helix is not installable here (no Debian package in bookworm), so the file
 * is read as TOML with toml-eslint-parser, its language server entry is checked against the package's bin and
 * run with exactly its command line (a real `initialize` over stdio), and its languages against the filetypes
 * the Neovim configs cover. The Helix language names and their default servers are copied from Helix's own
 * languages.toml (https://github.com/helix-editor/helix/blob/master/languages.toml).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../helpers/lsp-client';

const ROOT = repoRoot();
const FILE = path.join(ROOT, 'docs/editors/helix-languages.toml');

interface HelixConfig {
  'language-server': Record<string, { command: string; args?: string[]; config?: unknown }>;
  language: { name: string; 'language-servers': (string | { name: string })[] }[];
}

function read(): HelixConfig {
  return getStaticTOMLValue(parseTOML(fs.readFileSync(FILE, 'utf8'))) as unknown as HelixConfig;
}

test('helix-languages.toml parses and starts the package bin with `lsp --stdio`', async () => {
  const config = read();
  const server = config['language-server'].scalewise;
  assert.ok(server, '[language-server.scalewise]');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = pkg.bin[server.command];
  assert.ok(bin, `${server.command} is a bin of the package: ${Object.keys(pkg.bin).join(', ')}`);
  assert.deepEqual(server.args, ['lsp', '--stdio']);

  // What Helix would run: the bin's file with the configured arguments, answering initialize on stdio.
  const child = spawn(process.execPath, [path.join(ROOT, bin), ...(server.args ?? [])], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.listen();
  try {
    const init = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    })) as InitializeResult;
    assert.equal(init.serverInfo?.name, 'scalewise');
    assert.ok(init.capabilities.codeActionProvider, 'a language server answered');
    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    child.kill();
  }
});

test('helix-languages.toml adds scalewise to the languages the Neovim configs cover, keeping the defaults', () => {
  const { language } = read();
  // Helix's language for each Neovim filetype of docs/editors/neovim.lua (Helix's `bash` covers sh and bash).
  const helixName: Record<string, string> = {
    yaml: 'yaml',
    'yaml.docker-compose': 'docker-compose',
    helm: 'helm',
    sh: 'bash',
    bash: 'bash',
    make: 'make',
    markdown: 'markdown',
    toml: 'toml',
    dosini: 'ini',
  };
  const neovim = fs.readFileSync(path.join(ROOT, 'docs/editors/neovim.lua'), 'utf8');
  const filetypes = /local filetypes = \{([^}]*)\}/
    .exec(neovim)?.[1]
    ?.match(/'[^']+'/g)
    ?.map((s) => s.slice(1, -1));
  assert.ok(filetypes && filetypes.length > 0, 'the filetypes of neovim.lua');
  const names = language.map((l) => l.name);
  assert.equal(new Set(names).size, names.length, `one [[language]] per language: ${names.join(', ')}`);
  assert.deepEqual(names.sort(), [...new Set(filetypes.map((f) => helixName[f] ?? `unmapped ${f}`))].sort());
  // Helix's defaults for these languages: a user's list replaces them, so they must stay, scalewise last.
  const defaults: Record<string, string[]> = {
    yaml: ['yaml-language-server', 'ansible-language-server'],
    'docker-compose': ['docker-compose-langserver', 'yaml-language-server', 'docker-language-server'],
    helm: ['helm_ls'],
    bash: ['bash-language-server'],
    make: [],
    markdown: ['marksman', 'markdown-oxide', 'rumdl'],
    toml: ['taplo', 'tombi'],
    ini: [],
  };
  for (const l of language) {
    const servers = l['language-servers'].map((s) => (typeof s === 'string' ? s : s.name));
    assert.deepEqual(servers, [...(defaults[l.name] ?? ['?']), 'scalewise'], l.name);
  }
});
